"""Residents' affairs supervision committees (居务监督委员会), their problem clues, and the
rectification of weak and lax organisations (软弱涣散党组织整顿).

**Who sees a problem clue.** A clue may concern the community's own cadres, so the community's
secretary, its grid workers, the street's officials at large and auditors must not read it: only
the committee, the street's discipline staff and the district. This is done inside the one
scoping mechanism, without a rule of its own in any view:

- ``ProblemClue.scope_field`` is ``"district"``, a foreign key to the district's root organisation.
  ``scope_queryset`` grants a subtree only when the row's organisation lies under one of the
  user's role nodes, and only nodes at the district root contain the root, so the tree grants a
  clue to the district's roles alone; a street official or a secretary below gets nothing from it.
- ``ProblemClue.scope_extra_q`` adds the narrow grants: a ``ClueAccess`` names a user as a member
  of one community's committee (that committee's clues) or as discipline staff of a street (the
  clues of every committee in that street). Nothing else widens it.

Every reader (pages, API, admin, history, the scope matrix) calls ``scope_queryset`` as usual and
gets this narrower answer.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Level, Member, Organization

COMMUNITY = {"level": Level.COMMUNITY}


class SupervisionCommittee(models.Model):
    """Residents' affairs supervision committee (居务监督委员会) of a community."""

    scope_field = "community"

    community = models.OneToOneField(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="supervision_committee",
        limit_choices_to=COMMUNITY,
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supervision committee")
        verbose_name_plural = _("supervision committees")
        ordering = ["community__path"]

    def __str__(self) -> str:
        return str(_("Supervision committee of %(community)s") % {"community": self.community.name})

    @classmethod
    def scope_extra_q(cls, user, action: str) -> Q | None:
        """A committee member (``ClueAccess``) sees their committee, to record its clues."""
        if action != "view":
            return None
        paths = clue_access_paths(user)
        return _under(paths, "community") if paths else None


class Seat(models.TextChoices):
    STATIONED_CADRE = "stationed_cadre", _("Street cadre stationed in the community")
    CHAIR = "chair", _("Chair (the community's discipline member)")
    PARTY_MEMBER = "party_member", _("Party member not on the residents' committee")
    NON_PARTY_RESIDENT = "non_party_resident", _("Non-party resident")


# The composition the seeds give (Wuchang): five members in these seats.
COMPOSITION = {Seat.STATIONED_CADRE: 1, Seat.CHAIR: 1, Seat.PARTY_MEMBER: 2, Seat.NON_PARTY_RESIDENT: 1}


class CommitteeSeat(models.Model):
    """Member of a supervision committee (监督委员) in one of its seats."""

    scope_field = "committee__community"

    committee = models.ForeignKey(
        SupervisionCommittee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="seats"
    )
    seat = models.CharField(_("seat"), max_length=20, choices=Seat.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    member = models.ForeignKey(
        Member, verbose_name=_("party member record"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="supervision_seats",
    )
    is_on_residents_committee = models.BooleanField(_("sits on the residents' committee"), default=False)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["committee", "seat", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")), name="seat_until_after_since"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_seat_display()})"

    def clean(self) -> None:
        super().clean()
        if self.seat == Seat.PARTY_MEMBER and self.is_on_residents_committee:
            raise ValidationError({"is_on_residents_committee": _(
                "A party member seat is for a member who is not on the residents' committee."
            )})
        if self.seat == Seat.NON_PARTY_RESIDENT and self.member_id:
            raise ValidationError({"member": _("The non-party resident's seat cannot be held by a party member.")})
        if self.seat in (Seat.PARTY_MEMBER, Seat.CHAIR) and not self.member_id:
            raise ValidationError({"member": _("Link this seat to the party member's record.")})


class ClueAccess(models.Model):
    """Who may read problem clues beyond the district (线索查阅权限): a member of one community's
    committee, or discipline staff (纪检干部) of a street. See the module docstring."""

    class Kind(models.TextChoices):
        COMMITTEE_MEMBER = "committee_member", _("Committee member (the community's committee)")
        DISCIPLINE_STAFF = "discipline_staff", _("Discipline staff (the street's committees)")

    scope_field = "organization"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="clue_accesses"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("community or street"), on_delete=models.PROTECT, related_name="clue_accesses"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clue access")
        verbose_name_plural = _("clue accesses")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_clue_access_per_org")]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"

    def clean(self) -> None:
        super().clean()
        wanted = Level.COMMUNITY if self.kind == self.Kind.COMMITTEE_MEMBER else Level.STREET
        if self.organization_id and self.organization.level != wanted:
            raise ValidationError({"organization": _(
                "A committee member is granted a community; discipline staff are granted a street."
            )})


class Involves(models.TextChoices):
    CADRE = "cadre", _("Community cadre")
    MEMBER = "member", _("Party member")
    OTHER = "other", _("Other")


class ClueStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("clue status", "being handled")
    CLOSED = "closed", pgettext_lazy("clue status", "closed")


class ProblemClue(models.Model):
    """Problem clue (问题线索) found by a supervision committee."""

    # Narrower than the tree: see the module docstring.
    scope_field = "district"

    district = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", editable=False)
    committee = models.ForeignKey(
        SupervisionCommittee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="clues"
    )
    found_on = models.DateField(_("found on"))
    matter = models.TextField(_("matter"), max_length=2000)
    involves = models.CharField(_("involves"), max_length=10, choices=Involves.choices)
    handling = models.TextField(_("handling"), max_length=2000, blank=True)
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ClueStatus.choices, default=ClueStatus.OPEN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("problem clue")
        verbose_name_plural = _("problem clues")
        ordering = ["-found_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""), name="closed_clue_has_outcome",
                violation_error_message=_("A closed clue needs its outcome."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.found_on} {self.get_involves_display()}"

    @classmethod
    def scope_extra_q(cls, user, action: str) -> Q | None:
        """The committee's members and the street's discipline staff (``ClueAccess``)."""
        paths = clue_access_paths(user)
        return _under(paths, "committee__community") if paths else None


def _under(paths, field: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__path__startswith": path})
    return q


def clue_access_paths(user) -> tuple[str, ...]:
    """Paths of the communities and streets whose clues ``user`` may read, once per user object."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_area_reader", False):
        return ()
    cached = getattr(user, "_clue_access_paths", None)
    if cached is None:
        cached = tuple(ClueAccess.objects.filter(
            user=user, organization__status="active"
        ).values_list("organization__path", flat=True))
        user._clue_access_paths = cached
    return cached


class RectificationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("rectification", "under rectification")
    CLOSED = "closed", pgettext_lazy("rectification", "closed after review")


class Rectification(models.Model):
    """Rectification of a weak and lax organisation (软弱涣散党组织整顿), listed by the district
    for a year, with a cadre answerable for it (包保), closed when it passes review (考核销号)."""

    scope_field = "organization"

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="rectifications"
    )
    year = models.PositiveIntegerField(_("year"))
    reasons = models.TextField(_("reasons"), max_length=2000)
    answerable_cadre = models.CharField(_("answerable cadre (包保)"), max_length=50)
    answerable_post = models.CharField(_("post of the answerable cadre"), max_length=100, blank=True)
    listed_on = models.DateField(_("listed on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    listed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_rectification_per_org_year"),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True) | Q(status="closed", closed_on__isnull=False),
                name="closed_rectification_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} {self.year}"


class RectificationMeasure(models.Model):
    """Measure of a rectification plan (整改措施) with its deadline."""

    scope_field = "rectification__organization"

    rectification = models.ForeignKey(
        Rectification, verbose_name=_("rectification"), on_delete=models.CASCADE, related_name="measures"
    )
    measure = models.CharField(_("measure"), max_length=300)
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification measure")
        verbose_name_plural = _("rectification measures")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.measure


class RectificationReport(models.Model):
    """Progress report (整改进展) or review (考核) of a rectification."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        REVIEW_PASSED = "review_passed", _("Review passed: closed (销号)")
        REVIEW_KEPT_OPEN = "review_kept_open", _("Review: kept open")

    scope_field = "rectification__organization"

    rectification = models.ForeignKey(
        Rectification, verbose_name=_("rectification"), on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("report"), max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rectification report")
        verbose_name_plural = _("rectification reports")
        ordering = ["reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reported_on}"
