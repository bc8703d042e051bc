"""Admin for grids, grid workers, buildings and households, scoped to the user's area."""

from django.contrib import admin

from partybuild.admin_scoping import ScopedAdmin, has_scope, obj_in_scope
from partybuild.scoping import EDIT, VIEW

from .models import Building, Grid, GridWorker, Household


class GridWorkerInline(admin.TabularInline):
    model = GridWorker
    extra = 0
    fields = ("name", "phone", "is_leader", "user")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    # ``obj`` is the grid: whoever may edit the grid edits its workers.
    def has_view_permission(self, request, obj=None):
        return has_scope(request, VIEW)

    def has_add_permission(self, request, obj=None):
        return has_scope(request, EDIT) and (obj is None or obj_in_scope(request, obj, EDIT))

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission


@admin.register(Grid)
class GridAdmin(ScopedAdmin):
    list_display = ("code", "name", "branch", "area_description")
    search_fields = ("code", "name")
    list_select_related = ("branch",)
    autocomplete_fields = ("branch",)
    inlines = [GridWorkerInline]

    def get_inline_instances(self, request, obj=None):
        # Workers are edited with their grid only by someone who may edit the grid.
        return super().get_inline_instances(request, obj) if obj is not None else []


@admin.register(GridWorker)
class GridWorkerAdmin(ScopedAdmin):
    list_display = ("name", "grid", "is_leader", "phone", "user")
    list_filter = ("is_leader",)
    search_fields = ("name", "grid__name")
    list_select_related = ("grid", "user")
    autocomplete_fields = ("grid",)


@admin.register(Building)
class BuildingAdmin(ScopedAdmin):
    list_display = ("name", "grid", "group", "address", "leader_name")
    search_fields = ("name", "address", "grid__name")
    list_select_related = ("grid", "group")
    autocomplete_fields = ("grid", "group")


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    list_display = ("head_name", "building", "unit", "phone", "size", "is_needy", "has_elderly_alone", "has_disabled",
                    "has_infants")
    list_filter = ("is_needy", "has_elderly_alone", "has_disabled", "has_infants")
    search_fields = ("head_name", "unit", "building__name")
    list_select_related = ("building",)
    autocomplete_fields = ("building",)
    readonly_fields = ("version",)

    def get_search_results(self, request, queryset, search_term):
        # Autocomplete shows "building unit": load the building with the household.
        qs, distinct = super().get_search_results(request, queryset, search_term)
        return qs.select_related("building"), distinct
