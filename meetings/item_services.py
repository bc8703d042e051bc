"""Writes of agenda items (议题): raising one from a grid report, a resident's demand, an earlier
item, any other record or free text; the outcome a meeting gives it (resolved, decided with lead and
responsible units, deferred); closing one with a reason; follow-up tasks and their completion;
and the carry-over (结转) that ``meeting_services.meeting_close`` runs.

Carry-over: when a meeting closes, every item still needing the body (open, deferred, or decided
with a task not done: ``UNRESOLVED_STATES``) moves to the series' next meeting with a new entry,
one more carry counted; an item carried ``MEETINGS_ESCALATE_AFTER_CARRIES`` times (default 2) is
flagged and the level above is notified. Items are never deleted, only closed with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from notifications.models import Kind
from notifications.services import notify
from organizations.paths import ancestor_paths, is_within, parent_path
from partybuild import rights
from partybuild.locking import conditional_update
from partybuild.scoping import EDIT
from reports.models import Department
from reports.workcalendar import add_working_days
from summaries.services import summaries_touch

from .flow import ITEM_FLOW, REFUSED
from .models import (
    UNRESOLVED_STATES,
    AgendaEntry,
    AgendaItem,
    FollowUpTask,
    ItemSource,
    ItemState,
    Meeting,
    MeetingStatus,
    TaskStatus,
)

KIND_TASK = Kind.MEETING_TASK
KIND_ESCALATED = Kind.MEETING_ITEM_ESCALATED
ABOVE_ROLES = (Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN)


def escalate_after() -> int:
    """How many carry-overs make an item escalate (a district setting, default 2)."""
    return int(getattr(settings, "MEETINGS_ESCALATE_AFTER_CARRIES", 2))


def _require(user, meeting: Meeting) -> None:
    rights.require(user, EDIT, meeting.body.organization, str(REFUSED))


def _require_current(item: AgendaItem) -> Meeting:
    """Outcomes are given at the item's current meeting while it is open."""
    meeting = item.meeting
    if meeting.status != MeetingStatus.OPEN:
        raise ValidationError(_("Outcomes are recorded at an open meeting; this item's meeting is closed."))
    return meeting


def _entry(item: AgendaItem) -> AgendaEntry:
    return AgendaEntry.objects.get(item=item, meeting_id=item.meeting_id)


@transaction.atomic
def item_raise(
    *, user, meeting: Meeting, title: str = "", description: str = "", report=None, demand=None,
    earlier: AgendaItem | None = None, source_record: models.Model | None = None,
) -> AgendaItem:
    """Put a problem on an open meeting's agenda; the title defaults to the source's own words."""
    _require(user, meeting)
    if meeting.status != MeetingStatus.OPEN:
        raise ValidationError(_("Items are raised at an open meeting."))
    area = meeting.body.organization.path
    fields: dict = {"source": ItemSource.FREE}
    if report is not None:
        if not is_within(report.grid.branch.path, area):
            raise ValidationError({"report": _("This grid report lies outside the body's area.")})
        fields = {"source": ItemSource.REPORT, "report": report}
        title = title or f"{report.number} {report.description}"
    elif demand is not None:
        if not is_within(demand.organization.path, area):
            raise ValidationError({"demand": _("This demand lies outside the body's area.")})
        fields = {"source": ItemSource.DEMAND, "demand": demand}
        title = title or demand.content
    elif earlier is not None:
        if earlier.body_id != meeting.body_id:
            raise ValidationError({"earlier": _("The earlier item belongs to another body.")})
        fields = {"source": ItemSource.EARLIER, "earlier": earlier}
        title = title or earlier.title
    elif source_record is not None:
        fields = {
            "source": ItemSource.OTHER, "source_type": ContentType.objects.get_for_model(source_record),
            "source_id": source_record.pk,
        }
        title = title or str(source_record)
    if not title.strip():
        raise ValidationError({"title": _("Say what the problem is.")})
    item = AgendaItem(
        body=meeting.body, first_meeting=meeting, meeting=meeting, title=title.strip()[:200], description=description,
        raised_by=user, **fields,
    )
    item.full_clean()
    item.save()
    AgendaEntry.objects.create(item=item, meeting=meeting)
    summaries_touch(orgs=[meeting.body.organization_id])  # items raised (dashboards)
    return item


def _set_outcome(item: AgendaItem, step: str, *, user, note: str, version=None, **changes) -> AgendaItem:
    """Take ``step`` of ``flow.ITEM_FLOW`` (state and version guarded), with ``changes``."""
    summaries_touch(orgs=[item.body.organization_id])
    return ITEM_FLOW.advance(item, step, actor=user, comment=note, version=version, **changes)


@transaction.atomic
def item_resolve(*, user, item: AgendaItem, resolution: str, version: int | None = None) -> AgendaItem:
    """The meeting solved the problem: say what was done."""
    _require(user, item.meeting)
    _require_current(item)
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say what was done to resolve the item.")})
    return _set_outcome(item, "resolve", user=user, note=resolution, version=version, resolution=resolution)


@transaction.atomic
def item_defer(*, user, item: AgendaItem, note: str = "", version: int | None = None) -> AgendaItem:
    """Discussed, not settled: it comes back at the next meeting."""
    _require(user, item.meeting)
    _require_current(item)
    return _set_outcome(item, "defer", user=user, note=note, version=version)


def department_choices(*, body) -> models.QuerySet[Department]:
    """Departments that serve the body's area: district departments and its street's stations."""
    return Department.objects.filter(
        is_active=True, organization__path__in=ancestor_paths(body.organization.path, include_self=True)
    ).order_by("kind", "name")


@transaction.atomic
def item_decide(
    *, user, item: AgendaItem, lead: Department | str, responsible: Iterable[Department | str] = (),
    due_in_working_days: int = 10, version: int | None = None,
) -> AgendaItem:
    """Decide who does what by when: a lead unit (牵头单位) and responsible units (责任单位), each
    getting a follow-up task due in working days; departments are notified like a routed report."""
    _require(user, item.meeting)
    _require_current(item)
    if not lead or (isinstance(lead, str) and not lead.strip()):
        raise ValidationError({"lead": _("Name the lead unit.")})
    if not 1 <= due_in_working_days <= 250:
        raise ValidationError({"due_in_working_days": _("Give between 1 and 250 working days.")})
    serving = set(department_choices(body=item.body).values_list("pk", flat=True))
    units = [lead, *[u for u in responsible if u != lead]]
    for unit in units:
        if isinstance(unit, Department) and unit.pk not in serving:
            raise ValidationError({"responsible": _("%(name)s does not serve this area.") % {"name": unit.name}})
    due_on = add_working_days(timezone.now(), due_in_working_days).date()
    tasks = [
        FollowUpTask(
            item=item, is_lead=i == 0, due_on=due_on,
            department=unit if isinstance(unit, Department) else None,
            unit_name="" if isinstance(unit, Department) else unit.strip()[:120],
        )
        for i, unit in enumerate(units)
    ]
    for task in tasks:
        task.full_clean(exclude=["item"])
    FollowUpTask.objects.bulk_create(tasks)
    lead_name = lead.name if isinstance(lead, Department) else lead.strip()
    names = "、".join(u.name if isinstance(u, Department) else u for u in units)
    _set_outcome(
        item, "decide", user=user, version=version,
        note=_("Lead: %(lead)s; responsible: %(names)s; due %(due)s") % {
            "lead": lead_name, "names": names, "due": f"{due_on:%Y-%m-%d}"},
        lead_unit=lead_name[:120], due_on=due_on,
    )
    for task in tasks:
        if task.department is not None:
            notify(
                users=task.department.staff.filter(is_active=True), kind=KIND_TASK,
                title=_("Joint meeting task: %(title)s") % {"title": item.title[:80]},
                body=_("Due %(due)s.") % {"due": f"{due_on:%Y-%m-%d}"},
                url=reverse("meetings:task-list"), target=task, dedupe_key=f"meeting-task-{task.pk}",
            )
    return item


@transaction.atomic
def item_drop(*, user, item: AgendaItem, reason: str) -> AgendaItem:
    """Close an item without a solution (it is never deleted): a reason is required."""
    _require(user, item.meeting)
    ITEM_FLOW.check(user, item, "drop")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item is closed without a solution.")})
    reason = reason.strip()[:300]
    return _set_outcome(item, "drop", user=user, note=reason, closed_reason=reason)


def may_complete(user, task: FollowUpTask) -> bool:
    if task.department_id is not None and task.department.staff.filter(pk=user.pk).exists():
        return True
    return rights.may(user, EDIT, task.item.body.organization)


@transaction.atomic
def task_complete(*, user, task: FollowUpTask, note: str) -> FollowUpTask:
    """The responsible unit reports its task done; the last task done settles the item."""
    if not may_complete(user, task):
        raise PermissionDenied(_("Only the responsible department or the body's organisation may do this."))
    if not note.strip():
        raise ValidationError({"note": _("Say what was done.")})
    claimed = conditional_update(
        FollowUpTask.objects.filter(pk=task.pk, status=TaskStatus.OPEN), actor=user,
        status=TaskStatus.DONE, done_note=note.strip(), done_at=timezone.now(), done_by=user,
    )
    if not claimed:
        raise ValidationError(_("This task is already done."))
    task.refresh_from_db()
    item = task.item
    if item.state == ItemState.DECIDED and not item.tasks.filter(status=TaskStatus.OPEN).exists():
        ITEM_FLOW.advance(item, "done", actor=user, check_actor=False, comment=task.done_note)
    return task


# --- carry-over ---------------------------------------------------------------------------------


def carry_preview(meeting: Meeting) -> list[AgendaItem]:
    """The items closing ``meeting`` would carry to the next one, each with ``will_escalate``."""
    limit = escalate_after()
    items = list(
        AgendaItem.objects.filter(meeting=meeting, state__in=UNRESOLVED_STATES).select_related("first_meeting")
        .order_by("id")
    )
    for item in items:
        item.will_escalate = not item.is_escalated and item.times_carried + 1 >= limit
    return items


def carry_over(*, meeting: Meeting, to: Meeting, actor) -> list[AgendaItem]:
    """Move every unresolved item of ``meeting`` to ``to`` (set-based: one UPDATE, one INSERT),
    and escalate those carried often enough. Runs inside ``meeting_close``'s transaction."""
    items = carry_preview(meeting)
    if not items:
        return []
    ids = [item.pk for item in items]
    conditional_update(
        AgendaItem.objects.filter(pk__in=ids), actor=actor, meeting=to, times_carried=F("times_carried") + 1
    )
    AgendaEntry.objects.bulk_create([AgendaEntry(item_id=pk, meeting=to, is_carried=True) for pk in ids])
    rising = [item for item in items if item.will_escalate]
    if rising:
        conditional_update(AgendaItem.objects.filter(pk__in=[i.pk for i in rising]), actor=actor, is_escalated=True)
        _notify_above(meeting, rising)
    return items


def _notify_above(meeting: Meeting, items: list[AgendaItem]) -> None:
    org_path = meeting.body.organization.path
    above = parent_path(org_path) or org_path
    holders = rights.role_holders_over(paths=[above], roles=ABOVE_ROLES).values("user_id")
    users = User.objects.filter(pk__in=holders)
    for item in items:
        notify(
            users=users, kind=KIND_ESCALATED,
            title=_("Unresolved after %(n)s meetings: %(title)s") % {
                "n": item.times_carried + 1, "title": item.title[:80]},
            body=meeting.body.name, url=reverse("meetings:item-detail", args=[item.pk]), target=item,
            dedupe_key=f"meeting-item-escalated-{item.pk}",
        )


def item_history(item: AgendaItem) -> list[AgendaEntry]:
    return list(item.entries.select_related("meeting").order_by("meeting__held_on", "id"))

