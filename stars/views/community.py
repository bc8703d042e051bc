"""A community's stars across years, the award ledger with its xlsx export, and statistics."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from audit.background_exports import recorded
from organizations.models import Level, Organization
from organizations.paths import STREET_DEPTH
from partybuild.scoping import VIEW, grants, scope_queryset
from partybuild.workbooks import dated_filename

from .. import exports, selectors
from ..models import Status


@login_required
def community_view(request, pk: int):
    community = get_object_or_404(
        scope_queryset(Organization.objects.filter(level=Level.COMMUNITY), request.user, VIEW), pk=pk
    )
    apps = list(selectors.community_applications(user=request.user, community=community))
    year = selectors.current_year()
    this_year = [a for a in apps if year and a.year == year.year]
    held = [a for a in this_year if a.status == Status.AWARDED]
    history: dict[int, list] = {}
    for a in apps:
        if a.status in (Status.AWARDED, Status.REVOKED):
            history.setdefault(a.year, []).append(a)
    return render(request, "stars/community.html", {
        "community": community, "year": year, "this_year": this_year, "held": held,
        "award": sum((a.amount or 0) for a in held), "history": sorted(history.items(), reverse=True),
    })


def _scope_root(request) -> tuple[Organization, int]:
    """The organisation (by code, default the user's first root) and year asked for."""
    orgs = scope_queryset(Organization.objects.all(), request.user, VIEW)
    code = request.GET.get("root", "")
    root = orgs.filter(code=code).first() if code else orgs.order_by("depth", "path").first()
    if root is None:
        raise Http404
    year = request.GET.get("year", "")
    current = selectors.current_year()
    return root, int(year) if year.isdigit() else (current.year if current else timezone.localdate().year)


@login_required
def ledger_view(request):
    root, year = _scope_root(request)
    rows = selectors.ledger_rows(user=request.user, year=year, root=root)
    # The scopes to choose from: the district and streets in the user's area, and the user's own nodes.
    own = [g.path for g in grants(request.user)]
    roots = scope_queryset(Organization.objects.all(), request.user, VIEW).filter(
        Q(depth__lte=STREET_DEPTH) | Q(path__in=own)
    ).order_by("path").values_list("code", "name")
    return render(request, "stars/ledger.html", {
        "roots": roots, "years": selectors.year_list().values_list("year", flat=True),
        "root": root, "year": year, "rows": rows, "total": sum(r["amount"] for r in rows),
        "stars": sum(len(r["stars"]) for r in rows), "stats": selectors.star_stats(root=root, year=year),
    })


@transaction.non_atomic_requests
@login_required
@recorded
def ledger_export_view(request):
    root, year = _scope_root(request)
    book = exports.ledger_workbook(rows=selectors.ledger_rows(user=request.user, year=year, root=root),
                                   title=f"{root.name} {year}年")
    return book.response(dated_filename(exports.SHEET, root.name, f"{year}年"))
