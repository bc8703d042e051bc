"""The admin of the volunteers app: scoped lists, writes through the services, history read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from volunteers.models import OrderStep, PartnerShop, PointsEntry, Redemption, ServiceOrder, Volunteer, VolunteerTeam

from .factories import credit, debit, make_order, make_shop, make_team, make_volunteer

pytestmark = pytest.mark.django_db
MODELS = [VolunteerTeam, Volunteer, ServiceOrder, OrderStep, PartnerShop, Redemption, PointsEntry]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def rows(tree):
    """A row of every model in C1 (street S1) and in C3 (street S2)."""
    for community, tag in ((tree.c1, "内"), (tree.c3, "外")):
        team = make_team(community, name=f"{tag}队")
        volunteer = make_volunteer(community, name=f"{tag}志愿者", team=team)
        shop = make_shop(community, name=f"{tag}商家")
        entry = credit(volunteer, 30, order=make_order(community, need=f"{tag}需求", status="done"))
        OrderStep.objects.create(order=entry.order, status="placed", at=entry.created_at, note=f"{tag}步骤")
        debit(volunteer, shop, 10)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_street_official_sees_only_their_street_in_the_admin(client, alice, rows, model):
    client.force_login(staff(alice))
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    inside = model.objects.filter(**{f"{model.scope_field}__path__startswith": alice.roles.get().organization.path})
    assert response.context["cl"].result_count == inside.count()
    assert 0 < inside.count() < model.objects.count()


def test_outsider_gets_no_change_page(client, charlie, rows):
    client.force_login(staff(charlie))
    order = ServiceOrder.objects.get(need="内需求")
    assert client.get(admin_url(ServiceOrder, "change", order.pk)).status_code == 302


def test_team_added_in_the_admin_goes_through_the_service(client, alice, tree):
    client.force_login(staff(alice))
    response = client.post(admin_url(VolunteerTeam, "add"), {"community": tree.c1.pk, "name": "助老服务队",
                                                             "speciality": "陪诊", "is_active": "on"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert VolunteerTeam.objects.get(name="助老服务队").community == tree.c1


def test_admin_refuses_a_team_outside_the_users_area(client, alice, tree):
    client.force_login(staff(alice))
    response = client.post(admin_url(VolunteerTeam, "add"), {"community": tree.c3.pk, "name": "外队"})
    assert response.status_code == 200 and not VolunteerTeam.objects.filter(name="外队").exists()


def test_orders_and_ledger_are_read_only_in_the_admin(client, alice, rows):
    client.force_login(staff(alice))
    order = ServiceOrder.objects.get(need="内需求")
    client.post(admin_url(ServiceOrder, "change", order.pk), {"need": "改过"})
    order.refresh_from_db()
    assert order.need == "内需求"
    assert client.get(admin_url(PointsEntry, "add")).status_code == 403
