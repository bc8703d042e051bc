"""The quarterly ranking of companies and of compounds (和谐小区), each input beside the score, and
the district's weights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import selectors as org_selectors
from organizations.models import Organization
from organizations.paths import prefix_at
from partybuild import rights

from .. import selectors, services
from ..forms import PeriodForm, WeightsForm, apply_errors


def _district(user):
    root = org_selectors.organization_roots(user=user).first()
    if root is None:
        raise Http404
    return Organization.objects.get(path=prefix_at(root.path, 1))


@login_required
def ranking_view(request):
    today = timezone.localdate()
    form = PeriodForm(request.GET or {"year": today.year, "quarter": (today.month - 1) // 3 + 1, "by": "company"})
    rows, means, weights = [], {}, None
    if form.is_valid():
        by = form.cleaned_data["by"] or "company"
        # The district's means and ranks; the rows shown are those in the user's reach.
        rows, means, weights = selectors.visible_ranking(
            user=request.user, year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"], by=by
        )
    return render(request, "estates/ranking.html", {
        "form": form, "rows": rows, "means": means, "weights": weights,
        "can_set_weights": rights.is_district_admin(request.user),
    })


@login_required
def weights_view(request):
    district = _district(request.user)
    weights = selectors.ranking_weights(district=district)
    form = WeightsForm(request.POST or None, instance=weights, initial={"version": weights.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.weights_set(user=request.user, district=district, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("estates:ranking")
    elif request.method != "POST" and not rights.is_district_admin(request.user):
        raise Http404
    return render(request, "estates/form.html", {"form": form, "title": _("Ranking weights")})
