"""FilterSets of the regional-committee lists, shared by the pages and the API. They narrow an
already scoped queryset; they never widen it."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.filters import SubtreeFilter
from organizations.models import PartTimeMember
from partybuild.filters import IdFilter

from .models import Body, BodyKind, DutyReport, Meeting, MeetingStatus


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


class MeetingFilter(django_filters.FilterSet):
    """Joint meetings by area (the body's organisation), status, body and date (the dashboards link
    here with the area, ``status=closed`` and the year for their "meetings held")."""

    subtree = SubtreeFilter(org_field="body__organization", label=_("Within organisation (code)"))
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, label=pgettext_lazy("meetings", "Status"))
    body = IdFilter(field_name="body_id", label=pgettext_lazy("meetings", "Body"))
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte",
                                           label=pgettext_lazy("meetings", "From"))
    held_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte",
                                            label=pgettext_lazy("meetings", "To"))

    class Meta:
        model = Meeting
        fields = ["subtree", "status", "body", "held_after", "held_before"]
