"""Forms of the volunteering pages. They parse input; the writes happen in ``volunteers.services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from partybuild.forms import DateInput, apply_errors, bootstrapify
from partybuild.personal_forms import PersonalFieldsFormMixin

from . import selectors
from .models import PartnerShop, ServiceOrder, Volunteer, VolunteerTeam

__all__ = [
    "CancelForm", "CompleteForm", "DispatchForm", "HoldDecisionForm", "OrderForm", "RateForm", "RedemptionForm",
    "TeamForm",
    "VolunteerForm", "apply_errors",
]


class OrderForm(PersonalFieldsFormMixin, forms.ModelForm):
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
    confirmation_code = forms.CharField(
        max_length=12, required=False, label=_("Resident's confirmation code"),
        help_text=_("The code the resident was given when the order was placed. A street official who neither "
                    "placed nor dispatched the order may leave it empty after checking with the resident."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
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


class HoldDecisionForm(forms.Form):
    note = forms.CharField(max_length=300, required=False, label=_("Note"))


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


class TeamForm(forms.ModelForm):
    """A volunteer team. New teams choose their community; edits carry ``version``, the optimistic
    lock, and may name a leader among the team's volunteers."""

    community = forms.ModelChoiceField(queryset=None, label=_("Community"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = VolunteerTeam
        fields = ["community", "name", "speciality", "leader", "founded_on", "is_active"]
        widgets = {"founded_on": DateInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["community"]
            self.fields["version"].initial = self.instance.version
            self.fields["leader"].queryset = selectors.team_volunteers(team_id=self.instance.pk)
        else:
            # A new team has no volunteers yet, so no leader to choose.
            del self.fields["version"], self.fields["leader"]
            self.fields["community"].queryset = selectors.community_choices(user=user)
        bootstrapify(self)

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("community", "version")}


class VolunteerForm(PersonalFieldsFormMixin, forms.ModelForm):
    """A volunteer: a party member of the community, or a resident known by name and phone (shown
    masked on edits, kept unless retyped)."""

    community = forms.ModelChoiceField(queryset=None, label=_("Community"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Volunteer
        fields = ["community", "member", "name", "phone", "team", "joined_on"]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "joined_on": DateInput,
        }
        help_texts = {
            "member": _("Choose a party member, or leave empty and enter a resident's name and phone."),
            "name": _("Filled in from the party member when left empty."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        community = self.instance.community if self.instance.pk else None
        if community is not None:
            del self.fields["community"]
            self.fields["version"].initial = self.instance.version
            self.fields["member"].queryset = selectors.volunteer_member_choices(
                user=user, community=community
            ).order_by("name", "id")
        else:
            del self.fields["version"]
            self.fields["community"].queryset = selectors.community_choices(user=user)
            self.fields["member"].queryset = selectors.member_choices(user=user)
        self.fields["team"].queryset = selectors.team_choices(user=user, community=community)
        bootstrapify(self)

    def clean(self) -> dict:
        data = super().clean()
        community = data.get("community") or (self.instance.community if self.instance.pk else None)
        member = data.get("member")
        if member is not None and community is not None:
            if not selectors.member_fits_community(member=member, community=community):
                self.add_error("member", _("This party member neither belongs to nor is registered at this community."))
            elif selectors.member_has_account(member=member, community=community, exclude_pk=self.instance.pk):
                self.add_error("member", _("This party member is already a volunteer of this community."))
            if not data.get("name"):
                data["name"] = member.name
        elif member is None and "member" not in self.errors:
            if not data.get("name"):
                self.add_error("name", _("Enter the resident's name, or choose a party member."))
            if not data.get("phone") and "phone" not in self.errors:
                self.add_error("phone", _("Enter the resident's phone, so the community can reach them."))
        team = data.get("team")
        if team is not None and community is not None and team.community_id != community.pk:
            self.add_error("team", _("The team belongs to another community."))
        return data

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("community", "version")}


class ShopForm(forms.ModelForm):
    """A partner shop (积分兑换商家). New shops choose their community; edits carry ``version``."""

    community = forms.ModelChoiceField(queryset=None, label=_("Community"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PartnerShop
        fields = ["community", "name", "address", "offer", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["community"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"], self.fields["is_active"]
            self.fields["community"].queryset = selectors.community_choices(user=user)
        bootstrapify(self)

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("community", "version")}
