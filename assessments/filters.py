"""Filters of the assessment lists (API)."""

from __future__ import annotations

import django_filters

from organizations.models import Level
from partybuild.filters import IdFilter

from .models import Grade, Result, ResultStatus, Score


class ResultFilter(django_filters.FilterSet):
    scheme = IdFilter(field_name="scheme_id")
    period = django_filters.CharFilter()
    level = django_filters.ChoiceFilter(field_name="organization__level", choices=Level.choices)
    grade = django_filters.ChoiceFilter(choices=Grade.choices)
    status = django_filters.ChoiceFilter(choices=ResultStatus.choices)

    class Meta:
        model = Result
        fields = ["scheme", "period", "level", "grade", "status"]


class ScoreFilter(django_filters.FilterSet):
    scheme = IdFilter(field_name="scheme_id")
    period = django_filters.CharFilter()
    organization = django_filters.CharFilter(field_name="organization__code")
    indicator = django_filters.CharFilter(field_name="indicator__code")

    class Meta:
        model = Score
        fields = ["scheme", "period", "organization", "indicator"]
