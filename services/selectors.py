"""Reads of visits and ledgers, always through the scoping mechanism, and their statistics.

Statistics are set-based: one query per statistic whatever the number of organisations.
Per-organisation figures group rows by the prefix of their organisation's materialised path
(``Substr(path, 1, depth * steplen)``), so "per community" or "per street" is one GROUP BY.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Substr

from grids.models import Household
from organizations.models import Organization
from partybuild.scoping import EDIT, VIEW, scope_queryset

from .models import (
    Assistance,
    Demand,
    DemandStatus,
    Evaluation,
    Fulfilment,
    GridVisit,
    NeedyHousehold,
    Pledge,
    PledgeItem,
    Satisfaction,
    VisitKind,
)


def visit_list(*, user, action: str = VIEW) -> QuerySet[GridVisit]:
    return scope_queryset(GridVisit.objects.all(), user, action).select_related(
        "grid", "household__building", "worker", "report"
    )


def _count_of(qs: QuerySet, field: str) -> Coalesce:
    """A correlated count per outer row. Computed only for the rows of a page, and dropped from the
    paginator's COUNT(*), unlike a JOIN + GROUP BY over the whole table."""
    counted = qs.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def pledge_list(*, user, action: str = VIEW) -> QuerySet[Pledge]:
    return (
        scope_queryset(Pledge.objects.all(), user, action)
        .select_related("member", "organization")
        .annotate(item_count=_count_of(PledgeItem.objects.all(), "pledge"),
                  fulfilment_count=_count_of(Fulfilment.objects.all(), "item__pledge"))
        .order_by("-year", "member__name", "id")
    )


def pledge_plain_list(*, user, action: str = VIEW) -> QuerySet[Pledge]:
    """Scoped pledges without the per-row counts: a cheap subquery for the items of the filtered pledges."""
    return scope_queryset(Pledge.objects.all(), user, action)


def pledge_items_of(*, user, pledges: QuerySet[Pledge]) -> QuerySet[PledgeItem]:
    """The items of ``pledges`` as the paper ledger lists them: by member, then deadline."""
    return pledge_item_list(user=user).filter(pledge__in=pledges.values("pk")).order_by(
        "pledge__member__name", "pledge_id", "deadline", "id"
    )


def pledge_detail_qs(*, user, action: str = VIEW) -> QuerySet[Pledge]:
    items = PledgeItem.objects.order_by("deadline", "id").prefetch_related(
        Prefetch("fulfilments", queryset=Fulfilment.objects.order_by("done_on", "id"))
    )
    return (
        scope_queryset(Pledge.objects.all(), user, action)
        .select_related("member", "organization", "evaluated_by")
        .prefetch_related(Prefetch("items", queryset=items))
    )


def pledge_item_list(*, user, action: str = VIEW) -> QuerySet[PledgeItem]:
    return scope_queryset(PledgeItem.objects.all(), user, action).select_related(
        "pledge__member", "pledge__organization"
    )


def fulfilment_list(*, user, action: str = VIEW) -> QuerySet[Fulfilment]:
    return scope_queryset(Fulfilment.objects.all(), user, action).select_related(
        "item__pledge__member", "item__pledge__organization"
    )


def needy_list(*, user, action: str = VIEW) -> QuerySet[NeedyHousehold]:
    amount = (
        Assistance.objects.filter(needy=OuterRef("pk")).order_by().values("needy").annotate(s=Sum("amount"))
        .values("s")
    )
    return (
        scope_queryset(NeedyHousehold.objects.all(), user, action)
        .select_related("household__building", "responsible", "organization")
        .annotate(assistance_count=_count_of(Assistance.objects.all(), "needy"),
                  assistance_amount=Subquery(amount, output_field=DecimalField(max_digits=12, decimal_places=2)))
        .order_by("-registered_on", "-id")
    )


def needy_detail_qs(*, user, action: str = VIEW) -> QuerySet[NeedyHousehold]:
    return (
        scope_queryset(NeedyHousehold.objects.all(), user, action)
        .select_related("household__building__grid", "responsible", "organization")
        .prefetch_related(Prefetch("assistance", queryset=Assistance.objects.order_by("-given_on", "-id")))
    )


def assistance_list(*, user, action: str = VIEW) -> QuerySet[Assistance]:
    return scope_queryset(Assistance.objects.all(), user, action).select_related(
        "needy__household__building", "needy__organization"
    )


def demand_list(*, user, action: str = VIEW) -> QuerySet[Demand]:
    return scope_queryset(Demand.objects.all(), user, action).select_related(
        "organization", "handler", "household__building", "report"
    )


def demand_household_choices(*, user, organization: Organization | None) -> QuerySet[Household]:
    """Households a demand received by ``organization`` may link: those of its subtree's grids the user may
    edit. Nothing until the organisation is chosen, so a street's thousands never land in one <select>."""
    if organization is None:
        return Household.objects.none()
    qs = Household.objects.filter(building__grid__branch__path__startswith=organization.path)
    return scope_queryset(qs, user, EDIT).select_related("building").order_by("building__name", "unit", "id")


# ---------------------------------------------------------------------------------------------
# Statistics


def _visit_aggregates() -> dict:
    counts = {kind: Count("pk", filter=Q(**{kind: True})) for kind in VisitKind.values}
    return {"visits": Count("pk"), **counts}


def visit_counts(*, user, start: date, end: date) -> dict[str, int]:
    """Visits and what they involved in [start, end] for the user's scope: one query."""
    qs = scope_queryset(GridVisit.objects.filter(visited_on__range=(start, end)), user, VIEW)
    return qs.aggregate(**_visit_aggregates())


VISIT_GROUPS = {
    "worker": ("worker_id", "worker__name", "grid__name"),
    "grid": ("grid_id", "grid__name", "grid__code"),
}


def visit_counts_by(*, user, start: date, end: date, by: str = "grid") -> QuerySet:
    """Visit counts per grid worker or per grid in [start, end]: one GROUP BY query."""
    qs = scope_queryset(GridVisit.objects.filter(visited_on__range=(start, end)), user, VIEW)
    return qs.values(*VISIT_GROUPS[by]).annotate(**_visit_aggregates()).order_by("-visits", VISIT_GROUPS[by][1])


def _by_unit(qs: QuerySet, depth: int, org_field: str = "organization") -> QuerySet:
    """Rows grouped by their ancestor at tree ``depth`` (2 street, 3 community, 4 grid)."""
    return qs.annotate(unit=Substr(f"{org_field}__path", 1, depth * Organization.steplen)).values("unit")


def pledge_stats_by_org(*, user, year: int, depth: int = 3) -> dict[str, dict[str, int]]:
    """Per organisation at ``depth`` (by path): pledges, items, fulfilment records and the
    evaluation results of ``year``, in one query. The assessment engine reuses it."""
    qs = scope_queryset(Pledge.objects.filter(year=year), user, VIEW)
    rows = _by_unit(qs, depth).annotate(
        pledges=Count("pk", distinct=True),
        pledge_items=Count("items", distinct=True),
        fulfilments=Count("items__fulfilments", distinct=True),
        evaluated=Count("pk", filter=~Q(evaluation=""), distinct=True),
        **{ev: Count("pk", filter=Q(evaluation=ev), distinct=True) for ev in Evaluation.values},
    ).order_by("unit")
    return {row.pop("unit"): row for row in rows}


def needy_stats_by_org(*, user, year: int, depth: int = 3) -> dict[str, dict]:
    """Per organisation: needy households, those paired with a member, assistance acts and amount in ``year``."""
    qs = scope_queryset(NeedyHousehold.objects.all(), user, VIEW)
    in_year = Q(assistance__given_on__year=year)
    rows = _by_unit(qs, depth).annotate(
        households=Count("pk", distinct=True),
        paired=Count("pk", filter=Q(responsible__isnull=False), distinct=True),
        assistance_acts=Count("assistance", filter=in_year, distinct=True),
        amount=Sum("assistance__amount", filter=in_year),
    ).order_by("unit")
    return {row.pop("unit"): row for row in rows}


def demand_stats_by_org(*, user, year: int, depth: int = 3) -> dict[str, dict[str, int]]:
    """Per organisation: demands received in ``year``, closed, turned into reports, and satisfaction."""
    qs = scope_queryset(Demand.objects.filter(received_on__year=year), user, VIEW)
    rows = _by_unit(qs, depth).annotate(
        demands=Count("pk"),
        closed=Count("pk", filter=Q(status=DemandStatus.CLOSED)),
        reported=Count("pk", filter=Q(report__isnull=False)),
        rated=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
    ).order_by("unit")
    return {row.pop("unit"): row for row in rows}


def visit_stats_by_org(*, user, start: date, end: date, depth: int = 3) -> dict[str, dict[str, int]]:
    qs = scope_queryset(GridVisit.objects.filter(visited_on__range=(start, end)), user, VIEW)
    rows = _by_unit(qs, depth).annotate(**_visit_aggregates()).order_by("unit")
    return {row.pop("unit"): row for row in rows}


def ledger_counts(*, user, year: int) -> dict[str, int]:
    """The ledgers home page: this year's rows of each ledger in the user's scope (one query each)."""
    return {
        "visits": scope_queryset(GridVisit.objects.filter(visited_on__year=year), user).count(),
        "pledges": scope_queryset(Pledge.objects.filter(year=year), user).count(),
        "pledge_items": scope_queryset(PledgeItem.objects.filter(pledge__year=year), user).count(),
        "fulfilments": scope_queryset(Fulfilment.objects.filter(done_on__year=year), user).count(),
        "needy": scope_queryset(NeedyHousehold.objects.filter(is_active=True), user).count(),
        "assistance": scope_queryset(Assistance.objects.filter(given_on__year=year), user).count(),
        "demands": scope_queryset(Demand.objects.filter(received_on__year=year), user).count(),
    }


def ledger_stats_table(*, user, start: date, end: date, depth: int) -> list[dict]:
    """One row per organisation at ``depth``: its visits in [start, end] and the ledgers of
    ``end``'s year. Five queries whatever the number of organisations (four statistics, the names)."""
    year = end.year
    tables = {
        "visits": visit_stats_by_org(user=user, start=start, end=end, depth=depth),
        "pledges": pledge_stats_by_org(user=user, year=year, depth=depth),
        "needy": needy_stats_by_org(user=user, year=year, depth=depth),
        "demands": demand_stats_by_org(user=user, year=year, depth=depth),
    }
    paths = set().union(*tables.values())
    orgs = {path: (code, name) for path, code, name in
            Organization.objects.filter(path__in=paths).values_list("path", "code", "name")}
    return [
        {"organization": orgs.get(p, ("", ""))[0], "name": orgs.get(p, ("", p))[1],
         **{key: table.get(p, {}) for key, table in tables.items()}}
        for p in sorted(paths)
    ]
