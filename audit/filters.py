"""Filters of the register of reveals: purpose, field, dates and a free-text search."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import PersonalDataAccess
from .policy import Purpose


class AccessFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    purpose = django_filters.ChoiceFilter(choices=Purpose.choices, label=_("Purpose"))
    start = django_filters.DateFilter(field_name="accessed_at", lookup_expr="date__gte", label=_("From"))
    end = django_filters.DateFilter(field_name="accessed_at", lookup_expr="date__lte", label=_("Until"))

    class Meta:
        model = PersonalDataAccess
        fields = ["q", "purpose", "start", "end"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(object_repr__icontains=value) | Q(user__username__icontains=value) | Q(user__full_name__icontains=value)
            | Q(purpose_detail__icontains=value)
        )
