"""Forms of the campaign pages. They parse input; the writes happen in ``campaigns.services``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.selectors import member_list
from partybuild.forms import DateInput, PortalFormMixin, apply_errors
from partybuild.pickers import use_picker
from partybuild.scoping import EDIT

from . import selectors
from .models import BoardEntry, Brand, Designation

__all__ = ["BoardEntryForm", "BrandForm", "DesignationForm", "GradeStepForm", "PhotoForm", "SelfAssessmentForm",
           "apply_errors"]

GRADES = [(g, "★" * g) for g in range(1, 6)]


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=timezone.localdate().year)


class SelfAssessmentForm(PortalFormMixin, forms.Form):
    """Start a grade: an organisation's own, or a member's (recorded by the member's branch)."""

    year = _year_field()
    organization = forms.ModelChoiceField(label=_("Organisation graded"), queryset=None, required=False,
                                          help_text=_("A community organisation or grid branch."))
    member = forms.ModelChoiceField(label=_("Or a party member"), queryset=None, required=False)
    self_grade = forms.TypedChoiceField(label=_("Self-assessed grade"), choices=GRADES, coerce=int)
    self_summary = forms.CharField(label=_("Self-assessment (四讲四有)"), max_length=4000, widget=forms.Textarea(
        attrs={"rows": 5}), help_text=_("Against the four standards: politics and belief, rules and discipline, "
                                        "morals and conduct, dedication and action."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = selectors.gradeable_organizations(user=user)
        self.fields["member"].queryset = member_list(user=user, action=EDIT)
        use_picker(self.fields["organization"], "organization", action="edit", levels="community,grid")
        use_picker(self.fields["member"], "member", action="edit")

    def clean(self):
        data = super().clean()
        if bool(data.get("organization")) == bool(data.get("member")):
            raise forms.ValidationError(_("Choose either an organisation or a member."))
        return data


class SelfRevisionForm(PortalFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    self_grade = forms.TypedChoiceField(label=_("Self-assessed grade"), choices=GRADES, coerce=int)
    self_summary = forms.CharField(label=_("Self-assessment (四讲四有)"), max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 5}))


class GradeStepForm(PortalFormMixin, forms.Form):
    """Rate, review or send back: a grade (not for a send-back) and a comment."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    grade = forms.TypedChoiceField(label=_("Grade"), choices=GRADES, coerce=int, required=False)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class DesignationForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Designation
        fields = ["community", "year", "kind", "is_model", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = selectors.community_choices(user=user)
        self.fields["year"].initial = timezone.localdate().year
        use_picker(self.fields["community"], "organization", action="edit", levels="community")


class BrandForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Brand
        fields = ["community", "name", "description", "since", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = selectors.community_choices(user=user)
        if self.instance.pk:
            self.fields["community"].disabled = True
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("community", "version")}


class PhotoForm(PortalFormMixin, forms.Form):
    image = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, up to 5 MB."))
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class BoardEntryForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = BoardEntry
        fields = ["community", "compound", "kind", "date", "text", "resident_name"]
        widgets = {"date": DateInput, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = selectors.community_choices(user=user)
        self.fields["date"].initial = timezone.localdate()
        self.fields["resident_name"].help_text = _("Optional; shown masked on the board.")

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "community"}
