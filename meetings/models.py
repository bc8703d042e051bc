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

from organizations.models import Level, Organization, PartTimeMember


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
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="meeting_bodies"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=120)
    has_rotating_chair = models.BooleanField(
        _("rotating chair (第一书记轮值)"), default=False,
        help_text=_("The part-time members chair the committee in turn."),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
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

    body = models.ForeignKey(Body, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="chair_terms")
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
    summary = models.TextField(_("what was done"))
    matters_solved = models.PositiveIntegerField(_("matters solved"), default=0)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
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
