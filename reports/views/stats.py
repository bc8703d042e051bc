"""The statistics page: the sentence and tables for one organisation in scope and a period."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from organizations import selectors as org_selectors
from partybuild.forms import bootstrapify
from partybuild.pickers import use_picker

from .. import selectors


class StatsForm(forms.Form):
    org = forms.ModelChoiceField(queryset=None, required=False, label=_("Organisation"))
    start = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Districts, streets and communities: the levels statistics are read at.
        self.fields["org"].queryset = org_selectors.organization_list(user=user).filter(depth__lte=3)
        # A district has ~1,600 of them: searched as you type, not a select listing them all.
        use_picker(self.fields["org"], "organization", levels="district,street,community")
        bootstrapify(self)


@login_required
def stats_view(request):
    user = request.user
    form = StatsForm(request.GET or None, user=user)
    data = form.cleaned_data if form.is_valid() else {}
    org = data.get("org") or org_selectors.organization_roots(user=user).first()
    period = selectors.Period(start=data.get("start"), end=data.get("end"))
    by_category, by_department = selectors.report_stats_breakdown(user=user, org=org, period=period)
    return render(request, "reports/stats.html", {
        "form": form, "org": org, "period": period,
        "stats": selectors.report_stats(user=user, org=org, period=period),
        "by_category": by_category, "by_department": by_department,
        "by_child": selectors.report_stats_by_child(user=user, org=org, period=period) if org else [],
    })
