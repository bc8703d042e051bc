"""FilterSets of the volunteering lists, shared by the pages and the API. They narrow an already
scoped queryset; they never widen it. Every query parameter of the API goes through one of them,
so a bad date or id is a 400 naming it, and ids are looked up inside the user's area (an
outsider's id is as unknown as one that does not exist).

Phones are searched by the full number only: a suffix search would let anyone who may list
orders rebuild a resident's number digit by digit.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.filters import SubtreeFilter
from organizations.models import Level, Organization
from organizations.validators import validate_phone
from partybuild.filters import StrictBooleanFilter
from partybuild.scoping import scope_queryset

from .models import (
    Category,
    CreditHold,
    HoldStatus,
    OrderStatus,
    OrderStep,
    PartnerShop,
    PointsEntry,
    Redemption,
    ServiceOrder,
    Volunteer,
    VolunteerTeam,
)


def full_phone_q(value: str, field: str = "phone") -> Q:
    """An exact match when ``value`` is a whole phone number, else nothing (never a suffix)."""
    value = value.replace(" ", "")
    try:
        validate_phone(value)
    except ValidationError:
        return Q()
    return Q(**{field: value}) if value else Q()


def _scoped(model, **filters):
    """A filter's choices: the rows of ``model`` in the requesting user's area."""
    def queryset(request):
        user = getattr(request, "user", None)
        return scope_queryset(model.objects.filter(**filters), user)
    return queryset


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Resident, need, or the full phone number"))
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
        return qs.filter(Q(resident_name__icontains=value) | Q(need__icontains=value) | full_phone_q(value))


class VolunteerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, or the full phone number"))
    subtree = SubtreeFilter(org_field="community", label=_("Within organisation (code)"))

    class Meta:
        model = Volunteer
        fields = ["q", "subtree"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | full_phone_q(value)) if value else qs


# --- the API's other lists ------------------------------------------------------------------------

class TeamFilter(django_filters.FilterSet):
    community = django_filters.ModelChoiceFilter(queryset=_scoped(Organization, level=Level.COMMUNITY))
    is_active = StrictBooleanFilter()

    class Meta:
        model = VolunteerTeam
        fields = ["community", "is_active"]


class StepFilter(django_filters.FilterSet):
    order = django_filters.ModelChoiceFilter(queryset=_scoped(ServiceOrder))
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices)

    class Meta:
        model = OrderStep
        fields = ["order", "status"]


class EntryFilter(django_filters.FilterSet):
    volunteer = django_filters.ModelChoiceFilter(queryset=_scoped(Volunteer))
    kind = django_filters.ChoiceFilter(choices=PointsEntry.Kind.choices)
    order = django_filters.ModelChoiceFilter(queryset=_scoped(ServiceOrder))

    class Meta:
        model = PointsEntry
        fields = ["volunteer", "kind", "order"]


class ShopFilter(django_filters.FilterSet):
    community = django_filters.ModelChoiceFilter(queryset=_scoped(Organization, level=Level.COMMUNITY))
    is_active = StrictBooleanFilter()

    class Meta:
        model = PartnerShop
        fields = ["community", "is_active"]


class RedemptionFilter(django_filters.FilterSet):
    volunteer = django_filters.ModelChoiceFilter(queryset=_scoped(Volunteer))
    shop = django_filters.ModelChoiceFilter(queryset=_scoped(PartnerShop))

    class Meta:
        model = Redemption
        fields = ["volunteer", "shop"]


class HoldFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=HoldStatus.choices)
    volunteer = django_filters.ModelChoiceFilter(queryset=_scoped(Volunteer))

    class Meta:
        model = CreditHold
        fields = ["status", "volunteer"]
