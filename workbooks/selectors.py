"""Reads behind the formatted reports: every figure of the annual statistics is one set-based query
across all the streets and communities of the scope (``organizations.paths.count_per_ancestor``
grouped at community depth, then summed per street), never a query per organisation.

Every query goes through ``partybuild.scoping`` (directly or through the owning app's selectors),
and is limited to the chosen root's subtree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import Role
from organizations.models import HISTORICAL_STATUSES, Level, Organization, OrgStatus
from organizations.paths import COMMUNITY_DEPTH, STREET_DEPTH, count_per_ancestor, prefix_at, subtree_q
from organizations.selectors import organization_list, organization_roots
from partybuild import scoping
from partybuild.workbooks import INTEGER, ONE_DECIMAL, PERCENT

REPORT_ROLES = (Role.DISTRICT_ADMIN, Role.STREET_OFFICIAL, Role.AUDITOR)


def may_use(user) -> bool:
    """District admins, street officials and auditors hand these reports upward (no query: the grants are cached)."""
    return bool(getattr(user, "is_authenticated", False)) and (
        scoping.is_unrestricted(user) or scoping.has_any_role(user, *REPORT_ROLES)
    )


def report_roots(*, user) -> QuerySet[Organization]:
    """The district or streets a report may be about: the user's roots and the streets below them."""
    return organization_list(user=user).filter(depth__lte=STREET_DEPTH).order_by("path")


def default_root(*, user) -> Organization | None:
    roots = list(organization_roots(user=user)[:2])
    if len(roots) == 1 and roots[0].depth <= STREET_DEPTH:
        return roots[0]
    return report_roots(user=user).first()


def community_choices(*, user) -> QuerySet[Organization]:
    return organization_list(user=user).filter(level=Level.COMMUNITY).order_by("path")


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """[1 January, next 1 January) in local time: a record of today (31 December too) is inside."""
    tz = timezone.get_current_timezone()
    return datetime.combine(date(year, 1, 1), time.min, tz), datetime.combine(date(year + 1, 1, 1), time.min, tz)


@dataclass(frozen=True)
class Figure:
    """One column of the annual statistics: its key, header, group header, format and whether it
    is summed (rates are recomputed from their sums, results of organisations are not summed)."""

    key: str
    header: str
    group: str
    number_format: str = INTEGER
    summed: bool = True
    width: float = 9
    ratio_of: tuple[str, str] | None = None  # keys of the numerator and denominator of a rate


FIGURES: tuple[Figure, ...] = (
    Figure("communities", "社区党组织", "组织覆盖"),
    Figure("grids", "网格党支部", "组织覆盖"),
    Figure("members", "党员", "党员"),
    Figure("probationary", "预备党员", "党员"),
    Figure("visits", "走访", "台账"),
    Figure("pledges", "党员承诺", "台账"),
    Figure("needy", "困难群众", "台账"),
    Figure("demands", "群众诉求", "台账"),
    Figure("reports", "上报", "网格吹哨"),
    Figure("reports_closed", "办结", "网格吹哨"),
    Figure("reports_overdue", "超期", "网格吹哨"),
    Figure("closure_rate", "办结率", "网格吹哨", PERCENT, summed=False, ratio_of=("reports_closed", "reports")),
    Figure("orders", "服务订单", "志愿服务"),
    Figure("orders_done", "已完成", "志愿服务"),
    Figure("hours", "服务时长(小时)", "志愿服务", ONE_DECIMAL, width=11),
    Figure("stars", "获评星数", "五星联创"),
    Figure("units", "物业服务单位", "物业管理", width=11),
    Figure("complaints", "物业投诉", "物业管理"),
    Figure("meetings", "联席会议", "会议"),
    Figure("assessment_total", "考核得分", "考核", ONE_DECIMAL, summed=False),
    Figure("assessment_rank", "排名", "考核", INTEGER, summed=False, width=7),
)


def _into(out: dict, rows: dict, **keys: str) -> None:
    """Copy ``{path: {source: n}}`` into ``out[path][figure]`` for ``figure=source`` pairs."""
    for path, row in rows.items():
        for figure, source in keys.items():
            value = row.get(source)
            if value:
                out[path][figure] = out[path].get(figure, 0) + (float(value) if isinstance(value, Decimal) else value)


def annual_figures(*, user, root: Organization, year: int) -> dict[str, dict[str, float]]:
    """``{path: {figure: value}}`` for every organisation at community depth under ``root`` (and the
    street itself for rows kept at street level). One query per source whatever the size of the tree."""
    from estates.models import Complaint, ServiceUnit
    from meetings.models import Meeting
    from reports.models import GridReport, Status
    from services import selectors as ledgers
    from stars.models import StarApplication
    from stars.models import Status as StarStatus
    from volunteers.models import OrderStatus, ServiceOrder

    start, end = year_bounds(year)
    under = subtree_q(root.path)
    depth = COMMUNITY_DEPTH
    out: dict[str, dict] = defaultdict(dict)

    def scoped(qs, field):
        return scoping.scope_queryset(qs, user).filter(subtree_q(root.path, field=field))

    orgs = scoping.scope_queryset(Organization.objects.filter(under, depth__gt=STREET_DEPTH, status=OrgStatus.ACTIVE),
                                  user)
    _into(out, count_per_ancestor(orgs, field="", depth=depth, communities=Count("pk", filter=Q(level=Level.COMMUNITY)),
                                  grids=Count("pk", filter=Q(level=Level.GRID))),
          communities="communities", grids="grids")
    from organizations.models import Member

    members = scoped(Member.objects.exclude(status__in=HISTORICAL_STATUSES), "branch")
    _into(out, count_per_ancestor(members, field="branch", depth=depth,
                                  probationary=Count("pk", filter=Q(category="probationary"))),
          members="total", probationary="probationary")
    _into(out, ledgers.visit_stats_by_org(user=user, start=date(year, 1, 1), end=date(year, 12, 31), depth=depth),
          visits="total")
    _into(out, ledgers.pledge_stats_by_org(user=user, year=year, depth=depth), pledges="total")
    _into(out, ledgers.needy_stats_by_org(user=user, year=year, depth=depth), needy="total")
    _into(out, ledgers.demand_stats_by_org(user=user, year=year, depth=depth), demands="total")
    reports = scoped(GridReport.objects.filter(reported_at__gte=start, reported_at__lt=end), "grid__branch")
    _into(out, count_per_ancestor(reports, field="grid__branch", depth=depth,
                                  closed=Count("pk", filter=Q(status=Status.CLOSED)),
                                  overdue=Count("pk", filter=Q(is_overdue=True))),
          reports="total", reports_closed="closed", reports_overdue="overdue")
    orders = scoped(ServiceOrder.objects.filter(placed_at__gte=start, placed_at__lt=end), "community")
    _into(out, count_per_ancestor(orders, field="community", depth=depth,
                                  done=Count("pk", filter=Q(status__in=[OrderStatus.DONE, OrderStatus.RATED])),
                                  hours=Sum("hours")),
          orders="total", orders_done="done", hours="hours")
    stars = scoped(StarApplication.objects.filter(year=year, status=StarStatus.AWARDED), "community")
    _into(out, count_per_ancestor(stars, field="community", depth=depth), stars="total")
    _into(out, count_per_ancestor(scoped(ServiceUnit.objects.all(), "community"), field="community", depth=depth),
          units="total")
    complaints = scoped(Complaint.objects.filter(filed_at__gte=start, filed_at__lt=end), "unit__community")
    _into(out, count_per_ancestor(complaints, field="unit__community", depth=depth), complaints="total")
    meetings = scoped(Meeting.objects.filter(held_on__year=year), "body__organization")
    _into(out, count_per_ancestor(meetings, field="body__organization", depth=depth), meetings="total")
    for path, (total, rank) in assessment_results(user=user, root=root, year=year).items():
        out[path]["assessment_total"], out[path]["assessment_rank"] = total, rank
    return dict(out)


def assessment_results(*, user, root: Organization, year: int) -> dict[str, tuple[float, int | None]]:
    """The latest result of ``year`` of each street and community under ``root``: one query."""
    from assessments.selectors import result_list

    rows = (
        result_list(user=user).filter(subtree_q(root.path, field="organization"), period__startswith=str(year),
                                      organization__depth__in=[STREET_DEPTH, COMMUNITY_DEPTH])
        .order_by("organization__path", "period").values_list("organization__path", "total", "rank")
    )
    return {path: (float(total), rank) for path, total, rank in rows}  # later periods overwrite earlier ones


def with_rates(row: dict) -> dict:
    reported = row.get("reports", 0)
    row["closure_rate"] = (row.get("reports_closed", 0) / reported) if reported else None
    return row


@dataclass
class StreetBlock:
    street: Organization
    total: dict  # the street's figures: its communities summed, its own assessment result
    communities: list[tuple[Organization | None, str, dict]]  # (organisation, name, figures)


def annual_report(*, user, root: Organization, year: int) -> list[StreetBlock]:
    """The annual statistics of ``root`` (a district or a street), street by street."""
    figures = annual_figures(user=user, root=root, year=year)
    streets = list(scoping.scope_queryset(Organization.objects.filter(subtree_q(root.path), depth=STREET_DEPTH), user)
                   .order_by("path"))
    if root.depth == STREET_DEPTH:
        streets = [root]
    communities = {o.path: o for o in scoping.scope_queryset(
        Organization.objects.filter(subtree_q(root.path), depth=COMMUNITY_DEPTH), user)}
    summed = [f.key for f in FIGURES if f.summed]
    blocks = []
    for street in streets:
        total: dict = {}
        rows = []
        for path in sorted(p for p in figures if prefix_at(p, STREET_DEPTH) == street.path):
            values = figures[path]
            for key in summed:
                if key in values:
                    total[key] = total.get(key, 0) + values[key]
            if path == street.path:
                for key in ("assessment_total", "assessment_rank"):
                    if key in values:
                        total[key] = values[key]
                own = {k: v for k, v in values.items() if k in summed}
                if own:
                    rows.append((street, "街道直属", with_rates(own)))
                continue
            org = communities.get(path)
            rows.append((org, org.name if org else path, with_rates(dict(values))))
        blocks.append(StreetBlock(street=street, total=with_rates(total), communities=rows))
    return blocks
