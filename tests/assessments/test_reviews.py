"""Manual indicators scored by reviewers (述职评议): the combinations at their edges, the quorum, the
disagreement flag, the reviewer's own sheets only, the lock, the rollup and the drill-down.

The scheme: A (60) = A1 (40, computed test.a target:90) + M (20, manual); B (40, computed test.c).
Reviewers rita, ron and rex hold no role on the tree (heads of resident units)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import review_services, reviews
from assessments.models import (
    Combination,
    Indicator,
    IndicatorKind,
    Result,
    ResultStatus,
    ReviewAssignment,
    ReviewSheet,
    ReviewTally,
    Scheme,
    Score,
    ScoreRun,
    SpreadMeasure,
)
from assessments.rollup import run_inline
from tests.conftest import make_user

PERIOD = "2026S1"
pytestmark = pytest.mark.django_db


def ind(**kw) -> Indicator:
    """An unsaved manual indicator for the pure functions."""
    base = {"kind": IndicatorKind.MANUAL, "weight": D(20), "combination": Combination.MEAN, "quorum": 1,
            "trim_share": D("0.2"), "spread_measure": SpreadMeasure.RANGE, "spread_limit": None}
    return Indicator(**{**base, **kw})


@pytest.fixture
def scheme(tree):
    scheme = Scheme.objects.create(organization=tree.district, year=2026, level="community", name="述职评议考核",
                                   period_kind="half")
    a = Indicator.objects.create(scheme=scheme, code="A", name="组织建设", weight=60, kind="parent", position=1)
    Indicator.objects.create(scheme=scheme, code="A1", name="结案率", parent=a, weight=40, computation="test.a",
                             rule="target:90", position=2)
    Indicator.objects.create(scheme=scheme, code="M", name="书记述职评议", parent=a, weight=20, kind="manual",
                             combination=Combination.MEDIAN, quorum=3, spread_limit=D(5), position=3)
    Indicator.objects.create(scheme=scheme, code="B", name="超期", weight=40, computation="test.c",
                             rule="inverse_target:0", position=4)
    return scheme


@pytest.fixture
def manual(scheme):
    return scheme.indicators.get(code="M")


@pytest.fixture
def panel(tree):
    return [make_user(name) for name in ("rita", "ron", "rex", "rosa")]


def assign(manual, org, reviewers, period=PERIOD):
    return [ReviewAssignment.objects.create(indicator=manual, period=period, organization=org, reviewer=r)
            for r in reviewers]


def submit(assignment, score, comment=""):
    return review_services.sheet_submit(user=assignment.reviewer, assignment=assignment, score=D(score),
                                        comment=comment)


# --- the combinations ---------------------------------------------------------------------------

def test_mean_of_the_sheets():
    assert reviews.combine([D(10), D(12), D(17)], Combination.MEAN)[0] == D(13)


def test_median_of_an_odd_panel_is_the_middle_score():
    assert reviews.combine([D(18), D(2), D(15)], Combination.MEDIAN)[0] == D(15)


def test_median_of_an_even_panel_is_the_mean_of_the_two_middle_scores():
    assert reviews.combine([D(18), D(2), D(15), D(16)], Combination.MEDIAN)[0] == D("15.5")


def test_trimmed_mean_leaves_the_outlier_out():
    # One harsh reviewer (2) would drag the mean to 14.8; the trimmed mean drops 2 and the top 18.
    scores = [D(16), D(17), D(2), D(18), D(16)]
    assert reviews.combine(scores, Combination.MEAN)[0] == D("13.8")
    value, trimmed = reviews.combine(scores, Combination.TRIMMED, trim_share=D("0.2"))
    assert value == D("16.3333")
    assert trimmed == (0, 4)  # the lowest and the highest of the sorted scores


@pytest.mark.parametrize(("n", "share", "k"), [
    (2, D("0.2"), 0),   # two sheets: nothing to trim
    (3, D("0.2"), 1),   # at least one from three sheets
    (4, D("0.45"), 1),  # never so many that nothing is left
    (10, D("0.2"), 2),
    (10, D(0), 0),      # no share, no trimming
])
def test_trim_count_at_its_edges(n, share, k):
    assert reviews.trim_count(n, share) == k


def test_trimmed_mean_of_two_sheets_is_their_mean():
    assert reviews.combine([D(10), D(20)], Combination.TRIMMED, trim_share=D("0.45")) == (D(15), ())


# --- quorum and disagreement -------------------------------------------------------------------

def test_below_the_quorum_there_is_no_value():
    t = reviews.tally(ind(quorum=3), [D(10), D(12)], assigned=4)
    assert (t.has_quorum, t.value, t.sheets, t.assigned) == (False, None, 2, 4)


def test_at_the_quorum_the_value_counts():
    t = reviews.tally(ind(quorum=3), [D(10), D(12), D(14)])
    assert (t.has_quorum, t.value) == (True, D(12))


def test_spread_beyond_the_limit_is_flagged_and_at_the_limit_is_not():
    assert reviews.tally(ind(spread_limit=D(5)), [D(10), D(15)]).is_disputed is False
    assert reviews.tally(ind(spread_limit=D(5)), [D(10), D("15.5")]).is_disputed is True
    assert reviews.tally(ind(spread_limit=None), [D(0), D(20)]).is_disputed is False


def test_standard_deviation_as_the_spread():
    t = reviews.tally(ind(spread_measure=SpreadMeasure.STDDEV, spread_limit=D(3)), [D(10), D(10), D(20), D(20)])
    assert t.spread == D(5) and t.is_disputed


def test_disagreement_is_flagged_below_the_quorum_too():
    t = reviews.tally(ind(quorum=5, spread_limit=D(1)), [D(10), D(18)])
    assert (t.value, t.is_disputed) == (None, True)


# --- sheets --------------------------------------------------------------------------------------

def test_a_score_above_the_indicator_points_is_refused(manual, tree, panel):
    (a,) = assign(manual, tree.c1, panel[:1])
    with pytest.raises(ValidationError) as exc:
        submit(a, "20.5")
    assert "20" in exc.value.message_dict["score"][0]
    assert not ReviewSheet.objects.exists()


def test_only_the_assigned_reviewer_fills_the_sheet(manual, tree, panel):
    (a,) = assign(manual, tree.c1, panel[:1])
    with pytest.raises(PermissionDenied):
        review_services.sheet_submit(user=panel[1], assignment=a, score=D(10))


def test_a_reviewer_changes_their_sheet_and_a_stale_form_is_refused(manual, tree, panel):
    (a,) = assign(manual, tree.c1, panel[:1])
    sheet = submit(a, 12)
    review_services.sheet_submit(user=panel[0], assignment=a, score=D(14), version=sheet.version)
    with pytest.raises(ValidationError):
        review_services.sheet_submit(user=panel[0], assignment=a, score=D(9), version=sheet.version)
    assert ReviewSheet.objects.get().score == D(14)


def test_an_approved_period_refuses_a_sheet_naming_the_lock(manual, tree, panel, dana):
    (a,) = assign(manual, tree.c1, panel[:1])
    Result.objects.create(scheme=manual.scheme, period=PERIOD, organization=tree.c1, total=80, rank=1,
                          computed_at=timezone.now(), status=ResultStatus.APPROVED, decided_by=dana,
                          decided_at=timezone.now())
    with pytest.raises(ValidationError) as exc:
        submit(a, 12)
    message = " ".join(exc.value.messages)
    assert tree.c1.name in message and PERIOD in message and "Dana" in message
    assert not ReviewSheet.objects.exists()


def test_the_district_assigns_a_reviewer_to_every_community_of_a_street(manual, tree, panel, dana, alice):
    created = review_services.assignments_create(user=dana, indicator=manual, period=PERIOD, organization=tree.s1,
                                                 reviewer=panel[0])
    assert sorted(a.organization.code for a in created) == ["C1", "C2"]
    again = review_services.assignments_create(user=dana, indicator=manual, period=PERIOD, organization=tree.s1,
                                               reviewer=panel[0])
    assert again == [] and ReviewAssignment.objects.count() == 2
    with pytest.raises(PermissionDenied):
        review_services.assignments_create(user=alice, indicator=manual, period=PERIOD, organization=tree.c1,
                                           reviewer=panel[1])


def test_a_period_the_scheme_does_not_assess_is_refused(manual, tree, panel, dana):
    with pytest.raises(ValidationError):
        review_services.assignments_create(user=dana, indicator=manual, period="2026Q1", organization=tree.c1,
                                           reviewer=panel[0])


def test_a_submitted_sheet_cannot_be_withdrawn(manual, tree, panel, dana):
    a, b = assign(manual, tree.c1, panel[:2])
    submit(a, 10)
    with pytest.raises(ValidationError):
        review_services.assignment_delete(user=dana, assignment=a)
    review_services.assignment_delete(user=dana, assignment=b)
    assert list(ReviewAssignment.objects.values_list("pk", flat=True)) == [a.pk]


# --- the rollup ----------------------------------------------------------------------------------

def _run(scheme):
    return run_inline(ScoreRun.objects.create(scheme=scheme, period=PERIOD, steps_total=1))


def _score(scheme, code, org):
    return Score.objects.filter(scheme=scheme, period=PERIOD, indicator__code=code, organization=org).values_list(
        "value", "points").get()


def test_the_rollup_scores_manual_indicators_from_the_sheets(scheme, manual, tree, panel, fixed):
    fixed["a"] = {"C1": D(95), "C2": D(95), "C3": D(95)}
    fixed["c"] = {"C1": D(0), "C2": D(0), "C3": D(0)}
    for a, score in zip(assign(manual, tree.c1, panel), (16, 17, 3, 18), strict=True):
        submit(a, score)
    for a, score in zip(assign(manual, tree.c2, panel[:2]), (20, 20), strict=True):
        submit(a, score)
    _run(scheme)
    # C1: the median of 3, 16, 17, 18 is 16.5 (a mean would be 13.5); the spread 15 exceeds 5.
    assert _score(scheme, "M", tree.c1) == (D("16.5"), D("16.50"))
    # C2: two sheets of a quorum of three: no value, no points.
    assert _score(scheme, "M", tree.c2) == (None, D(0))
    totals = dict(Result.objects.filter(scheme=scheme, period=PERIOD).values_list("organization__code", "total"))
    assert totals["C1"] == D("96.50") and totals["C2"] == D(80)
    tallies = {t.organization.code: t for t in ReviewTally.objects.select_related("organization")}
    assert (tallies["C1"].is_disputed, tallies["C1"].has_quorum, tallies["C1"].sheets) == (True, True, 4)
    assert (tallies["C2"].has_quorum, tallies["C2"].assigned, tallies["C3"].assigned) == (False, 2, 0)


def test_an_approved_result_keeps_its_manual_score(scheme, manual, tree, panel, fixed):
    assigned = assign(manual, tree.c1, panel[:3])
    for a in assigned:
        submit(a, 10)
    _run(scheme)
    Result.objects.filter(organization=tree.c1).update(status=ResultStatus.APPROVED)
    ReviewSheet.objects.filter(assignment=assigned[0]).update(score=D(20))  # behind the lock's back
    _run(scheme)
    assert _score(scheme, "M", tree.c1) == (D(10), D("10.00"))


# --- pages ---------------------------------------------------------------------------------------

def test_a_reviewer_sees_only_their_own_sheets(client, manual, tree, panel, dana):
    mine = assign(manual, tree.c1, panel[:1])[0]
    theirs = assign(manual, tree.c1, panel[1:2])[0]
    client.force_login(panel[0])
    page = client.get(reverse("assessments:my-reviews")).content.decode()
    assert reverse("assessments:review-sheet", args=[mine.pk]) in page
    assert reverse("assessments:review-sheet", args=[theirs.pk]) not in page
    assert client.get(reverse("assessments:review-sheet", args=[mine.pk])).status_code == 200
    assert client.get(reverse("assessments:review-sheet", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("assessments:review-sheet", args=[theirs.pk]), {"score": "5"}).status_code == 404
    # Not even the district administrator fills a reviewer's sheet.
    client.force_login(dana)
    assert client.get(reverse("assessments:review-sheet", args=[mine.pk])).status_code == 404
    assert not ReviewSheet.objects.exists()


def test_a_reviewer_scores_on_the_page(client, manual, tree, panel):
    (a,) = assign(manual, tree.c1, panel[:1])
    client.force_login(panel[0])
    response = client.post(reverse("assessments:review-sheet", args=[a.pk]), {"score": "18.5", "comment": "扎实"})
    assert response.status_code == 302
    assert ReviewSheet.objects.get().score == D("18.5")
    response = client.post(reverse("assessments:review-sheet", args=[a.pk]), {"score": "25", "version": "1"})
    assert response.status_code == 200 and "20" in response.context["form"].errors["score"][0]


def test_the_reviewer_page_query_count_does_not_grow_with_sheets(client, scheme, manual, tree, panel,
                                                                 django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from organizations.models import Level, OrgType
    from tests.organizations.factories import make_org

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("assessments:my-reviews")).status_code == 200
        return len(ctx)

    client.force_login(panel[0])
    submit(assign(manual, tree.c1, panel[:1])[0], 10)
    small = queries()
    for n in range(8):
        org = make_org(tree.s1, Level.COMMUNITY, f"CX{n}", f"社区{n}", org_type=OrgType.BRANCH)
        a = assign(manual, org, panel[:1])[0]
        if n % 2:
            submit(a, 12)
    with django_assert_num_queries(small):
        page = client.get(reverse("assessments:my-reviews")).content.decode()
    assert page.count("list-group-item-action") == 9


def test_a_reviewer_without_a_role_sees_their_to_do_and_nothing_else(client, manual, tree, panel, member_c1):
    (a,) = assign(manual, tree.c1, panel[:1])
    client.force_login(panel[0])
    home = client.get(reverse("home")).content.decode()
    assert reverse("assessments:review-sheet", args=[a.pk]) in home
    assert reverse("assessments:my-reviews") in home  # the menu entry
    assert "待您填写的评议表" in home and 'id="no-role"' not in home
    assert f'href="{reverse("assessments:home")}"' not in home  # no assessment menu for the tree
    assert "李红" not in client.get(reverse("organizations:member-list")).content.decode()
    # Once the sheet is in, nothing waits.
    submit(a, 10)
    assert reverse("assessments:review-sheet", args=[a.pk]) not in client.get(reverse("home")).content.decode()


def _drill(client, user, scheme, org, manual):
    result = Result.objects.get(scheme=scheme, period=PERIOD, organization=org)
    client.force_login(user)
    return client.get(reverse("assessments:result-reviews", args=[result.pk, manual.pk]))


def test_drill_down_shows_names_to_the_street_and_masks_them_for_the_community(client, scheme, manual, tree,
                                                                               panel, alice, carol, charlie):
    for a, score in zip(assign(manual, tree.c1, panel[:3]), (2, 16, 17), strict=True):
        submit(a, score, comment=f"意见{score}")
    _run(scheme)
    street = _drill(client, alice, scheme, tree.c1, manual).content.decode()
    assert "Rita" in street and "意见2" in street and 'id="disputed"' in street
    community = _drill(client, carol, scheme, tree.c1, manual).content.decode()
    assert "Rita" not in community and "Ron" not in community and "意见16" in community
    assert 'id="names-hidden"' in community
    assert _drill(client, charlie, scheme, tree.c1, manual).status_code == 404


def test_drill_down_says_the_quorum_is_not_reached(client, scheme, manual, tree, panel, alice):
    submit(assign(manual, tree.c1, panel[:1])[0], 12)
    _run(scheme)
    page = _drill(client, alice, scheme, tree.c1, manual).content.decode()
    assert 'id="no-quorum"' in page
    result = Result.objects.get(scheme=scheme, period=PERIOD, organization=tree.c1)
    detail = client.get(reverse("assessments:result-detail", args=[result.pk])).content.decode()
    assert "未达法定人数" in detail
    assert reverse("assessments:result-reviews", args=[result.pk, manual.pk]) in detail


def test_the_district_assigns_on_the_page(client, scheme, manual, tree, panel, dana, alice):
    url = reverse("assessments:review-assignments", args=[scheme.pk])
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(dana)
    response = client.post(url, {"indicator": manual.pk, "period": PERIOD, "organization": tree.s1.pk,
                                 "reviewer": panel[0].pk})
    assert response.status_code == 302
    assert ReviewAssignment.objects.filter(reviewer=panel[0]).count() == 2
    picked = client.get(reverse("pick", args=["reviewer"]), {"q": "rit"}).json()["results"]
    assert [r["value"] for r in picked] == [str(panel[0].pk)]
    client.force_login(alice)
    assert client.get(reverse("pick", args=["reviewer"]), {"q": "rit"}).json()["results"] == []


# --- API -----------------------------------------------------------------------------------------

def test_api_reviewer_submits_and_the_community_reads_without_names(client, manual, tree, panel, carol, alice):
    (a,) = assign(manual, tree.c1, panel[:1])
    (other,) = assign(manual, tree.c1, panel[1:2])
    client.force_login(panel[0])
    url = reverse("assessment-review-sheet-list")
    assert client.post(url, {"assignment": other.pk, "score": "5"}, content_type="application/json").status_code == 404
    response = client.post(url, {"assignment": a.pk, "score": "15", "comment": "好"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["reviewer"] == panel[0].pk
    too_high = client.post(url, {"assignment": a.pk, "score": "21", "version": 1}, content_type="application/json")
    assert too_high.status_code == 400
    client.force_login(carol)
    (row,) = client.get(url).json()["results"]
    assert (row["score"], row["reviewer"], row["reviewer_name"]) == ("15.00", None, None)
    client.force_login(alice)
    (row,) = client.get(url).json()["results"]
    assert row["reviewer_name"] == "Rita"


def test_a_manual_indicator_takes_no_scoring_rule(scheme):
    with pytest.raises(ValidationError) as exc:
        Indicator(scheme=scheme, code="M2", name="评议", weight=5, kind="manual", rule="target:1").full_clean()
    assert "rule" in exc.value.message_dict


def test_the_admin_creates_a_manual_indicator_with_its_combination(client, scheme, dana):
    client.force_login(dana)
    response = client.post(reverse("assessments:indicator-create", args=[scheme.pk]), {
        "code": "M2", "name": "驻区单位评议", "weight": "5", "kind": "manual", "time_aggregation": "sum",
        "org_aggregation": "mean", "position": 9, "combination": "trimmed", "trim_share": "0.25", "quorum": "5",
        "spread_measure": "stddev", "spread_limit": "2",
    })
    assert response.status_code == 302
    made = scheme.indicators.get(code="M2")
    assert (made.combination, made.trim_share, made.quorum, made.spread_measure, made.spread_limit) == (
        "trimmed", D("0.25"), 5, "stddev", D(2))


def test_api_district_assigns_and_the_street_may_not(client, manual, tree, panel, dana, alice):
    url = reverse("assessment-review-assignment-list")
    body = {"indicator": manual.pk, "period": PERIOD, "organization": "S1", "reviewer": "rita"}
    client.force_login(alice)
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(dana)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201
    assert sorted(r["organization_code"] for r in response.json()) == ["C1", "C2"]
    client.force_login(panel[0])
    assert [r["reviewer_name"] for r in client.get(url).json()["results"]] == ["Rita", "Rita"]


def test_drill_down_query_count_does_not_grow_with_sheets(client, scheme, manual, tree, panel, alice,
                                                          django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submit(assign(manual, tree.c1, panel[:1])[0], 10)
    _run(scheme)
    result = Result.objects.get(scheme=scheme, period=PERIOD, organization=tree.c1)
    url = reverse("assessments:result-reviews", args=[result.pk, manual.pk])
    client.force_login(alice)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for user in [*panel[1:], *(make_user(f"extra{n}") for n in range(4))]:
        submit(assign(manual, tree.c1, [user])[0], 12)
    with django_assert_num_queries(len(small)):
        page = client.get(url).content.decode()
    assert "8 of 8" in page or "已交 8 份" in page
