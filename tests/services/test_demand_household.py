"""Residents' demands link a household from the web form: only households of the chosen organisation in the
user's scope are offered, and a forged one from another area is refused with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grids.models import Building, Household
from services.models import Demand
from services.services import demand_create

CREATE = "services:demand-create"


@pytest.fixture
def far_household(tree):
    """A household of grid G3 (street S2): outside gina's and carol's areas."""
    building = Building.objects.create(grid=tree.grid3, name="9号楼", address="杨园路9号")
    return Household.objects.create(building=building, unit="2-202", head_name="李外人")


def _offered(response) -> list[int]:
    return [h.pk for h in response.context["form"].fields["household"].queryset]


def _post(tree, organization, household) -> dict:
    return {"organization": organization.pk, "household": household.pk, "received_on": "2026-06-01",
            "source": "visit", "resident_name": "张桂英", "phone": "", "content": "楼道灯坏了"}


def test_grid_worker_is_offered_only_the_households_of_her_grid(client, gina, tree, far_household):
    client.force_login(gina)
    response = client.get(reverse(CREATE))
    assert _offered(response) == [tree.household1.pk]
    assert "1号楼 1-101 王建国" in response.content.decode()


def test_secretary_is_offered_households_once_the_organisation_is_chosen(client, carol, tree, far_household):
    client.force_login(carol)
    assert _offered(client.get(reverse(CREATE))) == []
    response = client.get(reverse(CREATE), {"organization": tree.c1.pk})
    assert _offered(response) == [tree.household1.pk]
    # The organisation select asks the page again for the household field only.
    body = response.content.decode()
    assert 'hx-select="#field-household"' in body and 'id="field-household"' in body


def test_another_areas_organisation_in_the_query_offers_nothing(client, carol, tree, far_household):
    client.force_login(carol)
    assert _offered(client.get(reverse(CREATE), {"organization": tree.g3.pk})) == []


@pytest.mark.parametrize("actor, org", [("gina", "g1"), ("carol", "c1")])
def test_demand_recorded_through_the_page_links_the_household(client, request, tree, actor, org):
    client.force_login(request.getfixturevalue(actor))
    response = client.post(reverse(CREATE), _post(tree, getattr(tree, org), tree.household1))
    demand = Demand.objects.get()
    assert response.status_code == 302 and demand.household == tree.household1
    detail = client.get(reverse("services:demand-detail", args=[demand.pk])).content.decode()
    assert "1号楼 1-101 · 王建国" in detail
    listing = client.get(reverse("services:demand-list"), {"year": "2026"}).content.decode()
    assert "1号楼 1-101" in listing


@pytest.mark.parametrize("actor, org", [("gina", "g1"), ("carol", "c1")])
def test_forged_household_of_another_area_is_refused_and_nothing_saved(client, request, tree, far_household,
                                                                       actor, org):
    client.force_login(request.getfixturevalue(actor))
    response = client.post(reverse(CREATE), _post(tree, getattr(tree, org), far_household))
    assert response.status_code == 200
    # The default language is Chinese: the secretary reads why in her own words.
    assert response.context["form"].errors["household"] == ["请选择受理组织辖区内的住户。"]
    assert response.context["form"]["resident_name"].value() == "张桂英"
    assert not Demand.objects.exists()


def test_household_is_optional(client, gina, tree):
    client.force_login(gina)
    data = {**_post(tree, tree.g1, tree.household1), "household": ""}
    assert client.post(reverse(CREATE), data).status_code == 302
    assert Demand.objects.get().household is None


def test_service_refuses_a_household_outside_the_receiving_organisation(dana, tree, far_household):
    with pytest.raises(ValidationError, match="请选择受理组织辖区内的住户") as exc:
        demand_create(user=dana, organization=tree.c1, received_on=dt.date(2026, 6, 1), source="visit",
                      resident_name="张桂英", content="楼道灯坏了", household=far_household)
    assert "household" in exc.value.message_dict and not Demand.objects.exists()


@pytest.fixture
def demand(gina, tree):
    return demand_create(user=gina, organization=tree.g1, received_on=dt.date(2026, 3, 1), source="wechat",
                         resident_name="张桂英", content="3号楼下水道堵塞")


def _edit(demand, household) -> dict:
    return {"household": household.pk, "handler": "", "status": "received", "reply": "", "satisfaction": "",
            "version": demand.version}


def test_edit_form_links_a_household_of_the_demand_organisation(client, gina, tree, demand, far_household):
    client.force_login(gina)
    url = reverse("services:demand-edit", args=[demand.pk])
    assert _offered(client.get(url)) == [tree.household1.pk]
    assert client.post(url, _edit(demand, tree.household1)).status_code == 302
    demand.refresh_from_db()
    assert demand.household == tree.household1 and demand.version == 2


def test_edit_form_refuses_a_forged_household(client, gina, demand, far_household):
    client.force_login(gina)
    response = client.post(reverse("services:demand-edit", args=[demand.pk]), _edit(demand, far_household))
    assert response.status_code == 200 and "household" in response.context["form"].errors
    demand.refresh_from_db()
    assert demand.household is None and demand.version == 1
