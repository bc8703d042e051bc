"""The overview: units by management mode and companies by party status in the user's area, and
the committees whose term ended without a new election."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors


@login_required
def home_view(request):
    stats = selectors.property_stats(units=selectors.units_in_reach(user=request.user))
    awaiting = selectors.committees_awaiting_election(user=request.user)[:20]
    return render(request, "estates/home.html", {"stats": stats, "awaiting": awaiting})
