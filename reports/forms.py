"""Forms of the report pages: filing (phone-friendly) and the comment forms of each step."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.models import Grid, Household
from partybuild.forms import bootstrapify
from partybuild.pickers import PickerSelect
from partybuild.scoping import EDIT, scope_queryset

from .models import EventAction, Outcome
from .selectors import category_list, department_choices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp",
                                                             "capture": "environment"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


class ReportFileForm(forms.Form):
    grid = forms.ModelChoiceField(queryset=Grid.objects.none(), label=_("Grid"))
    category = forms.ModelChoiceField(queryset=category_list(), label=_("Category"))
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    description = forms.CharField(
        label=_("What is the problem?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    household = forms.ModelChoiceField(
        queryset=Household.objects.none(), required=False, label=_("Household (optional)"),
        widget=PickerSelect("household", params={"action": "edit"}),
        help_text=_("Type the building, unit or the head of household's name."),
    )
    photos = MultiplePhotoField(
        label=_("Photos"), required=False, help_text=_("JPEG, PNG or WebP, up to 5 MB each."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = scope_queryset(Grid.objects.all(), user, EDIT).order_by("code")
        self.fields["household"].queryset = scope_queryset(Household.objects.all(), user, EDIT).select_related(
            "building"
        )
        bootstrapify(self)


ACTION_VERBS = {
    EventAction.DISPATCH: _("Dispatch"),
    EventAction.ACCEPT: _("Sign for"),
    EventAction.START: _("Contact the resident and start"),
    EventAction.RESOLVE: _("Finish handling"),
    EventAction.CLOSE: _("Verify and close"),
    EventAction.RETURN: _("Return to the department"),
    EventAction.ESCALATE: _("Escalate to the district"),
    EventAction.REOPEN: _("Reopen"),
}


class ActionForm(forms.Form):
    """One form for every step; the fields a step does not use are hidden by the template."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(queryset=None, required=False, label=_("Department"))
    outcome = forms.ChoiceField(choices=Outcome.choices, required=False, initial=Outcome.FIXED, label=_("Outcome"))
    satisfaction = forms.TypedChoiceField(
        choices=[("", "—")] + [(n, str(n)) for n in range(5, 0, -1)], coerce=int, empty_value=None,
        required=False, label=_("Resident satisfaction (1–5)"),
    )

    FIELDS = {
        "dispatch": ("comment", "department"),
        "close": ("comment", "outcome", "satisfaction"),
    }

    def __init__(self, *args, user, report, action: str, **kwargs):
        # The category's default department is the usual answer to "who handles this?".
        kwargs.setdefault("initial", {"version": report.version,
                                      "department": report.category.default_department_id})
        kwargs.setdefault("prefix", action)
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["department"].queryset = department_choices(user=user, report=report)
        keep = {"version", *self.FIELDS.get(action, ("comment",))}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        bootstrapify(self)

    @property
    def action_label(self) -> str:
        """What the step did, for the history and the confirmation (已派单)."""
        return EventAction(self.action).label

    @property
    def button_label(self) -> str:
        """What the button does (派单), not the state it leads to."""
        return ACTION_VERBS.get(self.action, self.action_label)

    def service_kwargs(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "") or k == "comment"}
        if self.action == "close":
            data.setdefault("outcome", Outcome.FIXED)
        return data
