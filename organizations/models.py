"""The party-organisation tree and the people in it.

The tree is a materialised path (django-treebeard ``MP_Node``): a subtree is one
``path LIKE 'prefix%'`` query on an indexed column, which is what the scoping
mechanism (``partybuild.scoping``) relies on for every list in the portal.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node

from .validators import id_birth_date, validate_id_number, validate_phone


class Level(models.TextChoices):
    DISTRICT = "district", _("District committee")
    STREET = "street", _("Street working committee")
    COMMUNITY = "community", _("Community party organisation")
    GRID = "grid", _("Grid branch")
    BUILDING = "building", _("Building group")
    HOUSEHOLD = "household", _("Member household")
    # Compound branches, commercial-building committees and temporary branches
    # hang on a street or community outside the five-level chain.
    SPECIAL = "special", _("Special organisation")


# Tree depth (treebeard counts the root as 1) of every level of the chain.
LEVEL_DEPTH = {
    Level.DISTRICT: 1,
    Level.STREET: 2,
    Level.COMMUNITY: 3,
    Level.GRID: 4,
    Level.BUILDING: 5,
    Level.HOUSEHOLD: 6,
}
PARENT_LEVEL = {
    Level.STREET: Level.DISTRICT,
    Level.COMMUNITY: Level.STREET,
    Level.GRID: Level.COMMUNITY,
    Level.BUILDING: Level.GRID,
    Level.HOUSEHOLD: Level.BUILDING,
}


class OrgType(models.TextChoices):
    STANDARD = "standard", _("Standard")
    # Community organisations come in three sizes.
    COMMITTEE = "committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General party branch")
    BRANCH = "branch", _("Party branch")
    # Special organisations.
    COMPOUND_BRANCH = "compound_branch", _("Residential compound branch")
    BUILDING_COMMITTEE = "building_committee", _("Commercial building committee")
    TEMPORARY_BRANCH = "temporary_branch", _("Temporary branch")


COMMUNITY_TYPES = (OrgType.COMMITTEE, OrgType.GENERAL_BRANCH, OrgType.BRANCH)
SPECIAL_TYPES = (OrgType.COMPOUND_BRANCH, OrgType.BUILDING_COMMITTEE, OrgType.TEMPORARY_BRANCH)


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISSOLVED = "dissolved", _("Dissolved")


class Organization(MP_Node):
    """Party organisation (党组织): 区委, 街道党工委, 社区党组织, 网格党支部, 楼栋党小组, 党员中心户,
    or a special one (小区党支部, 楼宇综合党委, 临时党支部).

    Organisations that ever held records are dissolved, never deleted, so past
    records stay attached to the organisation as it was.
    """

    steplen = 4
    scope_field = ""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    org_type = models.CharField(_("type"), max_length=24, choices=OrgType.choices, default=OrgType.STANDARD)
    secretary = models.ForeignKey(
        "organizations.Member",
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Only member households (党员中心户) have a host: the member whose home it is.
    host = models.ForeignKey(
        "organizations.Member",
        verbose_name=_("host member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_households",
    )
    phone = models.CharField(_("contact phone"), max_length=20, blank=True, validators=[validate_phone])
    address = models.CharField(_("address"), max_length=200, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic locking: a form posts the version it read; a stale save is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        indexes = [
            # LIKE 'prefix%' on PostgreSQL needs a pattern opclass unless the
            # collation is C; with it a subtree is one index range scan.
            models.Index(fields=["path"], name="org_path_pattern_idx", opclasses=["varchar_pattern_ops"]),
            # The streets, communities and special organisations: what the summaries are kept per
            # (summaries.selectors._under). A whole district is 1,650 entries here, 20,000 above.
            models.Index(fields=["path"], name="org_bucket_path_idx", opclasses=["varchar_pattern_ops"],
                         condition=Q(depth__lte=LEVEL_DEPTH[Level.COMMUNITY])),
            models.Index(fields=["level", "org_type"], name="org_level_type_idx"),
        ]
        constraints = [
            # The level fixes the depth, so a node can only sit under the level above it.
            models.CheckConstraint(
                name="org_level_matches_depth",
                condition=(
                    Q(level=Level.DISTRICT, depth=1)
                    | Q(level=Level.STREET, depth=2)
                    | Q(level=Level.COMMUNITY, depth=3)
                    | Q(level=Level.GRID, depth=4)
                    | Q(level=Level.BUILDING, depth=5)
                    | Q(level=Level.HOUSEHOLD, depth=6)
                    | Q(level=Level.SPECIAL, depth__in=[3, 4])
                ),
            ),
            models.CheckConstraint(
                name="org_type_matches_level",
                condition=(
                    Q(level=Level.COMMUNITY, org_type__in=COMMUNITY_TYPES)
                    | Q(level=Level.SPECIAL, org_type__in=SPECIAL_TYPES)
                    | (~Q(level__in=[Level.COMMUNITY, Level.SPECIAL]) & Q(org_type=OrgType.STANDARD))
                ),
            ),
            models.CheckConstraint(
                name="org_temporary_has_end_date",
                condition=~Q(org_type=OrgType.TEMPORARY_BRANCH) | Q(end_date__isnull=False),
            ),
            models.CheckConstraint(
                name="org_dissolved_has_date",
                condition=~Q(status=OrgStatus.DISSOLVED) | Q(dissolved_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE

    def clean(self) -> None:
        super().clean()
        if self.level == Level.COMMUNITY and self.org_type not in COMMUNITY_TYPES:
            raise ValidationError(
                {"org_type": _("A community organisation is a party committee, general branch or branch.")}
            )
        if self.level == Level.SPECIAL and self.org_type not in SPECIAL_TYPES:
            raise ValidationError({"org_type": _("Choose the kind of special organisation.")})
        if self.level not in (Level.COMMUNITY, Level.SPECIAL) and self.org_type != OrgType.STANDARD:
            raise ValidationError({"org_type": _("Only communities and special organisations have a type.")})
        if self.org_type == OrgType.TEMPORARY_BRANCH and not self.end_date:
            raise ValidationError({"end_date": _("A temporary branch needs an end date.")})
        if self.end_date and self.established_on and self.end_date < self.established_on:
            raise ValidationError({"end_date": _("The end date is before the establishment date.")})
        if self.host_id and self.level != Level.HOUSEHOLD:
            raise ValidationError({"host": _("Only a member household has a host member.")})


def allowed_parent_levels(level: str) -> tuple[str, ...]:
    """Levels a node of ``level`` may sit directly under."""
    if level == Level.SPECIAL:
        return (Level.STREET, Level.COMMUNITY)
    parent = PARENT_LEVEL.get(level)
    return (parent,) if parent else ()


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior middle school")
    SENIOR = "senior", _("Senior middle school / technical")
    COLLEGE = "college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class MemberCategory(models.TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary member")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FLOATING_OUT = "floating_out", _("Floating out")
    FLOATING_IN = "floating_in", _("Floating in")
    ABROAD = "abroad", _("Abroad")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    DECEASED = "deceased", _("Deceased")
    LEFT = "left", _("Left the party")


# Members in these states are history: they no longer count as current members.
HISTORICAL_STATUSES = (MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED, MemberStatus.LEFT)


# The same words wherever an ID number turns out to be registered already (page, admin, API):
# nothing about whose it is or where, which the user may not be allowed to see.
ID_NUMBER_TAKEN = _("This ID card number cannot be registered here. If the person is already a party member, the "
                    "district's organisation department arranges their transfer.")


class Member(models.Model):
    """Party member (党员). ``branch`` is the organisation the member currently belongs to;
    the dated history lives in ``MembershipPeriod`` and ``MemberStatusChange``."""

    scope_field = "branch"
    personal_fields = ("id_number", "phone", "birth_date")

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_date = models.DateField(_("birth date"))
    id_number = models.CharField(_("ID card number"), max_length=18, unique=True, validators=[validate_id_number])
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    education = models.CharField(_("education"), max_length=16, choices=Education.choices, blank=True)
    joined_on = models.DateField(_("joined the party on"))
    category = models.CharField(
        _("category"), max_length=16, choices=MemberCategory.choices, default=MemberCategory.FULL
    )
    status = models.CharField(_("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    branch = models.ForeignKey(Organization, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="members")
    household = models.ForeignKey(
        "grids.Household", verbose_name=_("home household"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="members",
    )
    # In-service members (在职党员) also report in at the community where they live.
    is_in_service = models.BooleanField(_("in-service member"), default=False)
    work_unit = models.CharField(_("work unit"), max_length=120, blank=True)
    registered_community = models.ForeignKey(
        Organization, verbose_name=_("registered at community"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="registered_members", limit_choices_to={"level": Level.COMMUNITY},
    )
    registered_on = models.DateField(pgettext_lazy("in-service member", "registered on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["branch", "status"], name="member_branch_status_idx")]
        constraints = [
            models.CheckConstraint(
                name="member_in_service_registration",
                condition=Q(is_in_service=False) | Q(registered_community__isnull=False, registered_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_historical(self) -> bool:
        return self.status in HISTORICAL_STATUSES

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("id_number",):
            return ValidationError(ID_NUMBER_TAKEN, code="unique")
        return super().unique_error_message(model_class, unique_check)

    def clean(self) -> None:
        """The member's own date rules, the one copy that pages, API, admin and imports all reach
        through ``full_clean`` in ``member_services``."""
        super().clean()
        errors: dict[str, str] = {}
        if self.is_in_service and not (self.registered_community_id and self.registered_on):
            errors["registered_community"] = _("An in-service member must register at a community, with the date.")
        today = timezone.localdate()
        for name in ("birth_date", "registered_on"):
            if getattr(self, name) and getattr(self, name) > today:
                errors[name] = _("The date cannot be in the future.")
        if self.joined_on and self.joined_on > today:
            errors["joined_on"] = _("The joining date cannot be in the future.")
        elif self.birth_date and self.joined_on and self.joined_on < self.birth_date:
            errors["joined_on"] = _("The joining date is before the birth date.")
        # The ID number encodes the birth date; a mismatch is almost always a typing error.
        id_number = (self.id_number or "").strip().upper()
        if self.birth_date and len(id_number) == 18 and id_birth_date(id_number) not in (None, self.birth_date):
            errors.setdefault("birth_date", _("The birth date does not match the one in the ID card number."))
        if errors:
            raise ValidationError(errors)

    def check_joined_branch_on(self, on) -> None:
        """The first membership period starts on ``on``: not before joining the party, not in the future."""
        if on > timezone.localdate():
            raise ValidationError({"joined_branch_on": _("The date cannot be in the future.")})
        if self.joined_on and on < self.joined_on:
            raise ValidationError({"joined_branch_on": _("This date is before the date of joining the party.")})


class MembershipPeriod(models.Model):
    """A dated stay of a member in one organisation (组织关系): open while ``ended_on`` is empty."""

    class Reason(models.TextChoices):
        JOINED = "joined", _("Joined")
        TRANSFER = "transfer", _("Transfer")
        REORGANISATION = "reorganisation", _("Reorganisation")
        IMPORT = "import", _("Imported")

    scope_field = "organization"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="periods")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="membership_periods")
    started_on = models.DateField(pgettext_lazy("membership period", "from"))
    ended_on = models.DateField(pgettext_lazy("membership period", "until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, default=Reason.JOINED)

    class Meta:
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        ordering = ["member", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(ended_on__isnull=True), name="one_open_period_per_member"
            ),
            models.CheckConstraint(
                name="period_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        # Own fields only: auditlog calls str() on every save, where a related name would cost a query.
        return f"{self.started_on} – {self.ended_on or '…'}"


class MemberStatusChange(models.Model):
    """A dated change of a member's status (流动, 出国, 转出, 去世, 出党…)."""

    scope_field = "member__branch"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=16, choices=MemberStatus.choices)
    effective_on = models.DateField(_("effective on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["member", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.effective_on}"


class TransferState(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", pgettext_lazy("transfer", "Received")
    CANCELLED = "cancelled", _("Cancelled")


class Transfer(models.Model):
    """Transfer of a member's organisational relationship (组织关系转接): sent by the old
    branch, then received by the new one (or cancelled). Only receipt moves the member."""

    # Both branches see the transfer: the sender to cancel it, the receiver to accept it.
    scope_field = ("from_org", "to_org")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    from_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="transfers_out")
    to_org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="transfers_in")
    state = models.CharField(_("state"), max_length=16, choices=TransferState.choices, default=TransferState.SENT)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    sent_on = models.DateField(_("sent on"))
    closed_on = models.DateField(_("received or cancelled on"), null=True, blank=True)
    sent_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    closed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(state=TransferState.SENT), name="one_pending_transfer_per_member"
            ),
            models.CheckConstraint(name="transfer_changes_org", condition=~Q(from_org=models.F("to_org"))),
        ]
        # The to-do queue (transfers to receive, oldest first) read in index order, not by a scan.
        indexes = [models.Index(fields=["sent_on", "id"], condition=Q(state="sent"), name="transfer_waiting")]

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.sent_on}"


class ResidentUnit(models.Model):
    """Resident unit (驻区单位), company, social organisation or property company that
    sends part-time members to a street's 大工委 or a community's 大党委."""

    class Kind(models.TextChoices):
        RESIDENT_UNIT = "resident_unit", _("Resident unit")
        COMPANY = "company", _("Non-public company")
        SOCIAL_ORG = "social_org", _("Social organisation")
        PROPERTY_COMPANY = "property_company", _("Property company")

    scope_field = "street"

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    street = models.ForeignKey(
        Organization, verbose_name=_("street"), on_delete=models.PROTECT, related_name="resident_units",
        limit_choices_to={"level": Level.STREET},
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])

    class Meta:
        verbose_name = _("resident unit")
        verbose_name_plural = _("resident units")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["street", "name"], name="unique_unit_per_street")]

    def __str__(self) -> str:
        return self.name


class PartTimeMember(models.Model):
    """Part-time member (兼职委员) of a street 大工委 or community 大党委."""

    scope_field = "committee"

    committee = models.ForeignKey(
        Organization, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="part_time_members"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    unit = models.ForeignKey(ResidentUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="delegates")
    position = models.CharField(_("position in unit"), max_length=60, blank=True)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)

    class Meta:
        verbose_name = _("part-time committee member")
        verbose_name_plural = _("part-time committee members")
        ordering = ["committee", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def clean(self) -> None:
        super().clean()
        if self.committee_id and self.committee.level not in (Level.STREET, Level.COMMUNITY):
            raise ValidationError({"committee": _("Part-time members sit on a street or community committee.")})
        if self.term_end and self.term_start and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term ends before it starts.")})
