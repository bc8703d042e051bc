"""Forms of the volunteering pages. They parse input; the writes happen in ``volunteers.services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.member_forms import apply_errors, bootstrapify

from . import selectors
from .models import ServiceOrder, Volunteer

__all__ = ["CancelForm", "CompleteForm", "DispatchForm", "OrderForm", "RateForm", "RedemptionForm", "apply_errors"]


class OrderForm(forms.ModelForm):
    """A resident's order as the community records it, usually on a phone at the service desk."""

    community = forms.ModelChoiceField(queryset=None, label=_("Community"))

    class Meta:
        model = ServiceOrder
        fields = ["community", "category", "need", "resident_name", "phone", "preferred_time"]
        widgets = {
            "need": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "preferred_time": forms.TextInput(attrs={"placeholder": _("e.g. Saturday morning")}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = selectors.community_choices(user=user)
        bootstrapify(self)

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "community"}


class DispatchForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=None, required=False, label=_("In-service party member"),
        help_text=_("Members registered at this community."),
    )
    team = forms.ModelChoiceField(queryset=None, required=False, label=_("or volunteer team"))
    note = forms.CharField(max_length=300, required=False, label=_("Note"))

    def __init__(self, *args, order: ServiceOrder, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = selectors.dispatch_members(order=order)
        self.fields["team"].queryset = selectors.dispatch_teams(order=order)
        bootstrapify(self)


class CompleteForm(forms.Form):
    hours = forms.DecimalField(
        min_value=Decimal("0.5"), max_value=Decimal("24"), decimal_places=1, label=_("Service hours"),
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    volunteers = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Team members who served"),
        help_text=_("Leave empty to credit the team leader."), widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(max_length=300, required=False, label=_("Note"))

    def __init__(self, *args, order: ServiceOrder, **kwargs):
        super().__init__(*args, **kwargs)
        team_id = order.assigned_team_id
        if team_id:
            self.fields["volunteers"].queryset = selectors.team_volunteers(team_id=team_id)
        else:
            # A member's order credits the member's own account; there is nobody to choose.
            del self.fields["volunteers"]
        bootstrapify(self)
        if "volunteers" in self.fields:
            self.fields["volunteers"].widget.attrs["class"] = "form-check-input"


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(i, "★" * i) for i in range(5, 0, -1)], coerce=int, widget=forms.RadioSelect, label=_("Rating")
    )
    comment = forms.CharField(max_length=300, required=False, label=_("Resident's comment"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)
        self.fields["rating"].widget.attrs["class"] = "form-check-input"


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=300, label=_("Reason"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class RedemptionForm(forms.Form):
    shop = forms.ModelChoiceField(queryset=None, label=_("Partner shop"))
    item = forms.CharField(max_length=100, label=_("Item"))
    points = forms.IntegerField(
        min_value=1, label=_("Points"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )

    def __init__(self, *args, volunteer: Volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shop"].queryset = selectors.redemption_shops(volunteer=volunteer)
        bootstrapify(self)
