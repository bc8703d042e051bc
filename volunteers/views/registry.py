"""New and edited volunteer teams and volunteers, for the community secretaries who keep them.

Records are fetched through the scoped selectors (an outsider gets 404); a role that may only look
(auditor, department staff) gets 403. The services write, and re-check the rights.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partybuild import rights
from partybuild.scoping import EDIT

from .. import selectors, services
from ..flow import REFUSED
from ..forms import TeamForm, VolunteerForm, apply_errors


def _require_a_community(user) -> None:
    """A create page needs a community to create in (``community_choices`` is the user's EDIT
    scope): a role that may edit none gets 403, not an empty form. The service then checks the
    community chosen with ``rights.require``."""
    if not selectors.community_choices(user=user).exists():
        raise PermissionDenied(REFUSED)


@login_required
def team_create_view(request):
    _require_a_community(request.user)
    form = TeamForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(
                user=request.user, community=form.cleaned_data["community"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Team %(name)s created.") % {"name": team.name})
            return redirect("volunteers:team-detail", pk=team.pk)
    return render(request, "volunteers/team_form.html", {"form": form, "team": None})


@login_required
def team_edit_view(request, pk: int):
    team = get_object_or_404(selectors.team_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, team.community, str(REFUSED))
    form = TeamForm(request.POST or None, instance=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(
                user=request.user, team=team, version=form.cleaned_data["version"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("volunteers:team-detail", pk=team.pk)
    return render(request, "volunteers/team_form.html", {"form": form, "team": team})


@login_required
def volunteer_create_view(request):
    _require_a_community(request.user)
    # From a team's page the team (and so its community) comes pre-selected.
    team_id = request.GET.get("team", "")
    team = selectors.team_choices(user=request.user).filter(pk=team_id).first() if team_id.isdigit() else None
    initial = {"team": team, "community": team.community} if team else {}
    form = VolunteerForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.volunteer_create(
                user=request.user, community=form.cleaned_data["community"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Volunteer %(name)s registered.") % {"name": volunteer.name})
            return redirect("volunteers:volunteer-ledger", pk=volunteer.pk)
    return render(request, "volunteers/volunteer_form.html", {"form": form, "volunteer": None, "team": team})


@login_required
def volunteer_edit_view(request, pk: int):
    volunteer = get_object_or_404(selectors.volunteer_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, volunteer.community, str(REFUSED))
    form = VolunteerForm(request.POST or None, instance=volunteer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_update(
                user=request.user, volunteer=volunteer, version=form.cleaned_data["version"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("volunteers:volunteer-ledger", pk=volunteer.pk)
    return render(request, "volunteers/volunteer_form.html", {"form": form, "volunteer": volunteer, "team": None})
