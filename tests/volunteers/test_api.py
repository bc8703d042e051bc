"""The API: the order workflow as actions, scoped lists and lookups, service errors as 400/403."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from volunteers.models import OrderStep, PointsEntry, ServiceOrder

from .factories import credit, make_order, make_shop, make_volunteer

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def action(order, name):
    return reverse(f"service-order-{name}", args=[order.pk])


def test_order_workflow_through_the_api(carol, tree, zhang):
    client = api(carol)
    created = client.post(reverse("service-order-list"), {
        "community": "C1", "phone": "13811112222", "category": "legal_advice", "need": "咨询租房合同纠纷",
    }, format="json")
    assert created.status_code == 201, created.data
    order = ServiceOrder.objects.get(pk=created.data["id"])
    assert client.post(action(order, "dispatch"), {"member": zhang.pk}, format="json").status_code == 200
    assert client.post(action(order, "take"), {"member": zhang.pk}, format="json").status_code == 200
    code = created.data["confirmation_code"]
    done = client.post(action(order, "complete"), {"hours": "1.5", "confirmation_code": code}, format="json")
    assert done.status_code == 200 and done.data["status"] == "done"
    rated = client.post(action(order, "rate"), {"rating": 5, "comment": "专业"}, format="json")
    assert rated.data["status"] == "rated" and rated.data["rating"] == 5
    assert PointsEntry.objects.get().points == 15


def test_refused_move_is_a_400_with_the_reason(carol, order_c1):
    response = api(carol).post(action(order_c1, "rate"), {"rating": 5}, format="json")
    assert response.status_code == 400
    assert "订单完成后居民才能评价" in str(response.data)  # the API answers in the portal's language


def test_taking_an_order_dispatched_to_someone_else_is_a_400(carol, tree, zhang, team_c1, order_c1):
    client = api(carol)
    client.post(action(order_c1, "dispatch"), {"team": team_c1.pk}, format="json")
    response = client.post(action(order_c1, "take"), {"member": zhang.pk}, format="json")
    assert response.status_code == 400 and "只有其本人可以接单" in str(response.data)


def test_dispatch_to_a_member_not_registered_here_is_a_400(carol, tree, member_c3, order_c1):
    response = api(carol).post(action(order_c1, "dispatch"), {"member": member_c3.pk}, format="json")
    assert response.status_code == 400 and "member" in response.data


def test_outsider_gets_404_on_orders_and_nothing_in_lists(charlie, order_c1, tree):
    client = api(charlie)
    assert client.get(reverse("service-order-detail", args=[order_c1.pk])).status_code == 404
    assert client.post(action(order_c1, "cancel"), {"reason": "x"}, format="json").status_code == 404
    assert client.get(reverse("service-order-list")).data["count"] == 0


def test_outsider_cannot_place_an_order_in_another_community(charlie):
    response = api(charlie).post(reverse("service-order-list"), {
        "community": "C1", "phone": "13811112222", "category": "errands", "need": "买药",
    }, format="json")
    assert response.status_code == 400 and "community" in response.data


def test_auditor_gets_403_on_a_step(audrey, zhang, order_c1):
    response = api(audrey).post(action(order_c1, "dispatch"), {"member": zhang.pk}, format="json")
    assert response.status_code == 403


def test_redemption_through_the_api_refuses_overdraw(carol, tree):
    volunteer = make_volunteer(tree.c1)
    shop = make_shop(tree.c1)
    credit(volunteer, 25)
    client = api(carol)
    url = reverse("redemption-list")
    refused = client.post(url, {"volunteer": volunteer.pk, "shop": shop.pk, "item": "米", "points": 26}, format="json")
    assert refused.status_code == 400 and "points" in refused.data
    ok = client.post(url, {"volunteer": volunteer.pk, "shop": shop.pk, "item": "米", "points": 25}, format="json")
    assert ok.status_code == 201
    assert client.get(reverse("volunteer-detail", args=[volunteer.pk])).data["balance"] == 0


def test_order_list_query_count_does_not_grow(alice, tree, django_assert_num_queries):
    client = api(alice)
    make_order(tree.c1)
    client.get(reverse("service-order-list"))
    # count, rows (community and assignees joined); the forced user keeps its grants cached
    with django_assert_num_queries(2) as first:
        client.get(reverse("service-order-list"))
    for i in range(10):
        make_order(tree.c2, need=f"需求{i}")
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(reverse("service-order-list"))
    assert response.data["count"] == 11


def test_teams_volunteers_ledger_and_shops_are_listed_in_scope(alice, charlie, tree, team_c1):
    entry = credit(make_volunteer(tree.c1, team=team_c1), 10)
    OrderStep.objects.create(order=entry.order, status="placed", at=entry.created_at)
    make_shop(tree.c1)
    for name in ("volunteer-team-list", "volunteer-list", "points-entry-list", "partner-shop-list",
                 "service-order-step-list"):
        assert api(alice).get(reverse(name)).data["count"] >= 1, name
        assert api(charlie).get(reverse(name)).data["count"] == 0, name


def test_team_created_and_renamed_through_the_api(carol):
    client = api(carol)
    created = client.post(reverse("volunteer-team-list"), {"community": "C1", "name": "银龄志愿服务队"}, format="json")
    assert created.status_code == 201
    url = reverse("volunteer-team-detail", args=[created.data["id"]])
    renamed = client.patch(url, {"name": "银龄互助队", "version": 1}, format="json")
    assert renamed.status_code == 200 and renamed.data["version"] == 2
    stale = client.patch(url, {"name": "旧名", "version": 1}, format="json")
    assert stale.status_code == 400


@pytest.mark.parametrize("route", ["volunteer-team-list", "volunteer-list"])
@pytest.mark.parametrize(("body", "missing"), [({"community": "C1"}, "name"), ({"name": "张三"}, "community")])
def test_creating_without_a_required_field_is_a_400_naming_it(carol, route, body, missing):
    response = api(carol).post(reverse(route), body, format="json")
    assert response.status_code == 400
    assert missing in response.data


def test_order_for_a_household_of_the_community(carol, tree):
    response = api(carol).post(reverse("service-order-list"), {
        "community": "C1", "household": tree.household1.pk, "phone": "13811112222", "category": "cleaning",
        "need": "楼道清扫",
    }, format="json")
    assert response.status_code == 201 and response.data["household"] == tree.household1.pk


def test_household_outside_the_users_area_is_refused(charlie, tree):
    response = api(charlie).post(reverse("service-order-list"), {
        "community": "C3", "household": tree.household1.pk, "phone": "13811112222", "category": "cleaning",
        "need": "楼道清扫",
    }, format="json")
    assert response.status_code == 400 and "household" in response.data


def test_volunteer_may_be_a_member_registered_here_but_not_an_outsiders_member(carol, tree, zhang, member_c3):
    client = api(carol)
    url = reverse("volunteer-list")
    ok = client.post(url, {"community": "C1", "name": zhang.name, "member": zhang.pk}, format="json")
    assert ok.status_code == 201 and ok.data["member"] == zhang.pk
    refused = client.post(url, {"community": "C1", "name": "赵强", "member": member_c3.pk}, format="json")
    assert refused.status_code == 400 and "member" in refused.data


def test_the_residents_phone_is_masked_in_the_api_and_on_the_page(dana, client, tree):
    order = make_order(tree.c1)
    data = api(dana).get(reverse("service-order-detail", args=[order.pk])).data
    assert data["phone"] == "137****5678"
    client.force_login(dana)
    page = client.get(reverse("volunteers:order-detail", args=[order.pk])).content.decode()
    assert "13712345678" not in page and "137****5678" in page
    # The district admin may unmask it, through the audited reveal page.
    assert reverse("audit:reveal", args=["volunteers", "serviceorder", order.pk]) in page


def test_a_member_of_another_community_cannot_volunteer_here_through_the_api(alice, tree):
    from tests.organizations.factories import MemberFactory

    # alice (street S1) sees both communities, so only the rule itself can refuse this.
    elsewhere = MemberFactory(branch=tree.c2)
    response = api(alice).post(reverse("volunteer-list"), {"community": "C1", "name": "王芳", "member": elsewhere.pk},
                               format="json")
    assert response.status_code == 400
    assert "member" in response.data
