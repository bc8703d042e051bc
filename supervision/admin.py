"""Admin of supervision records, scoped like everything else (clues more narrowly: see
``supervision.models``). Writes go through the portal's pages and services; here they are shown, except
the clue accesses, which the district grants and revokes here (through the services)."""

from __future__ import annotations

from django.contrib import admin

from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin, ServiceModelForm

from . import services
from .models import (
    ClueAccess,
    CommitteeSeat,
    ProblemClue,
    Rectification,
    RectificationMeasure,
    RectificationReport,
    SupervisionCommittee,
)


class SeatInline(ReadOnlyInline):
    model = CommitteeSeat
    fields = ("seat", "name", "since", "until")


@admin.register(SupervisionCommittee)
class CommitteeAdmin(ScopedAdmin):
    list_display = ("community", "established_on")
    inlines = [SeatInline]
    read_only = True
    allow_delete = False


@admin.register(CommitteeSeat)
class SeatAdmin(ScopedAdmin):
    list_display = ("name", "seat", "committee", "since", "until")
    list_filter = ("seat",)
    read_only = True
    allow_delete = False


class ClueAccessForm(ServiceModelForm):
    class Meta:
        model = ClueAccess
        fields = ("user", "organization", "kind")

    def call_service(self, user):
        if self.instance.pk is not None:
            return None  # an access is granted or revoked, never edited
        return services.clue_access_grant(
            user=user, grantee=self.cleaned_data["user"], organization=self.cleaned_data["organization"],
            kind=self.cleaned_data["kind"],
        )


@admin.register(ClueAccess)
class ClueAccessAdmin(ScopedAdmin):
    """The district grants who reads problem clues beyond itself (the service refuses anyone else)."""

    form = ClueAccessForm
    list_display = ("user", "organization", "kind", "granted_at")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Revoking is allowed where changing is (the service then admits the district only).
        return ScopedAdmin.has_change_permission(self, request, obj)

    def delete_model(self, request, obj):
        services.clue_access_revoke(user=request.user, access=obj)

    def delete_queryset(self, request, queryset):
        for access in queryset:
            services.clue_access_revoke(user=request.user, access=access)


@admin.register(ProblemClue)
class ClueAdmin(ScopedAdmin):
    list_display = ("found_on", "committee", "involves", "status")
    list_filter = ("involves", "status")
    read_only = True
    allow_delete = False


class MeasureInline(ReadOnlyInline):
    model = RectificationMeasure
    fields = ("measure", "deadline", "done_on")


@admin.register(Rectification)
class RectificationAdmin(ScopedAdmin):
    list_display = ("organization", "year", "answerable_cadre", "status", "closed_on")
    list_filter = ("status", "year")
    inlines = [MeasureInline]
    read_only = True
    allow_delete = False


@admin.register(RectificationMeasure)
class MeasureAdmin(ScopedAdmin):
    list_display = ("measure", "rectification", "deadline", "done_on")
    read_only = True
    allow_delete = False


@admin.register(RectificationReport)
class ReportAdmin(ScopedAdmin):
    list_display = ("rectification", "kind", "reported_on")
    read_only = True
    allow_delete = False
