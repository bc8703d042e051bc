"""The rollup on a small tree worked out by hand (see ``conftest.scheme``):

              A1 (40, target:90)   A2 (20, band:0-10, sum)   B (40, inverse_target:0, by members)
    C1 (S1)   95 → 40              5 → 10                    0 → 40          total 90
    C2 (S1)   80 → 0               10 → 20                   2 → 0           total 20
    C3 (S2)   90 → 40              — → 0                     0 → 40          total 80
    S1        87.5 → 20 (mean)     15 → 20 (summed, rescored) 0.5 → 30 (3:1) total 70
    S2        90 → 40              — → 0                     0 → 40          total 80
    D         88.75 → 30           15 → 20                   0.5 → 30 (4:0)  total 80
"""

from decimal import Decimal as D

import pytest

from assessments import rollup, services
from assessments.models import Result, ResultStatus, RunStatus, Score, ScoreRun
from tests.organizations.factories import MemberFactory

PERIOD = "2026S1"


@pytest.fixture
def figures(tree, fixed):
    fixed["a"] = {"C1": D(95), "C2": D(80), "C3": D(90)}
    fixed["b"] = {"C1": D(5), "C2": D(10), "C3": None}
    fixed["c"] = {"C1": D(0), "C2": D(2), "C3": D(0)}
    for _ in range(3):
        MemberFactory(branch=tree.g1)
    MemberFactory(branch=tree.c2)
    return fixed


def _run(scheme, dana, incremental=False):
    run = services.rollup_start(user=dana, scheme=scheme, period=PERIOD, incremental=incremental)
    run.refresh_from_db()
    return run


def _results(scheme):
    return {r.organization.code: (r.total, r.rank, r.grade)
            for r in Result.objects.filter(scheme=scheme, period=PERIOD).select_related("organization")}


def _points(scheme, org_code):
    return {s.indicator.code: (s.value, s.points) for s in Score.objects.filter(
        scheme=scheme, period=PERIOD, organization__code=org_code).select_related("indicator")}


def test_hand_computed_tree(scheme, figures, dana, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = _run(scheme, dana)
    run.refresh_from_db()
    assert (run.status, run.steps_done, run.steps_total, run.percent) == (RunStatus.DONE, 3, 3, 100)  # S1, S2, finish
    assert _results(scheme) == {
        "C1": (D(90), 1, "advanced"), "C3": (D(80), 2, "passing"), "C2": (D(20), 3, "lagging"),
        "S2": (D(80), 1, "passing"), "S1": (D(70), 2, "passing"), "D": (D(80), 1, "passing"),
    }
    assert _points(scheme, "S1") == {
        "A": (None, D(40)), "A1": (D("87.5"), D(20)), "A2": (D(15), D(20)), "B": (D("0.5"), D(30)),
    }
    assert _points(scheme, "D") == {
        "A": (None, D(50)), "A1": (D("88.75"), D(30)), "A2": (D(15), D(20)), "B": (D("0.5"), D(30)),
    }
    assert _points(scheme, "C2")["A"] == (None, D(20))


@pytest.fixture
def run_now(scheme, dana, django_capture_on_commit_callbacks):
    def go(incremental=False):
        with django_capture_on_commit_callbacks(execute=True):
            run = _run(scheme, dana, incremental)
        run.refresh_from_db()
        return run
    return go


def test_ties_share_a_rank(scheme, figures, run_now):
    figures["a"]["C3"], figures["b"]["C3"] = D(95), D(5)
    run_now()
    ranks = {code: rank for code, (_t, rank, _g) in _results(scheme).items() if code.startswith("C")}
    assert ranks == {"C1": 1, "C3": 1, "C2": 3}


def test_grades_by_shares_of_the_ranking(scheme, figures, run_now):
    scheme.grade_method, scheme.advanced_at, scheme.passing_at = "shares", D(34), D(67)
    scheme.save()
    run_now()
    grades = {code: g for code, (_t, _r, g) in _results(scheme).items() if code.startswith("C")}
    assert grades == {"C1": "advanced", "C3": "passing", "C2": "lagging"}


def test_running_twice_gives_the_same_rows(scheme, figures, run_now):
    run_now()
    first = sorted(Score.objects.values_list("organization_id", "indicator_id", "value", "points", "id"))
    results = sorted(Result.objects.values_list("organization_id", "total", "rank", "grade", "id"))
    run_now()
    assert sorted(Score.objects.values_list("organization_id", "indicator_id", "value", "points", "id")) == first
    assert sorted(Result.objects.values_list("organization_id", "total", "rank", "grade", "id")) == results


def test_incremental_rerun_writes_only_what_changed(scheme, figures, run_now):
    run_now()
    assert run_now(incremental=True).changed == 0
    figures["a"]["C2"] = D(92)  # C2 reaches the target: +40
    run = run_now(incremental=True)
    assert run.changed == 1
    totals = {code: t for code, (t, _r, _g) in _results(scheme).items()}
    assert (totals["C2"], totals["S1"], totals["D"]) == (D(60), D(90), D(90))
    assert Score.objects.filter(scheme=scheme).count() == 6 * 4  # no row twice


def test_approved_results_are_never_recomputed(scheme, figures, run_now):
    run_now()
    Result.objects.filter(organization__code="C1").update(status=ResultStatus.APPROVED)
    figures["a"]["C1"] = D(10)
    run_now()
    assert _results(scheme)["C1"][0] == D(90)
    assert _points(scheme, "C1")["A1"] == (D(95), D(40))


def test_a_killed_run_leaves_the_previous_results_and_the_next_completes(scheme, figures, run_now, monkeypatch):
    run_now()
    before = _results(scheme)
    figures["a"]["C2"] = D(92)

    def crash(**kwargs):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(rollup, "finish_step", crash)
    try:
        run = run_now()
    except RuntimeError:  # eager tasks propagate errors only where the settings say so
        run = ScoreRun.objects.latest("pk")
    assert run.status == RunStatus.RUNNING and run.steps_done == 2  # both streets' chunks
    assert _results(scheme) == before  # the half-done run changed no result
    monkeypatch.undo()
    run_now()
    assert _results(scheme)["C2"][0] == D(60)


def test_unbalanced_scheme_is_not_run(scheme, dana):
    scheme.indicators.filter(code="B").update(weight=D(30))
    with pytest.raises(Exception, match="合计为 90"):
        services.rollup_start(user=dana, scheme=scheme, period=PERIOD)
    assert not ScoreRun.objects.exists()


def test_period_must_fit_the_scheme(scheme, dana):
    with pytest.raises(Exception, match="不是"):
        services.rollup_start(user=dana, scheme=scheme, period="2026Q1")
