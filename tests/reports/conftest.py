"""Report fixtures: a street station under S1 with dave on its staff, a district department,
a category routed to the station, and a case filed by gina in grid G1."""

from __future__ import annotations

import pytest
from django.utils import translation

from reports import services
from reports.models import DepartmentKind
from tests.reports.factories import CategoryFactory, DepartmentFactory


@pytest.fixture(autouse=True)
def _english(settings):
    # Messages are asserted in English here; test_translations.py checks the Chinese.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Uploaded photos go to a throw-away directory, not the checkout's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def station(tree, dave):
    department = DepartmentFactory(name="中华路城管中队", kind=DepartmentKind.STREET, organization=tree.s1)
    department.staff.add(dave)
    return department


@pytest.fixture
def district_dept(tree):
    return DepartmentFactory(name="区住建局", kind=DepartmentKind.DISTRICT, organization=tree.district)


@pytest.fixture
def category(station):
    return CategoryFactory(code="safety", name="安全隐患", default_department=station, time_limit_hours=72)


@pytest.fixture
def report(gina, category, tree):
    return services.report_file(
        user=gina, grid=tree.grid1, category=category, description="3号楼楼道堆放杂物,堵塞消防通道",
        location="中华路1号3号楼",
    )
