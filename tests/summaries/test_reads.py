"""How pages read the summaries: a fixed number of queries whatever the size of the tree, the
time they were computed on the page, live figures where summaries cannot answer, and the
command and the nightly task that rebuild them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from organizations import selectors
from organizations.models import Level, OrgType
from partybuild import scoping
from reports import selectors as report_selectors
from services import selectors as ledger_selectors
from summaries.models import CurrentSummary, SummaryRebuild
from summaries.services import summaries_rebuild, summaries_recompute
from tests.organizations.factories import MemberFactory, make_org

pytestmark = pytest.mark.django_db


def _grow(tree, n: int) -> None:
    """``n`` more communities under S2, each with a grid and two members."""
    for i in range(n):
        community = make_org(tree.s2, Level.COMMUNITY, f"CX{i}", f"社区{i}", org_type=OrgType.BRANCH)
        grid = make_org(community, Level.GRID, f"GX{i}", f"网格{i}")
        MemberFactory.create_batch(2, branch=grid)


def _district_reads(tree, user, django_assert_num_queries) -> None:
    scoping.grants(user)  # the user's roles, read once per request before any page reads figures
    # coverage: (1) is it built, (2) the SUM over the bucket rows under the root.
    with django_assert_num_queries(2):
        selectors.coverage(root=tree.district)
    # report statistics: the same two.
    with django_assert_num_queries(2):
        report_selectors.report_stats(user=user, org=tree.district)
    # per street: (1) built, (2) the GROUP BY child prefix, (3) the streets' names.
    with django_assert_num_queries(3):
        report_selectors.report_stats_by_child(user=user, org=tree.district)
    # by category and by department: (1) built, (2) one GROUP BY over the breakdown rows for both,
    # (3) the categories' names (no report is routed yet: no departments to name).
    with django_assert_num_queries(3):
        by_category, by_department = report_selectors.report_stats_breakdown(user=user, org=tree.district)
    assert by_category and by_department == []
    # ledgers home: built and the monthly SUM, built and the current SUM.
    with django_assert_num_queries(4):
        ledger_selectors.ledger_counts(user=user, year=2026)


def test_district_reads_do_not_grow_with_the_tree(built, dana, django_assert_num_queries):
    summaries_rebuild()
    _district_reads(built, dana, django_assert_num_queries)
    _grow(built, 12)
    summaries_rebuild()
    _district_reads(built, dana, django_assert_num_queries)
    assert selectors.coverage(root=built.district).by_level[Level.COMMUNITY] == 15


def test_pages_say_when_their_figures_were_computed(built, dana, client):
    client.force_login(dana)
    run = SummaryRebuild.objects.get()
    when = run.started_at.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")
    # The home page is the dashboard, which stamps the time of its own cached figures (tests/dashboards).
    for url in (f"/organizations/{built.district.pk}/coverage/", f"/organizations/{built.district.pk}/",
                f"/reports/statistics/?org={built.district.pk}", "/ledgers/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert when in response.content.decode(), url


def test_the_coverage_api_says_when_it_was_computed(built, dana, client):
    client.force_login(dana)
    data = client.get("/api/v1/stats/coverage/", {"root": "D"}).json()
    assert data["computed_at"] is not None
    assert data["members"] == selectors.coverage(root=built.district).members


def test_finer_scopes_and_partial_months_count_live(built, dana, django_assert_num_queries):
    # A grid cuts through its community's row: four live grouped queries instead.
    with django_assert_num_queries(4):
        cov = selectors.coverage(root=built.g1)
    assert cov.computed_at is None and cov.members == 5
    stats = report_selectors.report_stats(
        user=dana, org=built.district, period=report_selectors.Period(start=dt.date(2026, 6, 10)))
    assert "computed_at" not in stats and stats["reported"] == 1


def test_before_the_first_rebuild_figures_are_live_and_touches_do_nothing(populated, dana):
    assert summaries_recompute(org_ids=[populated.c1.pk]) == 0
    assert not CurrentSummary.objects.exists()
    assert selectors.coverage(root=populated.district).computed_at is None


def test_the_command_and_the_nightly_task_rebuild(populated):
    call_command("rebuild_summaries", verbosity=0)
    assert SummaryRebuild.objects.filter(finished_at__isnull=False).count() == 1
    assert CurrentSummary.objects.filter(organization=populated.c1).exists()
    nightly = PeriodicTask.objects.get(name="summaries-nightly-rebuild")
    assert nightly.task == "summaries.nightly_rebuild" and nightly.enabled

    from summaries.tasks import nightly_rebuild

    assert nightly_rebuild() == SummaryRebuild.objects.latest("started_at").buckets
