"""Reads of visits and ledgers, always through the scoping mechanism, and their statistics.

Statistics are set-based: one query per statistic whatever the number of organisations.
Per-organisation figures group rows by their organisation's ancestor at a tree depth
(``organizations.paths.count_per_ancestor``), so "per community" or "per street" is one GROUP BY.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from grids.models import Household
from organizations.models import Organization
from organizations.paths import COMMUNITY_DEPTH, ancestors_by_path, count_per_ancestor, subtree_q
from partybuild.scoping import EDIT, VIEW, is_unrestricted, scope_paths, scope_queryset
from summaries import selectors as summary_selectors

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
    qs = Household.objects.filter(subtree_q(organization.path, field="building__grid__branch"))
    return scope_queryset(qs, user, EDIT).select_related("building").order_by("building__name", "unit", "id")


# ---------------------------------------------------------------------------------------------
# Statistics


def _kind_counts() -> dict:
    return {kind: Count("pk", filter=Q(**{kind: True})) for kind in VisitKind.values}


def _visit_aggregates() -> dict:
    return {"visits": Count("pk"), **_kind_counts()}


def visit_counts(*, user, start: date, end: date) -> dict[str, int]:
    """Visits and what they involved in [start, end] for the user's scope: one query."""
    qs = scope_queryset(GridVisit.objects.filter(visited_on__range=(start, end)), user, VIEW)
    return qs.aggregate(**_visit_aggregates())


def visit_counts_by_worker(*, user, start: date, end: date) -> QuerySet:
    """Visit counts per grid worker in [start, end], most active first: one GROUP BY query."""
    qs = scope_queryset(GridVisit.objects.filter(visited_on__range=(start, end)), user, VIEW)
    return (
        qs.values("worker_id", "worker__name", "grid__name").annotate(**_visit_aggregates())
        .order_by("-visits", "worker__name")
    )


# Every ``*_stats_by_org`` answers in the one shape of ``paths.count_per_ancestor``:
# ``{ancestor_path: {"total": rows, <named figures>}}``, one GROUP BY query whatever the number
# of organisations. The assessment engine reuses them, ``within`` one street's subtree per chunk.


def pledge_stats_by_org(
    *, user, year: int, depth: int = COMMUNITY_DEPTH, within: str | tuple[str, str] = ""
) -> dict[str, dict[str, int]]:
    """Per organisation at ``depth``: pledges of ``year`` (total), their items, fulfilment records
    and the evaluation results.

    Three grouped queries (pledges, items, records), each over its own table: one query joining
    pledges to items to records counted DISTINCT over the fan-out of a city's 330,000 records, which
    took twice as long."""
    qs = scope_queryset(Pledge.objects.filter(year=year), user, VIEW)
    rows = count_per_ancestor(
        qs, field="organization", depth=depth, within=within,
        evaluated=Count("pk", filter=~Q(evaluation="")),
        **{ev: Count("pk", filter=Q(evaluation=ev)) for ev in Evaluation.values},
    )
    pledges = qs.values("pk")
    items = count_per_ancestor(PledgeItem.objects.filter(pledge__in=pledges), field="pledge__organization",
                               depth=depth, within=within)
    records = count_per_ancestor(Fulfilment.objects.filter(item__pledge__in=pledges),
                                 field="item__pledge__organization", depth=depth, within=within)
    for path, row in rows.items():
        row["pledge_items"] = items.get(path, {}).get("total", 0)
        row["fulfilments"] = records.get(path, {}).get("total", 0)
    return rows


def needy_stats_by_org(
    *, user, year: int, depth: int = COMMUNITY_DEPTH, within: str | tuple[str, str] = ""
) -> dict[str, dict]:
    """Per organisation: needy households (total), those paired with a member, and the assistance
    acts and amount of ``year``."""
    qs = scope_queryset(NeedyHousehold.objects.all(), user, VIEW)
    in_year = Q(assistance__given_on__year=year)
    return count_per_ancestor(
        qs, field="organization", depth=depth, distinct=True, within=within,
        paired=Count("pk", filter=Q(responsible__isnull=False), distinct=True),
        assistance_acts=Count("assistance", filter=in_year, distinct=True),
        amount=Sum("assistance__amount", filter=in_year),
    )


def demand_stats_by_org(
    *, user, year: int, depth: int = COMMUNITY_DEPTH, within: str | tuple[str, str] = ""
) -> dict[str, dict[str, int]]:
    """Per organisation: demands received in ``year`` (total), closed, turned into reports, rated
    and satisfied."""
    qs = scope_queryset(Demand.objects.filter(received_on__year=year), user, VIEW)
    return count_per_ancestor(
        qs, field="organization", depth=depth, within=within,
        closed=Count("pk", filter=Q(status=DemandStatus.CLOSED)),
        reported=Count("pk", filter=Q(report__isnull=False)),
        rated=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
    )


def visit_stats_by_org(
    *, user, start: date, end: date, depth: int = COMMUNITY_DEPTH, within: str | tuple[str, str] = ""
) -> dict[str, dict[str, int]]:
    """Per organisation: visits in [start, end] (total) and what they involved."""
    qs = scope_queryset(GridVisit.objects.filter(visited_on__range=(start, end)), user, VIEW)
    return count_per_ancestor(qs, field="organization", depth=depth, within=within, **_kind_counts())


def ledger_counts(*, user, year: int) -> dict:
    """The ledgers home page: this year's rows of each ledger in the user's scope. From the
    summaries' community rows when the user's areas are districts, streets or communities (three
    queries; ``computed_at`` says when they were computed), else one query per ledger."""
    roots = None if is_unrestricted(user) else scope_paths(user, VIEW)
    months = summary_selectors.month_totals(roots=roots, start=date(year, 1, 1), end=date(year, 12, 31))
    current = summary_selectors.current_totals(roots=roots) if months is not None else None
    if current is not None:
        counts = {key: months[key] for key in ("visits", "pledges", "pledge_items", "fulfilments", "assistance",
                                               "demands")}
        return {**counts, "needy": current["needy_active"],
                "computed_at": min(filter(None, (months["computed_at"], current["computed_at"])), default=None)}
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
    found = set().union(*tables.values())
    orgs = ancestors_by_path(found)
    return [
        {"organization": orgs[p].code if p in orgs else "", "name": orgs[p].name if p in orgs else p,
         **{key: table.get(p, {}) for key, table in tables.items()}}
        for p in sorted(found)
    ]
