"""Complaints (routing, working-day deadlines, repeats, linked grid reports, answer and closure),
satisfaction surveys and street inspections."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from estates import selectors, services
from estates.models import Complaint
from grids.models import Household
from reports.models import GridReport
from tests.reports.factories import CategoryFactory

from .factories import make_company, make_unit

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


def _record(carol, unit, household=None, matter="elevator", at=None):
    return services.complaint_record(
        user=carol, unit=unit, matter=matter, description="电梯停运三天", household=household,
        resident_name="王建国", phone="13800001111", filed_at=at,
    )


def test_complaint_is_routed_to_the_company_contact_with_a_working_day_deadline(carol, tree):
    company = make_company(tree.s1, contact_name="张经理", phone="027-88886666")
    unit = make_unit(tree.c1, company)
    # Friday 2026-05-29 10:00: three working days skip the weekend, due Wednesday 10:00.
    complaint = _record(carol, unit, at=dt.datetime(2026, 5, 29, 10, tzinfo=TZ))
    assert complaint.company == company and complaint.routed_to == "张经理 027-88886666"
    assert complaint.answer_due_at == dt.datetime(2026, 6, 3, 10, tzinfo=TZ)


def test_the_deadline_skips_official_holidays(carol, unit_c1):
    # 2026-09-30 (Wed) 10:00; 1–7 October are the National Day holiday and Saturday 10 October a
    # make-up working day: 30 Sep 10:00 → 8 Oct → 9 Oct → 10 Oct 10:00.
    complaint = _record(carol, unit_c1, at=dt.datetime(2026, 9, 30, 10, tzinfo=TZ))
    assert complaint.answer_due_at == dt.datetime(2026, 10, 10, 10, tzinfo=TZ)


def test_a_unit_without_a_company_takes_no_complaint(carol, tree):
    unit = make_unit(tree.c1, None)
    with pytest.raises(ValidationError, match="没有物业企业"):
        _record(carol, unit)


def test_same_household_same_matter_within_90_days_is_a_repeat(carol, tree, unit_c1):
    first = _record(carol, unit_c1, household=tree.household1, at=dt.datetime(2026, 1, 10, 9, tzinfo=TZ))
    second = _record(carol, unit_c1, household=tree.household1, at=dt.datetime(2026, 4, 9, 9, tzinfo=TZ))
    assert second.repeat_of == first and second.is_repeat


def test_a_different_matter_or_a_later_complaint_is_no_repeat(carol, tree, unit_c1):
    _record(carol, unit_c1, household=tree.household1, at=dt.datetime(2026, 1, 10, 9, tzinfo=TZ))
    other_matter = _record(carol, unit_c1, household=tree.household1, matter="water",
                           at=dt.datetime(2026, 2, 1, 9, tzinfo=TZ))
    too_late = _record(carol, unit_c1, household=tree.household1, at=dt.datetime(2026, 4, 11, 9, tzinfo=TZ))
    neighbour = Household.objects.create(building=tree.building1, unit="1-102", head_name="李四")
    other_household = _record(carol, unit_c1, household=neighbour, at=dt.datetime(2026, 1, 11, 9, tzinfo=TZ))
    assert not other_matter.is_repeat and not too_late.is_repeat and not other_household.is_repeat


def test_answer_then_satisfaction_closes(carol, unit_c1):
    complaint = _record(carol, unit_c1, at=dt.datetime(2026, 5, 29, 10, tzinfo=TZ))
    with pytest.raises(ValidationError, match="公司答复之后"):
        services.complaint_close(user=carol, complaint=complaint, satisfaction=5)
    services.complaint_answer(user=carol, complaint=complaint, answer="已更换电梯主板",
                              answered_at=dt.datetime(2026, 6, 2, 16, tzinfo=TZ))
    assert complaint.answered_on_time is True
    with pytest.raises(ValidationError, match="1 到 5"):
        services.complaint_close(user=carol, complaint=complaint, satisfaction=7)
    services.complaint_close(user=carol, complaint=complaint, satisfaction=4)
    complaint.refresh_from_db()
    assert (complaint.complaint_status, complaint.satisfaction) == ("closed", 4)
    with pytest.raises(ValidationError, match="等待公司答复"):
        services.complaint_answer(user=carol, complaint=complaint, answer="再次答复")


def test_a_late_answer_is_not_on_time(carol, unit_c1):
    complaint = _record(carol, unit_c1, at=dt.datetime(2026, 5, 29, 10, tzinfo=TZ))
    services.complaint_answer(user=carol, complaint=complaint, answer="已处理",
                              answered_at=dt.datetime(2026, 6, 3, 10, 1, tzinfo=TZ))
    assert complaint.answered_on_time is False


def test_outsider_cannot_answer(charlie, carol, unit_c1):
    complaint = _record(carol, unit_c1)
    with pytest.raises(PermissionDenied):
        services.complaint_answer(user=charlie, complaint=complaint, answer="x")


def _report(tree, gina_user, code="property"):
    category = CategoryFactory(code=code, name="物业管理")
    return GridReport.objects.create(
        number=f"R-{code}", grid=tree.grid1, category=category, description="楼道堆满垃圾无人清理",
        household=tree.household1, reported_by=gina_user, reported_at=timezone.now(),
    )


def test_a_property_grid_report_is_linked_not_retyped(carol, gina, tree, unit_c1):
    report = _report(tree, gina)
    assert list(selectors.linkable_reports(user=carol)) == [report]
    complaint = services.complaint_from_report(user=carol, report=report, unit=unit_c1, matter="cleaning")
    assert (complaint.source, complaint.description, complaint.household) == ("grid_report", "", tree.household1)
    assert complaint.report.description == "楼道堆满垃圾无人清理"
    with pytest.raises(ValidationError, match="已关联"):
        services.complaint_from_report(user=carol, report=report, unit=unit_c1, matter="cleaning")
    assert list(selectors.linkable_reports(user=carol)) == []


def test_a_report_of_another_category_is_refused(carol, gina, tree, unit_c1):
    with pytest.raises(ValidationError, match="物业类"):
        services.complaint_from_report(user=carol, report=_report(tree, gina, code="safety"), unit=unit_c1,
                                       matter="other")


# --- surveys and inspections -------------------------------------------------------------------------


def test_one_survey_per_unit_and_quarter(carol, unit_c1):
    services.survey_record(user=carol, unit=unit_c1, year=2026, quarter=2, sample_size=50, satisfied=45)
    with pytest.raises(ValidationError, match="满意度测评 已经存在"):
        services.survey_record(user=carol, unit=unit_c1, year=2026, quarter=2, sample_size=50, satisfied=40)
    with pytest.raises(ValidationError, match="多于"):
        services.survey_record(user=carol, unit=unit_c1, year=2026, quarter=3, sample_size=10, satisfied=11)


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))
def test_inspections_are_the_streets(carol, alice, unit_c1):
    with pytest.raises(PermissionDenied):
        services.inspection_record(user=carol, unit=unit_c1, inspected_on=dt.date(2026, 5, 30),
                                   items_checked="消防通道", score=80)
    with pytest.raises(ValidationError, match="100"):
        services.inspection_record(user=alice, unit=unit_c1, inspected_on=dt.date(2026, 5, 30),
                                   items_checked="消防通道", score=101)
    inspection = services.inspection_record(user=alice, unit=unit_c1, inspected_on=dt.date(2026, 5, 30),
                                            items_checked="消防通道、垃圾分类", score=86)
    assert inspection.company == unit_c1.company and inspection.inspector == alice


def test_complaints_follow_the_tree(carol, charlie, unit_c1):
    _record(carol, unit_c1)
    assert selectors.complaint_list(user=carol).count() == 1
    assert not selectors.complaint_list(user=charlie).exists()
    assert Complaint.objects.count() == 1
