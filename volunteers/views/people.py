"""Dashboard, teams, volunteers' points ledgers, the leaderboard and redemptions."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.forms import bootstrapify
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..filters import VolunteerFilter
from ..flow import may_review
from ..forms import HoldDecisionForm, RedemptionForm, apply_errors
from ..models import Category

PAGE_SIZE = 25
HOLDS_SHOWN = 20


def _year_start(request) -> date:
    today = timezone.localdate()
    year = request.GET.get("year", "")
    return date(int(year), 1, 1) if year.isdigit() and 2000 <= int(year) <= today.year else date(today.year, 1, 1)


@login_required
def home_view(request):
    since = _year_start(request)
    user = request.user
    context = {
        "since": since,
        "orders": selectors.order_stats(user=user, since=since),
        "points": selectors.points_stats(user=user, since=since),
        "categories": [
            {**row, "label": Category(row["category"]).label}
            for row in selectors.category_breakdown(user=user, since=since)
        ],
        "leaders": selectors.leaderboard(user=user, since=since, limit=5),
    }
    holds = list(selectors.hold_list(user=user)[:HOLDS_SHOWN])
    context["holds"] = [(hold, may_review(user, hold)) for hold in holds]
    return render(request, "volunteers/home.html", context)


@login_required
@require_POST
def hold_decide_view(request, pk: int, decision: str):
    """The street releases or refuses a credit held over the monthly cap."""
    hold = get_object_or_404(selectors.hold_list(user=request.user), pk=pk)
    form = HoldDecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    service = services.credit_hold_release if decision == "release" else services.credit_hold_reject
    try:
        service(user=request.user, hold=hold, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("Credit released; the points are in the ledger.") if decision == "release" else _("Credit refused.")
        messages.success(request, done)
    return redirect("volunteers:home")


@login_required
def team_list_view(request):
    page = CappedPaginator(selectors.team_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    can_add = selectors.community_choices(user=request.user).exists()
    return render(
        request, "volunteers/team_list.html", {"page_obj": page, "teams": page.object_list, "can_add": can_add}
    )


@login_required
def team_detail_view(request, pk: int):
    team = get_object_or_404(selectors.team_detail_qs(user=request.user), pk=pk)
    recent = selectors.order_list(user=request.user).filter(assigned_team=team).order_by("-placed_at", "-id")[:10]
    can_edit = rights.may(request.user, EDIT, team.community)
    return render(
        request, "volunteers/team_detail.html", {"team": team, "recent_orders": recent, "can_edit": can_edit}
    )


@login_required
def volunteer_list_view(request):
    filterset = VolunteerFilter(request.GET, queryset=selectors.volunteer_list(user=request.user))
    bootstrapify(filterset.form)
    page = CappedPaginator(filterset.qs.order_by("name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    can_add = selectors.community_choices(user=request.user).exists()
    context = {"filter": filterset, "page_obj": page, "volunteers": page.object_list, "can_add": can_add}
    return render(request, "volunteers/volunteer_list.html", context)


@login_required
def volunteer_ledger_view(request, pk: int):
    volunteer = get_object_or_404(selectors.volunteer_list(user=request.user), pk=pk)
    page = CappedPaginator(selectors.volunteer_ledger(volunteer=volunteer), PAGE_SIZE).get_page(request.GET.get("page"))
    can_redeem = rights.may(request.user, EDIT, volunteer.community)
    return render(
        request, "volunteers/volunteer_ledger.html",
        {"volunteer": volunteer, "page_obj": page, "entries": page.object_list, "can_redeem": can_redeem},
    )


@login_required
def leaderboard_view(request):
    since = _year_start(request)
    leaders = selectors.leaderboard(user=request.user, since=since, limit=50)
    return render(request, "volunteers/leaderboard.html", {"since": since, "leaders": leaders})


@login_required
def redemption_create_view(request, pk: int):
    volunteer = get_object_or_404(selectors.volunteer_list(user=request.user), pk=pk)
    form = RedemptionForm(request.POST or None, volunteer=volunteer)
    if request.method == "POST" and form.is_valid():
        try:
            services.redemption_create(user=request.user, volunteer=volunteer, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(points)s points redeemed.") % {"points": form.cleaned_data["points"]})
            return redirect("volunteers:volunteer-ledger", pk=volunteer.pk)
    return render(request, "volunteers/redemption_form.html", {"volunteer": volunteer, "form": form})
