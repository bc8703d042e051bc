"""Pages: lists with pinned query counts, the outsider's 404, forms that keep bad input, dashboard figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from volunteers import services
from volunteers.models import ServiceOrder

from .factories import CODE, credit, make_order, make_shop, make_volunteer

pytestmark = pytest.mark.django_db

# session read, user, and the top bar's unread count
# (A read opens no transaction and writes no session since issue 9: partybuild.middleware.)
REQUEST_OVERHEAD = 3


def test_order_list_costs_the_same_queries_for_many_orders(client, alice, tree, team_c1, django_assert_num_queries):
    for i in range(12):
        order = make_order(tree.c1 if i % 2 else tree.c2, need=f"订单标记{i}")
        if i % 2:
            services.order_dispatch(user=alice, order=order, team=team_c1)
    client.force_login(alice)
    # + grants, count, rows (community and assignees joined), "may add an order" check
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):
        response = client.get(reverse("volunteers:order-list"))
    assert response.status_code == 200
    assert response.content.decode().count("订单标记") == 12


def test_order_list_filters_by_status_category_and_subtree(client, alice, tree):
    make_order(tree.c1, category="tutoring", need="辅导数学")
    make_order(tree.c2, category="cleaning", need="打扫楼道")
    client.force_login(alice)
    body = client.get(reverse("volunteers:order-list"), {"category": "tutoring"}).content.decode()
    assert "辅导数学" in body and "打扫楼道" not in body
    body = client.get(reverse("volunteers:order-list"), {"subtree": "C2"}).content.decode()
    assert "打扫楼道" in body and "辅导数学" not in body
    body = client.get(reverse("volunteers:order-list"), {"q": "楼道", "status": "placed"}).content.decode()
    assert "打扫楼道" in body and "辅导数学" not in body


def test_outsider_gets_404_on_an_order(client, charlie, order_c1):
    client.force_login(charlie)
    assert client.get(reverse("volunteers:order-detail", args=[order_c1.pk])).status_code == 404
    assert client.post(reverse("volunteers:order-take", args=[order_c1.pk])).status_code == 404


def test_auditor_sees_the_order_but_gets_403_on_a_step(client, audrey, order_c1):
    client.force_login(audrey)
    page = client.get(reverse("volunteers:order-detail", args=[order_c1.pk]))
    assert page.status_code == 200
    assert reverse("volunteers:order-dispatch", args=[order_c1.pk]) not in page.content.decode()
    assert client.get(reverse("volunteers:order-dispatch", args=[order_c1.pk])).status_code == 403


def test_new_order_form_records_the_order(client, carol, tree):
    client.force_login(carol)
    response = client.post(reverse("volunteers:order-create"), {
        "community": tree.c1.pk, "category": "repairs", "need": "门锁坏了", "resident_name": "赵大爷",
        "phone": "13811112222", "preferred_time": "今天下午",
    })
    order = ServiceOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:order-detail", args=[order.pk])
    assert (order.created_by, order.community, order.steps.get().status) == (carol, tree.c1, "placed")


def test_bad_phone_rerenders_the_form_with_what_was_typed(client, carol, tree):
    client.force_login(carol)
    response = client.post(reverse("volunteers:order-create"), {
        "community": tree.c1.pk, "category": "repairs", "need": "门锁坏了", "phone": "12",
    })
    assert response.status_code == 200 and not ServiceOrder.objects.exists()
    assert "门锁坏了" in response.content.decode() and "invalid-feedback" in response.content.decode()


def test_detail_shows_only_the_buttons_for_the_next_steps(client, carol, zhang, order_c1):
    client.force_login(carol)
    services.order_dispatch(user=carol, order=order_c1, member=zhang)
    body = client.get(reverse("volunteers:order-detail", args=[order_c1.pk])).content.decode()
    assert reverse("volunteers:order-take", args=[order_c1.pk]) in body
    assert reverse("volunteers:order-complete", args=[order_c1.pk]) not in body
    assert reverse("volunteers:order-rate", args=[order_c1.pk]) not in body


def test_whole_workflow_through_the_pages(client, carol, zhang, order_c1):
    client.force_login(carol)
    pk = order_c1.pk
    client.post(reverse("volunteers:order-dispatch", args=[pk]), {"member": zhang.pk})
    client.post(reverse("volunteers:order-take", args=[pk]))
    client.post(reverse("volunteers:order-complete", args=[pk]), {"hours": "2", "confirmation_code": CODE})
    client.post(reverse("volunteers:order-rate", args=[pk]), {"rating": "4", "comment": "很好"})
    order_c1.refresh_from_db()
    assert (order_c1.status, order_c1.rating, order_c1.entries.get().points) == ("rated", 4, 20)


def test_rating_a_placed_order_shows_why_not(client, carol, order_c1):
    client.force_login(carol)
    response = client.post(reverse("volunteers:order-rate", args=[order_c1.pk]), {"rating": "4"})
    assert response.status_code == 200
    # The portal speaks Chinese by default: the service's refusal arrives translated.
    assert "订单完成后居民才能评价" in response.content.decode()


def test_dashboard_counts_this_year_in_the_user_scope(client, alice, charlie, tree, zhang):
    done = make_order(tree.c1)
    services.order_dispatch(user=alice, order=done, member=zhang)
    services.order_take(user=alice, order=done, member=zhang)
    services.order_complete(user=alice, order=done, hours=Decimal("3"), confirmation_code=CODE)
    services.order_rate(user=alice, order=done, rating=4)
    make_order(tree.c2)
    make_order(tree.c3)
    client.force_login(alice)
    context = client.get(reverse("volunteers:home")).context
    figures = {k: context["orders"][k] for k in ("placed", "dispatched", "done")}
    assert figures == {"placed": 2, "dispatched": 1, "done": 1}
    assert (context["orders"]["average_rating"], context["orders"]["hours"]) == (4, Decimal("3"))
    assert context["points"] == {"credited": 30, "redeemed": 0}
    client.force_login(charlie)
    assert client.get(reverse("volunteers:home")).context["orders"]["placed"] == 1


def test_dashboard_statistics_cost_a_fixed_number_of_queries(client, alice, tree, django_assert_num_queries):
    for community in (tree.c1, tree.c2, tree.c1):
        make_order(community)
    client.force_login(alice)
    # + grants, orders aggregate, points aggregate, categories, leaderboard, held credits
    with django_assert_num_queries(REQUEST_OVERHEAD + 6):
        client.get(reverse("volunteers:home"))


def test_ledger_page_and_leaderboard(client, alice, tree, django_assert_num_queries):
    top = make_volunteer(tree.c1, name="积分状元")
    credit(top, 80)
    credit(make_volunteer(tree.c2, name="第二名"), 30)
    client.force_login(alice)
    board = client.get(reverse("volunteers:leaderboard")).content.decode()
    assert board.index("积分状元") < board.index("第二名")
    # + grants, volunteer with balance, ledger count, ledger rows
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):
        ledger = client.get(reverse("volunteers:volunteer-ledger", args=[top.pk]))
    assert "+80" in ledger.content.decode()


def test_volunteer_and_team_lists_cost_fixed_queries(client, alice, tree, team_c1, django_assert_num_queries):
    for i in range(5):
        credit(make_volunteer(tree.c1, name=f"志愿者{i}", team=team_c1), 10)
    client.force_login(alice)
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):  # + grants, count, rows with balances, "may add" check
        assert client.get(reverse("volunteers:volunteer-list")).status_code == 200
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):  # + grants, count, rows with counts, "may add" check
        assert client.get(reverse("volunteers:team-list")).status_code == 200
    # + grants, team, its volunteers with balances, recent orders
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):
        assert client.get(reverse("volunteers:team-detail", args=[team_c1.pk])).status_code == 200


def test_redemption_form_refuses_overdraw_and_keeps_the_input(client, carol, tree):
    volunteer = make_volunteer(tree.c1)
    shop = make_shop(tree.c1)
    credit(volunteer, 10)
    client.force_login(carol)
    url = reverse("volunteers:volunteer-redeem", args=[volunteer.pk])
    response = client.post(url, {"shop": shop.pk, "item": "抽纸一提", "points": 50})
    assert response.status_code == 200 and "抽纸一提" in response.content.decode()
    assert "积分余额仅剩 10" in response.content.decode()
    assert client.post(url, {"shop": shop.pk, "item": "抽纸一提", "points": 10}).status_code == 302


def test_order_detail_costs_fixed_queries_however_long_the_timeline(
    client, carol, zhang, order_c1, django_assert_num_queries
):
    services.order_dispatch(user=carol, order=order_c1, member=zhang)
    services.order_take(user=carol, order=order_c1, member=zhang)
    services.order_complete(user=carol, order=order_c1, hours=2, confirmation_code=CODE)
    client.force_login(carol)
    # + grants, order (community, household, assignees joined), steps with actors, points entries
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):
        body = client.get(reverse("volunteers:order-detail", args=[order_c1.pk])).content.decode()
    # Timeline: dispatched, taken, done (the fixture inserted the order without its "placed" step).
    assert body.count("list-group-item") == 3


def test_outsider_gets_404_on_teams_ledgers_and_redemptions(client, charlie, tree, team_c1):
    volunteer = make_volunteer(tree.c1, team=team_c1)
    client.force_login(charlie)
    order = make_order(tree.c1)
    for name, pk in (("team-detail", team_c1.pk), ("volunteer-ledger", volunteer.pk),
                     ("volunteer-redeem", volunteer.pk), ("order-dispatch", order.pk)):
        assert client.get(reverse(f"volunteers:{name}", args=[pk])).status_code == 404, name


def test_dispatch_page_explains_when_nobody_can_be_dispatched(client, carol, order_c1):
    client.force_login(carol)
    body = client.get(reverse("volunteers:order-dispatch", args=[order_c1.pk])).content.decode()
    assert "本社区还没有报到的在职党员" in body
