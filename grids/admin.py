"""Admin for grids, grid workers, buildings and households, scoped to the user's area.

Every save goes through ``grids.services`` (rights, validation, the household's version lock).
A grid worker's portal account is chosen among accounts holding the grid-worker role on that
grid (security #8: not every account of the district).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partybuild.admin_scoping import (
    ScopedAdmin,
    ServiceModelForm,
    VersionLockMixin,
    has_scope,
    obj_in_scope,
)
from partybuild.scoping import EDIT, VIEW

from . import selectors, services
from .models import Building, Grid, GridWorker, Household


def _changed(form, names) -> dict:
    return {n: form.cleaned_data[n] for n in form.changed_data if n in names}


# The worker's portal account is the form field ``user``; the services call it ``account``
# (their ``user`` is the person acting).
_WORKER_ARG = {"user": "account"}


def _worker_data(form) -> dict:
    data = {n: form.cleaned_data.get(n) for n in ("name", "phone", "is_leader")}
    data["account"] = form.cleaned_data.get("user")
    return data


class ServiceDeleteMixin:
    """Deletes, one or many, go through the model's delete service (``delete_model``)."""

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class GridWorkerInline(admin.TabularInline):
    model = GridWorker
    extra = 0
    fields = ("name", "phone", "is_leader", "user")
    autocomplete_fields = ("user",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only accounts holding the grid-worker role on this grid may be named here.
        formset.form.base_fields["user"].queryset = selectors.grid_worker_accounts(user=request.user, grid=obj)
        return formset

    # ``obj`` is the grid: whoever may edit the grid edits its workers.
    def has_view_permission(self, request, obj=None):
        return has_scope(request, VIEW)

    def has_add_permission(self, request, obj=None):
        return has_scope(request, EDIT) and (obj is None or obj_in_scope(request, obj, EDIT))

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission


class GridForm(ServiceModelForm):
    class Meta:
        model = Grid
        fields = ("branch", *services.GRID_FIELDS)

    def call_service(self, user):
        if self.instance.pk is None:
            data = self.cleaned_data
            return services.grid_create(user=user, branch=data["branch"], code=data["code"], name=data["name"],
                                        area_description=data.get("area_description", ""))
        changed = _changed(self, services.GRID_FIELDS)
        return services.grid_update(user=user, grid=self.instance, **changed) if changed else None


@admin.register(Grid)
class GridAdmin(ServiceDeleteMixin, ScopedAdmin):
    form = GridForm
    list_display = ("code", "name", "branch", "area_description")
    search_fields = ("code", "name")
    list_select_related = ("branch",)
    autocomplete_fields = ("branch",)
    inlines = [GridWorkerInline]

    def get_readonly_fields(self, request, obj=None):
        # A grid belongs to its branch for good; a new branch gets a new grid.
        return ("branch",) if obj is not None else ()

    def get_inline_instances(self, request, obj=None):
        # Workers are edited with their grid only by someone who may edit the grid.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def save_formset(self, request, form, formset, change):
        if formset.model is not GridWorker:
            return super().save_formset(request, form, formset, change)
        user, grid = request.user, form.instance
        deleted = set(formset.deleted_forms)
        # The admin's change message reads these three lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for worker_form in deleted:
            if worker_form.instance.pk:
                services.grid_worker_remove(user=user, worker=worker_form.instance)
                formset.deleted_objects.append(worker_form.instance)
        for worker_form in formset.forms:
            if worker_form in deleted or not worker_form.has_changed():
                continue
            data = _worker_data(worker_form)
            if worker_form.instance.pk is None:
                formset.new_objects.append(services.grid_worker_create(user=user, grid=grid, **data))
            else:
                changed = {_WORKER_ARG.get(n, n): data[_WORKER_ARG.get(n, n)] for n in worker_form.changed_data
                           if n in _WORKER_ARG or n in data}
                worker = services.grid_worker_update(user=user, worker=worker_form.instance, **changed)
                formset.changed_objects.append((worker, worker_form.changed_data))
        return None

    def delete_model(self, request, obj):
        services.territory_delete(user=request.user, obj=obj)


class GridWorkerForm(ServiceModelForm):
    class Meta:
        model = GridWorker
        fields = ("grid", "name", "phone", "is_leader", "user")

    def call_service(self, user):
        data = _worker_data(self)
        if self.instance.pk is None:
            return services.grid_worker_create(user=user, grid=self.cleaned_data["grid"], **data)
        changed = {_WORKER_ARG.get(n, n): data[_WORKER_ARG.get(n, n)] for n in self.changed_data
                   if n in _WORKER_ARG or n in data}
        return services.grid_worker_update(user=user, worker=self.instance, **changed) if changed else None


@admin.register(GridWorker)
class GridWorkerAdmin(ServiceDeleteMixin, ScopedAdmin):
    form = GridWorkerForm
    list_display = ("name", "grid", "is_leader", "phone", "user")
    list_filter = ("is_leader",)
    search_fields = ("name", "grid__name")
    list_select_related = ("grid", "user")
    autocomplete_fields = ("grid", "user")

    def get_readonly_fields(self, request, obj=None):
        return ("grid",) if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Accounts with the grid-worker role on a grid the user may edit; GridWorker.clean
            # then checks the role is on the chosen grid.
            kwargs["queryset"] = selectors.grid_worker_accounts(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def delete_model(self, request, obj):
        services.grid_worker_remove(user=request.user, worker=obj)


class BuildingForm(ServiceModelForm):
    class Meta:
        model = Building
        fields = services.BUILDING_FIELDS

    def call_service(self, user):
        if self.instance.pk is None:
            data = {n: v for n, v in self.cleaned_data.items() if n in services.BUILDING_FIELDS}
            return services.building_create(user=user, **data)
        changed = _changed(self, services.BUILDING_FIELDS)
        return services.building_update(user=user, building=self.instance, **changed) if changed else None


@admin.register(Building)
class BuildingAdmin(ServiceDeleteMixin, ScopedAdmin):
    form = BuildingForm
    list_display = ("name", "grid", "group", "address", "leader_name")
    search_fields = ("name", "address", "grid__name")
    list_select_related = ("grid", "group")
    autocomplete_fields = ("grid", "group")

    def delete_model(self, request, obj):
        services.territory_delete(user=request.user, obj=obj)


class HouseholdAddForm(ServiceModelForm):
    class Meta:
        model = Household
        fields = services.HOUSEHOLD_FIELDS

    def call_service(self, user):
        data = {n: v for n, v in self.cleaned_data.items() if n in services.HOUSEHOLD_FIELDS}
        return services.household_create(user=user, **data)


class HouseholdChangeForm(VersionLockMixin, ServiceModelForm):
    class Meta:
        model = Household
        fields = services.HOUSEHOLD_FIELDS

    def call_service(self, user):
        changed = _changed(self, services.HOUSEHOLD_FIELDS)
        if not changed:
            return None
        return services.household_update(user=user, household=self.instance,
                                         version=self.cleaned_data.get("lock_version"), **changed)


class NeedyFilter(admin.SimpleListFilter):
    """Needy or not, from the needy-household ledger (the one source of that fact)."""

    title = _("needy")
    parameter_name = "needy"

    def lookups(self, request, model_admin):
        return (("yes", _("Yes")), ("no", _("No")))

    def queryset(self, request, queryset):
        value = self.value()
        if value in ("yes", "no"):
            return queryset.filter(is_needy=value == "yes")
        return queryset


@admin.register(Household)
class HouseholdAdmin(ServiceDeleteMixin, ScopedAdmin):
    list_display = ("head_name", "building", "unit", "phone", "size", "needy", "has_elderly_alone", "has_disabled",
                    "has_infants")
    list_filter = (NeedyFilter, "has_elderly_alone", "has_disabled", "has_infants")
    search_fields = ("head_name", "unit", "building__name")
    list_select_related = ("building",)
    autocomplete_fields = ("building",)

    def get_queryset(self, request):
        return selectors.with_needy(super().get_queryset(request))

    @admin.display(description=_("needy"), boolean=True, ordering="is_needy")
    def needy(self, obj) -> bool:
        return obj.is_needy

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = HouseholdAddForm if obj is None else HouseholdChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        # Autocomplete shows "building unit": load the building with the household.
        qs, distinct = super().get_search_results(request, queryset, search_term)
        return qs.select_related("building"), distinct

    def delete_model(self, request, obj):
        services.territory_delete(user=request.user, obj=obj)
