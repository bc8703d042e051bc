"""Personal data in the API: masked for every role through one serializer mixin; the reveal
endpoint stays the only way to a full value."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from partybuild.api_personal import PersonalDataSerializerMixin
from partybuild.personal import age_on, mask_id_number, mask_phone, personal_fields
from services.models import Demand
from tests.volunteers.factories import make_order, make_volunteer

PHONE = "13912345678"


@pytest.fixture
def api():
    return APIClient()


def test_every_api_serializer_of_a_model_with_personal_fields_masks_them():
    """The check a new record type must pass: its read serializer comes through the mixin."""
    from partybuild.api_urls import router

    for _, viewset, _ in router.registry:
        serializer = getattr(viewset, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is not None and personal_fields(model):
            assert issubclass(serializer, PersonalDataSerializerMixin), serializer


@pytest.mark.parametrize("actor", ["dana", "alice", "carol"])
def test_member_api_masks_and_gives_the_age_instead_of_the_birth_date(api, member_c1, actor, request):
    api.force_authenticate(request.getfixturevalue(actor))
    for response in (api.get(reverse("member-detail", args=[member_c1.pk])), api.get(reverse("member-list"))):
        body = response.content.decode()
        assert response.status_code == 200
        assert member_c1.id_number not in body and member_c1.birth_date.isoformat() not in body
    row = api.get(reverse("member-detail", args=[member_c1.pk])).json()
    assert row["id_number"] == mask_id_number(member_c1.id_number) and row["phone"] == mask_phone(member_c1.phone)
    assert "birth_date" not in row and row["age"] == age_on(member_c1.birth_date, timezone.localdate())


def test_household_demand_order_and_volunteer_phones_are_masked_for_the_district_admin(api, tree, dana):
    tree.household1.phone = PHONE
    tree.household1.save(update_fields=["phone"])
    demand = Demand.objects.create(organization=tree.c1, received_on=dt.date(2026, 3, 1), source="visit",
                                   resident_name="张", phone=PHONE, content="路灯不亮")
    order = make_order(tree.c1, phone=PHONE)
    volunteer = make_volunteer(tree.c1, phone=PHONE)
    api.force_authenticate(dana)
    for url in (reverse("household-detail", args=[tree.household1.pk]), reverse("household-list"),
                reverse("ledger-demand-detail", args=[demand.pk]), reverse("ledger-demand-list"),
                reverse("service-order-detail", args=[order.pk]), reverse("service-order-list"),
                reverse("volunteer-detail", args=[volunteer.pk])):
        response = api.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert PHONE not in body, url
    assert api.get(reverse("household-detail", args=[tree.household1.pk])).json()["phone"] == mask_phone(PHONE)
    assert api.get(reverse("service-order-detail", args=[order.pk])).json()["phone"] == mask_phone(PHONE)


def test_an_empty_phone_stays_empty(api, tree, dana):
    api.force_authenticate(dana)
    assert api.get(reverse("household-detail", args=[tree.household1.pk])).json()["phone"] == ""
