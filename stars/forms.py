"""Forms of the star pages. They parse input; the writes happen in ``stars.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partybuild.forms import DateInput, PortalFormMixin, apply_errors

from . import selectors
from .models import StarDefinition, StarYear

__all__ = [
    "ApplicationForm", "ApproveForm", "DefinitionForm", "EvidenceForm", "EvidenceTextForm", "ObjectionDecisionForm",
    "ObjectionForm", "RevokeForm", "StepForm", "YearForm", "YearStartForm", "apply_errors",
]


class ApplicationForm(PortalFormMixin, forms.Form):
    community = forms.ModelChoiceField(queryset=None, label=_("Community"))
    definition = forms.ModelChoiceField(queryset=None, label=_("Star"))
    evidence_text = forms.CharField(
        label=_("What the community has done"), widget=forms.Textarea(attrs={"rows": 6}), required=False,
        help_text=_("Describe the work that meets the star's criteria; attach files on the next page."),
    )

    def __init__(self, *args, user, year: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = selectors.community_choices(user=user)
        self.fields["definition"].queryset = (
            selectors.definitions_of(year=year) if year else StarDefinition.objects.none()
        )
        self.fields["definition"].label_from_instance = lambda d: d.name


class EvidenceTextForm(PortalFormMixin, forms.Form):
    evidence_text = forms.CharField(
        label=_("What the community has done"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class EvidenceForm(PortalFormMixin, forms.Form):
    file = forms.FileField(label=_("Evidence file"), help_text=_("Photos, PDF, Word or Excel files up to 10 MB."))


class StepForm(PortalFormMixin, forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApproveForm(StepForm):
    exceptional_reason = forms.CharField(
        label=_("Exceptional reason (破格)"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text=_("Only when the community gains more than one star over last year."),
    )


class RevokeForm(StepForm):
    revoked_on = forms.DateField(label=_("Revoked on"), widget=DateInput())


class ObjectionForm(PortalFormMixin, forms.Form):
    text = forms.CharField(label=_("Your objection"), widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(label=_("Evidence file"), required=False)


class ObjectionDecisionForm(PortalFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("dismiss", _("Dismiss: the notice continues")), ("uphold", _("Uphold: the star is refused"))],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class YearStartForm(PortalFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class YearForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = StarYear
        fields = [
            "notice_days", "max_per_star", "max_full_share", "promotion_limit", "veto_overdue_rate",
            "veto_satisfaction", "veto_weak_organisation", "veto_blacklisted_property", "version",
        ]
        widgets = {"version": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One field per star count from two up to the year's number of stars (five by default).
        top = max(self.instance.definitions.count(), 2) if self.instance.pk else 5
        quotas = dict(self.instance.quotas())
        for n in range(top, 1, -1):
            self.fields[f"quota_{n}"] = forms.IntegerField(
                label=_("At most this share of communities with %(n)s stars or more (%%)") % {"n": n},
                min_value=0, max_value=100, required=False, initial=quotas.get(n),
            )

    def clean(self):
        data = super().clean()
        data["count_quotas"] = {
            str(name.removeprefix("quota_")): value for name, value in data.items()
            if name.startswith("quota_") and value is not None
        }
        return data


class DefinitionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = StarDefinition
        fields = ["name", "criteria", "amount", "position", "version"]
        widgets = {"version": forms.HiddenInput, "criteria": forms.Textarea(attrs={"rows": 4})}
