"""Residents' orders (三单制), volunteer teams, service hours and points (时间银行/积分).

Points live in a ledger (``PointsEntry``): every credit and debit is a row with its reason and the
order or redemption behind it. A volunteer's balance is ``Sum(points)`` over their rows, computed by
the database each time it is needed; there is no stored balance column that could drift from the
ledger. Redemptions lock the volunteer's row first (``select_for_update``), so two concurrent
redemptions are serialised and the second one sees the first one's debit (see ``services``).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Level, Member, Organization
from organizations.paths import is_within
from organizations.validators import validate_phone

COMMUNITY = {"level": Level.COMMUNITY}


class VolunteerTeam(models.Model):
    """Volunteer service team (志愿服务队) of a community."""

    scope_field = "community"

    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="volunteer_teams",
        limit_choices_to=COMMUNITY,
    )
    name = models.CharField(_("name"), max_length=100)
    speciality = models.CharField(_("speciality"), max_length=200, blank=True)
    leader = models.ForeignKey(
        "volunteers.Volunteer", verbose_name=_("leader"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["community", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="unique_team_per_community")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.community_id and self.community.level != Level.COMMUNITY:
            raise ValidationError({"community": _("A volunteer team belongs to a community.")})
        if self.leader_id and self.leader.team_id != self.pk:
            raise ValidationError({"leader": _("The leader must be a member of this team.")})


class Volunteer(models.Model):
    """Volunteer (志愿者) of a community: a party member or a resident known by name and phone.
    Holds the time-bank and points account (时间银行/积分)."""

    scope_field = "community"
    personal_fields = ("phone",)

    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="volunteers",
        limit_choices_to=COMMUNITY,
    )
    name = models.CharField(_("name"), max_length=50, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    member = models.ForeignKey(
        Member, verbose_name=_("party member"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="volunteer_accounts",
    )
    team = models.ForeignKey(
        VolunteerTeam, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="volunteers",
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name", "id"]
        constraints = [
            # One points account per party member and community, so credits never split.
            models.UniqueConstraint(
                fields=["community", "member"], condition=Q(member__isnull=False), name="one_account_per_member"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.team_id and self.community_id and self.team.community_id != self.community_id:
            raise ValidationError({"team": _("The team belongs to another community.")})
        if self.member_id and self.community_id and not member_fits_community(self.member, self.community):
            raise ValidationError(
                {"member": _("This party member neither belongs to nor is registered at this community.")}
            )


def member_fits_community(member: Member, community: Organization) -> bool:
    """A member volunteers where they belong (their branch lies under the community) or where
    they are registered as an in-service member (报到)."""
    return member.registered_community_id == community.pk or is_within(member.branch.path, community.path)


class Category(models.TextChoices):
    REPAIRS = "repairs", _("Repairs")
    ELDERLY_CARE = "elderly_care", _("Elderly care")
    TUTORING = "tutoring", _("Tutoring")
    CLEANING = "cleaning", _("Cleaning")
    ERRANDS = "errands", _("Errands")
    LEGAL_ADVICE = "legal_advice", _("Legal advice")
    OTHER = "other", _("Other")


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("Placed")
    DISPATCHED = "dispatched", _("Dispatched")
    TAKEN = "taken", _("Taken")
    DONE = "done", _("Done")
    RATED = "rated", _("Rated")
    CANCELLED = "cancelled", _("Cancelled")


# Orders in these states have been served: they count as done in the statistics.
SERVED_STATUSES = (OrderStatus.DONE, OrderStatus.RATED)


class Confirmation(models.TextChoices):
    """Who, besides the person recording it, vouched that the service was done."""

    RESIDENT_CODE = "resident_code", _("Resident's confirmation code")
    STREET_OFFICIAL = "street_official", _("Confirmed by the street")


class ServiceOrder(models.Model):
    """Resident's order (居民下单) of the 三单制: placed by a resident, dispatched by the community
    (社区派单) to an in-service party member or a volunteer team, taken (党员接单), done, rated."""

    # {% status_badge %}: served orders are green
    status_tones = {"placed": "warning", "dispatched": "info", "taken": "primary", "cancelled": "secondary"}
    status_tone = "success"

    scope_field = "community"
    personal_fields = ("phone",)

    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="service_orders",
        limit_choices_to=COMMUNITY,
    )
    resident_name = models.CharField(_("resident"), max_length=50, blank=True)
    household = models.ForeignKey(
        "grids.Household", verbose_name=_("household"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="service_orders",
    )
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    need = models.TextField(_("what is needed"), max_length=1000)
    preferred_time = models.CharField(_("preferred time"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.PLACED)
    assigned_member = models.ForeignKey(
        Member, verbose_name=_("assigned member"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="service_orders",
    )
    assigned_team = models.ForeignKey(
        VolunteerTeam, verbose_name=_("assigned team"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="orders",
    )
    placed_at = models.DateTimeField(_("placed at"), db_index=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    hours = models.DecimalField(
        _("service hours"), max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField(_("resident's comment"), max_length=300, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dispatched_by = models.ForeignKey(
        "accounts.User", verbose_name=_("dispatched by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # "salt$hmac" of the code handed to the resident when the order was placed; the code itself is
    # shown once and stored nowhere (see ``volunteers.confirmation``).
    confirmation_digest = models.CharField(max_length=100, blank=True, editable=False)
    confirmation = models.CharField(
        _("completion confirmed by"), max_length=20, choices=Confirmation.choices, blank=True
    )

    class Meta:
        verbose_name = _("resident's order")
        verbose_name_plural = _("residents' orders")
        ordering = ["-placed_at", "-id"]
        indexes = [
            models.Index(fields=["community", "status"], name="order_community_status_idx"),
            # The to-do queue (orders to dispatch, oldest first) read in index order, not by a scan.
            models.Index(fields=["placed_at", "id"], condition=Q(status="placed"), name="order_waiting"),
        ]
        constraints = [
            models.CheckConstraint(
                name="order_one_assignee",
                condition=Q(assigned_member__isnull=True) | Q(assigned_team__isnull=True),
            ),
            models.CheckConstraint(
                name="order_rating_range", condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()}"

    @property
    def assignee(self):
        return self.assigned_member or self.assigned_team


class OrderStep(models.Model):
    """One step of an order's timeline (工单流转记录): who did what, when."""

    scope_field = "order__community"

    order = models.ForeignKey(ServiceOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("step"), max_length=12, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("order step")
        verbose_name_plural = _("order steps")
        ordering = ["order", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.at:%Y-%m-%d %H:%M}"


class PartnerShop(models.Model):
    """Partner shop (积分兑换商家) where volunteers redeem points."""

    scope_field = "community"

    community = models.ForeignKey(
        Organization, verbose_name=_("community"), on_delete=models.PROTECT, related_name="partner_shops",
        limit_choices_to=COMMUNITY,
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    offer = models.CharField(_("what it offers"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("partner shop")
        verbose_name_plural = _("partner shops")
        ordering = ["community", "name"]

    def __str__(self) -> str:
        return self.name


class Redemption(models.Model):
    """Redemption of points (积分兑换) for goods or a service at a partner shop."""

    scope_field = "volunteer__community"

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="redemptions"
    )
    shop = models.ForeignKey(PartnerShop, verbose_name=_("shop"), on_delete=models.PROTECT, related_name="redemptions")
    item = models.CharField(_("item"), max_length=100)
    points = models.PositiveIntegerField(_("points"), validators=[MinValueValidator(1)])
    redeemed_at = models.DateTimeField(_("redeemed at"))
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-redeemed_at", "-id"]
        constraints = [models.CheckConstraint(name="redemption_positive", condition=Q(points__gt=0))]

    def __str__(self) -> str:
        return f"{self.item} ({self.points})"


class PointsEntry(models.Model):
    """A row of the points ledger (积分台账): a credit for service or a debit for a redemption."""

    class Kind(models.TextChoices):
        CREDIT = "credit", _("Credit for service")
        DEBIT = "debit", _("Redemption")

    scope_field = "volunteer__community"

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    points = models.IntegerField(_("points"))
    hours = models.DecimalField(_("service hours"), max_digits=5, decimal_places=1, default=Decimal("0"))
    reason = models.CharField(_("reason"), max_length=200)
    order = models.ForeignKey(
        ServiceOrder, verbose_name=_("order"), null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    redemption = models.OneToOneField(
        Redemption, verbose_name=_("redemption"), null=True, blank=True, on_delete=models.PROTECT, related_name="entry"
    )
    created_at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["volunteer", "created_at"], name="entry_volunteer_at_idx")]
        constraints = [
            # The database refuses a second credit for the same order and volunteer, whatever the code does.
            models.UniqueConstraint(
                fields=["volunteer", "order"], condition=Q(kind="credit"), name="one_credit_per_order_volunteer"
            ),
            models.CheckConstraint(
                name="entry_sign_matches_kind",
                condition=(Q(kind="credit", points__gte=0, order__isnull=False)
                           | Q(kind="debit", points__lt=0, redemption__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} {self.reason}"


class HoldStatus(models.TextChoices):
    HELD = "held", _("Held for review")
    RELEASED = "released", _("Released")
    REJECTED = "rejected", _("Rejected")


class CreditHold(models.Model):
    """A credit held back (积分暂缓入账): the service hours would take the volunteer past the monthly
    cap, so the points are not minted until a street official releases them (or rejects them).
    Each hold is also the anomaly record the street reviews."""

    scope_field = "volunteer__community"

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="holds"
    )
    order = models.ForeignKey(ServiceOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="holds")
    hours = models.DecimalField(_("service hours"), max_digits=5, decimal_places=1)
    points = models.PositiveIntegerField(_("points"))
    # Hours already credited in the month when the hold was made: what the reviewer weighs.
    month_hours = models.DecimalField(_("hours credited that month"), max_digits=7, decimal_places=1)
    status = models.CharField(_("status"), max_length=10, choices=HoldStatus.choices, default=HoldStatus.HELD)
    created_at = models.DateTimeField(_("held at"), db_index=True)
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("held credit")
        verbose_name_plural = _("held credits")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "order"], name="one_hold_per_order_volunteer"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} #{self.order_id} ({self.hours} h)"
