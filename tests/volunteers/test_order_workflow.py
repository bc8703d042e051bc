"""The 三单制 workflow: legal moves are recorded with actor and time, illegal ones are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from volunteers import services
from volunteers.models import OrderStatus, OrderStep, PointsEntry

from .factories import CODE, in_service_member, make_order, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings; the portal itself defaults to Chinese.
    with translation.override("en"):
        yield


def test_order_goes_from_placed_to_rated_with_every_step_recorded(tree, carol, zhang):
    order = services.order_place(
        user=carol, community=tree.c1, resident_name="王奶奶", phone="13700001111", category="elderly_care",
        need="每周陪同去医院复查", preferred_time="周三上午",
    )
    services.order_dispatch(user=carol, order=order, member=zhang)
    services.order_take(user=carol, order=order, member=zhang)
    services.order_complete(user=carol, order=order, hours=Decimal("2.5"), confirmation_code=order.confirmation_code)
    services.order_rate(user=carol, order=order, rating=5, comment="非常耐心")
    order.refresh_from_db()
    assert order.status == OrderStatus.RATED
    assert (order.hours, order.rating, order.assigned_member) == (Decimal("2.5"), 5, zhang)
    steps = list(OrderStep.objects.filter(order=order).order_by("id").values_list("status", "actor__username"))
    assert steps == [(s, "carol") for s in ("placed", "dispatched", "taken", "done", "rated")]
    assert all(order.steps.values_list("at", flat=True))


def test_rating_before_done_is_refused(tree, carol, zhang, order_c1):
    services.order_dispatch(user=carol, order=order_c1, member=zhang)
    with pytest.raises(ValidationError, match="only once it is done"):
        services.order_rate(user=carol, order=order_c1, rating=4)


def test_taking_an_order_that_was_not_dispatched_is_refused(carol, zhang, order_c1):
    with pytest.raises(ValidationError, match="Only a dispatched order can be taken"):
        services.order_take(user=carol, order=order_c1, member=zhang)


def test_nobody_but_the_assignee_can_take_the_order(tree, carol, zhang, team_c1, order_c1):
    other = in_service_member(branch=tree.g1, community=tree.c1, name="陈静")
    services.order_dispatch(user=carol, order=order_c1, member=zhang)
    with pytest.raises(ValidationError, match="only they can take it"):
        services.order_take(user=carol, order=order_c1, member=other)
    with pytest.raises(ValidationError, match="only they can take it"):
        services.order_take(user=carol, order=order_c1, team=team_c1)
    order_c1.refresh_from_db()
    assert order_c1.status == OrderStatus.DISPATCHED


def test_dispatch_to_a_member_registered_at_another_community_is_refused(tree, carol, order_c1):
    elsewhere = in_service_member(branch=tree.g1, community=tree.c2, name="周敏")
    with pytest.raises(ValidationError, match="not an in-service party member registered at this community"):
        services.order_dispatch(user=carol, order=order_c1, member=elsewhere)


def test_dispatch_to_a_member_not_in_service_is_refused(carol, member_c1, order_c1):
    with pytest.raises(ValidationError, match="not an in-service party member"):
        services.order_dispatch(user=carol, order=order_c1, member=member_c1)


def test_member_registered_here_may_be_dispatched_even_if_their_branch_is_elsewhere(tree, carol, order_c1):
    commuter = in_service_member(branch=tree.g3, community=tree.c1, name="孙伟")
    services.order_dispatch(user=carol, order=order_c1, member=commuter)
    assert order_c1.assigned_member == commuter


def test_dispatch_to_a_team_of_another_community_is_refused(tree, carol, order_c1):
    team_c2 = make_team(tree.c2, name="户部巷志愿服务队")
    with pytest.raises(ValidationError, match="not an active volunteer team of this community"):
        services.order_dispatch(user=carol, order=order_c1, team=team_c2)


def test_dispatch_needs_exactly_one_assignee(carol, zhang, team_c1, order_c1):
    with pytest.raises(ValidationError, match="one party member or to one volunteer team"):
        services.order_dispatch(user=carol, order=order_c1)
    with pytest.raises(ValidationError, match="one party member or to one volunteer team"):
        services.order_dispatch(user=carol, order=order_c1, member=zhang, team=team_c1)


def test_a_dispatched_order_can_be_redispatched_until_taken(carol, zhang, team_c1, order_c1):
    services.order_dispatch(user=carol, order=order_c1, member=zhang)
    services.order_dispatch(user=carol, order=order_c1, team=team_c1)
    assert (order_c1.assigned_member, order_c1.assigned_team) == (None, team_c1)
    services.order_take(user=carol, order=order_c1, team=team_c1)
    with pytest.raises(ValidationError, match="Only a new or not yet taken order can be dispatched"):
        services.order_dispatch(user=carol, order=order_c1, member=zhang)


def test_a_taken_order_cannot_be_cancelled(carol, zhang, order_c1):
    services.order_dispatch(user=carol, order=order_c1, member=zhang)
    services.order_take(user=carol, order=order_c1, member=zhang)
    with pytest.raises(ValidationError, match="nobody has taken yet"):
        services.order_cancel(user=carol, order=order_c1, reason="居民不需要了")


def test_cancelling_needs_a_reason_and_is_recorded(carol, order_c1):
    with pytest.raises(ValidationError, match="Say why the order is cancelled"):
        services.order_cancel(user=carol, order=order_c1, reason=" ")
    services.order_cancel(user=carol, order=order_c1, reason="居民已自行解决")
    assert order_c1.steps.get(status="cancelled").note == "居民已自行解决"


def test_completion_submitted_twice_credits_points_once(carol, zhang, order_c1):
    services.order_dispatch(user=carol, order=order_c1, member=zhang)
    services.order_take(user=carol, order=order_c1, member=zhang)
    services.order_complete(user=carol, order=order_c1, hours=Decimal("1.5"), confirmation_code=CODE)
    stale = type(order_c1).objects.get(pk=order_c1.pk)
    stale.status = OrderStatus.TAKEN  # a second tab that still shows the order as taken
    with pytest.raises(ValidationError, match="Only a taken order can be marked done"):
        services.order_complete(user=carol, order=stale, hours=Decimal("1.5"), confirmation_code=CODE)
    assert PointsEntry.objects.filter(order=order_c1).count() == 1
    assert order_c1.steps.filter(status="done").count() == 1


def test_service_hours_outside_half_an_hour_to_a_day_are_refused(carol, zhang, order_c1):
    services.order_dispatch(user=carol, order=order_c1, member=zhang)
    services.order_take(user=carol, order=order_c1, member=zhang)
    with pytest.raises(ValidationError, match=r"between 0\.5 and 24"):
        services.order_complete(user=carol, order=order_c1, hours=Decimal("30"), confirmation_code=CODE)


def test_rating_is_one_to_five(carol, zhang, order_c1):
    services.order_dispatch(user=carol, order=order_c1, member=zhang)
    services.order_take(user=carol, order=order_c1, member=zhang)
    services.order_complete(user=carol, order=order_c1, hours=1, confirmation_code=CODE)
    with pytest.raises(ValidationError, match="1 to 5"):
        services.order_rate(user=carol, order=order_c1, rating=6)


def test_auditor_cannot_move_an_order(audrey, zhang, order_c1):
    with pytest.raises(PermissionDenied, match="outside your area"):
        services.order_dispatch(user=audrey, order=order_c1, member=zhang)


def test_outsider_cannot_place_an_order_in_another_street(tree, charlie):
    with pytest.raises(PermissionDenied, match="outside your area"):
        services.order_place(user=charlie, community=tree.c1, phone="13700001111", category="errands", need="买菜")


def test_orders_are_placed_at_communities_only(tree, alice):
    with pytest.raises(ValidationError, match="active community"):
        services.order_place(user=alice, community=tree.g1, phone="13700001111", category="errands", need="买菜")


def test_household_must_live_in_the_order_community(tree, alice):
    with pytest.raises(ValidationError, match="does not live in this community"):
        services.order_place(
            user=alice, community=tree.c2, household=tree.household1, phone="13700001111", category="errands",
            need="买菜",
        )


def test_grid_worker_cannot_record_orders_for_the_community_above(tree, gina):
    # Grid workers edit records of their grid only; the order belongs to the community above them.
    with pytest.raises(PermissionDenied, match="outside your area"):
        services.order_place(user=gina, community=tree.c1, phone="13700001111", category="errands", need="买菜")


def test_order_on_a_dispatched_team_keeps_its_other_fields(carol, team_c1, tree):
    order = make_order(tree.c1, need="楼道清扫")
    services.order_dispatch(user=carol, order=order, team=team_c1, note="周末安排")
    assert order.steps.get(status="dispatched").note == "周末安排"
    assert order.need == "楼道清扫"
