"""Cadre pages: the list with the area's statistics and its xlsx export, a cadre's page, the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.background_exports import in_background_above
from organizations.selectors import organization_scope_name
from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import exports, selectors, services
from ..forms import CadreForm, apply_errors

PAGE_SIZE = 25


def _filtered(request):
    qs = selectors.cadre_list(user=request.user)
    post = request.GET.get("post", "")
    if post:
        qs = qs.filter(post=post)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    return qs


@login_required
def cadre_list_view(request):
    page = CappedPaginator(_filtered(request), PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    return render(request, "cadres/cadre_list.html", {
        "page_obj": page, "cadres": page.object_list,
        "stats": selectors.cadre_stats(user=user, on=timezone.localdate()),
        "files": selectors.file_share(user=user),
        "can_add": selectors.community_choices(user=user).exists(),
    })


@transaction.non_atomic_requests
@login_required
@in_background_above(lambda r: _filtered(r).count())
def cadre_export_view(request):
    return exports.cadres_xlsx(_filtered(request), scope=organization_scope_name(user=request.user))


@login_required
def cadre_detail_view(request, pk: int):
    cadre = get_object_or_404(selectors.cadre_list(user=request.user), pk=pk)
    year = timezone.localdate().year
    days = selectors.training_days(user=request.user, year=year).get(pk=cadre.pk).days
    return render(request, "cadres/cadre_detail.html", {
        "cadre": cadre, "days": days, "year": year, "can_edit": rights.may(request.user, EDIT, cadre.community),
        "attendances": selectors.attendance_list(user=request.user).filter(cadre=cadre).order_by("-course__starts_on"),
        "pairs": selectors.pair_list(user=request.user).filter(apprentice=cadre) | selectors.pair_list(
            user=request.user).filter(mentor=cadre),
    })


@login_required
def cadre_form_view(request, pk: int | None = None):
    cadre = get_object_or_404(selectors.cadre_list(user=request.user), pk=pk) if pk else None
    if cadre is not None:
        rights.require(request.user, EDIT, cadre.community, str(services.REFUSED))
    elif not selectors.community_choices(user=request.user).exists():
        raise PermissionDenied(services.REFUSED)
    form = CadreForm(request.POST or None, instance=cadre, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if cadre is None:
                cadre = services.cadre_create(user=request.user, community=form.cleaned_data["community"],
                                              **form.service_fields())
            else:
                services.cadre_update(user=request.user, cadre=cadre, version=form.cleaned_data["version"],
                                      **form.service_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("cadres:cadre-detail", pk=cadre.pk)
    return render(request, "cadres/form.html", {"form": form, "title": _("Community cadre")})
