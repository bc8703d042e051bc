"""Organisational life (组织生活): 三会一课, 主题党日, 组织生活会, 民主评议党员.

A meeting record keeps its attendance as of the meeting date and, computed once when it is filed,
whether it counts towards the required frequency (quorum) and whether it was filed late. The
compliance table (``selectors.compliance``) then only counts rows: one query for any scope.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Level, OrgType
from partybuild.files import UploadTo, private_storage

# A record filed more than this many days after the meeting is flagged late.
LATE_AFTER_DAYS = 7


class MeetingType(models.TextChoices):
    MEMBERS = "members", _("Branch members' meeting")
    COMMITTEE = "committee", _("Branch committee meeting")
    GROUP = "group", _("Party group meeting")
    LECTURE = "lecture", _("Party lecture")
    THEMED_DAY = "themed_day", _("Themed party day")
    LIFE_MEETING = "life_meeting", _("Organisational life meeting")
    REVIEW = "review", _("Democratic appraisal of members")


class Period(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")


class FrequencyRule(models.Model):
    """Required frequency of a meeting type (组织生活频次要求) for one kind of organisation.

    The district's own table: ``org_type`` blank means every type at that level; a rule for the
    exact type wins over the blank one."""

    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    org_type = models.CharField(_("type"), max_length=24, choices=OrgType.choices, blank=True)
    meeting_type = models.CharField(_("meeting type"), max_length=16, choices=MeetingType.choices)
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    times = models.PositiveSmallIntegerField(_("times per period"), default=1)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("required frequency")
        verbose_name_plural = _("required frequencies")
        ordering = ["level", "org_type", "meeting_type"]
        constraints = [
            models.UniqueConstraint(fields=["level", "org_type", "meeting_type"], name="one_rule_per_kind_and_type"),
            models.CheckConstraint(name="rule_times_positive", condition=Q(times__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.get_meeting_type_display()}"


class CommitteeMember(models.Model):
    """Branch committee member (支部委员): who sits on an organisation's committee, and when.

    The branch committee's quorum counts the seats open on the meeting date."""

    class Duty(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY = "deputy", _("Deputy secretary")
        MEMBER = "member", _("Committee member")

    scope_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    member = models.ForeignKey(
        "organizations.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="committee_seats"
    )
    duty = models.CharField(_("duty"), max_length=16, choices=Duty.choices, default=Duty.MEMBER)
    started_on = models.DateField(pgettext_lazy("committee seat", "from"))
    ended_on = models.DateField(pgettext_lazy("committee seat", "until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["organization", "duty", "started_on"]
        constraints = [
            models.CheckConstraint(
                name="seat_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_duty_display()} {self.started_on}"


class Meeting(models.Model):
    """Organisational-life record (组织生活记录): one meeting of a branch, group or committee."""

    scope_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="meetings",
    )
    meeting_type = models.CharField(_("meeting type"), max_length=16, choices=MeetingType.choices)
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    place = models.CharField(_("place"), max_length=120, blank=True)
    lecturer = models.CharField(_("lecturer"), max_length=50, blank=True)
    minutes = models.TextField(pgettext_lazy("meeting record", "minutes"), max_length=20000, blank=True)
    # Counted when filed, as of the meeting date (organizations.MembershipPeriod).
    expected = models.PositiveIntegerField(_("members expected"), default=0)
    present = models.PositiveIntegerField(_("members present"), default=0)
    quorum_base = models.PositiveIntegerField(_("quorum base"), default=0)
    quorum_present = models.PositiveIntegerField(_("present towards quorum"), default=0)
    is_counted = models.BooleanField(_("counts towards the requirement"), default=True)
    # The filing date is the server's, set once; nobody edits it.
    filed_at = models.DateTimeField(_("filed at"), editable=False)
    is_late = models.BooleanField(_("filed late"), default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisational-life record")
        verbose_name_plural = _("organisational-life records")
        ordering = ["-held_on", "-id"]
        indexes = [
            # The compliance table: counted meetings of a period, per organisation and type.
            models.Index(fields=["held_on", "organization", "meeting_type"], name="orglife_period_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="lecture_has_lecturer", condition=~Q(meeting_type="lecture") | ~Q(lecturer=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class Attendance(models.Model):
    """Attendance at a meeting (出席情况): one row per member expected as of the meeting date."""

    class Reason(models.TextChoices):
        NONE = "", _("—")
        SICK = "sick", _("Illness")
        WORK = "work", _("Work")
        AWAY = "away", _("Away from home")
        FLOATING = "floating", _("Floating member")
        OTHER = "other", _("Other")

    scope_field = "meeting__organization"

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        "organizations.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="attendance"
    )
    is_present = models.BooleanField(_("present"), default=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=16, choices=Reason.choices, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member__name", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member"),
            models.CheckConstraint(name="present_has_no_reason", condition=Q(is_present=False) | Q(absence_reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.member_id}"


class Evidence(models.Model):
    """Evidence of a meeting (佐证材料): notice, minutes, resolution, sign-in sheet, photos."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice")
        MINUTES = "minutes", pgettext_lazy("meeting record", "Minutes")
        RESOLUTION = "resolution", _("Resolution")
        SIGN_IN = "sign_in", _("Sign-in sheet")
        PHOTO = "photo", _("Photo")

    scope_field = "meeting__organization"

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=UploadTo("orglife/evidence"), storage=private_storage)
    content_type = models.CharField(max_length=100, editable=False)
    original_name = models.CharField(_("file name"), max_length=200, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["meeting", "kind", "id"]

    def __str__(self) -> str:
        return self.original_name
