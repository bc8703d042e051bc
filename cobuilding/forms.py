"""Forms of the co-building pages; the writes happen in ``cobuilding.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partybuild.forms import DateInput, PortalFormMixin, apply_errors

from . import selectors
from .models import ItemEvidence, ListKind, SecretaryProject

__all__ = ["ClaimForm", "EvidenceForm", "ItemForm", "MilestoneForm", "ProgressForm", "ReportForm", "ReviewForm",
           "SecretaryProjectForm", "apply_errors"]


class EvidenceForm(PortalFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=ItemEvidence.Kind.choices, label=pgettext_lazy("co-building", "Kind"))
    file = forms.FileField(label=pgettext_lazy("co-building", "File"),
                           help_text=_("A photo, PDF, Word or Excel file up to 10 MB."))


class ItemForm(PortalFormMixin, forms.Form):
    organization = forms.ModelChoiceField(queryset=None, label=_("Street or community"))
    kind = forms.ChoiceField(choices=ListKind.choices, label=pgettext_lazy("co-building", "List"))
    title = forms.CharField(max_length=120, label=_("Title"))
    description = forms.CharField(required=False, label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.ModelChoiceField(queryset=None, required=False, label=_("Offered by (resources)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = selectors.organizations_for_lists(user=user)
        self.fields["unit"].queryset = selectors.claimable_units(user=user)


class ClaimForm(PortalFormMixin, forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Resident unit"))
    commitment = forms.CharField(label=_("Commitment"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.claimable_units(user=user)


class ProgressForm(PortalFormMixin, forms.Form):
    percent = forms.IntegerField(min_value=0, max_value=100, label=_("Percent done"))
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}))


class SecretaryProjectForm(PortalFormMixin, forms.ModelForm):
    organization = forms.ModelChoiceField(queryset=None, label=_("Organisation"))

    class Meta:
        model = SecretaryProject
        fields = ["organization", "year", "secretary", "title", "problems", "tasks", "responsibilities"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ("problems", "tasks", "responsibilities")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = selectors.organizations_for_secretary_projects(user=user)


class MilestoneForm(PortalFormMixin, forms.Form):
    title = forms.CharField(max_length=120, label=_("Milestone"))
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())


class ReportForm(PortalFormMixin, forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Resident unit"))
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    summary = forms.CharField(label=pgettext_lazy("report review", "Report"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from partybuild.scoping import EDIT

        self.fields["unit"].queryset = selectors.units(user=user, action=EDIT)


class ReviewForm(PortalFormMixin, forms.Form):
    note = forms.CharField(required=False, label=_("Review"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)
