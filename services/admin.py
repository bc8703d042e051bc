"""Admin for visits and ledgers, scoped to the user's area.

Ledger rows change only through ``services.services`` (validation, rights, the grid reports they
file, optimistic locking), so the admin shows them and lets nobody edit them here: the pages
and the API are where they are entered.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuild import files
from partybuild.admin_scoping import ReadOnlyInline, ScopedAdmin

from .models import Assistance, Demand, Fulfilment, GridVisit, NeedyHousehold, Pledge, PledgeItem


class LedgerAdmin(ScopedAdmin):
    read_only = True
    allow_delete = False


@admin.register(GridVisit)
class GridVisitAdmin(LedgerAdmin):
    list_display = ("visited_on", "grid", "worker", "household", "hazard_found", "report")
    list_filter = ("hazard_found", "heart_to_heart", "mediation", "needy_visit")
    search_fields = ("household__head_name", "worker__name", "notes")
    list_select_related = ("grid", "worker", "household__building", "report__category")
    date_hierarchy = "visited_on"


class PledgeItemInline(ReadOnlyInline):
    model = PledgeItem
    fields = ("content", "deadline", "target")


@admin.register(Pledge)
class PledgeAdmin(LedgerAdmin):
    list_display = ("member", "year", "organization", "evaluation", "evaluated_on")
    list_filter = ("year", "evaluation")
    search_fields = ("member__name",)
    list_select_related = ("member", "organization")
    inlines = [PledgeItemInline]


@admin.register(PledgeItem)
class PledgeItemAdmin(LedgerAdmin):
    list_display = ("content", "pledge", "deadline", "target")
    search_fields = ("content", "pledge__member__name")
    list_select_related = ("pledge__member",)


@admin.register(Fulfilment)
class FulfilmentAdmin(LedgerAdmin):
    list_display = ("done_on", "item", "description", "evidence", "evidence_link")
    fields = ("item", "done_on", "description", "evidence", "evidence_link", "recorded_by")
    readonly_fields = ("evidence_link",)

    @admin.display(description=_("evidence file"))
    def evidence_link(self, obj):
        # The file has no URL (partybuild.files): a link to the scoped download view.
        return files.download_link(obj.evidence_file, url=reverse("services:fulfilment-evidence", args=[obj.pk]),
                                   label=_("file"))
    search_fields = ("description", "item__pledge__member__name")
    list_select_related = ("item",)


class AssistanceInline(ReadOnlyInline):
    model = Assistance
    fields = ("given_on", "helper", "content", "amount")


@admin.register(NeedyHousehold)
class NeedyHouseholdAdmin(LedgerAdmin):
    list_display = ("household", "category", "pairing_level", "responsible", "registered_on", "is_active")
    list_filter = ("category", "pairing_level", "is_active")
    search_fields = ("household__head_name", "situation")
    list_select_related = ("household__building", "responsible")
    inlines = [AssistanceInline]


@admin.register(Assistance)
class AssistanceAdmin(LedgerAdmin):
    list_display = ("given_on", "needy", "helper", "content", "amount")
    search_fields = ("helper", "content")
    list_select_related = ("needy",)


@admin.register(Demand)
class DemandAdmin(LedgerAdmin):
    # The phone shows masked, like every personal field in the admin (partybuild.admin_personal).
    list_display = ("received_on", "organization", "source", "resident_name", "phone", "status", "satisfaction")
    list_filter = ("source", "status", "satisfaction")
    search_fields = ("resident_name", "content")
    list_select_related = ("organization",)
