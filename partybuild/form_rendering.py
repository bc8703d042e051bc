"""Django's input and select widget templates, rendered in Python (issue 9).

Every list page carries a filter form, and Django renders each widget through its template engine:
a select includes one template per option and each of those includes ``attrs.html``. The grid
report list's nine filters cost 20 of its 67 ms of CPU. :func:`render` writes the same bytes as
Django's own ``input.html`` (and the templates that only include it: text, date, number, email…),
``select.html`` and ``select_option.html``, with the same escaping and localisation
(``render_value_in_context``). :class:`partybuild.forms.PortalFormRenderer` calls it first and
lets the engine render anything else: a project template overriding one of these, an option with
a template of its own, a value the template would call. ``tests/partybuild/test_form_rendering.py``
compares both, byte for byte, over the portal's every form.
"""

from __future__ import annotations

import functools
from pathlib import Path

import django.forms
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData

WIDGETS = Path(django.forms.__file__).parent / "templates" / "django" / "forms" / "widgets"
INPUT = "django/forms/widgets/input.html"
SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
_ONLY_INCLUDES_INPUT = '{% include "django/forms/widgets/input.html" %}\n'


@functools.cache
def input_templates() -> frozenset[str]:
    """``input.html`` and Django's widget templates that consist of including it."""
    names = {INPUT}
    for path in WIDGETS.glob("*.html"):
        if path.read_text(encoding="utf-8") == _ONLY_INCLUDES_INPUT:
            names.add(f"django/forms/widgets/{path.name}")
    return frozenset(names)


class _Fallback(Exception):
    """Something only the template engine renders the way it does."""


def _text(value, context) -> str:
    """``{{ value }}``."""
    if callable(value):
        raise _Fallback
    return render_value_in_context(value, context)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: the filter keeps a safe string safe, else it is escaped."""
    if callable(value):
        raise _Fallback
    try:
        text = "%s" % value  # noqa: UP031  (the filter's own formatting: a tuple formats as its items)
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict, context) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name, context)}" if value is True else f' {_text(name, context)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict, context) -> str:
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value != None else ""  # noqa: E711  (the template's own test)
    return (f'<input type="{_text(widget["type"], context)}" name="{_text(widget["name"], context)}"'
            f'{shown}{_attrs(widget["attrs"], context)}>\n')


def _select(widget: dict, context) -> str:
    out = [f'<select name="{_text(widget["name"], context)}"{_attrs(widget["attrs"], context)}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name, context)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                raise _Fallback
            out.append(f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"], context)}>'
                       f'{_text(option["label"], context)}</option>\n')
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def render(template_name: str, context: dict) -> str | None:
    """The widget's HTML, or None when the template engine has to render it."""
    widget = context.get("widget")
    if not isinstance(widget, dict):
        return None
    # As the engine renders a widget: autoescaped, localised as the page is.
    template_context = Context(autoescape=True)
    try:
        # Django's renderer strips what the template wrote (BaseRenderer.render).
        if template_name == SELECT:
            return _select(widget, template_context).strip()
        if template_name in input_templates():
            return _input(widget, template_context).strip()
    except _Fallback:
        return None
    return None
