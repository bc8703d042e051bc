"""武房管家: the priced service items and the services done for households."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import filters, selectors, services
from ..forms import ItemForm, RecordForm, apply_errors
from ._common import filtered, paged


@login_required
def item_list_view(request):
    fs, qs = filtered(filters.ItemFilter, request, selectors.item_list(user=request.user))
    page = paged(request, qs.order_by("owner__path", "name"))
    can_add = selectors.registrar_choices(user=request.user).exists()
    return render(request, "estates/item_list.html", {"filter": fs, "page_obj": page, "items": page,
                                                       "can_add": can_add})


@login_required
def item_create_view(request):
    if not selectors.registrar_choices(user=request.user).exists():
        raise PermissionDenied(str(services.REFUSED))
    form = ItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.item_create(user=request.user, owner=data.pop("owner"), **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Service item saved."))
            return redirect("estates:item-list")
    return render(request, "estates/form.html", {"form": form, "title": _("New service item")})


@login_required
def record_list_view(request):
    fs, qs = filtered(filters.RecordFilter, request, selectors.record_list(user=request.user))
    page = paged(request, qs)
    can_add = selectors.community_choices(user=request.user).exists()
    return render(request, "estates/record_list.html", {"filter": fs, "page_obj": page, "records": page,
                                                         "can_add": can_add})


@login_required
def record_create_view(request):
    if not selectors.community_choices(user=request.user).exists():
        raise PermissionDenied(str(services.REFUSED))
    form = RecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Service recorded."))
            return redirect("estates:record-list")
    return render(request, "estates/form.html", {"form": form, "title": _("Record a service")})
