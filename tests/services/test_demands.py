"""Residents' demands: handled, replied, rated, and turned into a grid report without retyping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reports.models import GridReport
from services.models import DemandStatus
from services.selectors import demand_stats_by_org
from services.services import demand_create, demand_to_report, demand_update


@pytest.fixture
def demand(gina, tree):
    return demand_create(user=gina, organization=tree.g1, received_on=dt.date(2026, 3, 1), source="wechat",
                         resident_name="张桂英", content="3号楼下水道堵塞,污水外溢", household=tree.household1)


def test_demand_becomes_a_grid_report_with_its_own_text(demand, gina, category, tree):
    report = demand_to_report(user=gina, demand=demand, category=category)
    demand.refresh_from_db()
    assert demand.report == report and demand.status == DemandStatus.HANDLING
    assert (report.description, report.source, report.grid, report.household) == (
        "3号楼下水道堵塞,污水外溢", "demand", tree.grid1, tree.household1)


def test_demand_is_turned_into_a_report_only_once(demand, gina, category):
    demand_to_report(user=gina, demand=demand, category=category)
    with pytest.raises(ValidationError, match="该诉求已转为网格事件或已办结"):
        demand_to_report(user=gina, demand=demand, category=category)
    assert GridReport.objects.count() == 1


def test_community_demand_needs_a_grid_inside_it(carol, tree, category):
    demand = demand_create(user=carol, organization=tree.c1, received_on=dt.date(2026, 3, 1), source="meeting",
                           resident_name="刘", content="希望增设健身器材")
    with pytest.raises(ValidationError, match="请选择受理组织辖区内的网格"):
        demand_to_report(user=carol, demand=demand, category=category, grid=tree.grid3)
    assert not GridReport.objects.exists()
    report = demand_to_report(user=carol, demand=demand, category=category, grid=tree.grid1)
    assert report.grid == tree.grid1


def test_outsider_cannot_turn_a_demand_into_a_report(demand, charlie, category):
    with pytest.raises(PermissionDenied, match="您不能修改本辖区以外的台账"):
        demand_to_report(user=charlie, demand=demand, category=category)


def test_closing_needs_a_reply_and_satisfaction_needs_a_reply(demand, gina):
    with pytest.raises(ValidationError, match="办结前请填写对群众的答复"):
        demand_update(user=gina, demand=demand, status=DemandStatus.CLOSED)
    with pytest.raises(ValidationError, match="办结前请填写对群众的答复"):
        demand_update(user=gina, demand=demand, satisfaction="satisfied")
    demand_update(user=gina, demand=demand, version=1, status=DemandStatus.CLOSED, reply="已疏通",
                  satisfaction="satisfied")
    demand.refresh_from_db()
    assert demand.replied_on == dt.date(2026, 6, 15) and demand.version == 2


def test_demand_only_at_community_or_grid(alice, tree):
    with pytest.raises(ValidationError, match="群众诉求由社区或网格党支部受理登记"):
        demand_create(user=alice, organization=tree.s1, received_on=dt.date(2026, 3, 1), source="letter",
                      resident_name="x", content="x")


def test_stats_count_closed_reported_and_satisfied(demand, gina, alice, category, tree):
    demand_to_report(user=gina, demand=demand, category=category)
    demand.refresh_from_db()
    demand_update(user=gina, demand=demand, status=DemandStatus.CLOSED, reply="已处理", satisfaction="basically")
    stats = demand_stats_by_org(user=alice, year=2026, depth=2)
    assert stats[tree.s1.path] == {"total": 1, "closed": 1, "reported": 1, "rated": 1, "satisfied": 1}


def test_the_demands_history_shows_it_turning_into_a_report(demand, gina, category):
    from audit.selectors import entry_changes, history_entries

    report = demand_to_report(user=gina, demand=demand, category=category)
    changes = {(c.label, c.old, c.new) for e in history_entries(obj=demand) if e.actor == gina
               for c in entry_changes(e, type(demand))}
    assert ("网格事件", "", str(report)) in changes  # by its name, not its id
    assert ("状态", "已受理", "办理中") in changes  # by their labels


def test_a_stale_edit_is_refused_after_the_demand_became_a_report(demand, gina, category):
    demand_to_report(user=gina, demand=demand, category=category)
    with pytest.raises(ValidationError, match="他人已修改此记录"):
        demand_update(user=gina, demand=demand, version=1, reply="已受理")
