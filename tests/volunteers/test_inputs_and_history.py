"""Order moves in the change history; no phone crosses streets; API inputs and query strings are
scoped and validated; phones are searched by the whole number only."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from volunteers import services
from volunteers.models import OrderStatus, Volunteer

from .factories import CODE, in_service_member, make_order, make_team, make_volunteer

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- the change history ---------------------------------------------------------------------------

def test_an_order_through_five_steps_has_five_history_entries_with_its_status(carol, tree, zhang):
    order = services.order_place(user=carol, community=tree.c1, phone="13700001111", category="errands", need="买药")
    services.order_dispatch(user=carol, order=order, member=zhang)
    services.order_take(user=carol, order=order, member=zhang)
    services.order_complete(user=carol, order=order, hours=1, confirmation_code=order.confirmation_code)
    services.order_rate(user=carol, order=order, rating=5)
    entries = list(LogEntry.objects.get_for_object(order).order_by("pk"))
    statuses = [e.changes["status"] for e in entries]
    assert len(entries) == 5
    assert statuses == [
        ["None", "placed"], ["placed", "dispatched"], ["dispatched", "taken"], ["taken", "done"], ["done", "rated"],
    ]
    # Each move names who made it (the creation's actor comes from the request, absent here).
    assert [e.actor for e in entries[1:]] == [carol] * 4
    # The timeline keeps its own row per step, as before.
    assert list(order.steps.values_list("status", flat=True)) == ["placed", "dispatched", "taken", "done", "rated"]


def test_a_refused_move_leaves_no_history_entry(carol, order_c1):
    before = LogEntry.objects.get_for_object(order_c1).count()
    with pytest.raises(ValidationError):
        services.order_rate(user=carol, order=order_c1, rating=4)
    assert LogEntry.objects.get_for_object(order_c1).count() == before


# --- security #18: no phone crosses streets -----------------------------------------------------

def test_completing_an_order_copies_no_phone_of_a_member_from_another_street(client, alice, carol, tree):
    commuter = in_service_member(branch=tree.g3, community=tree.c1, name="孙伟")
    commuter.phone = "13987654321"
    commuter.save(update_fields=["phone"])
    order = make_order(tree.c1)
    services.order_dispatch(user=carol, order=order, member=commuter)
    services.order_take(user=carol, order=order, member=commuter)
    services.order_complete(user=carol, order=order, hours=2, confirmation_code=CODE)
    account = Volunteer.objects.get(member=commuter)
    assert (account.community, account.phone, account.name) == (tree.c1, "", "孙伟")
    client.force_login(alice)
    for url in (reverse("volunteers:volunteer-ledger", args=[account.pk]), reverse("volunteers:volunteer-list"),
                reverse("volunteers:order-detail", args=[order.pk])):
        body = client.get(url).content.decode()
        assert "13987654321" not in body, url
    assert "13987654321" not in str(api(alice).get(reverse("volunteer-detail", args=[account.pk])).data)


def test_no_history_entry_holds_the_members_phone(carol, tree):
    commuter = in_service_member(branch=tree.g3, community=tree.c1, name="孙伟")
    commuter.phone = "13987654321"
    commuter.save(update_fields=["phone"])
    order = make_order(tree.c1)
    services.order_dispatch(user=carol, order=order, member=commuter)
    services.order_take(user=carol, order=order, member=commuter)
    services.order_complete(user=carol, order=order, hours=2, confirmation_code=CODE)
    account = Volunteer.objects.get(member=commuter)
    assert "13987654321" not in str(list(LogEntry.objects.get_for_object(account).values_list("changes", flat=True)))


# --- scoped API inputs ----------------------------------------------------------------------------

def test_taking_names_an_outsiders_member_as_unknown(carol, tree, zhang, member_c3, order_c1):
    services.order_dispatch(user=carol, order=order_c1, member=zhang)
    response = api(carol).post(reverse("service-order-take", args=[order_c1.pk]), {"member": member_c3.pk},
                               format="json")
    assert response.status_code == 400 and "member" in response.data
    order_c1.refresh_from_db()
    assert order_c1.status == OrderStatus.DISPATCHED


def test_outsiders_team_is_unknown_on_dispatch(carol, tree, order_c1):
    team_c3 = make_team(tree.c3, name="杨园志愿服务队")
    response = api(carol).post(reverse("service-order-dispatch", args=[order_c1.pk]), {"team": team_c3.pk},
                               format="json")
    assert response.status_code == 400 and "team" in response.data


def test_completion_credits_only_volunteers_in_scope(carol, tree, team_c1, order_c1):
    outsider = make_volunteer(tree.c3, name="外街志愿者")
    services.order_dispatch(user=carol, order=order_c1, team=team_c1)
    services.order_take(user=carol, order=order_c1, team=team_c1)
    response = api(carol).post(reverse("service-order-complete", args=[order_c1.pk]), {
        "hours": "1", "volunteers": [outsider.pk], "confirmation_code": CODE,
    }, format="json")
    assert response.status_code == 400 and "volunteers" in response.data


def test_redemption_names_an_outsiders_volunteer_as_unknown(carol, tree):
    outsider = make_volunteer(tree.c3, name="外街志愿者")
    response = api(carol).post(reverse("redemption-list"), {"volunteer": outsider.pk, "shop": 1, "item": "米",
                                                            "points": 1}, format="json")
    assert response.status_code == 400 and "volunteer" in response.data


def test_team_leader_of_another_street_is_unknown(carol, tree, team_c1):
    outsider = make_volunteer(tree.c3, name="外街志愿者")
    response = api(carol).patch(reverse("volunteer-team-detail", args=[team_c1.pk]), {"leader": outsider.pk},
                                format="json")
    assert response.status_code == 400 and "leader" in response.data


@pytest.mark.parametrize(("route", "query"), [
    ("service-order-list", {"placed_after": "2026-02-30"}),
    ("service-order-list", {"placed_before": "yesterday"}),
    ("service-order-list", {"status": "lost"}),
    ("volunteer-team-list", {"community": "abc"}),
    ("service-order-step-list", {"order": "x"}),
    ("points-entry-list", {"kind": "gift"}),
    ("partner-shop-list", {"community": "-1"}),
    ("redemption-list", {"volunteer": "x"}),
    ("held-credit-list", {"status": "maybe"}),
])
def test_bad_query_string_is_a_400(alice, route, query):
    response = api(alice).get(reverse(route), query)
    assert response.status_code == 400, response.content
    assert set(query) <= set(response.data)


def test_filter_by_an_outsiders_community_reads_like_an_unknown_one(alice, tree):
    outsider = api(alice).get(reverse("volunteer-team-list"), {"community": tree.c3.pk})
    unknown = api(alice).get(reverse("volunteer-team-list"), {"community": 999_999})
    assert outsider.status_code == unknown.status_code == 400


# --- security: phones only by the whole number ----------------------------------------------------

def test_orders_are_found_by_the_whole_phone_but_never_by_a_part(client, alice, tree):
    make_order(tree.c1, phone="13712345678", need="修水管")
    client.force_login(alice)
    url = reverse("volunteers:order-list")
    assert "修水管" in client.get(url, {"q": "13712345678"}).content.decode()
    for part in ("5678", "345678", "1371234567", "137"):
        assert "修水管" not in client.get(url, {"q": part}).content.decode(), part
    assert api(alice).get(reverse("service-order-list"), {"q": "5678"}).data["count"] == 0
    assert api(alice).get(reverse("service-order-list"), {"q": "13712345678"}).data["count"] == 1


def test_volunteers_are_found_by_the_whole_phone_but_never_by_a_part(alice, tree):
    make_volunteer(tree.c1, name="刘芳", phone="13600001234")
    client = api(alice)
    assert client.get(reverse("volunteer-list"), {"q": "13600001234"}).data["count"] == 1
    for part in ("1234", "0001234", "1360000123"):
        assert client.get(reverse("volunteer-list"), {"q": part}).data["count"] == 0, part
    assert client.get(reverse("volunteer-list"), {"q": "刘"}).data["count"] == 1
