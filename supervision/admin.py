"""Admin of supervision records, scoped like everything else (clues more narrowly: see
``supervision.models``). Writes go through the portal's pages and services; here they are shown."""

from __future__ import annotations

from django.contrib import admin

from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin

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


@admin.register(ClueAccess)
class ClueAccessAdmin(ScopedAdmin):
    list_display = ("user", "organization", "kind", "granted_at")
    read_only = True
    allow_delete = False


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
