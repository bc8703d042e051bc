"""Approval bottom-up, send-back with a reason, locking and exceptions (with expiry)."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessments import services
from assessments.locks import check_unlocked, lock_for
from assessments.models import Result, ResultStatus, Score

PERIOD = "2026S1"


@pytest.fixture
def results(scheme, dana, fixed, django_capture_on_commit_callbacks):
    fixed["a"] = {"C1": D(95), "C2": D(80), "C3": D(90)}
    with django_capture_on_commit_callbacks(execute=True):
        services.rollup_start(user=dana, scheme=scheme, period=PERIOD)
    return {r.organization.code: r for r in Result.objects.filter(period=PERIOD).select_related("organization")}


def test_street_approves_its_community(results, alice):
    result = services.result_approve(user=alice, result=results["C1"])
    assert (result.status, result.decided_by) == (ResultStatus.APPROVED, alice)
    assert result.scheme.frozen_at is not None or type(result.scheme).objects.get().frozen_at is not None


def test_a_street_may_not_approve_another_streets_community(results, charlie):
    with pytest.raises(PermissionDenied, match="上一级"):
        services.result_approve(user=charlie, result=results["C1"])


def test_a_street_may_not_approve_its_own_result(results, alice):
    with pytest.raises(PermissionDenied, match="上一级"):
        services.result_approve(user=alice, result=results["S1"])


def test_a_parent_waits_for_all_its_children(results, alice, dana):
    services.result_approve(user=alice, result=results["C1"])
    with pytest.raises(ValidationError, match="户部巷社区党支部"):
        services.result_approve(user=dana, result=results["S1"])
    services.result_approve(user=alice, result=results["C2"])
    assert services.result_approve(user=dana, result=results["S1"]).status == ResultStatus.APPROVED


def test_send_back_needs_a_reason_the_level_below_reads(results, alice):
    with pytest.raises(ValidationError, match="说明退回原因"):
        services.result_send_back(user=alice, result=results["C1"], reason=" ")
    result = services.result_send_back(user=alice, result=results["C1"], reason="走访记录不全")
    assert (result.status, result.reason) == (ResultStatus.SENT_BACK, "走访记录不全")


def test_a_child_of_an_approved_parent_cannot_be_sent_back(results, alice, dana):
    for code in ("C1", "C2"):
        services.result_approve(user=alice, result=results[code])
    services.result_approve(user=dana, result=results["S1"])
    with pytest.raises(ValidationError, match="中华路街道党工委"):
        services.result_send_back(user=alice, result=Result.objects.get(pk=results["C1"].pk), reason="x")


def test_approved_result_freezes_the_scheme(results, alice, dana, scheme):
    services.result_approve(user=alice, result=results["C1"])
    with pytest.raises(ValidationError, match="已冻结"):
        services.indicator_update(user=dana, indicator=scheme.indicators.get(code="A1"), weight=D(1))


def test_sent_back_result_is_recomputed_and_approved_later(results, alice, dana, scheme, fixed,
                                                           django_capture_on_commit_callbacks):
    services.result_send_back(user=alice, result=results["C1"], reason="重算")
    fixed["a"]["C1"] = D(50)
    with django_capture_on_commit_callbacks(execute=True):
        services.rollup_start(user=dana, scheme=scheme, period=PERIOD)
    result = Result.objects.get(pk=results["C1"].pk)
    assert result.total == D(0) and result.status == ResultStatus.SENT_BACK
    assert services.result_approve(user=alice, result=result).status == ResultStatus.APPROVED


def test_locked_records_are_refused_with_the_lock_named(results, alice, tree, dana):
    services.result_approve(user=alice, result=results["C1"])
    check_unlocked(tree.g3, on_date=date(2026, 3, 1))  # another community: free
    check_unlocked(tree.g1, on_date=date(2026, 7, 1))  # another period: free
    with pytest.raises(ValidationError) as exc:
        check_unlocked(tree.g1, on_date=date(2026, 3, 1))
    message = exc.value.messages[0]
    assert "西城壕社区党委 2026S1 的记录已锁定" in message and "Alice" in message and "Dana" in message


def test_exception_reopens_one_organisation_until_it_expires(results, alice, dana, tree):
    services.result_approve(user=alice, result=results["C1"])
    with time_machine.travel(timezone.now(), tick=False):
        services.lock_exception_grant(user=dana, organization=tree.c1, until=timezone.now() + timedelta(days=2),
                                      reason="补录走访")
        assert lock_for(tree.g1, on_date=date(2026, 3, 1)) is None
    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False), \
            pytest.raises(ValidationError, match=r"例外授权已于 .* 到期"):
        check_unlocked(tree.g1, on_date=date(2026, 3, 1))


def test_only_the_district_grants_exceptions_and_for_a_limited_time(results, alice, dana, tree):
    with pytest.raises(PermissionDenied, match="只有区级管理员"):
        services.lock_exception_grant(user=alice, organization=tree.c1, until=timezone.now() + timedelta(days=1),
                                      reason="x")
    with pytest.raises(ValidationError, match="最长 30 天"):
        services.lock_exception_grant(user=dana, organization=tree.c1, until=timezone.now() + timedelta(days=31),
                                      reason="x")


def test_approved_result_keeps_its_scores_when_rerun(results, alice, dana, scheme, fixed,
                                                     django_capture_on_commit_callbacks):
    services.result_approve(user=alice, result=results["C1"])
    before = list(Score.objects.filter(organization__code="C1").values_list("indicator_id", "value", "points"))
    fixed["a"]["C1"] = D(1)
    with django_capture_on_commit_callbacks(execute=True):
        services.rollup_start(user=dana, scheme=scheme, period=PERIOD)
    after = list(Score.objects.filter(organization__code="C1").values_list("indicator_id", "value", "points"))
    assert after == before



def test_ledger_records_of_a_locked_period_are_refused_by_their_services(results, alice, carol, dana, tree):
    """The ledgers declare ``period_field``: a demand dated in the approved half-year is refused when
    created or edited, with the lock named; another period stays open, and an exception reopens it."""
    from services import services as ledgers

    earlier = ledgers.demand_create(user=carol, organization=tree.c1, received_on=date(2026, 3, 1), source="visit",
                                    resident_name="王芳", content="楼道灯坏了")
    services.result_approve(user=alice, result=results["C1"])
    with pytest.raises(ValidationError, match="2026S1 的记录已锁定"):
        ledgers.demand_create(user=carol, organization=tree.c1, received_on=date(2026, 3, 2), source="visit",
                              resident_name="王芳", content="楼道灯坏了")
    with pytest.raises(ValidationError, match="已锁定"):
        ledgers.demand_update(user=carol, demand=earlier, reply="已修好")
    assert ledgers.demand_create(user=carol, organization=tree.c1, received_on=date(2026, 7, 1), source="visit",
                                 resident_name="王芳", content="下半年").pk
    services.lock_exception_grant(user=dana, organization=tree.c1, until=timezone.now() + timedelta(days=1),
                                  reason="补录诉求")
    assert ledgers.demand_update(user=carol, demand=earlier, reply="已修好").reply == "已修好"
