"""Forms of the member pages. They parse and validate input; the writes happen in ``member_services``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Household
from grids.selectors import household_list
from partybuild.forms import DateInput, PortalFormMixin, apply_errors, bootstrapify
from partybuild.personal_forms import PersonalFieldsFormMixin
from partybuild.pickers import PickerSelect, use_picker
from partybuild.scoping import EDIT

from .member_selectors import registration_community, transfer_destination
from .member_services import MEMBER_FIELDS
from .models import Member, MemberStatus

# The shared helpers moved to partybuild.forms; re-exported while other apps' branches still import them here.
__all__ = ["DateInput", "MemberForm", "MemberStatusForm", "MemberTransferForm", "apply_errors", "bootstrapify"]


class MemberForm(PersonalFieldsFormMixin, PortalFormMixin, forms.ModelForm):
    """Personal data of a member; ``version`` carries the optimistic lock on edits. The date
    rules live in ``Member.clean`` and ``member_services``, not here. On edits the ID number, phone
    and birth date show masked and are kept unless retyped (``partybuild.personal_forms``)."""

    column_class = "col-md-6"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    joined_branch_on = forms.DateField(
        label=_("Joined this organisation on"), required=False, widget=DateInput,
        help_text=_("Leave empty if it is the date of joining the party."),
    )

    class Meta:
        model = Member
        fields = MEMBER_FIELDS
        widgets = {"birth_date": DateInput, "joined_on": DateInput, "registered_on": DateInput}

    registered_community = forms.CharField(
        label=_("Registered at community"), max_length=32, required=False,
        widget=PickerSelect("destination", params={"level": "community"}),
        help_text=_("In-service members: the community where they live and report in (type its name or code)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Households come from the user's own area; the member's current one stays selectable
        # even when it lies elsewhere, so an unrelated edit does not fail on it.
        in_scope = Q(pk__in=household_list(user=user, action=EDIT).values("pk"))
        if self.instance.household_id:
            in_scope |= Q(pk=self.instance.household_id)
        self.fields["household"].queryset = Household.objects.filter(in_scope).select_related("building")
        use_picker(self.fields["household"], "household", action="edit")
        if self.instance.registered_community_id:
            self.initial["registered_community"] = self.instance.registered_community.code
        if self.instance.pk:
            del self.fields["joined_branch_on"]
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def clean_registered_community(self):
        code = self.cleaned_data.get("registered_community", "").strip()
        if not code:
            return None
        community = registration_community(code=code)
        if community is None:
            raise ValidationError(_("No active community has this code."))
        return community

    def clean_id_number(self) -> str:
        return (self.cleaned_data.get("id_number") or "").strip().upper()

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEMBER_FIELDS}


class MemberStatusForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"

    # Transfers out go through the transfer form, so that status is not offered here.
    status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Effective on"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, member: Member, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label)
            for value, label in MemberStatus.choices
            if value not in (member.status, MemberStatus.TRANSFERRED_OUT)
        ]


class MemberTransferForm(PortalFormMixin, forms.Form):
    column_class = "col-md-6"

    to_org = forms.CharField(
        label=_("Destination organisation"), max_length=32, widget=PickerSelect("destination"),
        help_text=_("The branch or community that will receive the member: type its name or code."),
    )
    on = forms.DateField(label=_("Sent on"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_to_org(self):
        org = transfer_destination(code=self.cleaned_data["to_org"])
        if org is None:
            raise ValidationError(_("No active organisation has this code."))
        return org

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return on
