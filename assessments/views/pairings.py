"""包联: the register of leaders and units paired with communities, ranked by their communities'
annual scores."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild.forms import apply_errors
from partybuild.pagination import CappedPaginator

from .. import selectors, services
from ..forms import PairingForm


def _year(request) -> int:
    value, today = request.GET.get("year", ""), timezone.localdate()
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year + 1 else today.year


@login_required
def pairing_list_view(request):
    year = _year(request)
    form = PairingForm(request.POST or None, user=request.user, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Pairing recorded."))
            return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    ranking = selectors.pairing_ranking(user=request.user, year=year)
    page = CappedPaginator(ranking, 50).get_page(request.GET.get("page"))
    return render(request, "assessments/pairings.html", {
        "year": year, "page_obj": page, "pairings": page.object_list, "form": form, "here": _("Pairings (包联)"),
    })


@login_required
@require_POST
def pairing_delete_view(request, pk: int):
    pairing = get_object_or_404(selectors.pairing_list(user=request.user), pk=pk)
    try:
        services.pairing_delete(user=request.user, pairing=pairing)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pairing removed."))
    return redirect(f"{request.path.rsplit('/', 3)[0]}/?year={pairing.year}")
