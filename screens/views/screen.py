"""The big screen's pages: the choice of organisation, the screen itself and its JSON data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .. import selectors
from ..policy import may_use_screen

# The page polls every minute; tests shorten it with ?interval=<ms>, never below MIN_INTERVAL_MS.
DEFAULT_INTERVAL_MS = 60_000
MIN_INTERVAL_MS = 200
MAX_INTERVAL_MS = 600_000


def refresh_interval(value: str) -> int:
    if not value.isdigit():
        return DEFAULT_INTERVAL_MS
    return max(MIN_INTERVAL_MS, min(MAX_INTERVAL_MS, int(value)))


@login_required
def home_view(request):
    """A street official goes straight to their street; a district administrator picks."""
    if not may_use_screen(request.user):
        raise Http404
    roots = list(selectors.screen_roots(user=request.user))
    if len(roots) == 1:
        return redirect("screens:screen", pk=roots[0].pk)
    return render(request, "screens/choose.html", {"roots": roots})


@login_required
def screen_view(request, pk: int):
    root = get_object_or_404(selectors.screen_roots(user=request.user), pk=pk)
    return render(request, "screens/screen.html", {
        "root": root,
        "interval": refresh_interval(request.GET.get("interval", "")),
        "ticker_size": selectors.TICKER_SIZE,
        "today": timezone.localdate().isoformat(),
    })


@never_cache
@login_required
def data_view(request, pk: int):
    root = get_object_or_404(selectors.screen_roots(user=request.user), pk=pk)
    return JsonResponse(selectors.screen_data(user=request.user, root=root))
