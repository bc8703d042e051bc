"""Territory: grids, buildings and the households that live in them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role, RoleAssignment
from organizations import paths
from organizations.models import Level, Organization
from organizations.validators import validate_phone


class Grid(models.Model):
    """Grid (网格): the territory of one grid branch (网格党支部), led by a grid leader (网格长)."""

    scope_field = "branch"

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    branch = models.OneToOneField(
        Organization, verbose_name=_("grid branch"), on_delete=models.PROTECT, related_name="grid",
        limit_choices_to={"level": Level.GRID},
    )
    area_description = models.CharField(_("area"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.branch_id and self.branch.level != Level.GRID:
            raise ValidationError({"branch": _("A grid belongs to a grid branch.")})


class GridWorker(models.Model):
    """Grid worker (网格员); ``is_leader`` marks the grid leader (网格长), one per grid."""

    scope_field = "grid__branch"

    grid = models.ForeignKey(Grid, verbose_name=_("grid"), on_delete=models.CASCADE, related_name="workers")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    # Only accounts holding the grid-worker role are offered (admin autocomplete included); clean()
    # then checks the role is on this very grid.
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("portal account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="grid_posts", limit_choices_to={"roles__role": Role.GRID_WORKER},
    )
    is_leader = models.BooleanField(_("grid leader"), default=False)

    class Meta:
        verbose_name = _("grid worker")
        verbose_name_plural = _("grid workers")
        ordering = ["grid", "-is_leader", "name"]
        constraints = [
            models.UniqueConstraint(fields=["grid"], condition=Q(is_leader=True), name="one_leader_per_grid"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # The account must be a grid worker of this very grid: anything else would hand the grid's
        # records to someone whose role lies elsewhere.
        if self.user_id and self.grid_id and not RoleAssignment.objects.filter(
            user_id=self.user_id, role=Role.GRID_WORKER, organization_id=self.grid.branch_id
        ).exists():
            raise ValidationError({"user": _("This account holds no grid-worker role on this grid.")})


class Building(models.Model):
    """Building (楼栋) with its building group (楼栋党小组) and building leader (楼栋长)."""

    scope_field = "grid__branch"
    # The building leader (楼栋长) is a resident: their phone is personal data.
    personal_fields = ("leader_phone",)

    grid = models.ForeignKey(Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="buildings")
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    group = models.OneToOneField(
        Organization, verbose_name=_("building group"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="building", limit_choices_to={"level": Level.BUILDING},
    )
    leader_name = models.CharField(_("building leader"), max_length=50, blank=True)
    leader_phone = models.CharField(_("building leader phone"), max_length=20, blank=True, validators=[validate_phone])

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["grid", "name"]
        constraints = [models.UniqueConstraint(fields=["grid", "name"], name="unique_building_per_grid")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.group_id and self.group.level != Level.BUILDING:
            raise ValidationError({"group": _("Choose a building group.")})
        if self.group_id and self.grid_id and not paths.is_within(self.group.path, self.grid.branch.path):
            raise ValidationError({"group": _("The building group must belong to this grid's branch.")})


class Household(models.Model):
    """Resident household (住户); the flags feed the 三级包抓 ledgers. Whether it is needy is not a flag
    here: it is an active ``services.NeedyHousehold`` record (``grids.selectors.with_needy``)."""

    scope_field = "building__grid__branch"
    personal_fields = ("phone",)

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="households"
    )
    unit = models.CharField(_("unit and room"), max_length=30)
    head_name = models.CharField(_("head of household"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    size = models.PositiveSmallIntegerField(_("people"), default=1)
    has_elderly_alone = models.BooleanField(_("elderly living alone"), default=False)
    has_disabled = models.BooleanField(_("disabled member"), default=False)
    has_infants = models.BooleanField(_("infants"), default=False)
    # Optimistic locking: grids.services.household_update saves only over the version the editor read.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["building", "unit"]
        constraints = [models.UniqueConstraint(fields=["building", "unit"], name="unique_household_unit")]

    def __str__(self) -> str:
        return f"{self.building.name} {self.unit}"

    @property
    def address(self) -> str:
        return f"{self.building.address} {self.unit}".strip()
