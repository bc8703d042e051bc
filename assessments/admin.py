"""Admin of the assessment app. Schemes and indicators are edited on the portal's pages, where the
services check the weights and the freeze, so here they are read; scores, results and runs are
written by the rollup and the approvals, and shown scoped like every record."""

from __future__ import annotations

from django.contrib import admin

from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin, has_scope
from partybuild.scoping import VIEW

from .models import (
    Indicator,
    LockException,
    Pairing,
    Result,
    ReviewAssignment,
    ReviewSheet,
    ReviewTally,
    Scheme,
    Score,
    ScoreRun,
)


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ("code", "name", "parent", "weight", "kind", "computation", "rule", "time_aggregation",
              "org_aggregation")


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("year", "name", "level", "period_kind", "grade_method", "frozen_at")
    list_filter = ("year", "level")
    inlines = [IndicatorInline]

    def has_module_permission(self, request):
        return has_scope(request, VIEW)

    def has_view_permission(self, request, obj=None):
        return has_scope(request, VIEW)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(SchemeAdmin):
    list_display = ("code", "name", "scheme", "parent", "weight", "kind", "computation", "rule")
    list_filter = ("scheme", "kind")
    list_select_related = ("scheme", "parent")
    search_fields = ("code", "name")
    inlines = []


class _ReadOnly(ScopedAdmin):
    read_only = True
    allow_delete = False


@admin.register(ScoreRun)
class ScoreRunAdmin(_ReadOnly):
    list_display = ("scheme", "period", "status", "is_incremental", "steps_done", "steps_total", "changed",
                    "recomputed", "created_at", "finished_at")
    list_filter = ("status", "period")


@admin.register(Result)
class ResultAdmin(_ReadOnly):
    list_display = ("organization", "scheme", "period", "total", "rank", "grade", "status", "decided_by",
                    "decided_at")
    list_filter = ("period", "grade", "status")
    list_select_related = ("organization", "scheme", "decided_by")
    search_fields = ("organization__name", "organization__code")


@admin.register(Score)
class ScoreAdmin(_ReadOnly):
    list_display = ("organization", "indicator", "period", "value", "points", "computed_at")
    list_filter = ("period",)
    list_select_related = ("organization", "indicator")
    search_fields = ("organization__name", "indicator__code")


@admin.register(LockException)
class LockExceptionAdmin(_ReadOnly):
    """Granted on the result page (``services.lock_exception_grant``: district administrators, 30 days at most)."""

    list_display = ("organization", "until", "reason", "granted_by", "granted_at")
    list_select_related = ("organization", "granted_by")


@admin.register(Pairing)
class PairingAdmin(_ReadOnly):
    """Recorded on the pairings page (``services.pairing_create``: the community's street or the district)."""

    list_display = ("year", "name", "kind", "position", "community")
    list_filter = ("year", "kind")
    list_select_related = ("community",)
    search_fields = ("name",)


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(_ReadOnly):
    """Assigned on the scheme's reviewers page (``review_services.assignments_create``: district administrators)."""

    list_display = ("period", "organization", "indicator", "reviewer", "assigned_by", "assigned_at")
    list_filter = ("period",)
    list_select_related = ("organization", "indicator", "reviewer", "assigned_by")
    search_fields = ("organization__name", "reviewer__username", "reviewer__full_name")


@admin.register(ReviewSheet)
class ReviewSheetAdmin(_ReadOnly):
    """Filled by the reviewer on their sheet page (``review_services.sheet_submit``), nobody else."""

    list_display = ("assignment", "score", "submitted_at", "updated_at")
    list_select_related = ("assignment",)


@admin.register(ReviewTally)
class ReviewTallyAdmin(_ReadOnly):
    list_display = ("organization", "indicator", "period", "sheets", "assigned", "has_quorum", "value", "spread",
                    "is_disputed", "computed_at")
    list_filter = ("period", "has_quorum", "is_disputed")
    list_select_related = ("organization", "indicator")
