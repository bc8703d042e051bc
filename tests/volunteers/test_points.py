"""Time bank and points: credits on completion, a ledger-derived balance, redemptions without overdraw."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils import translation

from volunteers import services
from volunteers.models import PointsEntry, Redemption, Volunteer

from .factories import CODE, credit, make_shop, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Assertions read the English source strings; the portal itself defaults to Chinese.
    with translation.override("en"):
        yield


def _done(order, *, user, hours, **assignee):
    services.order_dispatch(user=user, order=order, **assignee)
    services.order_take(user=user, order=order, **assignee)
    return services.order_complete(user=user, order=order, hours=hours, confirmation_code=CODE)


def test_member_gets_a_points_account_and_ten_points_an_hour(tree, carol, zhang, order_c1):
    _done(order_c1, user=carol, hours=Decimal("2.5"), member=zhang)
    account = Volunteer.objects.get(member=zhang, community=tree.c1)
    entry = account.entries.get()
    assert (entry.kind, entry.points, entry.hours, entry.order) == ("credit", 25, Decimal("2.5"), order_c1)
    assert services.volunteer_balance(volunteer_id=account.pk) == 25


def test_second_order_credits_the_same_member_account(tree, carol, zhang, order_c1):
    from .factories import make_order

    _done(order_c1, user=carol, hours=1, member=zhang)
    _done(make_order(tree.c1), user=carol, hours=2, member=zhang)
    account = Volunteer.objects.get(member=zhang)
    assert services.volunteer_balance(volunteer_id=account.pk) == 30


def test_team_order_credits_the_members_who_served(tree, carol, team_c1, order_c1):
    li = make_volunteer(tree.c1, name="李强", team=team_c1)
    wu = make_volunteer(tree.c1, name="吴霞", team=team_c1)
    services.order_dispatch(user=carol, order=order_c1, team=team_c1)
    services.order_take(user=carol, order=order_c1, team=team_c1)
    services.order_complete(user=carol, order=order_c1, hours=3, volunteers=[li, wu], confirmation_code=CODE)
    assert sorted(PointsEntry.objects.values_list("volunteer__name", "points")) == [("吴霞", 30), ("李强", 30)]


def test_team_order_credits_the_leader_when_nobody_is_named(carol, team_c1, order_c1):
    services.order_dispatch(user=carol, order=order_c1, team=team_c1)
    services.order_take(user=carol, order=order_c1, team=team_c1)
    services.order_complete(user=carol, order=order_c1, hours=1, confirmation_code=CODE)
    assert list(PointsEntry.objects.values_list("volunteer", flat=True)) == [team_c1.leader_id]


def test_someone_outside_the_team_cannot_be_credited(tree, carol, team_c1, order_c1):
    stranger = make_volunteer(tree.c1, name="路人")
    services.order_dispatch(user=carol, order=order_c1, team=team_c1)
    services.order_take(user=carol, order=order_c1, team=team_c1)
    with pytest.raises(ValidationError, match="Only members of the team"):
        services.order_complete(user=carol, order=order_c1, hours=1, volunteers=[stranger], confirmation_code=CODE)
    order_c1.refresh_from_db()
    assert order_c1.status == "taken" and not PointsEntry.objects.exists()


def test_balance_is_credits_minus_redemptions(tree, carol):
    volunteer = make_volunteer(tree.c1)
    shop = make_shop(tree.c1)
    credit(volunteer, 40)
    credit(volunteer, 15)
    services.redemption_create(user=carol, volunteer=volunteer, shop=shop, item="洗衣液", points=30)
    assert services.volunteer_balance(volunteer_id=volunteer.pk) == 25
    debit = PointsEntry.objects.get(kind="debit")
    assert (debit.points, debit.redemption.item) == (-30, "洗衣液")


def test_redemption_cannot_overdraw_the_balance(tree, carol):
    volunteer = make_volunteer(tree.c1)
    shop = make_shop(tree.c1)
    credit(volunteer, 20)
    with pytest.raises(ValidationError, match="Only 20 points are left"):
        services.redemption_create(user=carol, volunteer=volunteer, shop=shop, item="食用油", points=21)
    assert not Redemption.objects.exists()


def test_redemption_only_at_a_shop_of_the_volunteer_community(tree, alice):
    volunteer = make_volunteer(tree.c1)
    credit(volunteer, 50)
    with pytest.raises(ValidationError, match="partner shop of the volunteer's community"):
        services.redemption_create(user=alice, volunteer=volunteer, shop=make_shop(tree.c2), item="米", points=10)


@pytest.mark.django_db(transaction=True)
def test_concurrent_redemptions_never_overdraw(tree, carol, uses_postgres):
    """Two redemptions of 30 against a balance of 50, at the same moment: exactly one succeeds."""
    if not uses_postgres:
        pytest.skip("SQLite serialises writers itself; row locks are exercised on PostgreSQL")
    volunteer = make_volunteer(tree.c1)
    shop = make_shop(tree.c1)
    credit(volunteer, 50)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def redeem():
        try:
            barrier.wait()
            services.redemption_create(user=carol, volunteer=volunteer, shop=shop, item="米", points=30)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=redeem) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert services.volunteer_balance(volunteer_id=volunteer.pk) == 20


def test_the_database_refuses_a_second_credit_for_the_same_order(tree):
    from django.db import IntegrityError, transaction

    volunteer = make_volunteer(tree.c1)
    entry = credit(volunteer, 10)
    # PostgreSQL names the constraint, SQLite its columns.
    refused = r"one_credit_per_order_volunteer|pointsentry\.volunteer_id, volunteers_pointsentry\.order_id"
    with pytest.raises(IntegrityError, match=refused), transaction.atomic():
        credit(volunteer, 10, order=entry.order)
