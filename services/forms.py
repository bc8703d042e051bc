"""Fast entry forms of the ledgers. They parse input for one grid or organisation (chosen first,
so the choices stay short on a phone); the writes happen in ``services.services``."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from grids.models import Grid, GridWorker, Household
from organizations import paths
from organizations.models import HISTORICAL_STATUSES, Member, Organization
from partybuild.admin_scoping import user_queryset
from partybuild.forms import DateInput, bootstrapify
from partybuild.pickers import PickerSelect, use_picker
from reports.models import ReportCategory

from .models import (
    Demand,
    DemandSource,
    DemandStatus,
    Evaluation,
    NeedyCategory,
    PairingLevel,
    Satisfaction,
    VisitKind,
)
from .selectors import demand_household_choices


def _current_members(root: str):
    """Current members of the subtree at path ``root``."""
    return (
        Member.objects.filter(paths.subtree_q(root, field="branch"))
        .exclude(status__in=HISTORICAL_STATUSES)
        .select_related("branch")
        .order_by("name")
    )


def _community_members(org: Organization):
    # 三级包抓 pairs a household with a member of its own community.
    return _current_members(paths.prefix_at(org.path, paths.COMMUNITY_DEPTH))


def _use_community_member_picker(field: forms.Field, org: Organization) -> None:
    community = Organization.objects.filter(path=paths.prefix_at(org.path, paths.COMMUNITY_DEPTH)).first()
    use_picker(field, "member", within=community.pk if community else org.pk)


class HouseholdChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        # The head's name is what a grid worker recognises at the door.
        return f"{obj.building.name} {obj.unit} {obj.head_name}"


class ChoosePlaceForm(forms.Form):
    """The grid or organisation an entry form is for, chosen by typing its name (a GET form)."""

    def __init__(self, *, queryset, param: str, label: str, picker: str, params=None):
        super().__init__()
        self.fields[param] = forms.ModelChoiceField(
            queryset=queryset, label=label, widget=PickerSelect(picker, params={"action": "edit", **(params or {})}),
        )
        bootstrapify(self)


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)
        for field in self.fields.values():
            # Radio buttons and check boxes (multiple choice) are both RadioSelect subclasses.
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "form-check-input"


class VisitForm(_Form):
    household = HouseholdChoiceField(queryset=Household.objects.none(), label=_("Household"),
                                     widget=PickerSelect("household"))
    worker = forms.ModelChoiceField(queryset=GridWorker.objects.none(), label=_("Grid worker"))
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput)
    kinds = forms.MultipleChoiceField(
        label=_("The visit involved"), choices=VisitKind.choices, widget=forms.CheckboxSelectMultiple,
        initial=[VisitKind.HOUSEHOLD_VISIT],
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    hazard_category = forms.ModelChoiceField(
        queryset=ReportCategory.objects.none(), label=_("Hazard category"), required=False,
        help_text=_("Only when a hazard was found: a grid report is filed with the visit."),
    )
    hazard_description = forms.CharField(
        label=_("Hazard description"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, grid: Grid, user, **kwargs):
        kwargs.setdefault("initial", {"visited_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = Household.objects.filter(building__grid=grid).select_related("building")
        self.fields["household"].widget.params = {"grid": grid.pk, "action": "edit"}
        workers = GridWorker.objects.filter(grid=grid)
        self.fields["worker"].queryset = workers
        mine = next((w for w in workers if w.user_id == user.pk), None)
        if mine is not None:
            self.initial.setdefault("worker", mine.pk)
        self.fields["hazard_category"].queryset = ReportCategory.objects.filter(is_active=True)


class PledgeForm(_Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("Party member"))
    year = forms.IntegerField(label=_("Year"))

    def __init__(self, *args, org: Organization, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _current_members(org.path)
        year = self.data.get("year") or self.initial.get("year")
        use_picker(self.fields["member"], "pledge-member", within=org.pk, year=year)
        self.fields["member"].help_text = _("Members who already pledged for the year are not offered; "
                                            "add items to their pledge instead.")


class PledgeItemForm(_Form):
    content = forms.CharField(label=_("Pledge item"), max_length=300)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)
    target = forms.CharField(label=_("Measurable result"), max_length=300,
                             help_text=_("How to check it was done, e.g. 'visit 10 households'."))


class PledgeItemEditForm(PledgeItemForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


PledgeItemFormSet = forms.formset_factory(PledgeItemForm, extra=2, min_num=1, validate_min=True)


class FulfilmentForm(_Form):
    done_on = forms.DateField(label=_("Date"), widget=DateInput)
    description = forms.CharField(label=_("What was done"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(label=_("Evidence"), max_length=300, required=False)
    evidence_file = forms.FileField(label=_("Evidence file"), required=False,
                                    help_text=_("Photo, PDF, Word or Excel file, at most 5 MB."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class EvaluationForm(_Form):
    evaluation = forms.ChoiceField(label=_("Evaluation"), choices=Evaluation.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Remarks"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class NeedyForm(_Form):
    household = HouseholdChoiceField(queryset=Household.objects.none(), label=_("Household"),
                                     widget=PickerSelect("household"))
    category = forms.ChoiceField(label=_("Hardship category"), choices=NeedyCategory.choices)
    pairing_level = forms.ChoiceField(
        label=_("Pairing level"), choices=[("", _("As 三级包抓 sets for the category")), *PairingLevel.choices],
        required=False,
    )
    responsible = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("Responsible member"),
                                         required=False)
    situation = forms.CharField(label=_("Situation"), max_length=300, required=False)
    registered_on = forms.DateField(label=_("Registered on"), widget=DateInput)

    def __init__(self, *args, grid: Grid, **kwargs):
        kwargs.setdefault("initial", {"registered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = Household.objects.filter(building__grid=grid).select_related("building")
        self.fields["household"].widget.params = {"grid": grid.pk, "action": "edit"}
        self.fields["responsible"].queryset = _community_members(grid.branch)
        _use_community_member_picker(self.fields["responsible"], grid.branch)


class NeedyEditForm(_Form):
    category = forms.ChoiceField(label=_("Hardship category"), choices=NeedyCategory.choices)
    pairing_level = forms.ChoiceField(label=_("Pairing level"), choices=PairingLevel.choices)
    responsible = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("Responsible member"),
                                         required=False)
    situation = forms.CharField(label=_("Situation"), max_length=300, required=False)
    is_active = forms.BooleanField(label=_("Still in need"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, needy, **kwargs):
        initial = {f: getattr(needy, f) for f in ("category", "pairing_level", "situation", "is_active", "version")}
        kwargs.setdefault("initial", {**initial, "responsible": needy.responsible_id})
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _community_members(needy.organization)
        _use_community_member_picker(self.fields["responsible"], needy.organization)


class AssistanceForm(_Form):
    given_on = forms.DateField(label=_("Date"), widget=DateInput)
    helper = forms.CharField(label=_("Who helped"), max_length=100)
    content = forms.CharField(label=_("Assistance given"), max_length=300)
    amount = forms.DecimalField(label=_("Amount (yuan)"), required=False, decimal_places=2,
                                widget=forms.NumberInput(attrs={"min": "0"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


def _demand_household_field() -> HouseholdChoiceField:
    return HouseholdChoiceField(
        queryset=Household.objects.none(), label=_("Household"), required=False, empty_label=_("— not linked —"),
        help_text=_("Optional: the resident's household, among those of the organisation chosen above."),
        error_messages={"invalid_choice": _("Choose a household of the organisation that received the demand.")},
    )


class DemandForm(_Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Received by"))
    household = _demand_household_field()
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    source = forms.ChoiceField(label=_("Source"), choices=DemandSource.choices)
    resident_name = forms.CharField(label=_("Resident"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    content = forms.CharField(label=_("Opinion or demand"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organizations, user, **kwargs):
        kwargs["initial"] = {"received_on": timezone.localdate(), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if len(organizations) == 1:
            self.initial["organization"] = organizations[0].pk
        chosen = self._chosen(organizations)
        self.fields["household"].queryset = demand_household_choices(user=user, organization=chosen)
        if chosen is None:
            self.fields["household"].help_text = _("Choose the organisation first; its households are then offered.")
        # Choosing the organisation re-renders only the household field (the page's own GET, via htmx).
        self.fields["organization"].widget.attrs.update({
            "hx-get": reverse("services:demand-create"), "hx-trigger": "change", "hx-target": "#field-household",
            "hx-select": "#field-household", "hx-swap": "outerHTML",
        })

    def _chosen(self, organizations) -> Organization | None:
        raw = str((self.data.get(self.add_prefix("organization")) if self.is_bound
                   else self.initial.get("organization")) or "")
        return next((org for org in organizations if str(org.pk) == raw), None) if raw.isdigit() else None


class DemandEditForm(_Form):
    household = _demand_household_field()
    handler = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Handler"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=DemandStatus.choices)
    reply = forms.CharField(label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), choices=[("", "—"), *Satisfaction.choices],
                                     required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, demand: Demand, user, **kwargs):
        initial = {f: getattr(demand, f) for f in ("status", "reply", "satisfaction", "version")}
        kwargs.setdefault("initial", {**initial, "handler": demand.handler_id, "household": demand.household_id})
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = user_queryset(user).order_by("username")
        self.fields["household"].queryset = demand_household_choices(user=user, organization=demand.organization)
        self.fields["household"].help_text = _("Optional: the resident's household.")


class DemandReportForm(_Form):
    category = forms.ModelChoiceField(queryset=ReportCategory.objects.none(), label=_("Report category"))
    grid = forms.ModelChoiceField(queryset=Grid.objects.none(), label=_("Grid"), required=False,
                                  help_text=_("Needed when the demand was received by a community."))

    def __init__(self, *args, demand: Demand, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ReportCategory.objects.filter(is_active=True)
        self.fields["grid"].queryset = Grid.objects.filter(paths.subtree_q(demand.organization.path, field="branch"))
