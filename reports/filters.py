"""The report list's filters, shared by the page and the API. They narrow a scoped queryset."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.filters import SubtreeFilter
from partybuild.filters import StrictBooleanFilter

from .models import Department, GridReport, Status
from .selectors import category_list, department_list


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Number, description or location"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    category = django_filters.ModelChoiceFilter(queryset=category_list(), label=_("Category"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.none(), label=_("Department"))
    subtree = SubtreeFilter(org_field="grid__branch", label=_("Within organisation (code)"))
    start = django_filters.DateFilter(
        field_name="reported_at", lookup_expr="date__gte", label=_("Reported from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        field_name="reported_at", lookup_expr="date__lte", label=_("Reported until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    overdue = StrictBooleanFilter(field_name="is_overdue", label=_("Overdue"))
    # "Open" on the dashboards: every case not closed yet, whatever step it is at.
    open = StrictBooleanFilter(method="not_closed", label=_("Open (not closed)"))

    class Meta:
        model = GridReport
        fields = ["q", "status", "category", "department", "subtree", "start", "end", "overdue", "open"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only departments the user can see are offered (and accepted) as a filter; the API's
        # filter backend passes the request instead of the user.
        user = user or getattr(self.request, "user", None)
        self.filters["department"].queryset = department_list(user=user)

    def not_closed(self, qs, name, value):
        if value is None:
            return qs
        return qs.exclude(status=Status.CLOSED) if value else qs.filter(status=Status.CLOSED)

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(number__icontains=value) | Q(description__icontains=value) | Q(location__icontains=value))
