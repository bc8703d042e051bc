"""Forms of the assessment pages; they parse input, the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partybuild.forms import PortalFormMixin

from .models import Indicator, IndicatorKind, Pairing, Scheme
from .registry import computation_choices
from .services import INDICATOR_FIELDS, SCHEME_FIELDS


class SchemeForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Scheme
        fields = ("year", "level", *SCHEME_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A scheme's year and level are what it is; a new year is a copy.
            for name in ("year", "level"):
                self.fields[name].disabled = True


REVIEW_FIELDS = ("combination", "trim_share", "quorum", "spread_measure", "spread_limit")


class IndicatorForm(PortalFormMixin, forms.ModelForm):
    computation = forms.ChoiceField(label=_("computation"), required=False)

    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["computation"].choices = [("", "—"), *computation_choices()]
        parents = scheme.indicators.all()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = False
        self.fields["kind"].initial = IndicatorKind.COMPUTED
        # How reviewers' sheets combine matters for manual indicators only: left empty, the defaults.
        for name in REVIEW_FIELDS:
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        # Review settings mean something for manual indicators only: on any other kind (also one
        # switched away from manual) they go back to the defaults, as the scheme workbook writes them.
        manual = data.get("kind") == IndicatorKind.MANUAL
        for name in REVIEW_FIELDS:
            if not manual or (data.get(name) in (None, "") and name != "spread_limit"):
                data[name] = Indicator._meta.get_field(name).get_default()
        return data


class ImportForm(PortalFormMixin, forms.Form):
    file = forms.FileField(label=_("Scheme table (.xlsx)"))


class CopyForm(PortalFormMixin, forms.Form):
    year = forms.IntegerField(label=_("New year"), min_value=2000, max_value=2100)


class RunForm(PortalFormMixin, forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    incremental = forms.BooleanField(label=_("Only what changed since the last run"), required=False)

    def __init__(self, *args, periods: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p, p) for p in periods]


class SendBackForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ExceptionForm(PortalFormMixin, forms.Form):
    until = forms.DateTimeField(label=_("Open until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class PairingForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Pairing
        fields = ("year", "community", "kind", "name", "position")

    def __init__(self, *args, user, **kwargs):
        from django.utils import timezone

        from organizations.models import Level, OrgStatus
        from partybuild.pickers import use_picker
        from partybuild.scoping import VIEW, scope_queryset

        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["community"].queryset = scope_queryset(
            self.fields["community"].queryset.model.objects.filter(level=Level.COMMUNITY, status=OrgStatus.ACTIVE),
            user, VIEW).order_by("path")
        use_picker(self.fields["community"], "organization", levels="community")


class SheetForm(PortalFormMixin, forms.Form):
    """A reviewer's sheet: the score (a number pad on phones) and a comment."""

    score = forms.DecimalField(label=_("Score"), max_digits=6, decimal_places=2, min_value=0,
                               widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}))
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, weight=None, **kwargs):
        super().__init__(*args, **kwargs)
        if weight is not None:
            self.fields["score"].widget.attrs["max"] = str(weight)
            self.fields["score"].help_text = _("From 0 to %(weight)s points.") % {
                "weight": format(weight.normalize(), "f")}


class AssignmentForm(PortalFormMixin, forms.Form):
    """Assign a reviewer: a manual indicator of the scheme, a period, the organisation to review (or
    one above, for all of them) and the reviewer's account, both searched as you type."""

    column_class = "col-md-6"
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    period = forms.ChoiceField(label=_("Period"))
    organization = forms.ModelChoiceField(label=_("Organisation (or a street: all its communities)"),
                                          queryset=Indicator.objects.none())
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=Indicator.objects.none())

    def __init__(self, *args, scheme: Scheme, user, periods: list[str], **kwargs):
        from accounts.models import User
        from organizations.models import LEVEL_DEPTH, Organization, OrgStatus
        from partybuild.pickers import use_picker
        from partybuild.scoping import VIEW, scope_queryset

        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = scheme.indicators.filter(kind=IndicatorKind.MANUAL).order_by(
            "position", "code")
        self.fields["period"].choices = [(p, p) for p in periods]
        self.fields["organization"].queryset = scope_queryset(Organization.objects.filter(
            status=OrgStatus.ACTIVE, depth__gt=1, depth__lte=LEVEL_DEPTH[scheme.level]), user, VIEW).order_by("path")
        use_picker(self.fields["organization"], "organization",
                   levels="street,community" if scheme.level == "community" else "street")
        self.fields["reviewer"].queryset = User.objects.filter(is_active=True)
        use_picker(self.fields["reviewer"], "reviewer")
