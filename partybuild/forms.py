"""Forms: the one way portal forms look and report service errors.

- :class:`PortalFormRenderer` (``FORM_RENDERER``) renders ``{{ form }}`` and
  ``{{ field.as_field_group }}`` with the portal's Bootstrap markup
  (``templates/forms/portal_form.html`` and ``portal_field.html``), so templates do not loop
  over fields by hand.
- :class:`PortalFormMixin` gives every widget its Bootstrap class and a date picker.
- :func:`apply_errors` shows a service's ``ValidationError`` on the form.
"""

from __future__ import annotations

from pathlib import Path

import django.forms
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

from partybuild import form_rendering


class PortalFormRenderer(DjangoTemplates):
    """Django's own renderer (its widget templates unchanged) that also finds the project's
    templates, with the portal's form and field templates as the defaults."""

    form_template_name = "forms/portal_form.html"
    field_template_name = "forms/portal_field.html"

    @cached_property
    def engine(self):
        project_dirs = [d for t in settings.TEMPLATES for d in t.get("DIRS", ())]
        return self.backend({
            "APP_DIRS": True,
            "DIRS": [Path(django.forms.__file__).parent / self.backend.app_dirname, *project_dirs],
            "NAME": "portalforms",
            "OPTIONS": {},
        })

    @cached_property
    def python_widgets(self) -> frozenset[str]:
        """The widget templates rendered in Python (``partybuild.form_rendering``): none if any of
        the templates it stands for resolves to another file than Django's own."""
        names = {form_rendering.SELECT, form_rendering.OPTION, "django/forms/widgets/attrs.html",
                 *form_rendering.input_templates()}
        for name in names:
            if Path(self.get_template(name).template.origin.name) != form_rendering.WIDGETS / Path(name).name:
                return frozenset()
        return frozenset(names - {form_rendering.OPTION, "django/forms/widgets/attrs.html"})

    def render(self, template_name, context, request=None):
        if template_name in self.python_widgets:
            html = form_rendering.render(template_name, context)
            if html is not None:
                return html
        return super().render(template_name, context, request)


class DateInput(forms.DateInput):
    """The browser's date picker; it posts ISO dates, which every date field accepts."""

    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


def bootstrapify(form: forms.Form) -> forms.Form:
    """Give every widget its Bootstrap 5 class (and plain date inputs the date picker).

    For forms that are not :class:`PortalFormMixin` subclasses, e.g. django-filter's."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if type(widget) is forms.DateInput:
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        classes = widget.attrs.get("class", "").split()
        if css not in classes:
            widget.attrs["class"] = " ".join([*classes, css])
    return form


class PortalFormMixin:
    """Mix into a Form or ModelForm: Bootstrap widgets, and ``column_class`` for the grid column
    each field takes in ``{{ form }}`` (one column by default, ``"col-md-6"`` for two)."""

    column_class = "col-12"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
