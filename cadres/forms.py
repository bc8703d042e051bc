"""Forms of the cadre pages. They parse input; the writes happen in ``cadres.services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partybuild.forms import DateInput, PortalFormMixin, apply_errors
from partybuild.personal_forms import PersonalFieldsFormMixin
from partybuild.pickers import PickerSelect

from . import selectors
from .models import (
    REQUIRED_SECTIONS,
    CommunityCadre,
    DutyGrade,
    InServiceDuty,
    LeaderKind,
    SecretaryFile,
    TrainingCourse,
)

__all__ = ["AssessForm", "AttendanceForm", "CadreForm", "CourseForm", "DutyForm", "EndForm", "FileForm",
           "ImportForm", "LeaderForm", "LetterForm", "PairForm", "apply_errors"]


class CadreForm(PersonalFieldsFormMixin, PortalFormMixin, forms.ModelForm):
    column_class = "col-md-6"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CommunityCadre
        fields = ["community", "name", "post", "since", "birth_date", "id_number", "phone", "education",
                  "certificate_level", "certificate_on", "exam_result", "is_active"]
        widgets = {"since": DateInput(), "birth_date": DateInput(), "certificate_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = selectors.community_choices(user=user)
        if self.instance.pk:
            self.fields["community"].disabled = True
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("community", "version")}


class FileForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SecretaryFile
        fields = list(REQUIRED_SECTIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in REQUIRED_SECTIONS}


class CourseForm(PortalFormMixin, forms.ModelForm):
    column_class = "col-md-6"

    class Meta:
        model = TrainingCourse
        fields = ["organiser", "title", "kind", "starts_on", "ends_on", "days"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from organizations.models import Organization, OrgStatus
        from partybuild.scoping import EDIT, scope_queryset

        self.fields["organiser"].queryset = scope_queryset(
            Organization.objects.filter(status=OrgStatus.ACTIVE), user, EDIT
        ).order_by("path")


class AttendanceForm(PortalFormMixin, forms.Form):
    cadre = forms.ModelChoiceField(queryset=None, label=_("Cadre"))
    days = forms.DecimalField(
        label=_("Days attended"), required=False, min_value=Decimal("0.5"), max_digits=4, decimal_places=1
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = selectors.cadre_list(user=user, action="edit").filter(is_active=True)


class PairForm(PortalFormMixin, forms.Form):
    """A mentor pair (师徒结对): both cadres are searched as you type; a mentor may take several."""

    mentor = forms.ModelChoiceField(queryset=None, label=_("Mentor"), widget=PickerSelect("cadre"))
    apprentice = forms.ModelChoiceField(queryset=None, label=_("Apprentice"),
                                        widget=PickerSelect("cadre", params={"action": "edit"}))
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = selectors.cadre_list(user=user).filter(is_active=True)
        self.fields["apprentice"].queryset = selectors.cadre_list(user=user, action="edit").filter(is_active=True)


class EndForm(PortalFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())


class LeaderForm(PortalFormMixin, forms.Form):
    """Appoint a grid leader (网格长) or building leader (楼栋长): a party member is picked from the
    records; anyone else is typed by name."""

    column_class = "col-md-6"
    kind = forms.ChoiceField(label=_("Kind"), choices=LeaderKind.choices)
    grid = forms.ModelChoiceField(queryset=None, label=_("Grid"),
                                  widget=PickerSelect("grid", params={"action": "edit"}))
    building = forms.ModelChoiceField(queryset=None, label=_("Building"), required=False,
                                      widget=PickerSelect("leader_building"),
                                      help_text=_("Only for a building leader."))
    member = forms.ModelChoiceField(queryset=None, label=_("Party member record"), required=False,
                                    widget=PickerSelect("member"),
                                    help_text=_("If the leader is a party member; the name is then taken "
                                                "from the record."))
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    since = forms.DateField(label=_("In post since"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        from organizations.selectors import member_list

        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = selectors.grid_choices(user=user)
        self.fields["building"].queryset = selectors.building_choices(user=user)
        self.fields["member"].queryset = member_list(user=user)

    def clean(self):
        data = super().clean()
        if not data.get("member") and not (data.get("name") or "").strip():
            self.add_error("name", _("Give the leader's name, or pick their party member record."))
        return data


class DutyForm(PortalFormMixin, forms.ModelForm):
    """The community's 三定 for an in-service member: post, time and task for the year."""

    column_class = "col-md-6"
    member = forms.ModelChoiceField(queryset=None, label=_("In-service member"),
                                    widget=PickerSelect("in_service_member"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = InServiceDuty
        fields = ["member", "year", "post", "schedule", "hours_pledged", "task"]
        widgets = {"task": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = selectors.duty_member_choices(user=user)
        if self.instance.pk:
            self.fields["member"].disabled = True
            self.fields["year"].disabled = True
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("post", "schedule", "hours_pledged", "task")}


class AssessForm(PortalFormMixin, forms.Form):
    grade = forms.ChoiceField(label=_("Assessment (严考核)"), choices=DutyGrade.choices)
    assessment = forms.CharField(label=_("Remarks"), required=False, max_length=1000,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class LetterForm(PortalFormMixin, forms.Form):
    recipient = forms.CharField(label=_("Addressed to"), max_length=120, required=False,
                                help_text=_("The member's work unit unless another is typed."))
    conduct = forms.CharField(label=_("Conduct where they live"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))


class ImportForm(PortalFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("An Excel workbook (.xlsx) with the template's column titles."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    dry_run = forms.BooleanField(label=_("Only check the file (dry run)"), required=False)
