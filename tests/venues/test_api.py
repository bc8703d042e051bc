"""API: lists scoped, bookings created and answered through the services, refusals as 400/403."""

from __future__ import annotations

import pytest

from venues.models import Booking, BookingStatus

from .factories import make_booking

pytestmark = pytest.mark.django_db


def booking_body(venue, **extra):
    return {"venue": venue.pk, "date": "2026-06-10", "slot": "morning", "group_size": 20, "purpose": "参观",
            "contact_name": "周敏", "contact_phone": "13812345678", **extra}


def test_booking_through_the_api_and_confirming_it(api_client_for, cora, carol, tree, base_c1):
    as_cora = api_client_for(cora)
    response = as_cora.post("/api/v1/venue-bookings/", booking_body(base_c1, booker_org=tree.c2.pk), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["contact_phone"] != "13812345678"
    pk = response.json()["id"]
    assert as_cora.post(f"/api/v1/venue-bookings/{pk}/confirm/", {}, format="json").status_code == 403
    response = api_client_for(carol).post(f"/api/v1/venue-bookings/{pk}/confirm/", {"note": "好"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "confirmed"


def test_double_booking_and_over_capacity_are_400s(api_client_for, cora, tree, base_c1):
    make_booking(base_c1, booker_org=tree.c1)
    client = api_client_for(cora)
    response = client.post("/api/v1/venue-bookings/", booking_body(base_c1, booker_org=tree.c2.pk), format="json")
    assert response.status_code == 400 and "已被预约" in response.content.decode()
    response = client.post(
        "/api/v1/venue-bookings/", booking_body(base_c1, booker_org=tree.c2.pk, slot="evening", group_size=99),
        format="json",
    )
    assert response.status_code == 400 and "大于场地可容纳人数" in response.content.decode()


def test_outsiders_see_no_venue_and_cannot_book_it(api_client_for, charlie, tree, base_c1):
    client = api_client_for(charlie)
    assert client.get("/api/v1/venues/").json()["count"] == 0
    assert client.get(f"/api/v1/venues/{base_c1.pk}/").status_code == 404
    response = client.post("/api/v1/venue-bookings/", booking_body(base_c1, booker_org=tree.s2.pk), format="json")
    assert response.status_code == 400 and Booking.objects.count() == 0


def test_venue_create_and_edit(api_client_for, carol, tree):
    client = api_client_for(carol)
    response = client.post("/api/v1/venues/", {"owner": "C1", "kind": "red_post", "name": "红色驿站", "address": "x",
                                                "capacity": 10, "zone_culture": True}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.patch(f"/api/v1/venues/{pk}/", {"capacity": 12, "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["capacity"] == 12
    response = client.patch(f"/api/v1/venues/{pk}/", {"capacity": 13, "version": 1}, format="json")
    assert response.status_code == 400


def test_bad_filter_is_a_400(api_client_for, carol):
    assert api_client_for(carol).get("/api/v1/venue-bookings/", {"date_from": "x"}).status_code == 400
    assert api_client_for(carol).get("/api/v1/venue-bookings/", {"status": BookingStatus.CONFIRMED}).status_code == 200
