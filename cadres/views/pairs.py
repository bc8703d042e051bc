"""Mentor pairs (师徒结对): the list, a new pair (both cadres searched as you type), ending a pair."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..forms import EndForm, PairForm, apply_errors

PAGE_SIZE = 25


@login_required
def pair_list_view(request):
    qs = selectors.pair_list(user=request.user).order_by("ended_on", "-started_on", "pk")
    if request.GET.get("state") != "all":
        qs = qs.filter(ended_on__isnull=True)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cadres/pair_list.html", {
        "page_obj": page, "pairs": page.object_list, "can_add": selectors.community_choices(user=request.user).exists(),
    })


@login_required
def pair_create_view(request):
    if not selectors.community_choices(user=request.user).exists():
        raise PermissionDenied(services.REFUSED)
    form = PairForm(request.POST or None, user=request.user, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_pair_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Mentor pair recorded."))
            return redirect("cadres:pair-list")
    return render(request, "cadres/form.html", {"form": form, "title": _("New mentor pair"),
                                                "cancel_url": "cadres:pair-list"})


@login_required
def pair_end_view(request, pk: int):
    pair = get_object_or_404(selectors.pair_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, pair.apprentice.community, str(services.REFUSED))
    form = EndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_pair_end(user=request.user, pair=pair, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The pair has ended."))
            return redirect("cadres:pair-list")
    return render(request, "cadres/form.html", {"form": form, "title": _("End mentor pair: %(pair)s") % {"pair": pair},
                                                "cancel_url": "cadres:pair-list"})
