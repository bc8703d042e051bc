"""Grid visits: a hazard found files a grid report in the same step, and both roll back together."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from grids.models import Building, Household
from reports.models import GridReport
from services.models import GridVisit
from services.selectors import visit_counts, visit_counts_by_worker
from services.services import visit_create


def _visit(user, tree, worker, **kwargs):
    data = {"grid": tree.grid1, "household": tree.household1, "worker": worker, "visited_on": dt.date(2026, 3, 2),
            "kinds": ["household_visit"]}
    return visit_create(user=user, **{**data, **kwargs})


def test_hazard_visit_files_a_linked_grid_report_in_one_step(gina, tree, worker, category):
    visit = _visit(gina, tree, worker, kinds=["household_visit", "hazard_found"], hazard_category=category,
                   hazard_description="楼道电动车飞线充电")
    report = GridReport.objects.get()
    assert visit.report == report
    assert (report.source, report.household, report.grid) == ("visit", tree.household1, tree.grid1)
    assert report.description == "楼道电动车飞线充电"


def test_hazard_visit_without_description_saves_neither(gina, tree, worker, category):
    with pytest.raises(ValidationError, match="请描述隐患情况") as caught:
        _visit(gina, tree, worker, kinds=["hazard_found"], hazard_category=category, hazard_description=" ")
    assert caught.value.message_dict == {"hazard_description": ["请描述隐患情况。"]}
    assert not GridVisit.objects.exists() and not GridReport.objects.exists()


def test_hazard_visit_without_category_names_the_category(gina, tree, worker):
    # The rule lives in the service, so the form and the API both show it on the right field.
    with pytest.raises(ValidationError) as caught:
        _visit(gina, tree, worker, kinds=["hazard_found"], hazard_description="漏水")
    assert set(caught.value.message_dict) == {"hazard_category"}


def test_report_refused_rolls_back_the_visit(gina, tree, worker, category):
    category.is_active = False
    category.save()
    with pytest.raises(ValidationError, match="该类别已停用"):
        _visit(gina, tree, worker, kinds=["hazard_found"], hazard_category=category, hazard_description="漏水")
    assert not GridVisit.objects.exists() and not GridReport.objects.exists()


def test_visit_without_hazard_files_no_report(gina, tree, worker):
    visit = _visit(gina, tree, worker, kinds=["heart_to_heart", "publicity"])
    assert visit.report is None and not GridReport.objects.exists()
    assert visit.kinds == ["heart_to_heart", "publicity"]


def test_visit_needs_at_least_one_kind(gina, tree, worker):
    with pytest.raises(ValidationError, match="请至少勾选一项走访内容"):
        _visit(gina, tree, worker, kinds=[])


def test_household_of_another_grid_is_refused(gina, tree, worker):
    building = Building.objects.create(grid=tree.grid3, name="9号楼")
    other = Household.objects.create(building=building, unit="9-1", head_name="赵")
    with pytest.raises(ValidationError, match="该住户不在本次走访的网格内"):
        _visit(gina, tree, worker, household=other)


def test_outsider_and_auditor_cannot_log_visits(charlie, audrey, tree, worker):
    for user in (charlie, audrey):
        with pytest.raises(PermissionDenied, match="您不能修改本辖区以外的台账"):
            _visit(user, tree, worker)


def test_future_visit_is_refused(gina, tree, worker):
    with pytest.raises(ValidationError, match="日期不能晚于今天"):
        _visit(gina, tree, worker, visited_on=dt.date(2026, 7, 1))


def test_counts_per_kind_worker_and_grid_for_the_period(gina, alice, charlie, tree, worker, category):
    _visit(gina, tree, worker, kinds=["household_visit", "heart_to_heart"])
    _visit(gina, tree, worker, kinds=["publicity", "mediation", "problem_solved"])
    _visit(gina, tree, worker, kinds=["household_visit"], visited_on=dt.date(2025, 12, 1))
    counts = visit_counts(user=alice, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert counts == {"visits": 2, "household_visit": 1, "heart_to_heart": 1, "publicity": 1, "needy_visit": 0,
                      "mediation": 1, "problem_solved": 1, "hazard_found": 0}
    per_worker = list(visit_counts_by_worker(user=alice, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)))
    assert [(row["worker__name"], row["visits"]) for row in per_worker] == [("王网格", 2)]
    assert visit_counts(user=charlie, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))["visits"] == 0
