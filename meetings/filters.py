"""FilterSets of the regional-committee lists, shared by the pages and the API. They narrow an
already scoped queryset; they never widen it."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import PartTimeMember

from .models import Body, BodyKind, DutyReport


class BodyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=BodyKind.choices, label=pgettext_lazy("meetings", "Kind"))
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Body
        fields = ["kind", "is_active"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(organization__name__icontains=value))


class PartTimeMemberFilter(django_filters.FilterSet):
    serving = django_filters.BooleanFilter(field_name="term_end", lookup_expr="isnull", label=_("Serving"))
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = PartTimeMember
        fields = ["committee", "unit"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(unit__name__icontains=value))


class DutyReportFilter(django_filters.FilterSet):
    class Meta:
        model = DutyReport
        fields = ["year", "member", "rating"]
