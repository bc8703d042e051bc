"""Precomputed aggregates (统计汇总): whole-scope figures kept per community and month.

A district page adds up ~1,500 community rows instead of scanning 150,000 members. Each row
belongs to a *bucket*: the organisation at community depth (3) above a record, or the record's
own organisation when that is shallower (a street's own members, the district's own rows). A
row is keyed by the bucket's primary key, not its path, so moving a community under another
street moves its row with it; a scope's figure is the SUM over rows whose bucket lies under the
scope's path (``organizations.paths.subtree_q``).

Rows are derived data: ``summaries.services`` recomputes a bucket's rows from the records
(set-based), after the write services mark the bucket dirty, and rebuilds all of them nightly.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

ORG = "organizations.Organization"


class CurrentSummary(models.Model):
    """Current figures of a bucket (现状汇总): organisations, members, needy households as they are now."""

    scope_field = "organization"

    organization = models.OneToOneField(
        ORG, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="summaries_current"
    )
    # Active organisations in the bucket (itself included), by level and by type.
    orgs_street = models.PositiveIntegerField(default=0)
    orgs_community = models.PositiveIntegerField(default=0)
    orgs_grid = models.PositiveIntegerField(default=0)
    orgs_building = models.PositiveIntegerField(default=0)
    orgs_household = models.PositiveIntegerField(default=0)
    orgs_special = models.PositiveIntegerField(default=0)
    type_committee = models.PositiveIntegerField(default=0)
    type_general_branch = models.PositiveIntegerField(default=0)
    type_branch = models.PositiveIntegerField(default=0)
    type_compound_branch = models.PositiveIntegerField(default=0)
    type_building_committee = models.PositiveIntegerField(default=0)
    type_temporary_branch = models.PositiveIntegerField(default=0)
    # Members whose branch lies in the bucket, by status; probationary among the current ones.
    members_active = models.PositiveIntegerField(default=0)
    members_floating_out = models.PositiveIntegerField(default=0)
    members_floating_in = models.PositiveIntegerField(default=0)
    members_abroad = models.PositiveIntegerField(default=0)
    members_transferred_out = models.PositiveIntegerField(default=0)
    members_deceased = models.PositiveIntegerField(default=0)
    members_left = models.PositiveIntegerField(default=0)
    members_probationary = models.PositiveIntegerField(default=0)
    # Active in-service members (在职党员) whose registration community is (in) the bucket.
    in_service_registered = models.PositiveIntegerField(default=0)
    needy_active = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("current summary")
        verbose_name_plural = _("current summaries")

    def __str__(self) -> str:
        return f"{self.organization_id}"


class MonthSummary(models.Model):
    """Monthly figures of a bucket (月度汇总): grid reports by the month they were filed, ledger rows
    by their month (pledges by their year, counted in January)."""

    scope_field = "organization"

    organization = models.ForeignKey(
        ORG, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="summaries_months"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    # Grid reports filed in the month: how many, their status now, closed in time, flagged overdue,
    # and the sum of their time to close (closed ones; the mean is this over the closed count).
    reports = models.PositiveIntegerField(default=0)
    reports_reported = models.PositiveIntegerField(default=0)
    reports_dispatched = models.PositiveIntegerField(default=0)
    reports_accepted = models.PositiveIntegerField(default=0)
    reports_in_progress = models.PositiveIntegerField(default=0)
    reports_resolved = models.PositiveIntegerField(default=0)
    reports_escalated = models.PositiveIntegerField(default=0)
    reports_closed = models.PositiveIntegerField(default=0)
    reports_on_time = models.PositiveIntegerField(default=0)
    reports_overdue = models.PositiveIntegerField(default=0)
    reports_close_microseconds = models.BigIntegerField(default=0)
    # Ledger rows of the month.
    visits = models.PositiveIntegerField(default=0)
    pledges = models.PositiveIntegerField(default=0)
    pledge_items = models.PositiveIntegerField(default=0)
    fulfilments = models.PositiveIntegerField(default=0)
    assistance = models.PositiveIntegerField(default=0)
    demands = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("monthly summary")
        verbose_name_plural = _("monthly summaries")
        constraints = [
            models.UniqueConstraint(fields=["organization", "month"], name="summaries_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%Y-%m}"


class ReportBreakdownSummary(models.Model):
    """Grid reports of a bucket by month, category and department (事项分类汇总): the statistics'
    tables by category and by department. ``department`` is empty for reports not routed yet."""

    scope_field = "organization"

    organization = models.ForeignKey(
        ORG, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="summaries_report_breakdown"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    # Plain ids, not foreign keys: derived rows must not hold up an edit of the configuration, and
    # the reads name them from the categories and departments (one query each).
    category_id = models.BigIntegerField(_("category"))
    department_id = models.BigIntegerField(_("department"), null=True, blank=True)
    reports = models.PositiveIntegerField(default=0)
    reports_closed = models.PositiveIntegerField(default=0)
    reports_on_time = models.PositiveIntegerField(default=0)
    reports_overdue = models.PositiveIntegerField(default=0)
    reports_close_microseconds = models.BigIntegerField(default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("report breakdown summary")
        verbose_name_plural = _("report breakdown summaries")
        indexes = [models.Index(fields=["organization", "month"], name="summaries_breakdown_org_month")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%Y-%m} {self.category_id}/{self.department_id}"


class SummaryRebuild(models.Model):
    """A full rebuild of the summaries (汇总重建): pages read the summaries once one has finished
    (before that, on a database that never had one, they compute their figures live)."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    buckets = models.PositiveIntegerField(_("organisations"), default=0)

    class Meta:
        verbose_name = _("summary rebuild")
        verbose_name_plural = _("summary rebuilds")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class TableVersion(models.Model):
    """Change counter of a table (数据版本), for cache keys: see ``summaries.versions``.

    Database triggers move it on every write to a watched table, in the writing transaction, so a
    cached answer keyed by the versions can never outlive a committed change, whichever way the
    change was written (a service, ``QuerySet.update``, an import, raw SQL). A table has several
    rows (shards): concurrent writers from different connections move different rows, instead of
    queueing on one row lock until each other's commit.
    """

    table_name = models.CharField(_("table"), max_length=63)
    shard = models.PositiveSmallIntegerField(_("shard"))
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("table version")
        verbose_name_plural = _("table versions")
        constraints = [models.UniqueConstraint(fields=["table_name", "shard"], name="table_version_shard")]
