"""Regional committees (大工委 / 大党委) and the bodies that hold joint meetings (联席会议).

A street's 大工委 and a community's 大党委 are the street or community organisation itself plus its
part-time members (``organizations.PartTimeMember``, whose ``committee`` is that organisation) sent
by resident units (``organizations.ResidentUnit``). ``Body`` is the committee as a meeting body: it
names the organisation it belongs to, its kind, and whether the chair rotates (第一书记轮值).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Level, Organization, PartTimeMember
from partybuild.files import UploadTo, private_storage


class BodyKind(models.TextChoices):
    STREET_COMMITTEE = "street_committee", _("Street regional committee (大工委)")
    COMMUNITY_COMMITTEE = "community_committee", _("Community regional committee (大党委)")
    THREE_PARTY = "three_party", _("Three-party meeting (三方联动)")
    THEMED_FORUM = "themed_forum", _("Themed forum (双月座谈会)")


REGIONAL_KINDS = (BodyKind.STREET_COMMITTEE, BodyKind.COMMUNITY_COMMITTEE)
# The organisation level each kind of body belongs to.
KIND_LEVELS = {
    BodyKind.STREET_COMMITTEE: (Level.STREET,),
    BodyKind.COMMUNITY_COMMITTEE: (Level.COMMUNITY,),
    BodyKind.THREE_PARTY: (Level.COMMUNITY,),
    BodyKind.THEMED_FORUM: (Level.DISTRICT, Level.STREET),
}


class Body(models.Model):
    """Meeting body (议事机构): a street's 大工委, a community's 大党委, a three-party meeting or a
    district's themed forum."""

    scope_field = "organization"

    organization = models.ForeignKey(
        Organization, verbose_name=pgettext_lazy("meetings", "organisation"), on_delete=models.PROTECT,
        related_name="meeting_bodies",
    )
    kind = models.CharField(pgettext_lazy("meetings", "kind"), max_length=24, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=120)
    has_rotating_chair = models.BooleanField(
        _("rotating chair (第一书记轮值)"), default=False,
        help_text=_("The part-time members chair the committee in turn."),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    is_active = models.BooleanField(pgettext_lazy("meetings", "active"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting body")
        verbose_name_plural = _("meeting bodies")
        ordering = ["organization__path", "kind", "name"]
        constraints = [
            # One 大工委 per street and one 大党委 per community.
            models.UniqueConstraint(
                fields=["organization", "kind"], condition=Q(kind__in=["street_committee", "community_committee"]),
                name="one_regional_committee_per_org",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_regional(self) -> bool:
        return self.kind in REGIONAL_KINDS

    def clean(self) -> None:
        super().clean()
        if self.organization_id and self.kind and self.organization.level not in KIND_LEVELS[self.kind]:
            raise ValidationError(
                {"organization": _("This kind of body does not belong to an organisation of this level.")}
            )


class ChairTerm(models.Model):
    """Rotating chair term (第一书记轮值) of a regional committee: a part-time member chairs it for a period."""

    scope_field = "body__organization"

    body = models.ForeignKey(
        Body, verbose_name=pgettext_lazy("meetings", "committee"), on_delete=models.CASCADE, related_name="chair_terms",
    )
    member = models.ForeignKey(
        PartTimeMember, verbose_name=_("part-time member"), on_delete=models.PROTECT, related_name="chair_terms"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rotating chair term")
        verbose_name_plural = _("rotating chair terms")
        ordering = ["body", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="chair_term_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.member.name} {self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"


class DutyReport(models.Model):
    """Part-time member's annual duty report (兼职委员述职)."""

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        GOOD = "good", _("Good")
        PASSING = "passing", _("Passing")
        POOR = "poor", _("Poor")

    scope_field = "member__committee"

    member = models.ForeignKey(
        PartTimeMember, verbose_name=_("part-time member"), on_delete=models.PROTECT, related_name="duty_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reported_on = models.DateField(_("reported on"))
    summary = models.TextField(pgettext_lazy("meetings", "what was done"))
    matters_solved = models.PositiveIntegerField(_("matters solved"), default=0)
    rating = models.CharField(pgettext_lazy("meetings", "rating"), max_length=12, choices=Rating.choices, blank=True)
    filed_by = models.ForeignKey(
        "accounts.User", verbose_name=_("filed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("duty report")
        verbose_name_plural = _("duty reports")
        ordering = ["-year", "member__name"]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="one_duty_report_per_year")]

    def __str__(self) -> str:
        return f"{self.member.name} {self.year}"


# --- joint meetings (联席会议) -------------------------------------------------------------------


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    BIMONTHLY = "bimonthly", _("Every two months")
    EVERY_N_WEEKS = "weeks", _("Every N weeks")
    NTH_WEEKDAY = "nth_weekday", _("Nth weekday of the month")


class MeetingSeries(models.Model):
    """Meeting series (例会): a body's recurring joint meeting; closing one opens the next."""

    scope_field = "body__organization"

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="series")
    title = models.CharField(_("title"), max_length=120)
    recurrence = models.CharField(_("recurs"), max_length=16, choices=Recurrence.choices, default=Recurrence.MONTHLY)
    interval_weeks = models.PositiveSmallIntegerField(_("every how many weeks"), null=True, blank=True)
    # For NTH_WEEKDAY: 0 = Monday … 6 = Sunday; nth 1–4, or -1 for the last one of the month.
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True)
    nth = models.SmallIntegerField(_("which one of the month"), null=True, blank=True)
    place = models.CharField(_("usual place"), max_length=120, blank=True)
    convenor = models.ForeignKey(
        "accounts.User", verbose_name=_("convenor"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(pgettext_lazy("meetings", "active"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["body", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.recurrence == Recurrence.EVERY_N_WEEKS and not self.interval_weeks:
            raise ValidationError({"interval_weeks": _("Say every how many weeks the meeting recurs.")})
        if self.recurrence == Recurrence.NTH_WEEKDAY:
            if self.weekday is None or self.weekday > 6:
                raise ValidationError({"weekday": _("Choose the weekday of the meeting.")})
            if self.nth not in (1, 2, 3, 4, -1):
                raise ValidationError({"nth": _("Choose the first to fourth or the last weekday of the month.")})


class MeetingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("meetings", "Open")
    CLOSED = "closed", pgettext_lazy("meetings", "Closed")


class Meeting(models.Model):
    """Joint meeting (联席会议 / 党建议事会 / 三方联动 / 双月座谈会) of a body."""

    status_tones = {"open": "primary", "closed": "success"}  # {% status_badge %}

    scope_field = "body__organization"

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, verbose_name=_("series"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=120)
    # The date the series' rule gave; ``held_on`` moves with the meeting, this does not, so the
    # series keeps its rhythm after a meeting was moved.
    planned_on = models.DateField(_("planned for"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    convenor = models.ForeignKey(
        "accounts.User", verbose_name=_("convenor"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.OPEN)
    minutes = models.TextField(_("minutes"), blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("meetings", "closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User", verbose_name=_("closed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["status", "held_on"], name="meeting_status_date")]
        constraints = [
            # One open meeting per series: closing it is what opens the next one.
            models.UniqueConstraint(
                fields=["series"], condition=Q(status="open", series__isnull=False), name="one_open_meeting_per_series"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | (Q(closed_at__isnull=False) & ~Q(minutes="")),
                name="closed_meeting_has_minutes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.held_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.OPEN


class EventKind(models.TextChoices):
    OPEN = "open", pgettext_lazy("meetings", "opened")
    MOVED = "moved", pgettext_lazy("meetings", "moved")
    CLOSED = "closed", pgettext_lazy("meetings", "closed")


class MeetingEvent(models.Model):
    """Meeting step (会议记录): opened, moved, closed, with who and when."""

    scope_field = "meeting__body__organization"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("meeting step")
        verbose_name_plural = _("meeting steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.status}"


class AttendeeKind(models.TextChoices):
    COMMITTEE = "committee", pgettext_lazy("meetings", "Committee member")
    PART_TIME = "part_time", _("Part-time member")
    UNIT = "unit", _("Invited unit")
    RESIDENT = "resident", pgettext_lazy("meetings", "Resident")


class Attendee(models.Model):
    """Meeting attendee (参会人员) with presence recorded."""

    scope_field = "meeting__body__organization"

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField(pgettext_lazy("meetings", "kind"), max_length=12, choices=AttendeeKind.choices)
    name = models.CharField(_("name"), max_length=50)
    unit = models.CharField(pgettext_lazy("meetings", "unit"), max_length=120, blank=True)
    part_time_member = models.ForeignKey(
        PartTimeMember, verbose_name=_("part-time member"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="attendances",
    )
    # None until attendance is recorded.
    is_present = models.BooleanField(_("present"), null=True, blank=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "part_time_member"], condition=Q(part_time_member__isnull=False),
                name="meeting_one_attendance_per_part_time_member",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MeetingAttachment(models.Model):
    """Meeting attachment (会议附件): sign-in sheet, photos, signed minutes."""

    scope_field = "meeting__body__organization"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(pgettext_lazy("meetings", "file"), upload_to=UploadTo("meetings"), storage=private_storage)
    title = models.CharField(_("title"), max_length=120)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.title


# --- agenda items, their history and follow-up (议题, 结转, 督办) -----------------------------------


class ItemSource(models.TextChoices):
    REPORT = "report", pgettext_lazy("meetings", "Grid report")
    DEMAND = "demand", _("Resident's demand")
    EARLIER = "earlier", _("Earlier item")
    FREE = "free", _("Free text")
    OTHER = "other", _("Other record")


class ItemState(models.TextChoices):
    OPEN = "open", _("On the agenda")
    DEFERRED = "deferred", _("Deferred")
    DECIDED = "decided", _("Decided, in follow-up")
    RESOLVED = "resolved", pgettext_lazy("meetings", "Resolved")
    DONE = "done", _("Done by the responsible units")
    DROPPED = "dropped", _("Closed without a solution")


# States in which an item still needs the body: carried to the next meeting when one closes.
UNRESOLVED_STATES = (ItemState.OPEN, ItemState.DEFERRED, ItemState.DECIDED)
# States the statistics count as solved (解决): by the body, or by the responsible units after a decision.
SOLVED_STATES = (ItemState.RESOLVED, ItemState.DONE)


class AgendaItem(models.Model):
    """Agenda item (议题): a problem a body discusses until it is solved, carried from meeting to
    meeting with its history. Never deleted: an item raised earlier can only be closed."""

    scope_field = "body__organization"

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="items")
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=ItemSource.choices, default=ItemSource.FREE)
    report = models.ForeignKey(
        "reports.GridReport", verbose_name=pgettext_lazy("meetings", "grid report"), null=True, blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    demand = models.ForeignKey(
        "services.Demand", verbose_name=pgettext_lazy("meetings", "resident demand"), null=True, blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    earlier = models.ForeignKey(
        "self", verbose_name=_("earlier item"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    # Any other record (e.g. a property complaint of a later app): content type and id.
    source_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    first_meeting = models.ForeignKey(
        Meeting, verbose_name=_("first raised at"), on_delete=models.PROTECT, related_name="raised_items"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("current meeting"), on_delete=models.PROTECT, related_name="items"
    )
    state = models.CharField(
        pgettext_lazy("meetings", "state"), max_length=10, choices=ItemState.choices, default=ItemState.OPEN,
    )
    resolution = models.TextField(pgettext_lazy("meetings", "what was done"), blank=True)
    lead_unit = models.CharField(_("lead unit (牵头单位)"), max_length=120, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    times_carried = models.PositiveSmallIntegerField(_("times carried over"), default=0)
    is_escalated = models.BooleanField(_("escalated"), default=False)
    closed_reason = models.CharField(_("reason for closing"), max_length=300, blank=True)
    raised_by = models.ForeignKey(
        "accounts.User", verbose_name=_("raised by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "id"]
        indexes = [models.Index(fields=["meeting", "state"], name="item_meeting_state")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="dropped") | ~Q(closed_reason=""), name="dropped_item_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(state="resolved") | ~Q(resolution=""), name="resolved_item_says_what_was_done"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unresolved(self) -> bool:
        return self.state in UNRESOLVED_STATES


class EntryOutcome(models.TextChoices):
    PENDING = "pending", _("Not discussed")
    RESOLVED = "resolved", pgettext_lazy("meetings", "Resolved")
    DECIDED = "decided", _("Decided")
    DEFERRED = "deferred", _("Deferred")
    DROPPED = "dropped", _("Dropped")
    DONE = "done", _("Done before the meeting")


class AgendaEntry(models.Model):
    """Agenda entry (议题记录): an item at one meeting, with what that meeting decided about it."""

    scope_field = "item__body__organization"

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="entries"
    )
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="entries")
    is_carried = models.BooleanField(_("carried over"), default=False)
    outcome = models.CharField(
        pgettext_lazy("meetings", "outcome"), max_length=10, choices=EntryOutcome.choices, default=EntryOutcome.PENDING,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("agenda entry")
        verbose_name_plural = _("agenda entries")
        ordering = ["meeting__held_on", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "meeting"], name="one_entry_per_item_and_meeting")]

    def __str__(self) -> str:
        return f"{self.item_id}@{self.meeting_id}"


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("meetings", "Open")
    DONE = "done", _("Done")


class FollowUpTask(models.Model):
    """Follow-up task (督办任务): a decided item's work for one responsible unit (责任单位), with a
    due date in working days. A department receives it in its inbox like a routed grid report."""

    scope_field = "item__body__organization"

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="tasks"
    )
    department = models.ForeignKey(
        "reports.Department", verbose_name=pgettext_lazy("meetings", "department"), null=True, blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_tasks",
    )
    unit_name = models.CharField(pgettext_lazy("meetings", "unit"), max_length=120, blank=True)
    is_lead = models.BooleanField(_("lead unit"), default=False)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_note = models.TextField(pgettext_lazy("meetings", "what was done"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        "accounts.User", verbose_name=_("done by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False) | ~Q(unit_name=""), name="task_names_its_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.title} · {self.department or self.unit_name}"

    @classmethod
    def scope_extra_q(cls, user, action: str) -> Q | None:
        """Department staff see the tasks routed to their department, as they see routed reports."""
        from reports.models import routed_to

        return routed_to(user, action, "department")
