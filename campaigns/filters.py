"""FilterSets of the campaign lists, shared by the pages and the API. They narrow an already scoped
queryset; they never widen it."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from organizations.filters import SubtreeFilter

from .models import BoardEntry, BoardKind, Designation, DesignationKind, GradeStatus, StarGrade


class GradeFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=GradeStatus.choices, label=_("Status"))
    subject = django_filters.ChoiceFilter(
        choices=[("organizations", _("Organisations")), ("members", _("Members"))], method="by_subject",
        label=_("Graded"),
    )
    grade = django_filters.NumberFilter(label=_("Reviewed grade"))
    within = SubtreeFilter(org_field="organization", label=_("Within organisation (code)"))

    class Meta:
        model = StarGrade
        fields = ["year", "status", "subject", "grade", "within"]

    def by_subject(self, queryset, name, value):
        return queryset.filter(member__isnull=value == "organizations") if value else queryset


class DesignationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    kind = django_filters.ChoiceFilter(choices=DesignationKind.choices, label=_("Type"))
    is_model = django_filters.BooleanFilter(label=_("Model community"))
    within = SubtreeFilter(org_field="community", label=_("Within organisation (code)"))

    class Meta:
        model = Designation
        fields = ["year", "kind", "is_model", "within"]


class BoardFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=BoardKind.choices, label=_("Board"))
    compound = django_filters.CharFilter(lookup_expr="icontains", label=_("Compound"))
    within = SubtreeFilter(org_field="community", label=_("Within organisation (code)"))

    class Meta:
        model = BoardEntry
        fields = ["kind", "compound", "within"]
