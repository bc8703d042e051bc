"""The three lists (需求、资源、项目清单) and a project's claim, progress and completion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..flow import ITEM_FLOW
from ..forms import ClaimForm, EvidenceForm, ItemForm, ProgressForm, apply_errors
from ..models import ItemStatus, ListKind

PAGE_SIZE = 25


@login_required
def item_list_view(request):
    kind = request.GET.get("kind") if request.GET.get("kind") in ListKind.values else None
    status = request.GET.get("status") if request.GET.get("status") in ItemStatus.values else None
    page = CappedPaginator(selectors.item_list(user=request.user, kind=kind, status=status), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "cobuilding/item_list.html", {
        "page_obj": page, "items": page.object_list, "kind": kind, "status": status, "kinds": ListKind.choices,
        "statuses": ItemStatus.choices, "can_add": selectors.organizations_for_lists(user=request.user).exists(),
    })


@login_required
def item_create_view(request):
    form = ItemForm(request.POST or None, user=request.user, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The entry is listed."))
            return redirect("cobuilding:item-detail", pk=item.pk)
    return render(request, "cobuilding/form.html", {"form": form, "title": _("New list entry")})


@login_required
def item_detail_view(request, pk: int):
    item = get_object_or_404(selectors.item_list(user=request.user), pk=pk)
    steps = ITEM_FLOW.allowed(request.user, item)
    can_edit = rights.may(request.user, EDIT, item.organization)
    return render(request, "cobuilding/item_detail.html", {
        "item": item, "progress": item.progress.order_by("reported_on", "id"), "steps": steps,
        "claim_form": ClaimForm(user=request.user, initial={"version": item.version}) if "claim" in steps else None,
        "progress_form": ProgressForm() if item.status == ItemStatus.CLAIMED and can_edit else None,
        "evidence": item.evidence.order_by("id"),
        "evidence_form": EvidenceForm() if can_edit and item.status != ItemStatus.CLOSED else None,
    })


@login_required
@require_POST
def item_step_view(request, pk: int, step: str):
    item = get_object_or_404(selectors.item_list(user=request.user), pk=pk)
    try:
        if step == "claim":
            form = ClaimForm(request.POST, user=request.user)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.project_claim(user=request.user, item=item, **form.cleaned_data)
        elif step == "progress":
            form = ProgressForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.progress_report(user=request.user, item=item, **form.cleaned_data)
        elif step == "confirm":
            services.project_confirm(user=request.user, item=item, version=request.POST.get("version"))
        elif step == "close":
            services.item_close(user=request.user, item=item, version=request.POST.get("version"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("cobuilding:item-detail", pk=item.pk)


__all__ = ["apply_errors"]
