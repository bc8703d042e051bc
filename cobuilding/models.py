"""Co-building (共建): the three lists (三张清单), project claims by resident units (共建项目认领),
secretary-led projects (书记领办项目) and resident units' social-responsibility reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partybuild.files import UploadTo, private_storage


class ListKind(models.TextChoices):
    NEED = "need", pgettext_lazy("co-building", "Need")
    RESOURCE = "resource", _("Resource")
    PROJECT = "project", _("Project")


class ItemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("co-building", "Open")
    CLAIMED = "claimed", _("Claimed")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", pgettext_lazy("co-building", "Closed")


class ListItem(models.Model):
    """Entry of the co-building lists (三张清单: 需求清单, 资源清单, 项目清单) of a street or community.

    A project is claimed by a resident unit of the street (认领), which states its commitment and
    reports progress; the community (or the street, for its own projects) confirms completion."""

    scope_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("street or community"), on_delete=models.PROTECT,
        related_name="cobuilding_items",
    )
    kind = models.CharField(pgettext_lazy("co-building", "list"), max_length=16, choices=ListKind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    # A resource is offered by a unit; a project is claimed by one.
    unit = models.ForeignKey(
        "organizations.ResidentUnit", verbose_name=_("resident unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="cobuilding_items",
    )
    commitment = models.TextField(_("commitment"), max_length=2000, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("co-building list entry")
        verbose_name_plural = _("co-building list entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "status"], name="cobuilding_kind_status_idx")]
        constraints = [
            models.CheckConstraint(
                name="claimed_project_has_unit_and_commitment",
                condition=~Q(status__in=["claimed", "completed"]) | (Q(unit__isnull=False) & ~Q(commitment="")),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """Progress report of a claimed project (项目进展)."""

    scope_field = "item__organization"

    item = models.ForeignKey(ListItem, verbose_name=_("project"), on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(_("reported on"))
    percent = models.PositiveSmallIntegerField(_("percent done"))
    note = models.TextField(_("progress"), max_length=2000)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["item", "reported_on", "id"]
        constraints = [models.CheckConstraint(name="percent_at_most_100", condition=Q(percent__lte=100))]

    def __str__(self) -> str:
        return f"{self.reported_on} {self.percent}%"


class ItemEvidence(models.Model):
    """Evidence of a co-building entry (共建佐证材料): the claim agreement, photos of the work, the
    acceptance sheet. Stored privately; downloaded only through the entry's scoped view."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Claim agreement")
        PHOTO = "photo", pgettext_lazy("co-building", "Photo")
        ACCEPTANCE = "acceptance", _("Acceptance sheet")
        OTHER = "other", pgettext_lazy("co-building", "Other")

    scope_field = "item__organization"

    item = models.ForeignKey(ListItem, verbose_name=_("list entry"), on_delete=models.CASCADE,
                             related_name="evidence")
    kind = models.CharField(pgettext_lazy("co-building", "kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(pgettext_lazy("co-building", "file"), upload_to=UploadTo("cobuilding/evidence"),
                            storage=private_storage)
    content_type = models.CharField(max_length=100, editable=False)
    original_name = models.CharField(_("file name"), max_length=200, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("co-building evidence")
        verbose_name_plural = _("co-building evidence")
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.original_name


class SecretaryProject(models.Model):
    """Secretary-led project (书记领办项目) of a district, street or community secretary, with its
    problem, task and responsibility lists (问题、任务、责任三张清单)."""

    class Status(models.TextChoices):
        UNDER_WAY = "under_way", _("Under way")
        COMPLETED = "completed", _("Completed")

    scope_field = "organization"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="secretary_projects",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    secretary = models.CharField(_("secretary"), max_length=50)
    title = models.CharField(_("title"), max_length=120)
    problems = models.TextField(_("problem list"), max_length=4000)
    tasks = models.TextField(_("task list"), max_length=4000)
    responsibilities = models.TextField(_("responsibility list"), max_length=4000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.UNDER_WAY)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("secretary-led project")
        verbose_name_plural = _("secretary-led projects")
        ordering = ["-year", "organization", "id"]
        constraints = [
            models.CheckConstraint(name="completed_project_has_date",
                                   condition=~Q(status="completed") | Q(completed_on__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """Milestone of a secretary-led project (节点)."""

    scope_field = "project__organization"

    project = models.ForeignKey(SecretaryProject, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="milestones")
    title = models.CharField(_("title"), max_length=120)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ReportStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    ACCEPTED = "accepted", pgettext_lazy("report review", "Accepted")
    RETURNED = "returned", _("Returned for revision")


class ResponsibilityReport(models.Model):
    """A resident unit's annual social-responsibility report (驻区单位社会责任报告), reviewed by the street."""

    scope_field = "unit__street"

    unit = models.ForeignKey("organizations.ResidentUnit", verbose_name=_("resident unit"), on_delete=models.PROTECT,
                             related_name="responsibility_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(pgettext_lazy("report review", "report"), max_length=8000)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.FILED)
    filed_at = models.DateTimeField(_("filed at"))
    review_note = models.TextField(_("review"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("social-responsibility report")
        verbose_name_plural = _("social-responsibility reports")
        ordering = ["-year", "unit"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_report_per_unit_and_year")]

    def __str__(self) -> str:
        return f"{self.year}"
