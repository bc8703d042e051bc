"""Admin of the campaigns, scoped to the user's area. Grades move through their workflow on the
pages and the API, so here they are shown, never edited."""

from __future__ import annotations

from django.contrib import admin

from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin

from .models import BoardEntry, Brand, BrandPhoto, Designation, StarGrade


@admin.register(StarGrade)
class StarGradeAdmin(ScopedAdmin):
    list_display = ("year", "organization", "member", "self_grade", "rated_grade", "grade", "status")
    list_filter = ("year", "status", "grade")
    list_select_related = ("organization", "member")
    read_only = True
    allow_delete = False


@admin.register(Designation)
class DesignationAdmin(ScopedAdmin):
    list_display = ("year", "community", "kind", "is_model")
    list_filter = ("year", "kind", "is_model")
    read_only = True


class PhotoInline(ReadOnlyInline):
    model = BrandPhoto
    fields = ("caption", "content_type", "uploaded_at")


@admin.register(Brand)
class BrandAdmin(ScopedAdmin):
    list_display = ("name", "community", "since", "is_active")
    search_fields = ("name",)
    inlines = [PhotoInline]
    read_only = True
    allow_delete = False


@admin.register(BrandPhoto)
class BrandPhotoAdmin(ScopedAdmin):
    list_display = ("brand", "caption", "uploaded_at")
    fields = ("brand", "caption", "content_type", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    read_only = True
    allow_delete = False


@admin.register(BoardEntry)
class BoardEntryAdmin(ScopedAdmin):
    list_display = ("date", "community", "compound", "kind", "is_published")
    list_filter = ("kind", "is_published")
    read_only = True
    allow_delete = False
