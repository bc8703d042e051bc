"""Pages of agenda items: the list of the user's area (filtered as the dashboards link to it),
raising one (from a grid report, a demand, an earlier item or free text), its history across
meetings, the outcomes, closing without a solution (with a reason), and the follow-up tasks: a
department's inbox and the completion that comes back to the item."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.filters import filtered
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT
from reports.selectors import report_list
from services.selectors import demand_list

from .. import item_services as items
from .. import selectors
from ..filters import AgendaItemFilter
from ..flow import REFUSED
from ..forms import DecideForm, DeferForm, DropForm, ItemRaiseForm, ResolveForm, TaskDoneForm, apply_errors
from ..models import MeetingStatus

PAGE_SIZE = 25


def _source(request):
    """The record an item is raised from, looked up in the user's scope (?report=, ?demand=, ?earlier=)."""
    user = request.user
    for key, qs in (
        ("report", lambda: report_list(user=user)), ("demand", lambda: demand_list(user=user)),
        ("earlier", lambda: selectors.item_list(user=user)),
    ):
        value = request.GET.get(key, "") or request.POST.get(key, "")
        if value.isdigit():
            return key, get_object_or_404(qs(), pk=value)
    return None, None


def _covering_meetings(request, kind, record):
    """Open meetings the user may edit whose body's area holds the record (its community's 大党委,
    its street's 大工委...), nearest first."""
    path = {
        "report": lambda: record.grid.branch.path, "demand": lambda: record.organization.path,
        "earlier": lambda: record.body.organization.path,
    }[kind]() if record else None
    qs = selectors.meeting_list(user=request.user, action=EDIT).filter(status=MeetingStatus.OPEN)
    if path:
        from organizations.paths import ancestor_paths

        qs = qs.filter(body__organization__path__in=ancestor_paths(path, include_self=True))
    return qs.order_by("-body__organization__depth", "held_on")


@login_required
def item_list_view(request):
    """Agenda items of the user's area, newest meeting first, each with the meeting it is on now."""
    qs = selectors.item_list(user=request.user).order_by("-first_meeting__held_on", "-id")
    fs, qs = filtered(AgendaItemFilter, request, qs)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/item_list.html", {
        "page_obj": page, "items": page.object_list, "filter": fs, "status": request.GET.get("status", ""),
    })


@login_required
def raise_pick_view(request):
    """One click from a grid report or a demand: choose the open meeting to put it on."""
    kind, record = _source(request)
    meetings = list(_covering_meetings(request, kind, record)[:20])
    return render(request, "meetings/raise_pick.html", {"kind": kind, "record": record, "meetings": meetings})


@login_required
def item_raise_view(request, pk: int):
    meeting = get_object_or_404(selectors.meeting_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, meeting.body.organization, str(REFUSED))
    kind, record = _source(request)
    form = ItemRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = {kind: record} if kind else {}
            items.item_raise(user=request.user, meeting=meeting, **form.cleaned_data, **source)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Item added to the agenda."))
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(request, "meetings/item_raise.html", {"form": form, "meeting": meeting, "kind": kind,
                                                        "record": record})


@login_required
def item_detail_view(request, pk: int):
    item = get_object_or_404(selectors.item_detail_qs(user=request.user), pk=pk)
    can_edit = rights.may(request.user, EDIT, item.body.organization)
    at_open_meeting = can_edit and item.meeting.status == MeetingStatus.OPEN
    context = {"item": item, "can_edit": can_edit, "at_open_meeting": at_open_meeting}
    if at_open_meeting:
        context.update(resolve_form=ResolveForm(), defer_form=DeferForm(), decide_form=DecideForm(body=item.body))
    if can_edit and item.is_unresolved:
        context["drop_form"] = DropForm()
    return render(request, "meetings/item_detail.html", context)


@login_required
@require_POST
def item_outcome_view(request, pk: int, outcome: str):
    item = get_object_or_404(selectors.item_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, item.body.organization, str(REFUSED))
    form_class, call = {
        "resolve": (ResolveForm, lambda d: items.item_resolve(user=request.user, item=item, **d)),
        "defer": (DeferForm, lambda d: items.item_defer(user=request.user, item=item, **d)),
        "decide": (lambda data: DecideForm(data, body=item.body),
                   lambda d: items.item_decide(user=request.user, item=item, **d)),
        "drop": (DropForm, lambda d: items.item_drop(user=request.user, item=item, **d)),
    }[outcome]
    form = form_class(request.POST)
    if form.is_valid():
        data = form.service_fields() if isinstance(form, DecideForm) else form.cleaned_data
        try:
            call(data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Outcome recorded."))
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    back = request.POST.get("next", "")
    if back == "meeting":
        return redirect("meetings:meeting-detail", pk=item.meeting_id)
    if back == "close":
        return redirect("meetings:meeting-close", pk=item.meeting_id)
    return redirect("meetings:item-detail", pk=item.pk)


@login_required
def task_list_view(request):
    """Follow-up tasks: for department staff their department's inbox; for the tree, their area's."""
    qs = selectors.task_list(user=request.user).order_by("status", "due_on", "id")
    status = request.GET.get("status", "open")
    if status in ("open", "done"):
        qs = qs.filter(status=status)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/task_list.html", {"page_obj": page, "tasks": page.object_list, "status": status,
                                                       "form": TaskDoneForm()})


@login_required
@require_POST
def task_complete_view(request, pk: int):
    task = get_object_or_404(selectors.task_list(user=request.user), pk=pk)
    form = TaskDoneForm(request.POST)
    if form.is_valid():
        try:
            items.task_complete(user=request.user, task=task, note=form.cleaned_data["note"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Task reported done."))
    else:
        messages.error(request, _("Say what was done."))
    return redirect("meetings:task-list")

