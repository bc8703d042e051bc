"""The upload form: what to import, the file, and whether to only check it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry
from .policy import importable_kinds


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"), choices=(), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"), help_text=_("An Excel workbook (.xlsx) or CSV file with the template's column titles."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file (dry run)"), required=False,
        help_text=_("Validates every row and reports problems without writing anything."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = importable_kinds(user)
        self.fields["kind"].choices = [(k, label) for k, label in registry.choices() if k in allowed]
        if len(allowed) == 1:
            self.fields["kind"].initial = allowed[0]
