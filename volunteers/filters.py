"""FilterSets of the order and volunteer lists, shared by the pages and the API. They narrow an
already scoped queryset; they never widen it."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.filters import SubtreeFilter

from .models import Category, OrderStatus, ServiceOrder, Volunteer


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Resident, phone or need"))
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, label=_("Status"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    subtree = SubtreeFilter(org_field="community", label=_("Within organisation (code)"))
    placed_after = django_filters.DateFilter(field_name="placed_at", lookup_expr="date__gte", label=_("Placed from"))
    placed_before = django_filters.DateFilter(field_name="placed_at", lookup_expr="date__lte", label=_("Placed until"))

    class Meta:
        model = ServiceOrder
        fields = ["q", "status", "category", "subtree", "placed_after", "placed_before"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(resident_name__icontains=value) | Q(phone__endswith=value) | Q(need__icontains=value))


class VolunteerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or phone"))
    subtree = SubtreeFilter(org_field="community", label=_("Within organisation (code)"))

    class Meta:
        model = Volunteer
        fields = ["q", "subtree"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(phone__endswith=value)) if value else qs
