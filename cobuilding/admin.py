"""Admin of co-building, scoped to the user's area. Entries, projects and reports move through their
workflows on the portal pages and the API; here they are shown read-only."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin
from partybuild.files import download_link

from .models import ItemEvidence, ListItem, Milestone, ProgressReport, ResponsibilityReport, SecretaryProject


class ProgressInline(ReadOnlyInline):
    model = ProgressReport
    fields = ("reported_on", "percent", "note")
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline):
    model = ItemEvidence
    fields = ("kind", "original_name", "uploaded_at")
    readonly_fields = fields


@admin.register(ListItem)
class ListItemAdmin(ScopedAdmin):
    read_only = True
    list_display = ("title", "kind", "organization", "unit", "status")
    list_filter = ("kind", "status")
    list_select_related = ("organization", "unit")
    search_fields = ("title",)
    inlines = [ProgressInline, EvidenceInline]


@admin.register(ItemEvidence)
class ItemEvidenceAdmin(ScopedAdmin):
    read_only = True
    list_display = ("item", "kind", "original_name", "uploaded_at", "download")
    list_select_related = ("item",)
    exclude = ("file",)

    @admin.display(description=_("file"))
    def download(self, obj):
        return download_link(obj.file, url=reverse("cobuilding:evidence-download", args=[obj.pk]),
                             label=obj.original_name)


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedAdmin):
    read_only = True
    list_display = ("item", "reported_on", "percent")
    list_select_related = ("item",)


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("title", "due_on", "done_on")
    readonly_fields = fields


@admin.register(SecretaryProject)
class SecretaryProjectAdmin(ScopedAdmin):
    read_only = True
    list_display = ("title", "organization", "secretary", "year", "status")
    list_filter = ("year", "status")
    list_select_related = ("organization",)
    search_fields = ("title", "secretary")
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(ScopedAdmin):
    read_only = True
    list_display = ("title", "project", "due_on", "done_on")
    list_select_related = ("project",)


@admin.register(ResponsibilityReport)
class ResponsibilityReportAdmin(ScopedAdmin):
    read_only = True
    list_display = ("unit", "year", "status", "reviewed_at")
    list_filter = ("year", "status")
    list_select_related = ("unit",)
