"""FilterSets of the property lists, shared by the pages and the API. They narrow an already scoped
queryset, never widen it; a bad value is a 400 (API) or an ignored filter with its error (pages)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.filters import SubtreeFilter
from partybuild.filters import IdFilter

from .models import (
    Committee,
    CommitteeKind,
    ManagementMode,
    PartyStatus,
    PropertyCompany,
    ServiceItem,
    ServiceRecord,
    ServiceUnit,
)


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or credit code"))
    party_status = django_filters.ChoiceFilter(choices=PartyStatus.choices, label=_("Party status"))
    serves = django_filters.CharFilter(method="serving", label=_("Serving units within (organisation code)"))

    class Meta:
        model = PropertyCompany
        fields = ["q", "party_status", "serves"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(credit_code=value.upper())) if value else qs

    def serving(self, qs, name, value):
        units = SubtreeFilter(org_field="community").filter(ServiceUnit.objects.all(), value)
        return qs.filter(pk__in=units.values("company_id")) if value else qs


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or code"))
    management_mode = django_filters.ChoiceFilter(choices=ManagementMode.choices, label=_("Management mode"))
    subtree = SubtreeFilter(org_field="community", label=_("Within organisation (code)"))
    company = IdFilter(field_name="company_id", label=_("Company id"))

    class Meta:
        model = ServiceUnit
        fields = ["q", "management_mode", "subtree", "company"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(code=value)) if value else qs


class CommitteeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CommitteeKind.choices, label=_("Kind"))
    subtree = SubtreeFilter(org_field="unit__community", label=_("Within organisation (code)"))
    needs_election = django_filters.BooleanFilter(field_name="needs_election", label=_("Term ended without election"))

    class Meta:
        model = Committee
        fields = ["kind", "subtree", "needs_election"]


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=pgettext_lazy("property", "Name"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = ServiceItem
        fields = ["q", "is_active"]


class RecordFilter(django_filters.FilterSet):
    subtree = SubtreeFilter(org_field="community", label=_("Within organisation (code)"))
    served_after = django_filters.DateFilter(field_name="served_on", lookup_expr="gte", label=_("Served from"))
    served_before = django_filters.DateFilter(field_name="served_on", lookup_expr="lte", label=_("Served until"))

    class Meta:
        model = ServiceRecord
        fields = ["subtree", "served_after", "served_before"]
