"""FilterSets shared by the ledger pages, the API and the xlsx exports, so "the current filters"
mean the same everywhere. They narrow an already scoped queryset; they never widen it."""

from __future__ import annotations

from datetime import date

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.filters import SubtreeFilter
from partybuild.filters import IdFilter, StrictBooleanFilter

from .models import (
    Assistance,
    Demand,
    DemandSource,
    DemandStatus,
    Evaluation,
    Fulfilment,
    GridVisit,
    NeedyCategory,
    NeedyHousehold,
    PairingLevel,
    Pledge,
    PledgeItem,
    Satisfaction,
    VisitKind,
)


class YearFilter(django_filters.NumberFilter):
    """A calendar year: a whole number in a sane range, so ``?year=0.5`` or ``?year=1e20`` is a
    400 with a message rather than a database error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1949)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class _LedgerFilter(django_filters.FilterSet):
    subtree = SubtreeFilter(org_field="organization", label=_("Within organisation (code)"))
    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ()

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return qs.filter(q)


class VisitFilter(_LedgerFilter):
    year = YearFilter(field_name="visited_on", lookup_expr="year", label=_("Year"))
    start = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte", label=_("From"))
    end = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte", label=_("Until"))
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, method="involving", label=_("Involving"))
    search_fields = ("household__head_name", "worker__name", "notes")

    class Meta:
        model = GridVisit
        fields = ["q", "year", "start", "end", "kind", "subtree"]

    def involving(self, qs, name, value):
        return qs.filter(**{value: True}) if value in VisitKind.values else qs


class PledgeFilter(_LedgerFilter):
    year = YearFilter(field_name="year", label=_("Year"))
    evaluation = django_filters.ChoiceFilter(
        choices=[("none", _("Not evaluated yet")), *Evaluation.choices], method="evaluated", label=_("Evaluation")
    )
    search_fields = ("member__name", "items__content")

    class Meta:
        model = Pledge
        fields = ["q", "year", "evaluation", "subtree"]

    def evaluated(self, qs, name, value):
        return qs.filter(evaluation="" if value == "none" else value)

    def search(self, qs, name, value):
        # Item content matches may repeat a pledge once per item; keep each pledge once.
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(member__name__icontains=value) | Q(pk__in=Pledge.objects.filter(
            items__content__icontains=value).values("pk")))


class FulfilmentFilter(_LedgerFilter):
    subtree = SubtreeFilter(org_field="item__pledge__organization", label=_("Within organisation (code)"))
    year = YearFilter(field_name="done_on", lookup_expr="year", label=_("Year"))
    start = django_filters.DateFilter(field_name="done_on", lookup_expr="gte", label=_("From"))
    end = django_filters.DateFilter(field_name="done_on", lookup_expr="lte", label=_("Until"))
    search_fields = ("item__pledge__member__name", "description", "item__content")

    class Meta:
        model = Fulfilment
        fields = ["q", "year", "start", "end", "subtree"]


class NeedyFilter(_LedgerFilter):
    year = YearFilter(field_name="registered_on", lookup_expr="year", label=_("Registered in"))
    category = django_filters.ChoiceFilter(choices=NeedyCategory.choices, label=_("Hardship category"))
    pairing_level = django_filters.ChoiceFilter(choices=PairingLevel.choices, label=_("Pairing level"))
    is_active = StrictBooleanFilter(label=_("Still in need"))
    search_fields = ("household__head_name", "situation", "responsible__name")

    class Meta:
        model = NeedyHousehold
        fields = ["q", "year", "category", "pairing_level", "is_active", "subtree"]


class DemandFilter(_LedgerFilter):
    year = YearFilter(field_name="received_on", lookup_expr="year", label=_("Year"))
    start = django_filters.DateFilter(field_name="received_on", lookup_expr="gte", label=_("From"))
    end = django_filters.DateFilter(field_name="received_on", lookup_expr="lte", label=_("Until"))
    status = django_filters.ChoiceFilter(choices=DemandStatus.choices, label=_("Status"))
    source = django_filters.ChoiceFilter(choices=DemandSource.choices, label=_("Source"))
    satisfaction = django_filters.ChoiceFilter(choices=Satisfaction.choices, label=_("Satisfaction"))
    search_fields = ("resident_name", "content", "reply")

    class Meta:
        model = Demand
        fields = ["q", "year", "start", "end", "status", "source", "satisfaction", "subtree"]


class PledgeItemFilter(django_filters.FilterSet):
    """``?pledge=<id>``: the items of one pledge."""

    pledge = IdFilter(field_name="pledge_id", label=_("Member pledge"))

    class Meta:
        model = PledgeItem
        fields = ["pledge"]


class AssistanceFilter(django_filters.FilterSet):
    """``?needy=<id>``: the assistance given to one needy household."""

    needy = IdFilter(field_name="needy_id", label=_("Needy household"))

    class Meta:
        model = Assistance
        fields = ["needy"]


class PeriodForm(forms.Form):
    """The statistics page's ``?start=&end=``: parsed by Django, never by hand. A missing or
    malformed date falls back to the start of this year / today."""

    start = forms.DateField(required=False, label=_("From"))
    end = forms.DateField(required=False, label=_("Until"))

    def period(self, today: date) -> tuple[date, date]:
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or date(today.year, 1, 1)
        end = data.get("end") or today
        return (start, end) if start <= end else (end, start)
