"""FilterSets of the regional-committee lists, shared by the pages and the API. They narrow an
already scoped queryset; they never widen it."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.filters import SubtreeFilter
from organizations.models import PartTimeMember
from partybuild.filters import IdFilter, StrictBooleanFilter

from .models import (
    SOLVED_STATES,
    UNRESOLVED_STATES,
    AgendaItem,
    Body,
    BodyKind,
    DutyReport,
    ItemState,
    Meeting,
    MeetingStatus,
)
from .selectors import carried_within


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


# Groups of item states offered before the states themselves: still before the body (carried to its
# next meeting when one closes), and solved as the statistics count it.
ITEM_STATUS_GROUPS = {"unresolved": UNRESOLVED_STATES, "solved": SOLVED_STATES}


class AgendaItemFilter(django_filters.FilterSet):
    """Agenda items (议题) by area (the body's organisation), status (a state, or the groups
    ``unresolved`` and ``solved``), carried over and escalated, the date of the meeting that first
    heard them (``raised_after``/``raised_before``), the date of a meeting they were carried to
    (``carried_after``/``carried_before``) and text. The dashboards link here with the filters that
    reproduce their "items raised", "carried over" and "escalated" (``selectors.meeting_stats``)."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    subtree = SubtreeFilter(org_field="body__organization", label=_("Within organisation (code)"))
    status = django_filters.ChoiceFilter(
        method="in_status", label=pgettext_lazy("meetings", "Status"),
        choices=[("unresolved", _("Still on the agenda (all)")), ("solved", _("Solved (resolved or done)")),
                 *ItemState.choices],
    )
    carried_over = StrictBooleanFilter(method="was_carried", label=pgettext_lazy("meetings", "Carried over"))
    escalated = StrictBooleanFilter(field_name="is_escalated", label=pgettext_lazy("meetings", "Escalated"))
    body = IdFilter(field_name="body_id", label=pgettext_lazy("meetings", "Body"))
    raised_after = django_filters.DateFilter(field_name="first_meeting__held_on", lookup_expr="gte",
                                             label=_("Raised from"))
    raised_before = django_filters.DateFilter(field_name="first_meeting__held_on", lookup_expr="lte",
                                              label=_("Raised until"))
    carried_after = django_filters.DateFilter(method="carried_between", label=_("Carried over from"))
    carried_before = django_filters.DateFilter(method="carried_between", label=_("Carried over until"))

    class Meta:
        model = AgendaItem
        fields = ["q", "subtree", "status", "carried_over", "escalated", "body", "raised_after", "raised_before",
                  "carried_after", "carried_before"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(title__icontains=value) | Q(description__icontains=value) | Q(lead_unit__icontains=value))

    def in_status(self, qs, name, value):
        return qs.filter(state__in=ITEM_STATUS_GROUPS.get(value, [value]))

    def was_carried(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(times_carried__gt=0) if value else qs.filter(times_carried=0)

    def carried_between(self, qs, name, value):
        # Both bounds must hold for the same carry-over, so the pair is one condition, applied once
        # (by carried_after when it is given; a filter with no value is never called).
        after, before = self.form.cleaned_data.get("carried_after"), self.form.cleaned_data.get("carried_before")
        if name == "carried_before" and after:
            return qs
        return qs.filter(carried_within(after, before))
