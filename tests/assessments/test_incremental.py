"""Incremental reruns: only the communities whose records changed since the last completed run are
recomputed (and their ancestors re-rolled), nothing is counted twice, an untouched rerun changes
nothing. The scheme scores orglife's "records filed on time" (its records are orglife meetings)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from assessments import services
from assessments.models import Indicator, Result, Scheme, Score, ScoreRun
from orglife.models import Meeting, MeetingType

PERIOD = "2026S1"


def record(org, day: date, *, late: bool = False) -> Meeting:
    filed = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    return Meeting.objects.create(organization=org, meeting_type=MeetingType.COMMITTEE, held_on=day, topic="t",
                                  is_late=late, filed_at=filed)


@pytest.fixture
def scheme(tree):
    scheme = Scheme.objects.create(organization=tree.district, year=2026, level="community", name="组织生活",
                                   period_kind="half")
    Indicator.objects.create(scheme=scheme, code="A", name="按时录入", weight=D(100),
                             computation="orglife.filed_on_time", rule="band:0-100")
    return scheme


@pytest.fixture
def records(tree):
    """C1: 2 on time of 2 (100); C2: 1 of 2 (50); C3: 0 of 1 (0)."""
    return {
        "c1": [record(tree.c1, date(2026, 2, 1)), record(tree.g1, date(2026, 3, 1))],
        "c2": [record(tree.c2, date(2026, 2, 1)), record(tree.c2, date(2026, 4, 1), late=True)],
        "c3": [record(tree.c3, date(2026, 5, 1), late=True)],
    }


@pytest.fixture
def run_now(scheme, dana, django_capture_on_commit_callbacks):
    def go(incremental=True):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.rollup_start(user=dana, scheme=scheme, period=PERIOD, incremental=incremental)
        run.refresh_from_db()
        return run
    return go


def _scores(scheme):
    return {s.organization.code: (s.value, s.points, s.computed_at)
            for s in Score.objects.filter(scheme=scheme, period=PERIOD).select_related("organization")}


def _totals(scheme):
    return {r.organization.code: (r.total, r.rank, r.grade)
            for r in Result.objects.filter(scheme=scheme, period=PERIOD).select_related("organization")}


def test_first_incremental_run_is_a_full_one(scheme, records, run_now):
    run = run_now()
    assert (run.status, run.recomputed) == ("done", 3)
    assert {k: v[:2] for k, v in _scores(scheme).items()} == {
        "C1": (D(100), D(100)), "C2": (D(50), D(50)), "C3": (D(0), D(0)),
        "S1": (D(75), D(75)), "S2": (D(0), D(0)), "D": (D("37.5"), D("37.5")),
    }


def test_an_untouched_rerun_recomputes_and_changes_nothing(scheme, records, run_now):
    run_now(incremental=False)
    before, totals = _scores(scheme), _totals(scheme)
    run = run_now()
    assert (run.status, run.recomputed, run.changed, run.steps_total) == ("done", 0, 0, 1)
    assert _scores(scheme) == before  # not even rewritten: the refresh times stand
    assert _totals(scheme) == totals


def test_an_edit_in_one_community_recomputes_only_it_and_its_ancestors(scheme, records, run_now):
    run_now(incremental=False)
    before = _scores(scheme)
    Meeting.objects.filter(pk=records["c2"][1].pk).update(is_late=False, updated_at=timezone.now())  # C2: 100
    run = run_now()
    assert (run.recomputed, run.changed, run.steps_total) == (1, 1, 2)  # C2's chunk, then the final step
    after = _scores(scheme)
    assert after["C2"][:2] == (D(100), D(100)) and after["C2"][2] > before["C2"][2]
    assert after["S1"][:2] == (D(100), D(100)) and after["D"][:2] == (D(50), D(50))
    # The other communities and the other street were not touched: the same figures, the same times.
    assert {k: after[k] for k in ("C1", "C3", "S2")} == {k: before[k] for k in ("C1", "C3", "S2")}
    # No double counting: the same figures as a full run, one row per organisation and indicator.
    incremental = {k: v[:2] for k, v in after.items()}
    run_now(incremental=False)
    assert {k: v[:2] for k, v in _scores(scheme).items()} == incremental
    assert Score.objects.filter(scheme=scheme).count() == 6


def test_a_new_record_is_found_by_its_id(scheme, records, tree, run_now):
    run_now(incremental=False)
    record(tree.g3, date(2026, 6, 1))  # C3: 1 of 2
    run = run_now()
    assert run.recomputed == 1
    assert _scores(scheme)["C3"][:2] == (D(50), D(50))


def test_a_deleted_record_makes_the_run_recompute_everything(scheme, records, run_now):
    run_now(incremental=False)
    records["c3"][0].delete()  # C3 has no record left: no value
    run = run_now()
    assert run.recomputed == 3
    assert _scores(scheme)["C3"][:2] == (None, D(0))


def test_a_changed_scheme_makes_the_run_a_full_one(scheme, records, run_now):
    run_now(incremental=False)
    scheme.indicators.update(rule="target:60")
    run = run_now()
    # Every community recomputed; only C2 (50) scores differently: below the target now, no points.
    assert (run.recomputed, run.changed) == (3, 1)
    assert ScoreRun.objects.filter(scheme=scheme).count() == 2


def test_an_edit_found_only_in_the_change_history(tree):
    """A table without an ``updated_at`` (a star grade): its edit is found in django-auditlog."""
    from assessments import changes
    from assessments.registry import computation
    from campaigns.models import GradeStatus, StarGrade
    from organizations.paths import COMMUNITY_DEPTH

    graded = [StarGrade.objects.create(year=2026, organization=org, self_grade=3, self_summary="x",
                                       status=GradeStatus.RATED, rated_grade=3) for org in (tree.c1, tree.c3)]
    sources = changes.sources_of([computation("campaigns.graded_branches_share")])
    before, since = changes.snapshot(sources), timezone.now()
    found = lambda: changes.changed_paths(sources, before=before, since=since, depth=COMMUNITY_DEPTH,  # noqa: E731
                                          root=tree.district.path)
    assert found() == set()
    graded[1].status, graded[1].grade = GradeStatus.REVIEWED, 4
    graded[1].save()  # a plain save: no timestamp of its own moves, the history records the edit
    assert found() == {tree.c3.path}
    StarGrade.objects.create(year=2026, organization=tree.g1, self_grade=2, self_summary="y")  # a new row: by id
    assert found() == {tree.c1.path, tree.c3.path}
    graded[0].delete()  # a deletion leaves no place: everything
    assert found() is None


def test_the_result_page_says_when_each_figure_was_refreshed(client, scheme, records, run_now, dana):
    run_now(incremental=False)
    score = Score.objects.get(scheme=scheme, organization__code="C2")
    client.force_login(dana)
    result = Result.objects.get(scheme=scheme, organization__code="C2", period=PERIOD)
    from django.urls import reverse

    page = client.get(reverse("assessments:result-detail", args=[result.pk])).content.decode()
    assert "更新时间" in page and timezone.localtime(score.computed_at).strftime("%Y-%m-%d %H:%M") in page


def _full_run_figures(scheme, run_now):
    """What a full run gives, for comparison (the run replaces the incremental run's rows)."""
    run_now(incremental=False)
    return {k: v[:2] for k, v in _scores(scheme).items()}, _totals(scheme)


def test_ranks_of_untouched_organisations_move_with_the_changed_one(scheme, records, tree, run_now):
    """C3 rises to 100 and ties with C1: only C3 and its ancestors are re-rolled, but C2's rank
    moves from 2 to 3, and its result row is rewritten from the others' stored totals."""
    run_now(incremental=False)
    assert _totals(scheme)["C2"][1] == 2
    Meeting.objects.filter(pk=records["c3"][0].pk).update(is_late=False, updated_at=timezone.now())
    run = run_now()
    assert run.snapshot["partial"] == [tree.c3.path]
    scores, totals = {k: v[:2] for k, v in _scores(scheme).items()}, _totals(scheme)
    assert totals["C1"][1] == totals["C3"][1] == 1 and totals["C2"][1] == 3
    assert (scores, totals) == _full_run_figures(scheme, run_now)


def test_a_community_moved_to_another_street_re_rolls_the_whole_tree(scheme, records, tree, dana, run_now):
    from organizations.services import organization_move

    run_now(incremental=False)
    organization_move(user=dana, org=tree.c2, new_parent=tree.s2)  # no record changed; S1 and S2 did
    run = run_now()
    assert "partial" not in run.snapshot
    scores, totals = {k: v[:2] for k, v in _scores(scheme).items()}, _totals(scheme)
    assert scores["S1"] == (D(100), D(100)) and scores["S2"] == (D(25), D(25))
    assert (scores, totals) == _full_run_figures(scheme, run_now)


def test_a_weight_that_moves_re_rolls_the_ancestors(scheme, records, tree, run_now):
    """Weighted by members: a member joining C2 moves S1's mean though no scored record changed."""
    from tests.organizations.factories import MemberFactory

    scheme.indicators.update(org_aggregation="members")
    MemberFactory(branch=tree.c1)
    run_now(incremental=False)
    assert _scores(scheme)["S1"][:2] == (D(100), D(100))  # C2 has no members: C1 alone counts
    MemberFactory(branch=tree.c2)
    run = run_now()
    assert run.snapshot["partial"] == [] and run.recomputed == 0
    scores, totals = {k: v[:2] for k, v in _scores(scheme).items()}, _totals(scheme)
    assert scores["S1"] == (D(75), D(75))  # (100 × 1 + 50 × 1) / 2
    assert (scores, totals) == _full_run_figures(scheme, run_now)
def test_a_record_moved_to_another_community_updates_both(scheme, records, tree, run_now):
    """C2's on-time meeting moved to C3: C2 0 of 1 (0), C3 1 of 2 (50); the incremental run must
    recompute C2 too, not only C3 where the record now lies."""
    run_now(incremental=False)
    moved = records["c2"][0]
    moved.organization = tree.c3
    moved.save()  # a plain save: django-auditlog records the old and the new organisation
    run = run_now()
    assert run.recomputed == 2
    incremental = {k: v[:2] for k, v in _scores(scheme).items()}
    assert incremental["C2"] == (D(0), D(0)) and incremental["C3"] == (D(50), D(50))
    totals = _totals(scheme)
    assert set(totals) >= {"C2", "C3"}
    run_now(incremental=False)  # a fresh full run gives the same figures everywhere
    assert {k: v[:2] for k, v in _scores(scheme).items()} == incremental
    assert _totals(scheme) == totals


def test_the_organisation_a_record_left_is_found_in_the_change_history(tree):
    """A household moved to a building of another community, set-based through the audited update
    and by a plain save: both communities are found, through the first hop (the building)."""
    from assessments import changes
    from assessments.registry import Source
    from grids.models import Building, Household
    from organizations.paths import COMMUNITY_DEPTH
    from partybuild.locking import audited_update

    building3 = Building.objects.create(grid=tree.grid3, name="3号楼", address="杨园3号")
    other = Household.objects.create(building=building3, unit="2-202", head_name="李")
    sources = [Source(Household, "building__grid__branch")]
    before, since = changes.snapshot(sources), timezone.now()

    def found():
        return changes.changed_paths(sources, before=before, since=since, depth=COMMUNITY_DEPTH,
                                     root=tree.district.path)

    assert found() == set()
    audited_update(Household.objects.filter(pk=tree.household1.pk), building=building3)  # C1 → C3
    assert found() == {tree.c1.path, tree.c3.path}
    assert changes._moved_from(sources[0], since=since, depth=COMMUNITY_DEPTH, root=tree.district.path) == {
        tree.c1.path}
    other.building = tree.building1  # C3 → C1 by a plain save
    other.save()
    assert changes._moved_from(sources[0], since=since, depth=COMMUNITY_DEPTH, root=tree.district.path) == {
        tree.c1.path, tree.c3.path}


def test_moved_from_reads_the_history_in_two_queries(tree, django_assert_num_queries):
    from assessments import changes
    from assessments.registry import Source
    from organizations.paths import COMMUNITY_DEPTH

    since = timezone.now()
    meetings = [record(tree.g1 if n % 2 else tree.c1, date(2026, 2, n + 1)) for n in range(4)]
    for meeting in meetings:  # four rows moved away from C1 (two from its grid branch)
        meeting.organization = tree.c3
        meeting.save()
    source = Source(Meeting, "organization", ("updated_at",))
    changes._moved_from(source, since=since, depth=COMMUNITY_DEPTH, root=tree.district.path)  # caches the type
    # One query for the old ids in the history, one for their organisations: not one per row.
    with django_assert_num_queries(2):
        assert changes._moved_from(source, since=since, depth=COMMUNITY_DEPTH, root=tree.district.path) == {
            tree.c1.path}


def test_a_full_rerun_refreshes_every_figure_but_writes_only_what_moved(scheme, records, run_now):
    """Unchanged figures are marked refreshed with one UPDATE instead of being written again."""
    run_now(incremental=False)
    before = _scores(scheme)
    run = run_now(incremental=False)
    after = _scores(scheme)
    assert run.changed == 0
    assert {k: v[:2] for k, v in after.items()} == {k: v[:2] for k, v in before.items()}
    assert all(after[k][2] > before[k][2] for k in before)  # every refresh time moved, parents and streets too
