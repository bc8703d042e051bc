"""Community secretaries keep their partner shops (积分兑换商家) in the portal, not the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from volunteers.models import PartnerShop


@pytest.fixture
def shop(tree):
    return PartnerShop.objects.create(community=tree.c1, name="惠民超市", offer="日用品")


@pytest.mark.django_db
def test_secretary_adds_a_shop_from_the_portal(client, tree, carol):
    client.force_login(carol)
    response = client.post(reverse("volunteers:shop-create"),
                           {"community": tree.c1.pk, "name": "便民理发店", "offer": "理发一次", "address": "中华路2号"})
    assert response.status_code == 302
    shop = PartnerShop.objects.get(name="便民理发店")
    assert (shop.community, shop.offer, shop.is_active) == (tree.c1, "理发一次", True)
    assert "便民理发店" in client.get(reverse("volunteers:shop-list")).content.decode()


@pytest.mark.django_db
def test_secretary_can_retire_a_shop_and_a_stale_form_is_refused(client, carol, shop):
    client.force_login(carol)
    url = reverse("volunteers:shop-edit", args=[shop.pk])
    data = {"name": shop.name, "offer": shop.offer, "address": "", "version": shop.version}
    assert client.post(url, data).status_code == 302  # is_active unticked: retired, not deleted
    shop.refresh_from_db()
    assert shop.is_active is False and shop.version == 2
    response = client.post(url, {**data, "name": "改名", "version": 1})
    assert response.status_code == 200
    assert "请刷新" in response.content.decode()
    shop.refresh_from_db()
    assert shop.name == "惠民超市"


@pytest.mark.django_db
def test_outsider_gets_404_and_auditor_may_not_add(client, charlie, audrey, shop):
    client.force_login(charlie)
    assert client.get(reverse("volunteers:shop-edit", args=[shop.pk])).status_code == 404
    assert "惠民超市" not in client.get(reverse("volunteers:shop-list")).content.decode()
    client.force_login(audrey)
    assert client.get(reverse("volunteers:shop-create")).status_code == 403
    assert client.get(reverse("volunteers:shop-edit", args=[shop.pk])).status_code == 403


@pytest.mark.django_db
def test_empty_list_invites_the_secretary_to_add_one(client, carol):
    client.force_login(carol)
    html = client.get(reverse("volunteers:shop-list")).content.decode()
    assert "志愿者暂时无法兑换积分" in html
    assert reverse("volunteers:shop-create") in html
