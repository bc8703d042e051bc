"""Forms of the property pages. They parse input; ``estates.services`` writes and checks the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Member
from partybuild.forms import DateInput, PortalFormMixin, apply_errors
from partybuild.personal_forms import PersonalFieldsFormMixin
from partybuild.scoping import scope_queryset

from . import selectors
from .models import (
    Committee,
    CommitteeMember,
    ManagementMode,
    Matter,
    PropertyCompany,
    RankingWeights,
    ServiceItem,
    ServiceUnit,
)

__all__ = [
    "BuildingForm", "CommitteeForm", "CommitteeMemberForm", "CompanyForm", "ItemForm", "ManagementForm",
    "RecordForm", "UnitForm", "apply_errors",
]


class CompanyForm(PortalFormMixin, forms.ModelForm):
    column_class = "col-md-6"
    registrar = forms.ModelChoiceField(queryset=None, label=_("Registered by"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PropertyCompany
        fields = [
            "registrar", "name", "credit_code", "legal_representative", "contact_name", "phone", "address",
            "qualification", "party_status", "party_branch", "instructor", "instructor_since",
        ]
        widgets = {"instructor_since": DateInput(), "phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrar"].queryset = selectors.registrar_choices(user=user)
        if self.instance.pk:
            del self.fields["registrar"]
            self.fields["version"].initial = self.instance.version
        branches = self.fields["party_branch"]
        branches.queryset = scope_queryset(branches.queryset.model.objects.filter(status="active"), user)
        self.fields["instructor"].queryset = scope_queryset(Member.objects.all(), user)

    def _post_clean(self) -> None:
        # The service validates the model (and says so in words); skip ModelForm's own pass.
        pass

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("registrar", "version")}


class UnitForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    community = forms.ModelChoiceField(queryset=None, label=_("Community"))
    code = forms.CharField(max_length=40, label=_("Code"))
    name = forms.CharField(max_length=120, label=pgettext_lazy("property", "Name"))
    management_mode = forms.ChoiceField(choices=ManagementMode.choices, label=_("Management mode"))
    company = forms.ModelChoiceField(queryset=None, required=False, label=_("Property company"))
    households = forms.IntegerField(min_value=0, initial=0, label=_("Household count"))
    started_on = forms.DateField(required=False, widget=DateInput(), label=_("Managed this way since"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = selectors.community_choices(user=user)
        self.fields["company"].queryset = selectors.company_choices(user=user)


class ManagementForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    management_mode = forms.ChoiceField(choices=ManagementMode.choices, label=_("Management mode"))
    company = forms.ModelChoiceField(queryset=None, required=False, label=_("Property company"))
    on = forms.DateField(widget=DateInput(), label=_("Effective from"))
    note = forms.CharField(max_length=200, required=False, label=_("Note"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = selectors.company_choices(user=user)


class BuildingForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    building = forms.ModelChoiceField(queryset=None, label=_("Building"))
    on = forms.DateField(required=False, widget=DateInput(), label=_("Effective from"))

    def __init__(self, *args, unit: ServiceUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = selectors.free_buildings(unit=unit)


class CommitteeForm(PortalFormMixin, forms.ModelForm):
    column_class = "col-md-6"

    class Meta:
        model = Committee
        fields = ["kind", "elected_on", "term_start", "term_end"]
        widgets = {"elected_on": DateInput(), "term_start": DateInput(), "term_end": DateInput()}

    def _post_clean(self) -> None:
        pass


class CommitteeMemberForm(PersonalFieldsFormMixin, PortalFormMixin, forms.ModelForm):
    column_class = "col-md-6"

    class Meta:
        model = CommitteeMember
        fields = ["name", "phone", "committee_role", "party_member", "is_party_member", "cross_appointment",
                  "cross_post", "started_on"]
        widgets = {"started_on": DateInput(), "phone": forms.TextInput(attrs={"inputmode": "tel"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_member"].queryset = scope_queryset(Member.objects.all(), user)

    def _post_clean(self) -> None:
        pass


class ItemForm(PortalFormMixin, forms.ModelForm):
    column_class = "col-md-6"
    owner = forms.ModelChoiceField(queryset=None, label=_("Set by"))

    class Meta:
        model = ServiceItem
        fields = ["owner", "name", "fee", "fee_unit", "quality_standard"]
        widgets = {"quality_standard": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.registrar_choices(user=user)

    def _post_clean(self) -> None:
        pass


class RecordForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    community = forms.ModelChoiceField(queryset=None, label=_("Community"))
    item = forms.ModelChoiceField(queryset=None, label=_("Service item"))
    household = forms.ModelChoiceField(queryset=None, label=_("Household"))
    company = forms.ModelChoiceField(queryset=None, required=False, label=_("Property company"))
    served_on = forms.DateField(widget=DateInput(), label=_("Served on"))
    quantity = forms.IntegerField(min_value=1, initial=1, label=_("Quantity"))
    fee_charged = forms.DecimalField(min_value=0, max_digits=9, decimal_places=2, label=_("Fee charged (yuan)"))
    note = forms.CharField(max_length=200, required=False, label=_("Note"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = selectors.community_choices(user=user)
        self.fields["item"].queryset = selectors.item_list(user=user).filter(is_active=True).order_by("name")
        self.fields["household"].queryset = selectors.household_choices(user=user)
        self.fields["company"].queryset = selectors.company_choices(user=user)


class ComplaintForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"))
    matter = forms.ChoiceField(choices=Matter.choices, label=_("Matter"))
    household = forms.ModelChoiceField(queryset=None, required=False, label=_("Household"))
    resident_name = forms.CharField(max_length=50, required=False, label=_("Resident"))
    phone = forms.CharField(max_length=20, required=False, label=_("Phone"),
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))
    description = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label=_("Complaint"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.unit_list(user=user, action="edit").filter(
            company__isnull=False).order_by("name")
        self.fields["household"].queryset = selectors.household_choices(user=user)


class LinkReportForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    report = forms.ModelChoiceField(queryset=None, label=_("Grid report"))
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"))
    matter = forms.ChoiceField(choices=Matter.choices, label=_("Matter"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = selectors.linkable_reports(user=user)
        self.fields["unit"].queryset = selectors.unit_list(user=user, action="edit").filter(
            company__isnull=False).order_by("name")


class AnswerForm(PortalFormMixin, forms.Form):
    answer = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label=_("Company's answer"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CloseForm(PortalFormMixin, forms.Form):
    satisfaction = forms.TypedChoiceField(
        coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)], label=_("Resident's satisfaction (1–5)")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class SurveyForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"))
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    quarter = forms.TypedChoiceField(coerce=int, choices=[(q, f"Q{q}") for q in range(1, 5)], label=_("Quarter"))
    sample_size = forms.IntegerField(min_value=1, label=_("Residents asked"))
    satisfied = forms.IntegerField(min_value=0, label=_("Satisfied"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.unit_list(user=user, action="edit").order_by("name")


class InspectionForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"))
    inspected_on = forms.DateField(widget=DateInput(), label=_("Inspected on"))
    score = forms.IntegerField(min_value=0, max_value=100, label=_("Score (0–100)"))
    items_checked = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label=_("Items checked"))
    findings = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               label=_("Findings"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.unit_list(user=user, action="edit").order_by("name")


class PeriodForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    quarter = forms.TypedChoiceField(coerce=int, choices=[(q, f"Q{q}") for q in range(1, 5)], label=_("Quarter"))
    by = forms.ChoiceField(choices=[("company", _("Property companies")), ("unit", _("Compounds (和谐小区)"))],
                           required=False, label=_("Rank"))


class WeightsForm(PortalFormMixin, forms.ModelForm):
    column_class = "col-md-4"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RankingWeights
        fields = ["complaints", "on_time", "repeats", "satisfaction", "inspection", "prior_households"]

    def _post_clean(self) -> None:
        pass


class ListProposeForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"
    company = forms.ModelChoiceField(queryset=None, label=_("Property company"))
    street = forms.ModelChoiceField(queryset=None, label=_("Street"))
    kind = forms.ChoiceField(choices=[("red", _("Red list")), ("black", _("Black list"))], label=_("List"))
    evidence = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), label=_("Evidence"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = selectors.company_choices(user=user)
        self.fields["street"].queryset = selectors.registrar_choices(user=user).filter(level="street")


class ListStepForm(forms.Form):
    note = forms.CharField(max_length=2000, required=False)
    starts_on = forms.DateField(required=False)
    expires_on = forms.DateField(required=False)
    review_on = forms.DateField(required=False)
    version = forms.IntegerField(required=False)


class InspectionPhotoForm(PortalFormMixin, forms.Form):
    image = forms.FileField(
        label=_("Photo"), help_text=_("JPEG, PNG or WebP, up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class StatsPeriodForm(forms.Form):
    """The period of the complaint statistics (both days included)."""

    since = forms.DateField(widget=DateInput(), label=_("From"))
    until = forms.DateField(widget=DateInput(), label=_("To"))
    by = forms.ChoiceField(choices=[("street", _("Street")), ("community", _("Community"))], required=False,
                           label=_("One row per"))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
