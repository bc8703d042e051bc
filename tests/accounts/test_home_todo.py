"""Each role's home page says what waits for them (待办), from every app's to-do providers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.services import report_file
from tests.reports.factories import CategoryFactory, DepartmentFactory


@pytest.fixture
def reported(tree, gina):
    return report_file(user=gina, grid=tree.grid1, category=CategoryFactory(), description="楼道堆放杂物")


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_street_official_sees_the_new_report_to_dispatch_with_a_link(client, alice, reported):
    html = home(client, alice)
    assert "待派单的网格吹哨" in html
    assert reverse("reports:detail", args=[reported.pk]) in html


@pytest.mark.django_db
def test_the_other_street_has_nothing_to_dispatch(client, charlie, reported):
    html = home(client, charlie)
    assert "待派单的网格吹哨" not in html
    assert 'id="todo-empty"' in html


@pytest.mark.django_db
def test_department_staff_get_their_inbox_and_no_missing_area_message(client, tree, dave, alice, reported):
    from reports.services import report_dispatch

    department = DepartmentFactory(organization=tree.s1)
    department.staff.add(dave)
    report_dispatch(user=alice, report=reported, department=department, version=reported.version)
    html = home(client, dave)
    assert "派给本部门的案件" in html
    assert reverse("reports:detail", args=[reported.pk]) in html
    assert 'id="no-role"' not in html


@pytest.mark.django_db
def test_secretary_card_counts_the_levels_below_the_community(client, carol):
    html = home(client, carol)
    assert "0</div><div class=\"small text-body-secondary\">社区" not in html
    assert "网格党支部" in html and "楼栋党小组" in html


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_the_queue(client, alice, tree, gina):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    category = CategoryFactory()
    client.force_login(alice)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return len(ctx.captured_queries)

    report_file(user=gina, grid=tree.grid1, category=category, description="问题")
    small = queries()
    for n in range(9):
        report_file(user=gina, grid=tree.grid1, category=category, description=f"问题{n}")
    # Each queue reads at most six rows and counts only when there are more: one query more, not nine.
    assert queries() <= small + 1
