"""Admin of the property registers, scoped to the user's area. Records are written on the portal's
pages and the API, through ``estates.services`` (the rules of party status, one current unit per
building and dated management live there), so the admin shows them read-only."""

from __future__ import annotations

from django.contrib import admin

from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin

from .models import (
    Committee,
    CommitteeMember,
    Complaint,
    Inspection,
    InspectionPhoto,
    ListEntry,
    ListStep,
    PropertyCompany,
    RankingWeights,
    SatisfactionSurvey,
    ServiceItem,
    ServiceRecord,
    ServiceUnit,
    UnitBuilding,
    UnitCompanyPeriod,
)


@admin.register(PropertyCompany)
class PropertyCompanyAdmin(ScopedAdmin):
    read_only = True
    list_display = ("name", "credit_code", "party_status", "party_branch", "instructor", "registrar")
    list_filter = ("party_status",)
    search_fields = ("name", "credit_code")
    list_select_related = ("party_branch", "instructor", "registrar")


class PeriodInline(ReadOnlyInline):
    model = UnitCompanyPeriod


class CoverageInline(ReadOnlyInline):
    model = UnitBuilding


@admin.register(ServiceUnit)
class ServiceUnitAdmin(ScopedAdmin):
    read_only = True
    list_display = ("code", "name", "community", "management_mode", "company", "households")
    list_filter = ("management_mode",)
    search_fields = ("code", "name")
    list_select_related = ("community", "company")
    inlines = [PeriodInline, CoverageInline]


@admin.register(UnitCompanyPeriod)
class UnitCompanyPeriodAdmin(ScopedAdmin):
    read_only = True
    list_display = ("unit", "management_mode", "company", "started_on", "ended_on")
    list_select_related = ("unit", "company")


@admin.register(UnitBuilding)
class UnitBuildingAdmin(ScopedAdmin):
    read_only = True
    list_display = ("unit", "building", "started_on", "ended_on")
    list_select_related = ("unit", "building")


class CommitteeMemberInline(ReadOnlyInline):
    model = CommitteeMember
    # The phone stays on the member's own (masked) change page.
    fields = ("name", "committee_role", "is_party_member", "cross_appointment", "cross_post", "started_on", "ended_on")


@admin.register(Committee)
class CommitteeAdmin(ScopedAdmin):
    read_only = True
    list_display = ("unit", "kind", "elected_on", "term_start", "term_end")
    list_filter = ("kind",)
    list_select_related = ("unit",)
    inlines = [CommitteeMemberInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ScopedAdmin):
    read_only = True
    list_display = ("name", "committee", "committee_role", "is_party_member", "cross_appointment", "phone")
    list_select_related = ("committee__unit",)


@admin.register(ServiceItem)
class ServiceItemAdmin(ScopedAdmin):
    read_only = True
    list_display = ("name", "fee", "fee_unit", "owner", "is_active")
    list_select_related = ("owner",)
    search_fields = ("name",)


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ScopedAdmin):
    read_only = True
    list_display = ("served_on", "item", "household", "community", "fee_charged")
    list_select_related = ("item", "household__building", "community")
    date_hierarchy = "served_on"


@admin.register(Complaint)
class ComplaintAdmin(ScopedAdmin):
    read_only = True
    list_display = ("id", "filed_at", "unit", "company", "matter", "complaint_status", "answer_due_at", "repeat_of")
    list_filter = ("complaint_status", "matter", "source")
    list_select_related = ("unit", "company", "repeat_of__unit")
    date_hierarchy = "filed_at"


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(ScopedAdmin):
    read_only = True
    list_display = ("unit", "year", "quarter", "sample_size", "satisfied")
    list_select_related = ("unit",)


@admin.register(Inspection)
class InspectionAdmin(ScopedAdmin):
    read_only = True
    list_display = ("inspected_on", "unit", "company", "score", "inspector")
    list_select_related = ("unit", "company", "inspector")


@admin.register(InspectionPhoto)
class InspectionPhotoAdmin(ScopedAdmin):
    # The file itself is private storage with no URL: it is shown on the inspection's page.
    read_only = True
    allow_delete = False
    list_display = ("inspection", "caption", "uploaded_at")
    fields = ("inspection", "caption", "content_type", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    list_select_related = ("inspection__unit",)


@admin.register(RankingWeights)
class RankingWeightsAdmin(ScopedAdmin):
    """Set on the ranking page by the district (``estates.services.weights_set``)."""

    read_only = True
    list_display = ("district", "complaints", "on_time", "repeats", "satisfaction", "inspection", "prior_households")


class ListStepInline(ReadOnlyInline):
    model = ListStep


@admin.register(ListEntry)
class ListEntryAdmin(ScopedAdmin):
    read_only = True
    list_display = ("company", "kind", "list_status", "street", "starts_on", "expires_on", "review_on")
    list_filter = ("kind", "list_status")
    list_select_related = ("company", "street")
    inlines = [ListStepInline]


@admin.register(ListStep)
class ListStepAdmin(ScopedAdmin):
    read_only = True
    list_display = ("entry", "list_status", "actor", "at", "note")
    list_select_related = ("entry__company", "actor")
