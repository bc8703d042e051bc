"""FilterSets of the property lists, shared by the pages and the API. They narrow an already scoped
queryset, never widen it; a bad value is a 400 (API) or an ignored filter with its error (pages)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.filters import SubtreeFilter
from partybuild.filters import IdFilter, StrictBooleanFilter

from .models import (
    Committee,
    CommitteeKind,
    Complaint,
    ComplaintStatus,
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


# --- complaints -----------------------------------------------------------------------------------


def complaint_open_q() -> Q:
    """A complaint not closed yet (sent to the company, or answered and awaiting the resident)."""
    return ~Q(complaint_status=ComplaintStatus.CLOSED)


def complaint_answer_overdue_q(now: datetime) -> Q:
    """Sent to the company and still unanswered past its answer deadline."""
    return Q(complaint_status=ComplaintStatus.ROUTED, answer_due_at__lt=now)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.get_current_timezone())


class ComplaintFilter(django_filters.FilterSet):
    """The complaint list narrowed the way the dashboards count: an area, filing dates (local days),
    status, open, answer overdue. The dashboards read the same ``complaint_*_q`` definitions."""

    subtree = SubtreeFilter(org_field="unit__community", label=_("Within organisation (code)"))
    filed_after = django_filters.DateFilter(method="filed_from", label=_("Filed from"))
    filed_before = django_filters.DateFilter(method="filed_until", label=_("Filed until"))
    status = django_filters.ChoiceFilter(field_name="complaint_status", choices=ComplaintStatus.choices,
                                         label=_("Status"))
    open = StrictBooleanFilter(method="only_open", label=_("Not closed"))
    answer_overdue = StrictBooleanFilter(method="only_answer_overdue", label=_("Answer overdue"))

    class Meta:
        model = Complaint
        fields = ["subtree", "filed_after", "filed_before", "status", "open", "answer_overdue"]

    def filed_from(self, qs, name, value):
        return qs.filter(filed_at__gte=_day_start(value)) if value else qs

    def filed_until(self, qs, name, value):
        return qs.filter(filed_at__lt=_day_start(value) + timedelta(days=1)) if value else qs

    def only_open(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(complaint_open_q()) if value else qs.exclude(complaint_open_q())

    def only_answer_overdue(self, qs, name, value):
        if value is None:
            return qs
        overdue = complaint_answer_overdue_q(timezone.now())
        return qs.filter(overdue) if value else qs.exclude(overdue)
