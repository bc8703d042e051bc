"""Forms of the tree pages. They parse and validate input; ``organizations.services`` writes."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.forms import DateInput, PortalFormMixin
from partybuild.scoping import MANAGE

from . import paths
from .models import (
    COMMUNITY_TYPES,
    PARENT_LEVEL,
    SPECIAL_TYPES,
    Level,
    Member,
    Organization,
    OrgType,
    allowed_parent_levels,
)
from .selectors import member_list, merge_targets, organization_children, organization_list, split_members

CHILD_LEVEL = {parent: child for child, parent in PARENT_LEVEL.items()}
# Fields shared by the create and edit forms (a subset of services.EDITABLE_FIELDS).
CONTACT_FIELDS = ("phone", "address", "established_on", "end_date")


def child_kinds(parent: Organization) -> list[tuple[str, str]]:
    """What may be created under ``parent``, as ``"<level>:<type>"`` choices.

    The next level of the chain comes first (communities in their three sizes); streets and
    communities may also hold special organisations outside the chain.
    """
    level = CHILD_LEVEL.get(parent.level)
    kinds: list[tuple[str, str]] = []
    if level == Level.COMMUNITY:
        kinds += [(f"{level}:{t}", f"{Level(level).label} · {OrgType(t).label}") for t in COMMUNITY_TYPES]
    elif level:
        kinds.append((f"{level}:{OrgType.STANDARD}", str(Level(level).label)))
    if parent.level in allowed_parent_levels(Level.SPECIAL):
        kinds += [(f"{Level.SPECIAL}:{t}", f"{Level.SPECIAL.label} · {OrgType(t).label}") for t in SPECIAL_TYPES]
    return kinds


class OrganizationCreateForm(PortalFormMixin, forms.ModelForm):
    """A new organisation under ``parent``; its level follows from the parent and the chosen kind."""

    is_create = True
    kind = forms.ChoiceField(label=_("Kind of organisation"))

    class Meta:
        model = Organization
        fields = ("code", "name", *CONTACT_FIELDS)
        widgets = {"established_on": DateInput, "end_date": DateInput}

    def __init__(self, *args, parent: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = child_kinds(parent)
        self.fields["end_date"].help_text = _("Required for a temporary branch.")
        self.order_fields(["kind", "code", "name"])

    def _post_clean(self):
        # The service validates the whole row once the tree position is known; the ModelForm
        # would validate it too early (no depth, no level) and report false errors.
        pass

    def service_fields(self) -> dict:
        data = self.cleaned_data
        level, org_type = data["kind"].split(":")
        fields = {name: data[name] for name in CONTACT_FIELDS if data.get(name) not in (None, "")}
        return {"code": data["code"], "name": data["name"], "level": level, "org_type": org_type, **fields}


class OrganizationEditForm(PortalFormMixin, forms.ModelForm):
    """Name, type, secretary and contact details; ``version`` is the optimistic lock."""

    is_create = False
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Organization
        fields = ("name", "org_type", "secretary", "host", *CONTACT_FIELDS)
        widgets = {"established_on": DateInput, "end_date": DateInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        org = self.instance
        self.fields["version"].initial = org.version
        if org.level == Level.COMMUNITY:
            self.fields["org_type"].choices = [(t.value, t.label) for t in COMMUNITY_TYPES]
        elif org.level == Level.SPECIAL:
            self.fields["org_type"].choices = [(t.value, t.label) for t in SPECIAL_TYPES]
        else:
            del self.fields["org_type"]
        # A secretary or host is a current member of this organisation or below it.
        subtree_members = member_list(user=user).filter(paths.subtree_q(org.path, field="branch"))
        self.fields["secretary"].queryset = subtree_members
        if org.level == Level.HOUSEHOLD:
            self.fields["host"].queryset = subtree_members
        else:
            del self.fields["host"]

    def _post_clean(self):
        # organization_update applies and validates the fields; keep the loaded row untouched
        # so a refused edit does not leave half-applied values on the instance.
        pass

    def service_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class OrganizationMoveForm(PortalFormMixin, forms.Form):
    """The new parent, named by its code and looked up inside the user's MANAGE scope."""

    parent = forms.CharField(label=_("New parent organisation (code)"), max_length=32)

    def __init__(self, *args, user, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Suggestions for the code field: organisations this one may sit under.
        self.candidates = (
            organization_list(user=user, action=MANAGE)
            .filter(level__in=allowed_parent_levels(org.level))
            .exclude(paths.subtree_q(org.path))
            .only("code", "name")[:300]
        )
        self.fields["parent"].widget.attrs["list"] = "parent-candidates"
        self.fields["parent"].widget.attrs["autocomplete"] = "off"

    def clean_parent(self) -> Organization:
        code = self.cleaned_data["parent"].strip()
        parent = organization_list(user=self.user, action=MANAGE).filter(code=code).first()
        if parent is None:
            raise forms.ValidationError(_("No active organisation with this code in the area you manage."))
        return parent


class OrganizationDissolveForm(PortalFormMixin, forms.Form):
    on = forms.DateField(label=_("Dissolved on"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    confirm = forms.BooleanField(label=_("I understand the organisation will be closed, not deleted."))


class OrganizationMergeForm(PortalFormMixin, forms.Form):
    """Merge into a sibling of the same level, on a date, once the user confirms."""

    target = forms.ModelChoiceField(label=_("Merge into"), queryset=Organization.objects.none())
    on = forms.DateField(label=_("Merged on"), widget=DateInput, initial=timezone.localdate)
    confirm = forms.BooleanField(
        label=_("I understand: the current members and sub-organisations move, and this organisation is dissolved.")
    )

    def __init__(self, *args, user, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = merge_targets(user=user, org=org)


class _MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member) -> str:
        # The joining date tells two members of the same name apart without personal data.
        return _("%(name)s, joined %(date)s") % {"name": member.name, "date": member.joined_on.isoformat()}


class OrganizationSplitForm(PortalFormMixin, forms.Form):
    """A new sibling (code, name, date) and what moves to it: direct members and sub-organisations."""

    code = forms.CharField(label=_("Code of the new organisation"), max_length=32)
    name = forms.CharField(label=_("Name of the new organisation"), max_length=120)
    on = forms.DateField(label=_("Split on"), widget=DateInput, initial=timezone.localdate)
    members = _MemberChoice(
        label=_("Members who move"), queryset=Member.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    children = forms.ModelMultipleChoiceField(
        label=_("Sub-organisations that move (with everything below them)"), queryset=Organization.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = split_members(user=user, org=org)
        self.fields["children"].queryset = organization_children(user=user, org=org)
        if not self.fields["children"].queryset.exists():
            del self.fields["children"]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"], "name": data["name"], "on": data["on"],
            "member_ids": [m.pk for m in data["members"]], "child_ids": [c.pk for c in data.get("children", ())],
        }
