"""Summary fixtures: the shared district with members, reports and ledger rows in several
communities, its summaries built, and a helper that runs writes the way a request does (the
touched buckets are recomputed when the transaction commits, by the eager task)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest

from grids.models import GridWorker
from organizations.models import MemberCategory, MemberStatus
from reports import services as report_services
from services import services as ledger_services
from summaries.services import summaries_rebuild
from tests.organizations.factories import MemberFactory
from tests.reports.factories import CategoryFactory, DepartmentFactory

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def fixed_today(time_machine):
    time_machine.move_to(dt.datetime.combine(TODAY, dt.time(10), tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    return TODAY


@pytest.fixture
def commit(django_capture_on_commit_callbacks, eager_celery):
    """``with commit(): service(...)`` runs the on-commit recompute as a real commit would."""

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run


@pytest.fixture
def station(tree, dave):
    department = DepartmentFactory(name="中华路城管中队", organization=tree.s1)
    department.staff.add(dave)
    return department


@pytest.fixture
def category(station):
    return CategoryFactory(code="safety", name="安全隐患", default_department=station, time_limit_hours=72)


@pytest.fixture
def worker(tree, gina):
    return GridWorker.objects.create(grid=tree.grid1, name="王网格", user=gina, is_leader=True)


@pytest.fixture
def populated(tree, gina, category, worker, carol):
    """Members of every kind in G1, C1, C2, S1 itself and C3; a report; a visit; a pledge."""
    MemberFactory.create_batch(3, branch=tree.g1)
    MemberFactory(branch=tree.g1, category=MemberCategory.PROBATIONARY)
    MemberFactory(branch=tree.c1, status=MemberStatus.FLOATING_OUT)
    MemberFactory(branch=tree.c2, status=MemberStatus.DECEASED)
    MemberFactory(branch=tree.s1)
    MemberFactory(branch=tree.c3, is_in_service=True, registered_community=tree.c1, registered_on=dt.date(2025, 3, 1))
    MemberFactory(branch=tree.g3, category=MemberCategory.PROBATIONARY)
    report_services.report_file(user=gina, grid=tree.grid1, category=category, description="楼道堆物")
    ledger_services.visit_create(user=gina, grid=tree.grid1, household=tree.household1, worker=worker,
                                 visited_on=dt.date(2026, 6, 1), kinds=["publicity"])
    member = MemberFactory(branch=tree.g1)
    ledger_services.pledge_create(user=carol, member=member, year=2026,
                                  items=[{"content": "帮扶一户", "deadline": dt.date(2026, 12, 1), "target": "x"}])
    return tree


@pytest.fixture
def built(populated):
    summaries_rebuild()
    return populated
