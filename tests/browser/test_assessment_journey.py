"""The assessment journey: the district admin loads a scheme from xlsx and runs it (the run page
follows the task's progress), a street official approves a community, the district approves the
street, and the community's records of that period are named locked, with who can lift the lock."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from assessments.models import Result, Scheme
from tests.assessments.conftest import FIXED  # registers the test computations (test.a, test.c)
from tests.assessments.test_schemes import _xlsx
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
SCREENSHOT = "/tmp/assessment_ranking.png"


@pytest.fixture
def fixed():
    FIXED.clear()
    yield FIXED
    FIXED.clear()


def _login(page, username):
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def test_scheme_to_locked_period(page, transactional_db, tree, dana, alice, fixed, tmp_path, eager_celery):
    fixed["a"] = {"C1": D(95), "C2": D(80), "C3": D(90)}
    fixed["c"] = {"C1": D(0), "C2": D(1), "C3": D(0)}
    scheme = Scheme.objects.create(organization=tree.district, year=2026, level="community", name="社区考核",
                                   period_kind="half")
    table = tmp_path / "scheme.xlsx"
    table.write_bytes(_xlsx([
        ("A", "组织建设", "", 60, "汇总", "", "", ""),
        ("A1", "结案率", "A", 60, "计算", "test.a", "target:90", "sum/mean"),
        ("B", "超期", "", 40, "计算", "test.c", "inverse_target:0", "sum/sum"),
    ]).read())

    _login(page, "dana")
    page.goto(f"/assessments/schemes/{scheme.pk}/")
    page.set_input_files("#import-form input[type=file]", str(table))
    page.locator("#import-form button[type=submit]").click()
    page.wait_for_selector("#indicator-tree")
    assert "分值平衡" in page.locator("#scheme-problems").inner_text()

    page.select_option("#run-form select", "2026S1")
    page.locator("#run-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/assessments/runs/\d+/$"))
    page.wait_for_selector("#run-result")  # eager here: the bar has already reached 100 %
    assert "已完成" in page.locator("#run-result").inner_text()
    page.get_by_role("link", name="查看排名").click()
    assert page.locator("#ranking tbody tr").count() == 3
    page.screenshot(path=SCREENSHOT, full_page=True)

    c1 = Result.objects.get(organization=tree.c1, period="2026S1")
    _login(page, "alice")
    page.goto(f"/assessments/results/{c1.pk}/")
    page.get_by_role("button", name="审定").click()
    page.wait_for_selector("#approved")
    c2 = Result.objects.get(organization=tree.c2, period="2026S1")
    page.goto(f"/assessments/results/{c2.pk}/")
    page.get_by_role("button", name="审定").click()
    page.wait_for_selector("#approved")

    s1 = Result.objects.get(organization=tree.s1, period="2026S1")
    _login(page, "dana")
    page.goto(f"/assessments/results/{s1.pk}/")
    page.get_by_role("button", name="审定").click()
    page.wait_for_selector("#approved")
    lock = page.locator("#lock").inner_text()
    assert "中华路街道党工委 2026S1 的记录已锁定" in lock and "区级管理员（Dana）" in lock
