"""Agenda items and the carry-over: raising from each source, the three outcomes, closing only
with a reason, every kind of unresolved item carried with its history, the preview, escalation
after N carries, follow-up tasks routed to a department and completed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from meetings import item_services as items
from meetings import meeting_services as ms
from meetings.models import AgendaEntry, AgendaItem, FollowUpTask, ItemState
from notifications.models import Notification

from .conftest import ready_to_close

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2026, 4, 8, 9, tzinfo=dt.UTC)


def _close(user, meeting):
    ready_to_close(user, meeting)
    return ms.meeting_close(user=user, meeting=meeting)


@time_machine.travel(APRIL)
def test_items_are_raised_from_a_report_a_demand_an_earlier_item_or_free_text(carol, april, grid_report, demand_c1):
    from_report = items.item_raise(user=carol, meeting=april, report=grid_report)
    from_demand = items.item_raise(user=carol, meeting=april, demand=demand_c1)
    free = items.item_raise(user=carol, meeting=april, title="老旧小区加装电梯意见不一")
    follow = items.item_raise(user=carol, meeting=april, earlier=free)
    assert grid_report.number in from_report.title and from_demand.title == demand_c1.content
    assert [i.source for i in (from_report, from_demand, free, follow)] == ["report", "demand", "free", "earlier"]
    assert AgendaEntry.objects.filter(meeting=april).count() == 4


def test_any_other_record_can_be_a_source(carol, april, seat_c1):
    item = items.item_raise(user=carol, meeting=april, source_record=seat_c1)
    assert item.source == "other" and item.source_id == seat_c1.pk and item.source_type.model == "parttimemember"


def test_a_report_of_another_community_is_refused(carol, april, gina, tree, station):
    from reports import services as report_services
    from tests.reports.factories import CategoryFactory

    other = report_services.report_file(
        user=gina, grid=tree.grid1, category=CategoryFactory(default_department=station), description="x"
    )
    other.grid = tree.grid3
    with pytest.raises(ValidationError, match="范围以外"):
        items.item_raise(user=carol, meeting=april, report=other)


def test_free_text_needs_words(carol, april):
    with pytest.raises(ValidationError, match="问题"):
        items.item_raise(user=carol, meeting=april, title="  ")


@time_machine.travel(APRIL)
def test_resolved_needs_what_was_done_and_is_not_carried(carol, april):
    item = items.item_raise(user=carol, meeting=april, title="楼道灯不亮")
    with pytest.raises(ValidationError, match="做了什么"):
        items.item_resolve(user=carol, item=item, resolution="")
    items.item_resolve(user=carol, item=item, resolution="物业当场更换灯泡")
    closed = _close(carol, april)
    assert closed.carried == [] and AgendaItem.objects.get(pk=item.pk).meeting == april


@time_machine.travel(APRIL)
def test_every_kind_of_unresolved_item_is_carried_with_its_history(carol, april, station, dave):
    pending = items.item_raise(user=carol, meeting=april, title="未讨论的问题")
    deferred = items.item_defer(user=carol, item=items.item_raise(user=carol, meeting=april, title="停车难"),
                                note="待物业报方案")
    decided = items.item_decide(user=carol, item=items.item_raise(user=carol, meeting=april, title="消防通道堵塞"),
                                lead=station, responsible=["小区物业"], due_in_working_days=5)
    done = items.item_decide(user=carol, item=items.item_raise(user=carol, meeting=april, title="路灯"),
                             lead="小区物业")
    items.task_complete(user=carol, task=done.tasks.get(), note="已修好")
    closed = _close(carol, april)
    may = closed.next_meeting
    assert {i.pk for i in closed.carried} == {pending.pk, deferred.pk, decided.pk}
    carried = AgendaItem.objects.get(pk=deferred.pk)
    assert carried.meeting == may and carried.first_meeting == april and carried.times_carried == 1
    history = items.item_history(carried)
    assert [(e.meeting_id, e.outcome, e.is_carried) for e in history] == [
        (april.pk, "deferred", False), (may.pk, "pending", True),
    ]
    assert history[0].note == "待物业报方案"
    assert AgendaItem.objects.get(pk=done.pk).state == ItemState.DONE


@time_machine.travel(APRIL)
def test_preview_shows_what_will_carry_and_dropping_needs_a_reason(carol, april):
    keep = items.item_raise(user=carol, meeting=april, title="停车难")
    drop = items.item_raise(user=carol, meeting=april, title="重复提交的问题")
    assert [i.pk for i in items.carry_preview(april)] == [keep.pk, drop.pk]
    with pytest.raises(ValidationError, match="原因"):
        items.item_drop(user=carol, item=drop, reason="")
    items.item_drop(user=carol, item=drop, reason="与第1项重复")
    assert [i.pk for i in items.carry_preview(april)] == [keep.pk]
    assert [i.pk for i in _close(carol, april).carried] == [keep.pk]
    assert AgendaItem.objects.filter(pk=drop.pk, state="dropped", closed_reason="与第1项重复").exists()


def test_items_are_never_deleted(carol, april):
    from django.db.models import ProtectedError

    items.item_raise(user=carol, meeting=april, title="x")
    assert not hasattr(items, "item_delete")
    # The meeting that first raised an item cannot be deleted from under it either.
    with pytest.raises(ProtectedError):
        april.delete()


def test_escalated_after_n_carries_and_the_street_is_told(carol, alice, april, settings):
    settings.MEETINGS_ESCALATE_AFTER_CARRIES = 2
    item = items.item_raise(user=carol, meeting=april, title="老旧小区加装电梯")
    with time_machine.travel(APRIL):
        may = _close(carol, april).next_meeting
    assert not AgendaItem.objects.get(pk=item.pk).is_escalated
    assert [i.will_escalate for i in items.carry_preview(may)] == [True]
    with time_machine.travel(dt.datetime(2026, 5, 8, 9, tzinfo=dt.UTC)):
        june = _close(carol, may).next_meeting
    item.refresh_from_db()
    assert item.is_escalated and item.times_carried == 2 and item.meeting == june
    note = Notification.objects.get(recipient=alice, kind=items.KIND_ESCALATED)
    assert "老旧小区加装电梯" in note.title
    assert not Notification.objects.filter(recipient=carol, kind=items.KIND_ESCALATED).exists()


@time_machine.travel(APRIL)
def test_decided_item_becomes_tasks_routed_to_the_department(carol, dave, april, station):
    item = items.item_raise(user=carol, meeting=april, title="消防通道堵塞")
    items.item_decide(user=carol, item=item, lead=station, responsible=["小区物业"], due_in_working_days=5)
    lead, other = FollowUpTask.objects.filter(item=item).order_by("-is_lead")
    assert lead.department == station and lead.is_lead and other.unit_name == "小区物业"
    # 8 April 2026 + 5 working days: 15 April.
    assert lead.due_on == dt.date(2026, 4, 15) and item.lead_unit == station.name
    assert Notification.objects.filter(recipient=dave, kind=items.KIND_TASK).count() == 1
    from meetings import selectors

    assert list(selectors.task_list(user=dave)) == [lead]
    with pytest.raises(ValidationError, match="做了什么"):
        items.task_complete(user=dave, task=lead, note="")
    items.task_complete(user=dave, task=lead, note="已清理")
    with pytest.raises(ValidationError, match="已完成"):
        items.task_complete(user=dave, task=lead, note="again")
    assert AgendaItem.objects.get(pk=item.pk).state == ItemState.DECIDED
    items.task_complete(user=carol, task=other, note="物业已整改")
    assert AgendaItem.objects.get(pk=item.pk).state == ItemState.DONE


def test_outsider_may_not_complete_a_task(carol, charlie, april):
    item = items.item_decide(user=carol, item=items.item_raise(user=carol, meeting=april, title="x"), lead="物业")
    with pytest.raises(PermissionDenied):
        items.task_complete(user=charlie, task=item.tasks.get(), note="x")


def test_outcomes_only_at_an_open_meeting(carol, april):
    item = items.item_raise(user=carol, meeting=april, title="x")
    items.item_resolve(user=carol, item=item, resolution="done")
    with time_machine.travel(APRIL):
        _close(carol, april)
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="已结束"):
        items.item_defer(user=carol, item=item)


def test_a_settled_item_cannot_be_settled_again(carol, april):
    item = items.item_raise(user=carol, meeting=april, title="楼道灯")
    items.item_resolve(user=carol, item=item, resolution="已修")
    with pytest.raises(ValidationError, match="已有结果"):
        items.item_defer(user=carol, item=AgendaItem.objects.get(pk=item.pk))
    with pytest.raises(ValidationError, match="未解决"):
        items.item_drop(user=carol, item=AgendaItem.objects.get(pk=item.pk), reason="x")
