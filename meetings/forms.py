"""Forms of the regional-committee pages. They parse input; the writes happen in ``meetings.services``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import PartTimeMember
from partybuild.forms import DateInput, PortalFormMixin, apply_errors
from partybuild.pickers import use_picker

from . import selectors, services
from .models import KIND_LEVELS, AttendeeKind, Body, BodyKind, DutyReport, Meeting, Recurrence

__all__ = [
    "AttachmentForm", "AttendeeForm", "ChairTermForm", "CommitteeForm", "DutyReportForm", "EndTermForm",
    "JointBodyForm",
    "MeetingCreateForm", "MeetingEditForm", "MoveForm", "SeatForm", "apply_errors",
]


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


class JointBodyForm(PortalFormMixin, forms.ModelForm):
    """A three-party meeting (三方联动) or a themed forum (双月座谈会): who holds it, what it is called."""

    kind = forms.ChoiceField(label=pgettext_lazy("meetings", "Kind"))
    organization = forms.ModelChoiceField(
        queryset=None, label=_("Held by"),
        help_text=_("A three-party meeting: the community; a themed forum: the district or a street."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Body
        fields = ["kind", "organization", "name", "established_on", "is_active"]
        widgets = {"established_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        from .selectors import JOINT_KINDS

        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = _("E.g. the compound's name and 'three-party meeting'.")
        if self.instance.pk:
            del self.fields["kind"], self.fields["organization"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["is_active"]
            self.fields["kind"].choices = [(k, label) for k, label in BodyKind.choices if k in JOINT_KINDS]
            self.fields["organization"].queryset = selectors.joint_body_org_choices(user=user)
            use_picker(self.fields["organization"], "organization", levels="district,street,community",
                       action="edit")

    def clean(self):
        data = super().clean()
        org, kind = data.get("organization"), data.get("kind")
        if org is not None and kind and org.level not in KIND_LEVELS[kind]:
            self.add_error("organization", str(services.JOINT_LEVEL_REFUSALS[kind]))
        return data

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("organization", "kind", "version")}


class SeatForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    name = forms.CharField(max_length=50, label=pgettext_lazy("meetings", "Name"))
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


# --- joint meetings -----------------------------------------------------------------------------

ONCE = "once"


class MeetingCreateForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    body = forms.ModelChoiceField(queryset=None, label=_("Body"))
    title = forms.CharField(max_length=120, label=_("Title"))
    held_on = forms.DateField(label=_("Date of the (first) meeting"), widget=DateInput())
    place = forms.CharField(max_length=120, required=False, label=_("Place"))
    recurrence = forms.ChoiceField(label=_("Recurs"), initial=Recurrence.MONTHLY)
    interval_weeks = forms.IntegerField(min_value=1, max_value=26, required=False, label=_("Every how many weeks"))
    weekday = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label=_("Weekday"),
        choices=[("", "—"), *enumerate([_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
                                         _("Saturday"), _("Sunday")])],
    )
    nth = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label=_("Which one of the month"),
        choices=[("", "—"), (1, _("first")), (2, _("second")), (3, _("third")), (4, _("fourth")), (-1, _("last"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = selectors.body_choices(user=user)
        self.fields["recurrence"].choices = [*Recurrence.choices, (ONCE, _("Once (no series)"))]


class MeetingEditForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Meeting
        fields = ["title", "place", "minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class MoveForm(PortalFormMixin, forms.Form):
    held_on = forms.DateField(label=_("New date"), widget=DateInput())
    reason = forms.CharField(max_length=200, label=pgettext_lazy("meetings", "Reason"))


class AttendeeForm(PortalFormMixin, forms.Form):
    column_class = "col-md-4"
    kind = forms.ChoiceField(choices=AttendeeKind.choices, label=pgettext_lazy("meetings", "Kind"))
    name = forms.CharField(max_length=50, label=pgettext_lazy("meetings", "Name"))
    unit = forms.CharField(max_length=120, required=False, label=_("Unit"))


class AttachmentForm(PortalFormMixin, forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel or a photo, up to 10 MB."))
    title = forms.CharField(max_length=120, required=False, label=_("Title"))


# --- agenda items -------------------------------------------------------------------------------


class ItemRaiseForm(PortalFormMixin, forms.Form):
    title = forms.CharField(max_length=200, required=False, label=_("Problem"),
                            help_text=_("Leave empty to take the source's own words."))
    description = forms.CharField(
        required=False, label=pgettext_lazy("meetings", "Details"), widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResolveForm(PortalFormMixin, forms.Form):
    resolution = forms.CharField(
        label=pgettext_lazy("meetings", "What was done"), widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeferForm(PortalFormMixin, forms.Form):
    note = forms.CharField(required=False, max_length=300, label=_("Note"))


class DecideForm(PortalFormMixin, forms.Form):
    lead_department = forms.ModelChoiceField(queryset=None, required=False, label=_("Lead department (牵头单位)"))
    lead_name = forms.CharField(required=False, max_length=120, label=_("or lead unit by name"))
    departments = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Responsible departments (责任单位)"),
        widget=forms.CheckboxSelectMultiple,
    )
    unit_names = forms.CharField(required=False, max_length=300, label=_("Other responsible units"),
                                 help_text=_("Separated by commas, e.g. the property company."))
    due_in_working_days = forms.IntegerField(min_value=1, max_value=250, initial=10, label=_("Due in working days"))

    def __init__(self, *args, body, **kwargs):
        from .item_services import department_choices

        super().__init__(*args, **kwargs)
        self.fields["lead_department"].queryset = department_choices(body=body)
        self.fields["departments"].queryset = department_choices(body=body)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        names = [n.strip() for n in data["unit_names"].replace("，", ",").replace("、", ",").split(",") if n.strip()]
        return {
            "lead": data["lead_department"] or data["lead_name"],
            "responsible": [*data["departments"], *names],
            "due_in_working_days": data["due_in_working_days"],
        }


class DropForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(max_length=300, label=_("Why is it closed without a solution?"))


class TaskDoneForm(PortalFormMixin, forms.Form):
    note = forms.CharField(label=pgettext_lazy("meetings", "What was done"), widget=forms.Textarea(attrs={"rows": 2}))
