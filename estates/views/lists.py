"""Red and black lists: entries with their history and the steps the user may take, a proposal by
hand, and the rule's proposals for a quarter."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..flow import LIST_FLOW
from ..forms import ListProposeForm, ListStepForm
from ._common import paged

STEP_SERVICES = {
    "confirm": services.list_confirm, "reject": services.list_reject, "list": services.list_decide,
    "appeal": services.list_appeal, "uphold": services.list_uphold, "revoke": services.list_revoke,
}


@login_required
def list_view(request):
    entries = selectors.list_entries(user=request.user).prefetch_related("steps__actor")
    page = paged(request, entries)
    for entry in page:
        entry.allowed_steps = LIST_FLOW.allowed(request.user, entry)
    form = ListProposeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not form.fields["street"].queryset.exists():
            raise PermissionDenied(str(services.REFUSED))
        if form.is_valid():
            try:
                services.list_propose(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("estates:list")
    return render(request, "estates/lists.html", {"page_obj": page, "entries": page, "form": form,
                                                  "today": timezone.localdate()})


@login_required
@require_POST
def list_step_view(request, pk: int, step: str):
    entry = get_object_or_404(selectors.list_entries(user=request.user), pk=pk)
    if step not in STEP_SERVICES:
        raise PermissionDenied
    form = ListStepForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        if step == "appeal":
            data = {"reason": data.get("note", ""), "version": data.get("version")}
        elif step != "list":
            data = {"note": data.get("note", ""), "version": data.get("version")}
        try:
            STEP_SERVICES[step](user=request.user, entry=entry, **data)
        except (ValidationError, TypeError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Check the dates."))
    return redirect("estates:list")


@login_required
@require_POST
def list_rule_view(request):
    street = selectors.registrar_choices(user=request.user).filter(level="street").first()
    if street is None:
        raise PermissionDenied(str(services.REFUSED))
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    proposed = services.list_propose_by_rule(user=request.user, street=street, year=today.year, quarter=quarter)
    messages.success(request, _("%(n)s companies proposed by the rule.") % {"n": len(proposed)})
    return redirect("estates:list")
