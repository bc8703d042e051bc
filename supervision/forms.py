"""Forms of the supervision pages. They parse input; the writes happen in ``supervision.services``."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import HISTORICAL_STATUSES, Member, Organization, OrgStatus
from partybuild.forms import DateInput, PortalFormMixin, apply_errors
from partybuild.scoping import EDIT, scope_queryset

from . import selectors
from .models import CommitteeSeat, Involves, ProblemClue, Rectification

__all__ = ["ClueForm", "CommitteeForm", "HandleForm", "MeasureForm", "ProgressForm", "RectificationForm",
           "ReviewForm", "SeatForm", "apply_errors"]


class CommitteeForm(PortalFormMixin, forms.Form):
    community = forms.ModelChoiceField(queryset=None, label=_("Community"))
    established_on = forms.DateField(label=_("Established on"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = selectors.community_choices(user=user)


class SeatForm(PortalFormMixin, forms.ModelForm):
    column_class = "col-md-6"

    class Meta:
        model = CommitteeSeat
        fields = ["seat", "name", "member", "is_on_residents_committee", "since"]
        widgets = {"since": DateInput()}

    def __init__(self, *args, user, committee, **kwargs):
        super().__init__(*args, **kwargs)
        community = committee.community
        # Members of the community's branches, or registered there as in-service members.
        self.fields["member"].queryset = Member.objects.filter(
            Q(branch__path__startswith=community.path) | Q(registered_community=community)
        ).exclude(status__in=HISTORICAL_STATUSES).order_by("name", "id")
        self.instance.committee = committee


class ClueForm(PortalFormMixin, forms.Form):
    found_on = forms.DateField(label=_("Found on"), widget=DateInput())
    involves = forms.ChoiceField(label=_("Involves"), choices=Involves.choices)
    matter = forms.CharField(label=_("Matter"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class HandleForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    close = forms.BooleanField(label=_("Close the clue with this outcome"), required=False)

    class Meta:
        model = ProblemClue
        fields = ["handling", "outcome"]
        widgets = {"handling": forms.Textarea(attrs={"rows": 3}), "outcome": forms.Textarea(attrs={"rows": 3})}


class RectificationForm(PortalFormMixin, forms.ModelForm):
    column_class = "col-md-6"

    class Meta:
        model = Rectification
        fields = ["organization", "year", "reasons", "answerable_cadre", "answerable_post", "listed_on"]
        widgets = {"listed_on": DateInput(), "reasons": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = scope_queryset(
            Organization.objects.filter(status=OrgStatus.ACTIVE), user, EDIT
        ).order_by("path")


class MeasureForm(PortalFormMixin, forms.Form):
    measure = forms.CharField(label=_("Measure"), max_length=300)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())


class ProgressForm(PortalFormMixin, forms.Form):
    text = forms.CharField(label=_("Progress"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(PortalFormMixin, forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Result"), coerce=lambda v: v == "1",
        choices=[("1", _("Passed: close it (销号)")), ("0", _("Not yet: keep it open"))],
    )
    text = forms.CharField(label=_("Review"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
