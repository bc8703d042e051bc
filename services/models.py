"""Service ledgers (台账): grid visits (走访) and the four ledgers (四本台账).

Every ledger row names the organisation it belongs to (``organization``), set by the services
from the grid, household or member it concerns: scoping and the per-organisation statistics
are then one join to the tree, however deep the record's own relations go.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partybuild.files import UploadTo, private_storage
from partybuild.locking import PeriodLocked

ORG = "organizations.Organization"


# ---------------------------------------------------------------------------------------------
# Grid visits (走访)


class VisitKind(models.TextChoices):
    """What a visit involved; a visit may involve several (one boolean column each)."""

    HOUSEHOLD_VISIT = "household_visit", _("Household visit")
    HEART_TO_HEART = "heart_to_heart", _("Heart-to-heart talk")
    PUBLICITY = "publicity", _("Publicity")
    NEEDY_VISIT = "needy_visit", _("Visit to a needy family")
    MEDIATION = "mediation", _("Dispute mediation")
    PROBLEM_SOLVED = "problem_solved", _("Problem solved")
    HAZARD_FOUND = "hazard_found", _("Hazard found")


class GridVisit(PeriodLocked, models.Model):
    """Grid visit (网格走访): a grid worker's visit to a household and what it involved."""

    scope_field = "organization"
    period_field = "visited_on"

    organization = models.ForeignKey(ORG, verbose_name=_("grid branch"), on_delete=models.PROTECT, related_name="+")
    grid = models.ForeignKey("grids.Grid", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="visits")
    household = models.ForeignKey(
        "grids.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="visits"
    )
    worker = models.ForeignKey(
        "grids.GridWorker", verbose_name=_("grid worker"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    household_visit = models.BooleanField(VisitKind.HOUSEHOLD_VISIT.label, default=True)
    heart_to_heart = models.BooleanField(VisitKind.HEART_TO_HEART.label, default=False)
    publicity = models.BooleanField(VisitKind.PUBLICITY.label, default=False)
    needy_visit = models.BooleanField(VisitKind.NEEDY_VISIT.label, default=False)
    mediation = models.BooleanField(VisitKind.MEDIATION.label, default=False)
    problem_solved = models.BooleanField(VisitKind.PROBLEM_SOLVED.label, default=False)
    hazard_found = models.BooleanField(VisitKind.HAZARD_FOUND.label, default=False)
    notes = models.TextField(_("notes"), blank=True)
    # The grid report filed in the same step when the visit found a hazard.
    report = models.OneToOneField(
        "reports.GridReport", verbose_name=_("grid report"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="visit",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grid visit")
        verbose_name_plural = _("grid visits")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "visited_on"], name="visit_org_date_idx"),
            # The list's newest-first page reads the top of this index instead of sorting a million rows.
            models.Index(fields=["visited_on", "id"], name="visit_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.household_id}"

    @property
    def kinds(self) -> list[str]:
        return [kind for kind in VisitKind.values if getattr(self, kind)]

    def kind_labels(self) -> list[str]:
        return [str(VisitKind(kind).label) for kind in self.kinds]

    def clean(self) -> None:
        super().clean()
        if not self.kinds:
            raise ValidationError(_("Tick at least one thing the visit involved."))
        if self.household_id and self.grid_id and self.household.building.grid_id != self.grid_id:
            raise ValidationError({"household": _("This household does not live in the visit's grid.")})
        if self.worker_id and self.grid_id and self.worker.grid_id != self.grid_id:
            raise ValidationError({"worker": _("This grid worker works in another grid.")})


# ---------------------------------------------------------------------------------------------
# Member pledges (党员承诺), fulfilment (践诺) and evaluation (评诺)


class Evaluation(models.TextChoices):
    FULFILLED = "fulfilled", _("Fulfilled")
    PARTLY = "partly", _("Partly fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")


# Pledges are yearly (年度承诺); a year outside this range is a typing mistake.
FIRST_PLEDGE_YEAR, LAST_PLEDGE_YEAR = 2000, 2100


class Pledge(models.Model):
    """Member pledge (党员承诺) for one year; its items are the checkable promises, and the
    year-end evaluation (评诺) closes the loop pledge → fulfil → evaluate."""

    scope_field = "organization"

    member = models.ForeignKey(
        "organizations.Member", verbose_name=_("party member"), on_delete=models.PROTECT, related_name="pledges"
    )
    # The member's branch when pledging: the pledge stays with it if the member moves later.
    organization = models.ForeignKey(ORG, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    evaluation = models.CharField(_("evaluation"), max_length=16, choices=Evaluation.choices, blank=True)
    evaluation_note = models.CharField(_("evaluation remarks"), max_length=300, blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member pledge")
        verbose_name_plural = _("member pledges")
        ordering = ["-year", "member__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_pledge_per_member_year"),
            models.CheckConstraint(
                name="pledge_evaluation_has_date",
                condition=Q(evaluation="") | Q(evaluated_on__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["organization", "year"], name="pledge_org_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.member_id}"

    @property
    def is_evaluated(self) -> bool:
        return bool(self.evaluation)

    def clean(self) -> None:
        super().clean()
        if self.year is not None:
            try:
                MinValueValidator(FIRST_PLEDGE_YEAR)(self.year)
                MaxValueValidator(LAST_PLEDGE_YEAR)(self.year)
            except ValidationError as exc:
                raise ValidationError({"year": exc.messages}) from exc


class PledgeItem(models.Model):
    """One pledge item (承诺事项): specific and checkable, with a deadline in the pledge's year
    and a measurable result."""

    scope_field = "pledge__organization"

    pledge = models.ForeignKey(Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="items")
    content = models.CharField(_("pledge item"), max_length=300)
    deadline = models.DateField(_("deadline"))
    target = models.CharField(_("measurable result"), max_length=300)

    class Meta:
        verbose_name = _("pledge item")
        verbose_name_plural = _("pledge items")
        ordering = ["pledge", "deadline", "id"]

    def __str__(self) -> str:
        return self.content

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not (self.content or "").strip():
            errors["content"] = _("Say what you pledge to do.")
        if not (self.target or "").strip():
            errors["target"] = _("Give a measurable result, so the pledge can be checked.")
        if self.deadline and self.pledge_id and self.deadline.year != self.pledge.year:
            errors["deadline"] = _("The deadline must fall within the pledge year %(year)s.") % {
                "year": self.pledge.year}
        if errors:
            raise ValidationError(errors)


class Fulfilment(PeriodLocked, models.Model):
    """Fulfilment record (践诺): what a member did against a pledge item, with evidence."""

    scope_field = "item__pledge__organization"
    period_field = "done_on"

    item = models.ForeignKey(PledgeItem, verbose_name=_("pledge item"), on_delete=models.CASCADE,
                             related_name="fulfilments")
    done_on = models.DateField(_("date"))
    description = models.CharField(_("what was done"), max_length=500)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    # Checked by content in ``fulfilment_record`` (partybuild.files); downloaded via ``services:fulfilment-evidence``.
    evidence_file = models.FileField(
        _("evidence file"), upload_to=UploadTo("ledgers/evidence"), storage=private_storage, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fulfilment record")
        verbose_name_plural = _("fulfilment records")
        ordering = ["-done_on", "-id"]
        indexes = [models.Index(fields=["done_on", "id"], name="fulfilment_date_idx")]

    def __str__(self) -> str:
        return self.description


# ---------------------------------------------------------------------------------------------
# Needy residents and assistance (困难群众名单和帮扶情况), with 三级包抓 pairings


class PairingLevel(models.TextChoices):
    COMMITTEE_HEAD = "committee_head", _("Committee head")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    PARTY_MEMBER = "party_member", _("Party member")


class NeedyCategory(models.TextChoices):
    """Hardship categories (困难类别). The ones 三级包抓 gives to ordinary members follow seed 001:
    the very old (高龄老人), people with limited mobility (行动不便人员), the disabled (残疾, not the
    software sense of "disabled") and families with infants."""

    LOW_INCOME = "low_income", _("Low income")
    DISABLED = "disabled", pgettext_lazy("hardship category", "Disabled")
    VERY_OLD = "very_old", _("Very old")
    LIMITED_MOBILITY = "limited_mobility", _("Limited mobility")
    SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
    UNEMPLOYED = "unemployed", _("Unemployed")
    INFANTS = "infants", _("Family with infants")
    PETITIONER = "petitioner", _("Petitioner")
    OTHER = "other", _("Other hardship")


# 三级包抓: committee heads take petitioners, committee members needy households, members the
# very old, people with limited mobility, the disabled and families with infants.
PAIRING_FOR_CATEGORY = {
    NeedyCategory.PETITIONER: PairingLevel.COMMITTEE_HEAD,
    NeedyCategory.LOW_INCOME: PairingLevel.COMMITTEE_MEMBER,
    NeedyCategory.SERIOUS_ILLNESS: PairingLevel.COMMITTEE_MEMBER,
    NeedyCategory.UNEMPLOYED: PairingLevel.COMMITTEE_MEMBER,
    NeedyCategory.OTHER: PairingLevel.COMMITTEE_MEMBER,
    NeedyCategory.VERY_OLD: PairingLevel.PARTY_MEMBER,
    NeedyCategory.LIMITED_MOBILITY: PairingLevel.PARTY_MEMBER,
    NeedyCategory.DISABLED: PairingLevel.PARTY_MEMBER,
    NeedyCategory.INFANTS: PairingLevel.PARTY_MEMBER,
}


class NeedyHousehold(models.Model):
    """Needy resident household (困难群众) with its 三级包抓 pairing: the level and the member responsible."""

    scope_field = "organization"

    organization = models.ForeignKey(ORG, verbose_name=_("grid branch"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "grids.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="needy_records"
    )
    category = models.CharField(_("hardship category"), max_length=20, choices=NeedyCategory.choices)
    situation = models.CharField(_("situation"), max_length=300, blank=True)
    pairing_level = models.CharField(_("pairing level"), max_length=20, choices=PairingLevel.choices)
    responsible = models.ForeignKey(
        "organizations.Member", verbose_name=_("responsible member"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="paired_households",
    )
    registered_on = models.DateField(_("registered on"))
    is_active = models.BooleanField(_("still in need"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("needy household")
        verbose_name_plural = _("needy households")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["household", "category"], name="one_needy_record_per_category"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.category}"

    def clean(self) -> None:
        super().clean()
        expected = PAIRING_FOR_CATEGORY.get(self.category)
        if expected and self.pairing_level and self.pairing_level != expected:
            raise ValidationError({"pairing_level": _(
                "Under 三级包抓 a %(category)s household is paired with a %(level)s."
            ) % {"category": NeedyCategory(self.category).label, "level": PairingLevel(expected).label}})


class Assistance(PeriodLocked, models.Model):
    """An act of assistance (帮扶记录) to a needy household: when, who, what and how much."""

    scope_field = "needy__organization"
    period_field = "given_on"

    needy = models.ForeignKey(NeedyHousehold, verbose_name=_("needy household"), on_delete=models.CASCADE,
                              related_name="assistance")
    given_on = models.DateField(_("date"))
    helper = models.CharField(_("who helped"), max_length=100)
    content = models.CharField(_("assistance given"), max_length=300)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("assistance record")
        verbose_name_plural = _("assistance records")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="assistance_amount_positive", condition=Q(amount__isnull=True) | Q(amount__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return self.content

    def clean(self) -> None:
        super().clean()
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": MinValueValidator(0).message % {"limit_value": 0}})


# ---------------------------------------------------------------------------------------------
# Residents' opinions and demands (群众意见和诉求)


class DemandSource(models.TextChoices):
    VISIT = "visit", _("Visit")
    HOTLINE = "hotline", _("Hotline")
    WECHAT = "wechat", _("WeChat")
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter")


class DemandStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    HANDLING = "handling", _("Being handled")
    CLOSED = "closed", _("Replied and closed")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Demand(PeriodLocked, models.Model):
    """Residents' opinion or demand (群众意见和诉求): received, handled, replied, rated."""

    scope_field = "organization"
    period_field = "received_on"
    personal_fields = ("phone",)

    organization = models.ForeignKey(ORG, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("source"), max_length=16, choices=DemandSource.choices)
    resident_name = models.CharField(_("resident"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    household = models.ForeignKey(
        "grids.Household", verbose_name=_("household"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="demands",
    )
    content = models.TextField(_("opinion or demand"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=16, choices=DemandStatus.choices, default=DemandStatus.RECEIVED)
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=16, choices=Satisfaction.choices, blank=True)
    report = models.OneToOneField(
        "reports.GridReport", verbose_name=_("grid report"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="demand",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resident demand")
        verbose_name_plural = _("resident demands")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["organization", "received_on"], name="demand_org_date_idx")]
        constraints = [
            models.CheckConstraint(name="demand_closed_has_reply",
                                   condition=~Q(status="closed") | Q(replied_on__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.content[:40]

    def clean(self) -> None:
        super().clean()
        if self.satisfaction and not self.reply:
            raise ValidationError({"satisfaction": _("Satisfaction is recorded after the resident got a reply.")})
        if self.replied_on and self.received_on and self.replied_on < self.received_on:
            raise ValidationError({"replied_on": _("The reply cannot be earlier than the demand.")})

