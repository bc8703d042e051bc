"""Forms of the organisational-life pages; the writes happen in ``orglife.services``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.paths import subtree_q
from organizations.selectors import member_list
from partybuild.forms import DateInput, PortalFormMixin, apply_errors
from partybuild.pickers import use_picker
from partybuild.scoping import EDIT

from . import selectors
from .models import Attendance, CommitteeMember, Evidence, FrequencyRule, MeetingType, Period

__all__ = ["ComplianceFilterForm", "EvidenceForm", "MeetingForm", "MeetingStartForm", "RuleForm", "SeatEndForm",
           "SeatForm", "apply_errors"]


class MeetingStartForm(PortalFormMixin, forms.Form):
    """Step one on a phone: which organisation, what kind of meeting, when (the date fixes who was a member)."""

    organization = forms.ModelChoiceField(queryset=None, label=_("Organisation"))
    meeting_type = forms.ChoiceField(choices=MeetingType.choices, label=_("Meeting type"))
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = selectors.meeting_organizations(user=user)

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("The meeting date cannot be in the future."))
        return held_on


class MeetingForm(MeetingStartForm):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    lecturer = forms.CharField(label=_("Lecturer"), max_length=50, required=False,
                               help_text=_("Required for a party lecture."))
    minutes = forms.CharField(label=pgettext_lazy("meeting record", "Minutes"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))


class SeatForm(PortalFormMixin, forms.Form):
    """A branch committee seat (支委会): the member (searched within the organisation), duty and dates."""

    column_class = "col-md-6"
    member = forms.ModelChoiceField(queryset=None, label=_("Member"))
    duty = forms.ChoiceField(choices=CommitteeMember.Duty.choices, label=_("Duty"))
    started_on = forms.DateField(label=pgettext_lazy("committee seat", "From"), widget=DateInput())
    ended_on = forms.DateField(label=pgettext_lazy("committee seat", "Until"), widget=DateInput(), required=False,
                               help_text=_("Leave empty while the member serves."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organization, user, seat: CommitteeMember | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if seat is not None:
            # The seat's member does not change; a different person takes a new seat.
            del self.fields["member"]
            self.fields["version"].initial = seat.version
        else:
            del self.fields["version"]
            self.fields["member"].queryset = member_list(user=user, action=EDIT).filter(
                subtree_q(organization.path, field="branch"))
            use_picker(self.fields["member"], "member", within=organization.pk, action="edit")

    def clean(self):
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("A seat cannot end before it starts."))
        return data


class SeatEndForm(PortalFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("Seat ends on"), widget=DateInput(), initial=timezone.localdate)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(PortalFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=Evidence.Kind.choices, label=_("Kind"))
    file = forms.FileField(label=_("File"), help_text=_("A photo, PDF, Word or Excel file up to 10 MB."))


class ComplianceFilterForm(PortalFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, required=False,
                                     choices=[("", "—"), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")])
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False, empty_value=None,
                                   choices=[("", _("whole quarter"))] + [(m, str(m)) for m in range(1, 13)])
    short_only = forms.BooleanField(label=_("Only those falling short"), required=False)
    subtree = forms.CharField(label=_("Within organisation (code)"), max_length=64, required=False)

    def window(self) -> selectors.Window:
        today = selectors.current_quarter()
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year") or today.year
        if data.get("month"):
            return selectors.Window(year=year, month=data["month"])
        return selectors.Window(year=year, quarter=data.get("quarter") or (today.quarter if year == today.year else 4))


class RuleForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = FrequencyRule
        fields = ["period", "times"]


REASON_CHOICES = Attendance.Reason.choices
PERIOD_CHOICES = Period.choices
