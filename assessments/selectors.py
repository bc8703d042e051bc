"""Reads of the assessment app. Schemes are district-wide rules (everyone reads them); scores,
results and runs are scoped to the user's subtrees like every record."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery

from organizations.models import LEVEL_DEPTH, Level
from partybuild.scoping import VIEW, scope_queryset

from .models import Indicator, LockException, Result, Scheme, Score, ScoreRun
from .periods import parse_period


def scheme_list() -> QuerySet[Scheme]:
    return Scheme.objects.annotate(indicator_count=Count("indicators")).order_by("-year", "level")


def indicator_list(*, scheme: Scheme) -> QuerySet[Indicator]:
    return scheme.indicators.select_related("parent").order_by("position", "code")


def indicator_tree(*, scheme: Scheme) -> list[tuple[Indicator, int]]:
    """(indicator, depth) in the order of the tree: each major item followed by its sub-items."""
    from .services import _parents_first

    indicators = list(indicator_list(scheme=scheme))
    depth: dict[int, int] = {}
    out = []
    for ind in _parents_first(indicators):
        depth[ind.pk] = depth[ind.parent_id] + 1 if ind.parent_id else 0
        out.append((ind, depth[ind.pk]))
    return out


def run_list(*, user, scheme: Scheme | None = None) -> QuerySet[ScoreRun]:
    qs = scope_queryset(ScoreRun.objects.select_related("scheme", "requested_by"), user, VIEW)
    return qs.filter(scheme=scheme) if scheme is not None else qs


def result_list(*, user) -> QuerySet[Result]:
    return scope_queryset(Result.objects.select_related("organization", "scheme", "decided_by"), user, VIEW)


def score_list(*, user) -> QuerySet[Score]:
    return scope_queryset(Score.objects.select_related("indicator", "organization"), user, VIEW)


def ranking(*, user, scheme: Scheme, period: str, level: str) -> QuerySet[Result]:
    """The results of ``level`` for ``period`` in rank order, with the previous period's total
    beside each (one query: a correlated subquery, not one per row)."""
    previous = Result.objects.filter(
        scheme__organization=scheme.organization_id, scheme__level=scheme.level,
        period=parse_period(period).previous().code, organization=OuterRef("organization"),
    ).values("total")[:1]
    return (
        result_list(user=user).filter(scheme=scheme, period=period, organization__depth=LEVEL_DEPTH[level])
        .annotate(previous_total=Subquery(previous)).order_by("rank", "organization__name")
    )


def major_item_points(*, scheme: Scheme, period: str, org_ids) -> dict[int, dict[int, object]]:
    """{org_id: {major item id: points}} for a page of a ranking: one query."""
    out: dict[int, dict[int, object]] = {}
    for org_id, ind_id, pts in Score.objects.filter(
        scheme=scheme, period=period, organization_id__in=list(org_ids), indicator__parent__isnull=True
    ).values_list("organization_id", "indicator_id", "points"):
        out.setdefault(org_id, {})[ind_id] = pts
    return out


def result_scores(*, result: Result) -> list[tuple[Score, int]]:
    """The result's indicator scores in the order of the scheme's tree, with their depth."""
    scores = {s.indicator_id: s for s in Score.objects.filter(
        scheme=result.scheme_id, period=result.period, organization=result.organization_id)}
    return [(scores.get(ind.pk), ind, depth) for ind, depth in indicator_tree(scheme=result.scheme)]


def child_results(*, user, result: Result) -> QuerySet[Result]:
    org = result.organization
    return result_list(user=user).filter(
        scheme=result.scheme_id, period=result.period, organization__path__startswith=org.path,
        organization__depth=org.depth + 1,
    ).order_by("rank", "organization__name")


def lock_exception_list(*, user) -> QuerySet[LockException]:
    return scope_queryset(LockException.objects.select_related("organization", "granted_by"), user, VIEW)


def pairing_list(*, user) -> QuerySet:
    from .models import Pairing

    return scope_queryset(Pairing.objects.select_related("community"), user, VIEW)


def pairing_ranking(*, user, year: int) -> QuerySet:
    """The year's pairings (包联) of the user's area with their community's annual score as their own:
    the mean of the community's results for the year (one result for a yearly scheme, the halves or
    quarters otherwise), ranked with ties sharing a rank (并列); whether every result is approved."""
    from django.db.models import Avg, F, IntegerField, Value, Window
    from django.db.models.functions import Coalesce, Rank

    from .models import Pairing, ResultStatus

    results = Result.objects.filter(
        organization=OuterRef("community"), scheme__year=year, scheme__level=Level.COMMUNITY
    ).order_by().values("organization")
    score = Subquery(results.annotate(mean=Avg("total")).values("mean")[:1])
    open_results = Subquery(
        results.exclude(status=ResultStatus.APPROVED).annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )
    return (
        scope_queryset(Pairing.objects.filter(year=year), user, VIEW).select_related("community")
        .annotate(score=score, open_results=Coalesce(open_results, Value(0)))
        .annotate(rank=Window(Rank(), order_by=F("score").desc(nulls_last=True)))
        .order_by(F("score").desc(nulls_last=True), "community__path", "name")
    )


# --- reviews (述职评议) ---------------------------------------------------------------------------

def reviewer_assignments(*, user) -> QuerySet:
    """The user's own assignments as a reviewer, with their sheets (one query): the reviewer's page
    and to-do read only these, whatever roles the user may also hold."""
    from .models import ReviewAssignment

    return (ReviewAssignment.objects.filter(reviewer=user.pk)
            .select_related("indicator__scheme", "organization", "sheet")
            .order_by("-period", "organization__path", "indicator__position", "pk"))


def assignment_list(*, user) -> QuerySet:
    from .models import ReviewAssignment

    return scope_queryset(ReviewAssignment.objects.select_related(
        "indicator", "organization", "reviewer", "sheet"), user, VIEW)


def sheet_list(*, user) -> QuerySet:
    from .models import ReviewSheet

    return scope_queryset(ReviewSheet.objects.select_related(
        "assignment__indicator", "assignment__organization", "assignment__reviewer"), user, VIEW)


def tally_list(*, user) -> QuerySet:
    from .models import ReviewTally

    return scope_queryset(ReviewTally.objects.select_related("indicator", "organization"), user, VIEW)


def review_sheets(*, user, indicator: Indicator, period: str, organization) -> list:
    """The assignments of one organisation on one manual indicator for a period with their sheets,
    lowest score first and the missing sheets last (one query)."""
    rows = list(assignment_list(user=user).filter(indicator=indicator, period=period, organization=organization)
                .order_by("reviewer__full_name", "reviewer__username"))
    return sorted(rows, key=lambda a: (not hasattr(a, "sheet"), a.sheet.score if hasattr(a, "sheet") else 0))


def reviewer_candidates(*, user, term: str) -> QuerySet:
    """Accounts a district administrator may assign as reviewers (any active account: heads of
    resident units get a plain login without a role); nobody else searches accounts."""
    from django.db.models import Q

    from accounts.models import User
    from partybuild.rights import is_district_admin

    if not is_district_admin(user):
        return User.objects.none()
    return User.objects.filter(Q(username__icontains=term) | Q(full_name__icontains=term),
                               is_active=True).order_by("username")


def result_tallies(*, result: Result) -> dict[int, object]:
    """{indicator id: review tally} of the result's organisation and period (one query)."""
    from .models import ReviewTally

    return {t.indicator_id: t for t in ReviewTally.objects.filter(
        indicator__scheme=result.scheme_id, period=result.period, organization=result.organization_id)}
