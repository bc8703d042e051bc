"""The inbox API's filter: a bad value is a 400, not a 500 or a silently ignored parameter."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Kind, Notification


class NotificationFilter(django_filters.FilterSet):
    # A choice rather than a BooleanFilter, whose widget reads any unknown value as "no filter".
    unread = django_filters.ChoiceFilter(
        choices=(("true", _("Unread only")), ("false", _("Read only"))), method="filter_unread", label=_("Unread"),
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))

    class Meta:
        model = Notification
        fields = ["unread", "kind"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "true")
