"""Forms of the regional-committee pages. They parse input; the writes happen in ``meetings.services``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import PartTimeMember
from partybuild.forms import DateInput, PortalFormMixin, apply_errors

from . import selectors
from .models import Body, DutyReport

__all__ = ["ChairTermForm", "CommitteeForm", "DutyReportForm", "EndTermForm", "SeatForm", "apply_errors"]


class CommitteeForm(PortalFormMixin, forms.ModelForm):
    organization = forms.ModelChoiceField(queryset=None, label=_("Street or community"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Body
        fields = ["organization", "name", "has_rotating_chair", "established_on"]
        widgets = {"established_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Leave empty to name it after the organisation.")
        if self.instance.pk:
            del self.fields["organization"]
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["organization"].queryset = selectors.committee_org_choices(user=user)

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("organization", "version")}


class SeatForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    name = forms.CharField(max_length=50, label=_("Name"))
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit it comes from"))
    position = forms.CharField(max_length=60, required=False, label=_("Position in unit"))
    term_start = forms.DateField(label=_("Term start"), widget=DateInput())
    term_end = forms.DateField(label=_("Term end"), required=False, widget=DateInput())

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.unit_choices(body=body)


class EndTermForm(PortalFormMixin, forms.Form):
    term_end = forms.DateField(label=_("Term ends on"), widget=DateInput(), initial=timezone.localdate)


class ChairTermForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    member = forms.ModelChoiceField(queryset=None, label=_("Part-time member"))
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = PartTimeMember.objects.filter(committee=body.organization).select_related(
            "unit"
        ).order_by("name")


class DutyReportForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = DutyReport
        fields = ["year", "reported_on", "summary", "matters_solved", "rating"]
        widgets = {"reported_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 5})}
