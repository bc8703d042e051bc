"""一票否决: rules computed from records already in the portal, never declared by the applicant.

A small registry. Each rule is a function ``(communities, star_year) -> {community_id: Hit}``,
set-based (one aggregate query for all the communities it is asked about), registered with
:func:`register` under a code. Other apps register their rules here once their records exist
(an open 软弱涣散 rectification, a property company on the black list…)::

    from stars.vetoes import Hit, register

    @register("weak_organisation", _("Open 软弱涣散 rectification"))
    def weak_organisation(communities, star_year):
        ...

A rule applies when the year switches it on (``star_year.<setting>`` not empty) and names what
fired: its label, a sentence with the figures, and the records behind it (label and URL) so the
reviewer can check them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.paths import COMMUNITY_DEPTH, count_per_ancestor, subtree_q

# Below this many ratings a satisfaction rate says too little to veto anything.
MIN_RATINGS = 5
# Records listed behind a hit, at most.
RECORDS_SHOWN = 20


@dataclass(frozen=True)
class Record:
    label: str
    url: str


@dataclass(frozen=True)
class Hit:
    code: str
    label: str
    detail: str
    records: tuple[Record, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Rule:
    code: str
    label: str | Promise
    check: Callable[[list, object], dict[int, Hit]]


RULES: dict[str, Rule] = {}


def register(code: str, label: str | Promise):
    def wrap(check):
        RULES[code] = Rule(code, label, check)
        return check
    return wrap


def hits(communities: Iterable, star_year) -> dict[int, list[Hit]]:
    """Every rule that fires, per community id."""
    communities = list(communities)
    found: dict[int, list[Hit]] = {}
    for rule in RULES.values():
        for community_id, hit in rule.check(communities, star_year).items():
            found.setdefault(community_id, []).append(hit)
    return found


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = ZoneInfo(settings.TIME_ZONE)
    return (datetime.combine(datetime(year, 1, 1), time.min, zone),
            datetime.combine(datetime(year + 1, 1, 1), time.min, zone))


def _in(communities, field_path: str) -> Q:
    q = Q(pk__in=[])
    for c in communities:
        q |= subtree_q(c.path, field=field_path)
    return q


def _by_path(communities) -> dict[str, object]:
    return {c.path: c for c in communities}


@register("overdue_reports", gettext_lazy("Overdue grid reports"))
def overdue_reports(communities, star_year) -> dict[int, Hit]:
    """Share of the year's grid reports of the community flagged overdue above the threshold."""
    threshold = star_year.veto_overdue_rate
    if threshold is None or not communities:
        return {}
    from reports.models import GridReport

    start, end = _year_bounds(star_year.year)
    reports = GridReport.objects.filter(_in(communities, "grid__branch"), reported_at__gte=start, reported_at__lt=end)
    rows = count_per_ancestor(reports, field="grid__branch", depth=COMMUNITY_DEPTH,
                              overdue=Count("pk", filter=Q(is_overdue=True)))
    found = {}
    for path, row in rows.items():
        community = _by_path(communities).get(path)
        if community is None or not row["total"]:
            continue
        rate = 100 * row["overdue"] / row["total"]
        if rate > threshold:
            late = reports.filter(subtree_q(path, field="grid__branch"), is_overdue=True).order_by("-reported_at")
            records = tuple(
                Record(f"#{pk} {description[:30]}", reverse("reports:detail", args=[pk]))
                for pk, description in late.values_list("pk", "description")[:RECORDS_SHOWN]
            )
            found[community.pk] = Hit(
                "overdue_reports", str(_("Overdue grid reports")),
                _("%(overdue)s of %(total)s grid reports overdue (%(rate).0f%%, above %(limit)s%%).")
                % {"overdue": row["overdue"], "total": row["total"], "rate": rate, "limit": threshold},
                records,
            )
    return found


@register("satisfaction", gettext_lazy("Residents' satisfaction"))
def satisfaction(communities, star_year) -> dict[int, Hit]:
    """Residents' ratings of the year (grid reports and residents' orders, 1–5; 4 and 5 count as
    satisfied) below the threshold, once there are enough ratings to say so."""
    threshold = star_year.veto_satisfaction
    if threshold is None or not communities:
        return {}
    from reports.models import GridReport
    from volunteers.models import ServiceOrder

    start, end = _year_bounds(star_year.year)
    reports = GridReport.objects.filter(
        _in(communities, "grid__branch"), reported_at__gte=start, reported_at__lt=end, satisfaction__isnull=False
    )
    orders = ServiceOrder.objects.filter(
        _in(communities, "community"), placed_at__gte=start, placed_at__lt=end, rating__isnull=False
    )
    satisfied = {"ok": Count("pk", filter=Q(satisfaction__gte=4))}
    per_report = count_per_ancestor(reports, field="grid__branch", depth=COMMUNITY_DEPTH, **satisfied)
    per_order = count_per_ancestor(orders, field="community", depth=COMMUNITY_DEPTH,
                                   ok=Count("pk", filter=Q(rating__gte=4)))
    found = {}
    for path, community in _by_path(communities).items():
        total = per_report.get(path, {}).get("total", 0) + per_order.get(path, {}).get("total", 0)
        ok = per_report.get(path, {}).get("ok", 0) + per_order.get(path, {}).get("ok", 0)
        if total < MIN_RATINGS:
            continue
        rate = 100 * ok / total
        if rate < threshold:
            low_reports = reports.filter(subtree_q(path, field="grid__branch"), satisfaction__lt=4)
            low_orders = orders.filter(subtree_q(path, field="community"), rating__lt=4)
            records = tuple(
                [Record(_("Grid report #%(pk)s: %(score)s/5") % {"pk": pk, "score": s},
                        reverse("reports:detail", args=[pk]))
                 for pk, s in low_reports.values_list("pk", "satisfaction")[:RECORDS_SHOWN]]
                + [Record(_("Residents' order #%(pk)s: %(score)s/5") % {"pk": pk, "score": s},
                          reverse("volunteers:order-detail", args=[pk]))
                   for pk, s in low_orders.values_list("pk", "rating")[:RECORDS_SHOWN]]
            )
            found[community.pk] = Hit(
                "satisfaction", str(_("Residents' satisfaction")),
                _("%(ok)s of %(total)s ratings satisfied (%(rate).0f%%, below %(limit)s%%).")
                % {"ok": ok, "total": total, "rate": rate, "limit": threshold},
                records,
            )
    return found
