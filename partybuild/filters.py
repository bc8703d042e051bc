"""Filter pieces shared by every app's FilterSets (pages, API and exports alike)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from partybuild.forms import bootstrapify


class StrictBooleanField(forms.NullBooleanField):
    """``true``/``false`` (or 1/0, yes/no, on/off); empty means "either"; anything else is an error,
    so ``?is_leader=maybe`` is a 400 rather than a silently unfiltered list."""

    # A drop-down on pages; the API sends the same "true"/"false".
    widget = forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])
    TRUE = frozenset({"true", "1", "yes", "on"})
    FALSE = frozenset({"false", "0", "no", "off"})

    def to_python(self, value):
        if value in (None, "") or isinstance(value, bool):
            return value if isinstance(value, bool) else None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(_("Enter true or false."), code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


# Meta.filter_overrides for FilterSets whose boolean fields are generated from the model.
STRICT_BOOLEANS = {models.BooleanField: {"filter_class": StrictBooleanFilter}}


class IdFilter(django_filters.NumberFilter):
    """A row id: a plain whole number in the range of a primary key, not a choice among all rows,
    so an id of another street gives an empty list exactly like an id that does not exist (no
    existence oracle), and ``1e20`` or ``-1.5`` is a 400 rather than a database overflow."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


def filtered(filterset_class, request, qs):
    """``(filterset, rows)``: the page's filter over an already scoped ``qs``, its form styled. An
    invalid filter leaves the list whole and shows its error beside the field (the pages' rule)."""
    fs = filterset_class(request.GET or None, queryset=qs, request=request)
    bootstrapify(fs.form)
    return fs, (fs.qs if fs.is_bound and fs.is_valid() else qs)


class QueryFilterBackend(DjangoFilterBackend):
    """The API's filter backend: django-filter's, skipped when the query string names none of the
    view's filters. The FilterSet and its form deep-copy every filter and form field and validate
    an empty form, about 2 ms of a list request (issue 9), to change nothing: every filter leaves
    the rows alone when its value is empty, and no FilterSet here overrides ``qs``. A parameter
    that merely starts with a filter's name (``joined_after`` of a range) runs the full backend."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        names = tuple(filterset_class.base_filters)
        if not any(param.startswith(names) for param in request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)
