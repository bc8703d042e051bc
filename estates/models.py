"""Red property service (红色物业): property companies, service units, committees and 武房管家 items.

Who sees what. Units, committees and service records belong to a community (``scope_field``).
A company belongs to the street or district that registered it (``registrar``), and is also
visible to every street and community it serves: ``PropertyCompany.scope_extra_q`` adds the
companies of the current units under the user's subtrees (a subquery, so no duplicate rows).
Service items are set by the district or a street and read by everyone below it.

Buildings: a unit covers buildings through dated ``UnitBuilding`` rows; a partial unique index on
the building where ``ended_on IS NULL`` keeps each building in at most one current unit, in the
database. The company a unit has had is kept in dated ``UnitCompanyPeriod`` rows (one open per unit,
also a partial unique index); ``ServiceUnit.company`` is the current one, for fast joins.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grids.models import Building, Household
from organizations.models import Level, Member, Organization
from organizations.paths import is_within
from organizations.validators import validate_phone
from partybuild.files import UploadTo, private_storage

from .validators import normalise_credit_code, validate_credit_code

COMMUNITY = {"level": Level.COMMUNITY}


def _roots(user, action: str) -> list[str]:
    from partybuild.scoping import scope_paths

    return scope_paths(user, action) if getattr(user, "is_authenticated", False) else []


class PartyStatus(models.TextChoices):
    OWN_BRANCH = "own_branch", _("Own party branch")
    JOINT_BRANCH = "joint_branch", _("Joint party branch")
    INSTRUCTOR = "instructor", _("Party-building instructor")
    NONE = "none", _("None")


class ManagementMode(models.TextChoices):
    COMPANY = "company", _("Property company")
    SELF_MANAGED = "self_managed", _("Self-managed")
    OWNERS_COMMITTEE = "owners_committee", _("Owners' committee")
    MANAGEMENT_COMMITTEE = "management_committee", _("Property management committee")


class PropertyCompany(models.Model):
    """Property company (物业企业) with its party status (独立党支部/联合党支部/党建指导员).

    Visible to the subtree of the street or district that registered it, and to the streets and
    communities where it manages a unit now (``scope_extra_q``); edited only by its registrar's area."""

    scope_field = "registrar"

    registrar = models.ForeignKey(
        Organization, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="property_companies",
        help_text=_("The district or street that keeps this company's record."),
    )
    name = models.CharField(_("name"), max_length=120)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    # The company's service line, posted in the compounds it serves (a public contact).
    phone = models.CharField(_("service phone"), max_length=20, blank=True, validators=[validate_phone])
    address = models.CharField(_("address"), max_length=200, blank=True)
    qualification = models.CharField(_("qualification"), max_length=100, blank=True)
    party_status = models.CharField(
        _("party status"), max_length=20, choices=PartyStatus.choices, default=PartyStatus.NONE
    )
    party_branch = models.ForeignKey(
        Organization, verbose_name=_("party branch"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="property_companies_led",
    )
    instructor = models.ForeignKey(
        Member, verbose_name=_("party-building instructor"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="instructed_companies",
    )
    instructor_since = models.DateField(_("instructor since"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("property company")
        verbose_name_plural = _("property companies")
        ordering = ["name", "id"]
        constraints = [
            # A branch where the status says so, and only then.
            models.CheckConstraint(
                condition=Q(party_status__in=["own_branch", "joint_branch"], party_branch__isnull=False)
                | (~Q(party_status__in=["own_branch", "joint_branch"]) & Q(party_branch__isnull=True)),
                name="company_branch_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(party_status="instructor", instructor__isnull=False, instructor_since__isnull=False)
                | (~Q(party_status="instructor") & Q(instructor__isnull=True)),
                name="company_instructor_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.credit_code = normalise_credit_code(self.credit_code)
        errors = {}
        with_branch = self.party_status in (PartyStatus.OWN_BRANCH, PartyStatus.JOINT_BRANCH)
        if with_branch and not self.party_branch_id:
            errors["party_branch"] = _("Name the party branch the company's members belong to.")
        if not with_branch and self.party_branch_id:
            errors["party_branch"] = _("Only a company with its own or a joint branch names a branch.")
        if self.party_status == PartyStatus.INSTRUCTOR:
            if not self.instructor_id:
                errors["instructor"] = _("Name the party member dispatched as instructor.")
            if not self.instructor_since:
                errors["instructor_since"] = _("Say since when the instructor serves.")
        elif self.instructor_id or self.instructor_since:
            errors["instructor"] = _("Only a company with an instructor names one.")
        if self.registrar_id and self.registrar.level not in (Level.DISTRICT, Level.STREET):
            errors["registrar"] = _("A company is registered by the district or a street.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def scope_extra_q(cls, user, action: str) -> Q | None:
        """A company is visible (never editable) to the streets and communities it serves now."""
        from partybuild.scoping import VIEW

        roots = _roots(user, VIEW) if action == VIEW else []
        if not roots:
            return None
        served = Q()
        for root in roots:
            served |= Q(community__path__startswith=root)
        units = ServiceUnit.objects.filter(served, company__isnull=False).values("company_id")
        return Q(pk__in=units)


class ServiceUnit(models.Model):
    """Property service unit (物业服务单元): a compound or group of buildings of a community."""

    scope_field = "community"

    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="property_units",
        limit_choices_to=COMMUNITY,
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    management_mode = models.CharField(_("management mode"), max_length=24, choices=ManagementMode.choices)
    company = models.ForeignKey(
        PropertyCompany, verbose_name=_("property company"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="units",
    )
    households = models.PositiveIntegerField(
        _("household count"), default=0,
        help_text=_("Households the unit serves (the basis of per-100-household rates)."),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("property service unit")
        verbose_name_plural = _("property service units")
        ordering = ["community", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(management_mode="company") | Q(company__isnull=False), name="company_mode_has_company"
            ),
            models.CheckConstraint(
                condition=~Q(management_mode="self_managed") | Q(company__isnull=True), name="self_managed_no_company"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.community_id and self.community.level != Level.COMMUNITY:
            raise ValidationError({"community": _("A property service unit belongs to a community.")})
        if self.management_mode == ManagementMode.COMPANY and not self.company_id:
            raise ValidationError({"company": _("A unit managed by a property company names the company.")})
        if self.management_mode == ManagementMode.SELF_MANAGED and self.company_id:
            raise ValidationError({"company": _("A self-managed unit has no property company.")})


class UnitCompanyPeriod(models.Model):
    """Dated management of a unit (物业服务单元管理沿革): its mode and company from one date to another."""

    scope_field = "unit__community"

    unit = models.ForeignKey(
        ServiceUnit, verbose_name=_("service unit"), on_delete=models.CASCADE, related_name="periods"
    )
    management_mode = models.CharField(_("management mode"), max_length=24, choices=ManagementMode.choices)
    company = models.ForeignKey(
        PropertyCompany, verbose_name=_("property company"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="unit_periods",
    )
    started_on = models.DateField(_("valid from"))
    ended_on = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("management period")
        verbose_name_plural = _("management periods")
        ordering = ["unit", "-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(ended_on__isnull=True), name="one_open_period_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="unit_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.started_on}"


class UnitBuilding(models.Model):
    """A building covered by a property service unit (单元楼栋), from one date to another."""

    scope_field = "unit__community"

    unit = models.ForeignKey(
        ServiceUnit, verbose_name=_("service unit"), on_delete=models.CASCADE, related_name="coverage"
    )
    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="property_coverage"
    )
    started_on = models.DateField(_("valid from"))
    ended_on = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("covered building")
        verbose_name_plural = _("covered buildings")
        ordering = ["unit", "building"]
        constraints = [
            # Each building lies in at most one current unit.
            models.UniqueConstraint(
                fields=["building"], condition=Q(ended_on__isnull=True), name="one_current_unit_per_building"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.building}"

    def clean(self) -> None:
        super().clean()
        if self.unit_id and self.building_id and not is_within(
            self.building.grid.branch.path, self.unit.community.path
        ):
            raise ValidationError({"building": _("The building does not lie in the unit's community.")})


class CommitteeKind(models.TextChoices):
    OWNERS = "owners_committee", _("Owners' committee")
    MANAGEMENT = "management_committee", _("Property management committee")


class Committee(models.Model):
    """Owners' committee (业主委员会) or property management committee (物业管理委员会) of a unit, one term."""

    scope_field = "unit__community"

    unit = models.ForeignKey(
        ServiceUnit, verbose_name=_("service unit"), on_delete=models.PROTECT, related_name="committees"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CommitteeKind.choices)
    elected_on = models.DateField(_("election date"))
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("owners' or management committee")
        verbose_name_plural = _("owners' and management committees")
        ordering = ["unit", "-term_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "term_start"], name="one_committee_term_per_start"),
            models.CheckConstraint(condition=Q(term_end__gt=models.F("term_start")), name="committee_term_ends_after"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.term_start:%Y}"

    def clean(self) -> None:
        super().clean()
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            raise ValidationError({"term_end": _("The term must end after it starts.")})
        if self.elected_on and self.term_start and self.elected_on > self.term_start:
            raise ValidationError({"elected_on": _("The committee is elected before its term starts.")})


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", pgettext_lazy("committee role", "Member")


class Appointment(models.TextChoices):
    NONE = "", _("None")
    IN_SERVICE_OFFICIAL = "in_service_official", _("In-service official")
    COMMUNITY_COMMITTEE = "community_committee", _("Community committee member")
    COMPANY_STAFF = "company_staff", _("Property company staff")


class CommitteeMember(models.Model):
    """Member of an owners' or management committee (业委会成员), with 双向进入、交叉任职 noted."""

    scope_field = "committee__unit__community"
    personal_fields = ("phone",)

    committee = models.ForeignKey(
        Committee, verbose_name=pgettext_lazy("property", "committee"), on_delete=models.CASCADE,
        related_name="members",
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    committee_role = models.CharField(
        pgettext_lazy("committee role", "role"), max_length=12, choices=CommitteeRole.choices,
        default=CommitteeRole.MEMBER,
    )
    party_member = models.ForeignKey(
        Member, verbose_name=_("party member"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="property_committee_seats",
    )
    is_party_member = models.BooleanField(_("party member"), default=False)
    cross_appointment = models.CharField(
        _("cross-appointed as"), max_length=24, choices=Appointment.choices, blank=True,
    )
    cross_post = models.CharField(
        _("post held elsewhere"), max_length=100, blank=True,
        help_text=_("Where the member also sits, e.g. 社区居委会委员 or the company's project manager."),
    )
    started_on = models.DateField(_("valid from"), null=True, blank=True)
    ended_on = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "committee_role", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee"], condition=Q(committee_role="chair", ended_on__isnull=True),
                name="one_sitting_chair_per_committee",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.party_member_id:
            self.is_party_member = True
        if self.cross_appointment and not self.cross_post:
            raise ValidationError({"cross_post": _("Say which post the member holds elsewhere.")})


class ServiceItem(models.Model):
    """Priced service item of 武房管家 with its unified fee and quality standard."""

    scope_field = "owner"

    owner = models.ForeignKey(
        Organization, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="property_service_items",
        help_text=_("The district or street whose fee applies."),
    )
    name = models.CharField(_("name"), max_length=100)
    fee = models.DecimalField(
        _("unified fee (yuan)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    fee_unit = models.CharField(_("per"), max_length=20, default="次")
    quality_standard = models.TextField(_("quality standard"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["owner", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="unique_service_item_per_owner")]

    def __str__(self) -> str:
        return f"{self.name} ¥{self.fee}/{self.fee_unit}"

    def clean(self) -> None:
        super().clean()
        if self.owner_id and self.owner.level not in (Level.DISTRICT, Level.STREET):
            raise ValidationError({"owner": _("Fees are set by the district or a street.")})

    @classmethod
    def scope_extra_q(cls, user, action: str) -> Q | None:
        """Everyone below the district or street that sets an item reads it (its fee applies there)."""
        from organizations.paths import ancestor_paths
        from partybuild.scoping import VIEW

        roots = _roots(user, VIEW) if action == VIEW else []
        above = sorted({p for root in roots for p in ancestor_paths(root)})
        return Q(owner__path__in=above) if above else None


class ServiceRecord(models.Model):
    """A 武房管家 service done for a household (服务记录), at the item's unified fee or below."""

    scope_field = "community"

    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="property_service_records",
        limit_choices_to=COMMUNITY,
    )
    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.PROTECT, related_name="records"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="property_services"
    )
    company = models.ForeignKey(
        PropertyCompany, verbose_name=_("property company"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="service_records",
    )
    served_on = models.DateField(_("served on"))
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])
    fee_charged = models.DecimalField(
        _("fee charged (yuan)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-served_on", "-id"]
        indexes = [models.Index(fields=["community", "served_on"], name="estates_record_comm_date")]

    def __str__(self) -> str:
        return f"{self.item.name} {self.served_on}"

    def clean(self) -> None:
        super().clean()
        if self.item_id and self.fee_charged is not None and self.quantity:
            ceiling = self.item.fee * self.quantity
            if self.fee_charged > ceiling:
                message = _("The fee may not exceed the unified fee: at most %(fee)s yuan.")
                raise ValidationError({"fee_charged": message % {"fee": f"{ceiling:.2f}"}})
        if self.household_id and self.community_id and not is_within(
            self.household.building.grid.branch.path, self.community.path
        ):
            raise ValidationError({"household": _("The household does not live in this community.")})


# --- complaints, surveys, inspections -------------------------------------------------------------


class Matter(models.TextChoices):
    """What a complaint is about: "the same matter" for repeat detection."""

    ELEVATOR = "elevator", _("Elevator")
    WATER = "water", _("Water supply and drains")
    CLEANING = "cleaning", _("Cleaning and refuse")
    SECURITY = "security", _("Security and access")
    PARKING = "parking", _("Parking")
    GREENERY = "greenery", _("Greenery and public areas")
    REPAIRS = "repairs", _("Repairs of shared parts")
    FEES = "fees", _("Fees")
    ATTITUDE = "attitude", _("Service attitude")
    OTHER = "other", _("Other")


class ComplaintSource(models.TextChoices):
    COMMUNITY = "community", _("Recorded by the community")
    GRID_REPORT = "grid_report", _("Grid report")


class ComplaintStatus(models.TextChoices):
    ROUTED = "routed", _("Sent to the company")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Complaint(models.Model):
    """Property complaint (物业投诉) of a resident against the company of a unit.

    Recorded by the community, or linked to a grid report of a property category (the report's
    text and household are read from the report, never typed again). Routed to the company's
    contact with a deadline in working days; answered, then closed with the resident's
    satisfaction. ``repeat_of`` marks a complaint of the same household about the same matter
    within 90 days of an earlier one."""

    scope_field = "unit__community"
    personal_fields = ("phone",)

    unit = models.ForeignKey(
        ServiceUnit, verbose_name=_("service unit"), on_delete=models.PROTECT, related_name="complaints"
    )
    company = models.ForeignKey(
        PropertyCompany, verbose_name=_("property company"), on_delete=models.PROTECT, related_name="complaints"
    )
    source = models.CharField(_("source"), max_length=16, choices=ComplaintSource.choices)
    report = models.OneToOneField(
        "reports.GridReport", verbose_name=_("grid report"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="property_complaint",
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="property_complaints",
    )
    resident_name = models.CharField(_("resident"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    matter = models.CharField(_("matter"), max_length=16, choices=Matter.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    complaint_status = models.CharField(
        _("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.ROUTED
    )
    routed_to = models.CharField(_("sent to"), max_length=100, blank=True)
    filed_at = models.DateTimeField(_("filed at"), db_index=True)
    answer_due_at = models.DateTimeField(_("answer due"))
    answer = models.TextField(_("company's answer"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("resident satisfaction"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    repeat_of = models.ForeignKey(
        "self", verbose_name=_("repeat of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="repeats"
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("property complaint")
        verbose_name_plural = _("property complaints")
        ordering = ["-filed_at", "-id"]
        indexes = [
            # Repeat detection: the household's earlier complaints about the same matter.
            models.Index(fields=["household", "matter", "filed_at"], name="estates_complaint_repeat"),
            models.Index(fields=["company", "filed_at"], name="estates_complaint_company"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="grid_report") | Q(report__isnull=False), name="grid_complaint_has_report"
            ),
            models.CheckConstraint(
                condition=~Q(complaint_status="closed") | Q(satisfaction__isnull=False),
                name="closed_complaint_has_satisfaction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_matter_display()} {self.filed_at:%Y-%m-%d}"

    @property
    def is_repeat(self) -> bool:
        return self.repeat_of_id is not None

    @property
    def answered_on_time(self) -> bool | None:
        return None if self.answered_at is None else self.answered_at <= self.answer_due_at


class SatisfactionSurvey(models.Model):
    """Resident satisfaction survey (满意度测评) of a unit for one quarter."""

    scope_field = "unit__community"

    unit = models.ForeignKey(
        ServiceUnit, verbose_name=_("service unit"), on_delete=models.PROTECT, related_name="surveys"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    sample_size = models.PositiveIntegerField(_("residents asked"), validators=[MinValueValidator(1)])
    satisfied = models.PositiveIntegerField(_("satisfied"))
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-year", "-quarter", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "quarter"], name="one_survey_per_unit_quarter"),
            models.CheckConstraint(condition=Q(satisfied__lte=models.F("sample_size")), name="satisfied_within_sample"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}Q{self.quarter}"

    def clean(self) -> None:
        super().clean()
        if self.satisfied is not None and self.sample_size is not None and self.satisfied > self.sample_size:
            raise ValidationError({"satisfied": _("More residents satisfied than asked.")})


class Inspection(models.Model):
    """Street inspection (街道巡查) of a unit: items checked and a score out of 100."""

    scope_field = "unit__community"

    unit = models.ForeignKey(
        ServiceUnit, verbose_name=_("service unit"), on_delete=models.PROTECT, related_name="inspections"
    )
    company = models.ForeignKey(
        PropertyCompany, verbose_name=_("property company"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspected_on = models.DateField(_("inspected on"))
    inspector = models.ForeignKey(
        "accounts.User", verbose_name=_("inspector"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    items_checked = models.TextField(_("items checked"), max_length=2000)
    findings = models.TextField(_("findings"), max_length=2000, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(score__lte=100), name="inspection_score_at_most_100")]

    def __str__(self) -> str:
        return f"{self.unit} {self.inspected_on}"


class InspectionPhoto(models.Model):
    """Inspection photo (巡查照片): taken on site, stored privately and shown through the
    inspection's scoped photo view (``estates:inspection-photo``)."""

    scope_field = "inspection__unit__community"

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), storage=private_storage, upload_to=UploadTo("estates/inspections"))
    content_type = models.CharField(max_length=50)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")
        ordering = ["inspection", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or str(self.inspection)


class RankingWeights(models.Model):
    """Weights of the company ranking (物业企业排名权重) the district sets, and the strength of the
    shrinkage toward the district mean (see ``estates.ranking``)."""

    scope_field = "district"

    district = models.OneToOneField(
        Organization, verbose_name=_("district"), on_delete=models.PROTECT, related_name="property_ranking_weights"
    )
    complaints = models.PositiveSmallIntegerField(_("weight of complaints per 100 households"), default=30)
    on_time = models.PositiveSmallIntegerField(_("weight of on-time answers"), default=15)
    repeats = models.PositiveSmallIntegerField(_("weight of repeat complaints"), default=15)
    satisfaction = models.PositiveSmallIntegerField(_("weight of satisfaction"), default=25)
    inspection = models.PositiveSmallIntegerField(_("weight of inspection scores"), default=15)
    prior_households = models.PositiveIntegerField(
        _("shrinkage strength (households)"), default=300,
        help_text=_("A company with this many households counts half on its own figures, half on the mean."),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("ranking weights")
        verbose_name_plural = _("ranking weights")

    def __str__(self) -> str:
        return str(self.district)

    def clean(self) -> None:
        super().clean()
        if self.district_id and self.district.level != Level.DISTRICT:
            raise ValidationError({"district": _("Ranking weights are set by the district.")})
        if not any((self.complaints, self.on_time, self.repeats, self.satisfaction, self.inspection)):
            raise ValidationError(_("At least one weight must be above zero."))


# --- red and black lists --------------------------------------------------------------------------


class ListKind(models.TextChoices):
    RED = "red", _("Red list")
    BLACK = "black", _("Black list")


class ListStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed by the street")
    LISTED = "listed", _("Listed")
    APPEALED = "appealed", _("Under appeal")
    REJECTED = "rejected", _("Rejected")
    REVOKED = "revoked", _("Revoked")


class ListBasis(models.TextChoices):
    RULE = "rule", _("Rule: bottom of the ranking two quarters running")
    MANUAL = "manual", _("By hand, with evidence")


class ListEntry(models.Model):
    """Red or black list entry of a property company (红黑榜): proposed (by rule or by hand, with
    evidence), confirmed by the street, decided by the district; dated start, expiry and review;
    the company may appeal with a reason. ``ListStep`` keeps every step."""

    scope_field = "street"

    company = models.ForeignKey(
        PropertyCompany, verbose_name=_("property company"), on_delete=models.PROTECT, related_name="list_entries"
    )
    street = models.ForeignKey(
        Organization, verbose_name=_("street"), on_delete=models.PROTECT, related_name="property_list_entries",
        help_text=_("The street that proposes and confirms."),
    )
    kind = models.CharField(_("list"), max_length=8, choices=ListKind.choices)
    basis = models.CharField(_("basis"), max_length=8, choices=ListBasis.choices)
    evidence = models.TextField(_("evidence"), max_length=4000)
    list_status = models.CharField(_("status"), max_length=12, choices=ListStatus.choices, default=ListStatus.PROPOSED)
    starts_on = models.DateField(_("listed from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    appeal_reason = models.TextField(_("appeal reason"), max_length=2000, blank=True)
    proposed_by = models.ForeignKey(
        "accounts.User", verbose_name=_("proposed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("red or black list entry")
        verbose_name_plural = _("red and black list entries")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(list_status__in=["listed", "appealed"])
                | Q(starts_on__isnull=False, expires_on__isnull=False),
                name="listed_entry_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.get_kind_display()}"


class ListStep(models.Model):
    """One step of a list entry (红黑榜流程记录): who, when, to which state, why."""

    scope_field = "entry__street"

    entry = models.ForeignKey(ListEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="steps")
    list_status = models.CharField(_("status"), max_length=12, choices=ListStatus.choices)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("list step")
        verbose_name_plural = _("list steps")
        ordering = ["entry", "at", "id"]

    def __str__(self) -> str:
        return f"{self.entry} → {self.list_status}"
