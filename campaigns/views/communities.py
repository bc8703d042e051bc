"""六型社区 designations, community brands (with photos) and the compounds' 红黑榜 boards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.files import inline_image, save_photo_form
from partybuild.forms import bootstrapify
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..filters import BoardFilter, DesignationFilter
from ..forms import BoardEntryForm, BrandForm, DesignationForm, PhotoForm, apply_errors
from ..models import BoardKind, DesignationKind
from .common import PAGE_SIZE, year_of


@login_required
def designation_list_view(request):
    user, year = request.user, year_of(request)
    filterset = DesignationFilter(request.GET, queryset=selectors.designation_list(user=user))
    bootstrapify(filterset.form)
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.designation_counts(user=user, year=year)
    return render(request, "campaigns/designation_list.html", {
        "filter": filterset, "page_obj": page, "designations": page.object_list, "year": year,
        "kinds": [(kind.label, counts.get(kind.value, 0)) for kind in DesignationKind], "models": counts["model"],
        "can_add": rights.is_district_admin(user) or selectors.community_choices(user=user).exists(),
    })


@login_required
def designation_create_view(request):
    form = DesignationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.designation_create(user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Designation recorded."))
            return redirect("campaigns:designation-list")
    return render(request, "campaigns/simple_form.html", {
        "form": form, "title": _("New designation"), "back": "campaigns:designation-list"})


@login_required
@require_POST
def designation_delete_view(request, pk: int):
    designation = get_object_or_404(selectors.designation_list(user=request.user), pk=pk)
    try:
        services.designation_delete(user=request.user, designation=designation)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Designation removed."))
    return redirect("campaigns:designation-list")


@login_required
def brand_list_view(request):
    brands = selectors.brand_list(user=request.user).order_by("community__path", "name")
    q = request.GET.get("q", "").strip()
    if q:
        brands = brands.filter(name__icontains=q)
    page = CappedPaginator(brands, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "campaigns/brand_list.html", {
        "page_obj": page, "brands": page.object_list, "q": q,
        "can_add": selectors.community_choices(user=request.user).exists(),
    })


@login_required
def brand_form_view(request, pk: int | None = None):
    brand = get_object_or_404(selectors.brand_list(user=request.user), pk=pk) if pk else None
    if brand is not None:
        rights.require(request.user, EDIT, brand.community, str(services.REFUSED))
    form = BrandForm(request.POST or None, instance=brand, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if brand is None:
                brand = services.brand_create(user=request.user, community=form.cleaned_data["community"],
                                              **form.service_fields())
            else:
                services.brand_update(user=request.user, brand=brand, version=form.cleaned_data["version"],
                                      **form.service_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("campaigns:brand-detail", pk=brand.pk)
    return render(request, "campaigns/simple_form.html", {
        "form": form, "title": _("Edit brand") if brand else _("New community brand"),
        "back": "campaigns:brand-list", "multipart": False})


@login_required
def brand_detail_view(request, pk: int):
    brand = get_object_or_404(selectors.brand_detail_qs(user=request.user), pk=pk)
    return render(request, "campaigns/brand_detail.html", {
        "brand": brand, "can_edit": rights.may(request.user, EDIT, brand.community), "photo_form": PhotoForm(),
    })


@login_required
@require_POST
def brand_photo_upload_view(request, pk: int):
    brand = get_object_or_404(selectors.brand_list(user=request.user), pk=pk)
    try:
        save_photo_form(request, PhotoForm(request.POST, request.FILES),
                        lambda upload, caption: services.brand_photo_add(
                            user=request.user, brand=brand, upload=upload, caption=caption))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("campaigns:brand-detail", pk=brand.pk)


@login_required
def brand_photo_view(request, pk: int):
    photo = get_object_or_404(selectors.brand_photo_list(user=request.user), pk=pk)
    if not photo.image:
        raise Http404
    return inline_image(photo.image, content_type=photo.content_type, filename=f"brand-{photo.brand_id}-{photo.pk}")


@login_required
def board_view(request):
    """The boards of the user's area: red and black side by side, newest first, names masked."""
    filterset = BoardFilter(request.GET, queryset=selectors.board_list(user=request.user).filter(is_published=True))
    bootstrapify(filterset.form)
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    return render(request, "campaigns/board.html", {
        "filter": filterset, "page_obj": page,
        "red": [e for e in entries if e.kind == BoardKind.RED],
        "black": [e for e in entries if e.kind == BoardKind.BLACK],
        "can_add": selectors.community_choices(user=request.user).exists(),
    })


@login_required
def board_create_view(request):
    form = BoardEntryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.board_entry_create(user=request.user, community=form.cleaned_data["community"],
                                        **form.service_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Entry added to the board."))
            return redirect("campaigns:board")
    return render(request, "campaigns/simple_form.html", {
        "form": form, "title": _("New board entry"), "back": "campaigns:board"})


@login_required
@require_POST
def board_withdraw_view(request, pk: int):
    entry = get_object_or_404(selectors.board_list(user=request.user), pk=pk)
    try:
        services.board_entry_update(user=request.user, entry=entry, is_published=False)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Entry taken off the board."))
    return redirect("campaigns:board")
