"""Grid reports (网格吹哨,部门报到): departments, categories, cases and their events.

A grid worker reports a problem (吹哨), the street routes it to a department, the department
signs for it (报到) and handles it, and the grid or community verifies and closes it. Every step
is a ``ReportEvent``; the case row keeps the current status and the timestamps statistics need.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from partybuild.files import UploadTo, private_storage


class DepartmentKind(models.TextChoices):
    DISTRICT = "district", _("District department")
    STREET = "street", _("Street station")


class Department(models.Model):
    """Functional department (职能部门) of the district, or a street station (街道站所):
    公安, 城管, 市场监管, 住建/房管, 民政, 卫健, 应急…"""

    scope_field = "organization"

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=16, choices=DepartmentKind.choices, default=DepartmentKind.DISTRICT)
    # The district root for district departments, a street for street stations.
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="departments"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), blank=True, related_name="report_departments"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_department_per_org")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_extra_q(cls, user, action: str) -> Q | None:
        """Departments above one's area serve it too (a street official routes cases to district
        departments); staff see their own department."""
        from organizations.paths import ancestor_paths
        from partybuild.scoping import VIEW, scope_paths

        if action != VIEW or not getattr(user, "is_authenticated", False):
            return None
        ancestors = {path for root in scope_paths(user, VIEW) for path in ancestor_paths(root)}
        q = Q(organization__path__in=sorted(ancestors))
        return q | Q(pk__in=cls.objects.filter(staff=user).values("pk")) if _holds_staff_role(user) else q


def _holds_staff_role(user) -> bool:
    """Only accounts holding the department-staff role are put on a department (the admin offers
    no others), so only they get its grant. Read from the cached grants, no query: for everyone
    else the scope stays one indexed path condition, without an OR the planner cannot index (it
    made the street's report list scan and join every report in the district, 62 ms → 9 ms)."""
    from accounts.models import Role
    from partybuild.scoping import grants

    return any(g.role == Role.DEPARTMENT_STAFF for g in grants(user))


def routed_to(user, action: str, field: str) -> Q | None:
    """The extra grant of department staff: VIEW rows whose ``field`` is a department they staff.
    A subquery, not a join, so a department with several staff does not repeat rows."""
    from partybuild.scoping import VIEW

    if action != VIEW or not getattr(user, "is_authenticated", False) or not _holds_staff_role(user):
        return None
    return Q(**{f"{field}__in": Department.objects.filter(staff=user).values("pk")})


class ReportCategory(models.Model):
    """Report category (事项类别) with its default department and time limits.

    District-wide configuration, not tenant data: every grid files into the same categories.
    Limits are in hours counted on working days only (24 hours = one working day)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=200, blank=True)
    default_department = models.ForeignKey(
        Department, verbose_name=_("default department"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Routed straight to the default department on filing, without waiting for the street.
    auto_dispatch = models.BooleanField(_("dispatch automatically"), default=False)
    accept_limit_hours = models.PositiveIntegerField(_("hours to sign for"), default=1)
    contact_limit_hours = models.PositiveIntegerField(_("hours to contact"), default=24)
    time_limit_hours = models.PositiveIntegerField(
        _("time limit (hours)"), default=72, validators=[MinValueValidator(1)],
        help_text=_("Working hours from dispatch to resolution; 24 hours are one working day."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["ordering", "code"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    REPORTED = "reported", _("Reported")
    DISPATCHED = "dispatched", _("Dispatched")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    ESCALATED = "escalated", _("Escalated to the district")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    FIXED = "fixed", _("Fixed")
    NOT_RESPONSIBLE = "not_responsible", _("Not our responsibility")
    DUPLICATE = "duplicate", _("Duplicate")
    REFERRED = "referred", _("Referred elsewhere")


class Source(models.TextChoices):
    GRID = "grid", _("Grid patrol")
    VISIT = "visit", _("Household visit")
    DEMAND = "demand", _("Resident demand")
    OPEN311 = "open311", _("Open311 client")


class GridReport(models.Model):
    """Grid report (网格吹哨事项): one problem reported from a grid, followed to its closure."""

    # The badge of each state ({% status_badge %}); the others are "primary".
    status_tones = {"closed": "success", "escalated": "danger", "resolved": "info", "reported": "warning"}
    status_tone = "primary"

    scope_field = "grid__branch"
    # __str__ names the category: the change history's set-based writes load it with the row.
    repr_related = ("category",)

    number = models.CharField(_("number"), max_length=24, unique=True)
    grid = models.ForeignKey("grids.Grid", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="reports")
    category = models.ForeignKey(
        ReportCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="reports"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reports",
    )
    household = models.ForeignKey(
        "grids.Household", verbose_name=_("household"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports",
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=2000)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.GRID)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REPORTED)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("resident satisfaction"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dispatched by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    accept_due_at = models.DateTimeField(_("sign for by"), null=True, blank=True)
    contact_due_at = models.DateTimeField(_("contact the resident by"), null=True, blank=True)
    due_at = models.DateTimeField(_("expected completion"), null=True, blank=True)
    is_overdue = models.BooleanField(_("overdue"), default=False, db_index=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("grid report")
        verbose_name_plural = _("grid reports")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="report_status_due_idx"),
            models.Index(fields=["department", "status"], name="report_department_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="report_closed_has_outcome",
                condition=~Q(status="closed") | (~Q(outcome="") & Q(closed_at__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.category}"

    @classmethod
    def scope_extra_q(cls, user, action: str) -> Q | None:
        """Department staff see the cases routed to their department, wherever the grid lies."""
        return routed_to(user, action, "department")

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED


class ReportPhoto(models.Model):
    """Photo (现场照片) attached to a report: checked by content on upload (``partybuild.files``), stored
    privately under a generated name, shown only through ``reports:photo``."""

    scope_field = "report__grid__branch"

    report = models.ForeignKey(GridReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("image"), upload_to=UploadTo("reports/photos"), storage=private_storage)
    content_type = models.CharField(_("content type"), max_length=20)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name

    @classmethod
    def scope_extra_q(cls, user, action: str) -> Q | None:
        return routed_to(user, action, "report__department")


class EventAction(models.TextChoices):
    FILE = "file", _("Reported")
    DISPATCH = "dispatch", _("Dispatched")
    ACCEPT = "accept", _("Signed for")
    # Starting work means the department has contacted the reporter (the contact time limit).
    START = "start", _("Contacted, work started")
    RESOLVE = "resolve", _("Resolved")
    CLOSE = "close", _("Closed")
    RETURN = "return", _("Returned to the department")
    ESCALATE = "escalate", _("Escalated")
    REOPEN = "reopen", _("Reopened")
    OVERDUE = "overdue", _("Flagged overdue")


class ReportEvent(models.Model):
    """Step in a report's life (流转记录): who did what, when, and why."""

    scope_field = "report__grid__branch"

    report = models.ForeignKey(GridReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=EventAction.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    # Null for steps the system takes (automatic dispatch, overdue flag).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.get_action_display()}"

    @classmethod
    def scope_extra_q(cls, user, action: str) -> Q | None:
        return routed_to(user, action, "report__department")


class Open311Key(models.Model):
    """API key of an Open311 client (Open311 接口密钥); its requests act as, and are scoped like, ``user``.

    A key is worth no more than the rights of whoever minted it (``created_by``): it acts only
    while that person could still bind it to ``user`` (reports.open311.keys)."""

    name = models.CharField(_("client name"), max_length=80)
    key = models.CharField(_("key"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("acts as"), on_delete=models.CASCADE, related_name="open311_keys"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Empty only on keys minted before it was recorded.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("minted by"), null=True, blank=True, editable=False,
        on_delete=models.CASCADE, related_name="+",
    )

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return self.name
