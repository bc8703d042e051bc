"""Manual indicators scored by reviewers (述职评议): how sheets become an indicator's value.

Each manual indicator says how its sheets combine (``Indicator.combination``): the mean, the median
or a trimmed mean that leaves out a share of the highest and lowest scores, so that one outlier
reviewer does not drag the result as they drag a mean. Below the indicator's quorum of submitted
sheets there is no value (未达法定人数: 0 points until enough reviewers have scored). When the scores
spread beyond the indicator's limit (highest minus lowest, or their standard deviation) the tally is
flagged as disputed (分歧), for the district to look at the sheets.

:func:`score_manual` is the rollup's step for every manual indicator of a scheme at once: ONE query
reads every assignment with its sheet's score for the period, the combination runs in Python per
(indicator, organisation), and the Score and ReviewTally rows are upserted like the computed steps'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from organizations.models import LEVEL_DEPTH, Organization, OrgStatus
from organizations.paths import parent_path
from partybuild.scoping import VIEW, is_unrestricted, scope_paths

from .models import Combination, Indicator, IndicatorKind, ReviewAssignment, ReviewTally, Score, SpreadMeasure

FOUR = Decimal("0.0001")
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Tally:
    """The combination of one organisation's sheets on one indicator."""

    assigned: int
    sheets: int
    has_quorum: bool
    value: Decimal | None
    spread: Decimal | None
    is_disputed: bool
    # Positions (in ``sorted(scores)``) the trimmed mean left out: shown struck through on the drill-down.
    trimmed: tuple[int, ...] = ()


def trim_count(n: int, share: Decimal) -> int:
    """Sheets left out at EACH end: ``n × share`` rounded down, but at least one once there are three
    sheets and a share at all (else a panel of 3–4 reviewers would trim nothing), and never so many
    that nothing is left."""
    if n < 3 or share <= 0:
        return 0
    k = int((Decimal(n) * Decimal(share)).to_integral_value(ROUND_FLOOR))
    return min(max(k, 1), (n - 1) // 2)


def combine(scores: Sequence[Decimal], method: str, *, trim_share: Decimal = Decimal(0)) -> tuple[Decimal, tuple]:
    """(value, trimmed positions) of non-empty ``scores``."""
    ordered = sorted(Decimal(s) for s in scores)
    n = len(ordered)
    if method == Combination.MEDIAN:
        mid = n // 2
        value = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
        return value.quantize(FOUR, ROUND_HALF_UP), ()
    if method == Combination.TRIMMED:
        k = trim_count(n, Decimal(trim_share))
        kept = ordered[k:n - k]
        trimmed = tuple(range(k)) + tuple(range(n - k, n))
        return (sum(kept, Decimal(0)) / len(kept)).quantize(FOUR, ROUND_HALF_UP), trimmed
    return (sum(ordered, Decimal(0)) / n).quantize(FOUR, ROUND_HALF_UP), ()


def spread(scores: Sequence[Decimal], measure: str) -> Decimal:
    """Highest minus lowest, or the population standard deviation of ``scores``."""
    values = [Decimal(s) for s in scores]
    if measure == SpreadMeasure.STDDEV:
        mean = sum(values, Decimal(0)) / len(values)
        return (sum(((v - mean) ** 2 for v in values), Decimal(0)) / len(values)).sqrt().quantize(FOUR)
    return (max(values) - min(values)).quantize(FOUR)


def tally(indicator: Indicator, scores: Sequence[Decimal], *, assigned: int | None = None) -> Tally:
    """The sheets' ``scores`` combined as ``indicator`` says, with its quorum and disagreement flag."""
    n = len(scores)
    assigned = n if assigned is None else assigned
    if n == 0:
        return Tally(assigned, 0, False, None, None, False)
    width = spread(scores, indicator.spread_measure)
    disputed = indicator.spread_limit is not None and n >= 2 and width > indicator.spread_limit
    if n < indicator.quorum:
        return Tally(assigned, n, False, None, width, disputed)
    value, trimmed = combine(scores, indicator.combination, trim_share=indicator.trim_share)
    return Tally(assigned, n, True, value, width, disputed, trimmed)


def sees_reviewers(user, org: Organization) -> bool:
    """Whether ``user`` sees who gave which score to ``org``: the levels above it do (a street over its
    communities, the district over all), the organisation itself and the levels below read the
    scores and comments without the reviewers' names, so nobody below is tempted to lobby or to
    blame one reviewer. A path check on the cached grants: no query."""
    if is_unrestricted(user):
        return True
    above = parent_path(org.path)
    return bool(above) and any(above.startswith(root) for root in scope_paths(user, VIEW))


# --- the rollup's step ---------------------------------------------------------------------------

def manual_indicators(scheme) -> list[Indicator]:
    return list(scheme.indicators.filter(kind=IndicatorKind.MANUAL).order_by("position", "code"))


def score_manual(run, *, locked: set[int]) -> set[int]:
    """Score every manual indicator of ``run``'s scheme for its period, for every active
    organisation of the assessed level (approved ones, ``locked``, keep their rows). Returns the
    organisations whose Score rows were written (on an incremental run, those whose figure moved).
    Idempotent: upserts keyed like the computed steps'."""
    scheme = run.scheme
    indicators = manual_indicators(scheme)
    if not indicators:
        return set()
    by_id = {i.pk: i for i in indicators}
    depth = LEVEL_DEPTH[scheme.level]
    orgs = list(Organization.objects.filter(depth=depth, status=OrgStatus.ACTIVE,
                                            path__startswith=scheme.organization.path).values_list("pk", flat=True))
    # One query: every assignment of these indicators in the period, with its sheet's score (or None).
    assigned: dict[tuple[int, int], int] = defaultdict(int)
    scores: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for ind_id, org_id, score in ReviewAssignment.objects.filter(
        indicator__in=list(by_id), period=run.period
    ).values_list("indicator_id", "organization_id", "sheet__score"):
        assigned[(ind_id, org_id)] += 1
        if score is not None:
            scores[(ind_id, org_id)].append(score)
    # Only the scores and tallies that moved are written again (a city's 1,500 rows otherwise);
    # a full run marks the others refreshed with one UPDATE each.
    tally_fields = ["assigned", "sheets", "has_quorum", "value", "spread", "is_disputed"]
    stored = {(i, o): (v, p) for i, o, v, p in Score.objects.filter(
        scheme=scheme, period=run.period, indicator__in=list(by_id)).values_list(
        "indicator_id", "organization_id", "value", "points")}
    tallied = {(row[0], row[1]): tuple(row[2:]) for row in ReviewTally.objects.filter(
        indicator__in=list(by_id), period=run.period).values_list("indicator_id", "organization_id", *tally_fields)}
    now = timezone.now()
    score_rows, tally_rows = [], []
    for ind in indicators:
        for org_id in orgs:
            if org_id in locked:
                continue
            t = tally(ind, scores.get((ind.pk, org_id), []), assigned=assigned.get((ind.pk, org_id), 0))
            pts = Decimal(0) if t.value is None else min(ind.weight, t.value).quantize(TWO, ROUND_HALF_UP)
            row = ReviewTally(
                indicator=ind, period=run.period, organization_id=org_id, assigned=t.assigned, sheets=t.sheets,
                has_quorum=t.has_quorum, value=t.value, spread=t.spread, is_disputed=t.is_disputed,
                computed_at=now)
            if tallied.get((ind.pk, org_id)) != tuple(getattr(row, f) for f in tally_fields):
                tally_rows.append(row)
            if stored.get((ind.pk, org_id)) == (t.value, pts):
                continue
            score_rows.append(Score(scheme=scheme, indicator=ind, period=run.period, organization_id=org_id,
                                    value=t.value, points=pts, computed_at=now))
    with transaction.atomic():
        if not run.is_incremental:
            unlocked = [pk for pk in orgs if pk not in locked]
            Score.objects.filter(scheme=scheme, period=run.period, indicator__in=list(by_id),
                                 organization__in=unlocked).update(computed_at=now)
            ReviewTally.objects.filter(indicator__in=list(by_id), period=run.period,
                                       organization__in=unlocked).update(computed_at=now)
        Score.objects.bulk_create(
            score_rows, batch_size=2000, update_conflicts=True,
            unique_fields=["scheme", "period", "organization", "indicator"],
            update_fields=["value", "points", "computed_at"],
        )
        ReviewTally.objects.bulk_create(
            tally_rows, batch_size=2000, update_conflicts=True,
            unique_fields=["indicator", "period", "organization"],
            update_fields=["assigned", "sheets", "has_quorum", "value", "spread", "is_disputed", "computed_at"],
        )
    return {row.organization_id for row in score_rows}


def shows_review_menu(user) -> bool:
    """The menu's "my review sheets" entry, for accounts without a role on the tree (heads of
    resident units who only review). Decided from the grants the request loads anyway: no query.
    Officials who also review reach their sheets from the to-do and the assessment page."""
    from partybuild.scoping import grants

    return not is_unrestricted(user) and not grants(user)
