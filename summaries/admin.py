"""Admin for the summaries: derived rows, shown read-only (services recompute them)."""

from __future__ import annotations

from django.contrib import admin

from partybuild.admin_scoping import ScopedAdmin

from .models import CurrentSummary, MonthSummary, ReportBreakdownSummary, SummaryRebuild, TableVersion


@admin.register(CurrentSummary)
class CurrentSummaryAdmin(ScopedAdmin):
    read_only = True
    allow_delete = False
    list_display = ("organization", "members_active", "orgs_grid", "computed_at")
    list_select_related = ("organization",)
    search_fields = ("organization__name", "organization__code")


@admin.register(MonthSummary)
class MonthSummaryAdmin(ScopedAdmin):
    read_only = True
    allow_delete = False
    list_display = ("organization", "month", "reports", "reports_closed", "visits", "computed_at")
    list_select_related = ("organization",)
    list_filter = ("month",)
    search_fields = ("organization__name", "organization__code")


@admin.register(ReportBreakdownSummary)
class ReportBreakdownSummaryAdmin(ScopedAdmin):
    read_only = True
    allow_delete = False
    list_display = ("organization", "month", "category_id", "department_id", "reports", "reports_closed",
                    "computed_at")
    list_select_related = ("organization",)
    list_filter = ("month",)
    search_fields = ("organization__name", "organization__code")


class _BookkeepingAdmin(admin.ModelAdmin):
    """District-wide bookkeeping that code writes: superusers only (ModelAdmin's default
    permissions), read-only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SummaryRebuild)
class SummaryRebuildAdmin(_BookkeepingAdmin):
    """The full recomputes (command and nightly task)."""

    list_display = ("started_at", "finished_at", "buckets")


@admin.register(TableVersion)
class TableVersionAdmin(_BookkeepingAdmin):
    """The change counters the database's triggers keep (summaries.versions); deleting one would
    hand a cached page an old version."""

    list_display = ("table_name", "shard", "version")
    list_filter = ("table_name",)

    def has_delete_permission(self, request, obj=None):
        return False
