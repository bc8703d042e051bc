"""FilterSets of the grid lists (API now, pages later). They narrow an already scoped queryset;
codes outside the user's area simply match nothing. Bad values are a 400, never a 500."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from organizations.filters import SubtreeFilter
from partybuild.filters import STRICT_BOOLEANS, IdFilter, StrictBooleanFilter

from .models import Building, Grid, GridWorker, Household


class GridFilter(django_filters.FilterSet):
    community = SubtreeFilter(org_field="branch", label=_("Community (code)"))
    subtree = SubtreeFilter(org_field="branch", label=_("Within organisation (code)"))

    class Meta:
        model = Grid
        fields = ["community", "subtree"]


class GridWorkerFilter(django_filters.FilterSet):
    grid = django_filters.CharFilter(field_name="grid__code", label=_("Grid (code)"))
    subtree = SubtreeFilter(org_field="grid__branch", label=_("Within organisation (code)"))

    class Meta:
        model = GridWorker
        fields = ["grid", "subtree", "is_leader"]
        filter_overrides = STRICT_BOOLEANS


class BuildingFilter(django_filters.FilterSet):
    grid = django_filters.CharFilter(field_name="grid__code", label=_("Grid (code)"))
    subtree = SubtreeFilter(org_field="grid__branch", label=_("Within organisation (code)"))

    class Meta:
        model = Building
        fields = ["grid", "subtree"]


class HouseholdFilter(django_filters.FilterSet):
    building = IdFilter(field_name="building_id", label=_("Building (id)"))
    grid = django_filters.CharFilter(field_name="building__grid__code", label=_("Grid (code)"))
    subtree = SubtreeFilter(org_field="building__grid__branch", label=_("Within organisation (code)"))
    # Annotated by grids.selectors.household_list from the needy-household ledger.
    is_needy = StrictBooleanFilter(field_name="is_needy", label=_("needy"))

    class Meta:
        model = Household
        fields = ["building", "grid", "subtree", "is_needy", "has_elderly_alone", "has_disabled", "has_infants"]
        filter_overrides = STRICT_BOOLEANS
