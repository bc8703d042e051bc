"""Forms of the cadre pages. They parse input; the writes happen in ``cadres.services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from partybuild.forms import DateInput, PortalFormMixin, apply_errors
from partybuild.personal_forms import PersonalFieldsFormMixin

from . import selectors
from .models import REQUIRED_SECTIONS, CommunityCadre, SecretaryFile, TrainingCourse

__all__ = ["AttendanceForm", "CadreForm", "CourseForm", "FileForm", "apply_errors"]


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
