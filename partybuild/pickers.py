"""Search-as-you-type pickers: no select lists thousands of options, in any form.

An app declares ``pickers`` on its AppConfig: dotted paths of ``Picker`` objects. A picker names a
scoped search (``search(user, term, params) -> QuerySet``, which must go through the app's scoped
selectors), how a row reads (``label``) and which field is the submitted value. A form field uses
``PickerSelect("member", params={...})``: the page renders only the selected option, and
``static/js/portal.js`` turns the select into a Tom Select box that asks ``/pick/<name>/?q=`` as the
user types. Without JavaScript the select still submits the selected value.

The form field keeps its own scoped queryset for validation, so a forged value outside the user's
area is refused as before; the picker only decides what is offered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

LIMIT = 20


@dataclass(frozen=True)
class Picker:
    name: str
    search: Callable[[object, str, dict[str, str]], QuerySet]
    label: Callable[[Model], str]
    value_field: str = "pk"
    # Labels of submitted values when the form field has no queryset (a code typed into a CharField):
    # ``resolve(values) -> QuerySet``. Only for records whose names are not private (organisations).
    resolve: Callable[[list[str]], QuerySet] | None = None
    # Query parameters a form may pass through to ``search`` (anything else is dropped).
    params: tuple[str, ...] = field(default=())

    def value_of(self, obj: Model) -> str:
        return str(getattr(obj, self.value_field))


@cache
def registry() -> dict[str, Picker]:
    found: dict[str, Picker] = {}
    for config in apps.get_app_configs():
        for path in getattr(config, "pickers", ()):
            picker = import_string(path)
            if picker.name in found:
                raise ValueError(f"Two pickers are named {picker.name!r}")
            found[picker.name] = picker
    return found


def get(name: str) -> Picker:
    try:
        return registry()[name]
    except KeyError:
        raise Http404 from None


class PickerSelect(forms.Select):
    """A select that lists only its selected option and searches the rest on the server."""

    def __init__(self, picker: str, *, params: dict[str, object] | None = None, placeholder: str = "", attrs=None):
        super().__init__(attrs=attrs)
        self.picker = picker
        self.params = params or {}
        self.placeholder = placeholder

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        return copy

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        query = urlencode({k: v for k, v in self.params.items() if v not in (None, "")})
        attrs["data-picker-url"] = reverse("pick", args=[self.picker]) + (f"?{query}" if query else "")
        if self.placeholder:
            attrs["data-placeholder"] = str(self.placeholder)
        return attrs

    def _selected(self, values: list[str]) -> Iterable[tuple[str, str]]:
        picker = get(self.picker)
        queryset = getattr(self.choices, "queryset", None)
        if queryset is not None:
            # The field's own scoped queryset: a value from outside the user's area shows no name.
            key = getattr(self.choices.field, "to_field_name", None) or "pk"
            valid = [v for v in values if key != "pk" or v.isdigit()]
            rows = queryset.filter(**{f"{key}__in": valid}) if valid else queryset.none()
        elif picker.resolve is not None:
            rows = picker.resolve(values)
        else:
            return [(v, v) for v in values]
        return [(picker.value_of(obj), picker.label(obj)) for obj in rows]

    def optgroups(self, name, value, attrs=None):
        values = [str(v) for v in value if v not in (None, "")]
        options = [self.create_option(name, "", "", not values, 0)]
        for index, (option_value, label) in enumerate(self._selected(values), start=1):
            options.append(self.create_option(name, option_value, label, True, index))
        return [(None, options, 0)]


def use_picker(field: forms.Field, picker: str, **params) -> None:
    """Give an existing form field a picker widget, keeping its attributes (classes) and choices."""
    widget = PickerSelect(picker, params=params, attrs=dict(field.widget.attrs))
    widget.is_required = field.required
    if hasattr(field, "choices"):
        widget.choices = field.choices
    field.widget = widget


def int_param(params: dict[str, str], key: str) -> int | None:
    """A numeric parameter, or None when it is missing or not a number (never a server error)."""
    value = params.get(key, "")
    return int(value) if value.isdigit() else None


def search_results(picker: Picker, user, term: str, params: dict[str, str]) -> list[dict[str, str]]:
    if not term:
        return []
    rows = picker.search(user, term, params)[:LIMIT]
    return [{"value": picker.value_of(obj), "text": picker.label(obj)} for obj in rows]


@require_GET
@login_required
def pick_view(request, name: str):
    picker = get(name)
    term = request.GET.get("q", "").strip()[:50]
    params = {key: request.GET[key] for key in picker.params if request.GET.get(key)}
    return JsonResponse({"results": search_results(picker, request.user, term, params)})
