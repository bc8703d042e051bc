"""Organisational-life figures (三会一课) for the assessment engine (``assessments.registry``), each
a fixed number of set-based queries for every organisation at the assessed level."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _

from assessments.computations import at_depth, in_subtree, ratio
from assessments.registry import Source, Values, Within, register
from organizations.models import Organization
from organizations.paths import count_per_ancestor, depth_of, prefix_at, within_q

from .models import FrequencyRule, Meeting, Period
from .selectors import meeting_organizations_all, rules_by_kind, rules_for

# The district's frequency table has no organisation: a change to it changes every figure.
MEETINGS = Source(Meeting, "organization", ("updated_at",))
RULES = Source(FrequencyRule, None)


def _cells(rule: FrequencyRule, start: date, end: date, by_month: dict[int, int]) -> list[tuple[int, int]]:
    """(required, held) of each requirement of ``rule`` judged in [start, end], as the compliance
    table judges them: every month for a monthly rule, every whole quarter for a quarterly one, and
    a yearly one (counted from January) only in a period that ends the year."""
    months = range(start.month, end.month + 1)
    if rule.period == Period.MONTH:
        return [(rule.times, by_month.get(m, 0)) for m in months]
    if rule.period == Period.QUARTER:
        quarters = [q for q in range(1, 5) if 3 * q - 2 in months and 3 * q in months]
        return [(rule.times, sum(by_month.get(m, 0) for m in range(3 * q - 2, 3 * q + 1))) for q in quarters]
    if end.month == 12:
        return [(rule.times, sum(by_month.get(m, 0) for m in range(1, 13)))]
    return []


@register("orglife.compliance", label=_("三会一课: requirements met (%)"), unit="%",
          records=lambda org, start, end: in_subtree(
              Meeting.objects.filter(is_counted=True, held_on__range=(start, end)), org, "organization"),
          sources=[MEETINGS, RULES, Source(Organization, "", ("updated_at",))])
def compliance(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    """Σ min(held, required) / Σ required × 100 over the requirements (the district's frequency
    table, ``selectors.rules_for``) of every organisation under the one at ``depth`` that holds
    organisational life; only meetings that count (quorum) are held. Three queries: the rules, the
    organisations, the counted meetings per (organisation, type, month)."""
    table = rules_by_kind(list(FrequencyRule.objects.all()))
    orgs = meeting_organizations_all().filter(within_q(within), depth__gte=depth)
    counts: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for row in (Meeting.objects.filter(within_q(within, field="organization"), is_counted=True,
                                       held_on__gte=date(end.year, 1, 1), held_on__lte=end,
                                       organization__depth__gte=depth)
                .annotate(m=ExtractMonth("held_on")).values("organization_id", "meeting_type", "m")
                .annotate(n=Count("pk")).order_by()):
        counts[(row["organization_id"], row["meeting_type"])][row["m"]] = row["n"]
    required: dict[str, int] = defaultdict(int)
    met: dict[str, int] = defaultdict(int)
    for org in orgs.values("pk", "path", "level", "org_type"):
        for meeting_type, rule in rules_for(table, org["level"], org["org_type"]).items():
            for need, held in _cells(rule, start, end, counts.get((org["pk"], meeting_type), {})):
                at = prefix_at(org["path"], depth)
                required[at] += need
                met[at] += min(held, need)
    return {path: ratio(met[path], need) for path, need in required.items() if depth_of(path) == depth}


def _held(start: date, end: date):
    return Meeting.objects.filter(held_on__range=(start, end))


@register("orglife.filed_on_time", label=_("Organisational life: records filed on time (%)"), unit="%",
          records=lambda org, start, end: in_subtree(_held(start, end), org, "organization"),
          sources=[MEETINGS])
def filed_on_time(*, depth: int, start: date, end: date, within: Within = "") -> Values:
    """Records of meetings held in the period, and of those the ones filed within the week the
    district allows (``is_late`` set when the record was filed)."""
    rows = count_per_ancestor(_held(start, end), field="organization", depth=depth, within=within,
                              on_time=Count("pk", filter=Q(is_late=False)))
    return {path: ratio(row["on_time"], row["total"]) for path, row in at_depth(rows, depth).items()}
