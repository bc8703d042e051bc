"""Pages: lists with pinned query counts, the outsider's 404, the booking form and the answers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from venues.models import Booking, BookingStatus

from .factories import make_booking, make_venue

pytestmark = pytest.mark.django_db

# session read, user, and the top bar's unread count
# (A read opens no transaction and writes no session since issue 9: partybuild.middleware.)
REQUEST_OVERHEAD = 3


def test_venue_list_costs_the_same_queries_for_many_venues(client, alice, tree, django_assert_num_queries):
    for i in range(12):
        owner = tree.c1 if i % 2 else tree.c2
        make_venue(owner, name=f"阵地标记{i}", kind="service_centre", area_m2=Decimal(900 + i * 50))
    client.force_login(alice)
    # + grants, statistics (one aggregate), count, rows (owner joined), "may add a venue" and "may book" checks
    with django_assert_num_queries(REQUEST_OVERHEAD + 6):
        response = client.get(reverse("venues:venue-list"))
    assert response.status_code == 200
    assert response.content.decode().count("阵地标记") == 12


def test_venue_list_filters_by_kind_and_subtree(client, alice, tree):
    make_venue(tree.c1, name="红色驿站一号", kind="red_post")
    make_venue(tree.c2, name="户部巷书屋", kind="red_reading_room")
    client.force_login(alice)
    body = client.get(reverse("venues:venue-list"), {"kind": "red_post"}).content.decode()
    assert "红色驿站一号" in body and "户部巷书屋" not in body
    body = client.get(reverse("venues:venue-list"), {"within": "C2"}).content.decode()
    assert "户部巷书屋" in body and "红色驿站一号" not in body


def test_outsider_gets_404_on_venue_and_booking(client, charlie, tree, base_c1):
    booking = make_booking(base_c1, booker_org=tree.c1)
    client.force_login(charlie)
    assert client.get(reverse("venues:venue-detail", args=[base_c1.pk])).status_code == 404
    assert client.get(reverse("venues:booking-detail", args=[booking.pk])).status_code == 404
    assert client.post(reverse("venues:booking-confirm", args=[booking.pk])).status_code == 404


def test_booking_list_costs_the_same_queries_for_many_bookings(client, carol, tree, base_c1, django_assert_num_queries):
    for i in range(10):
        make_booking(base_c1, booker_org=tree.c2, date=dt.date(2026, 7, 1) + dt.timedelta(days=i), purpose=f"活动{i}")
    client.force_login(carol)
    # + grants, count, rows (venue, owner, booker, unit, recorder joined), "may book" check
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):
        response = client.get(reverse("venues:booking-list"))
    assert response.status_code == 200
    assert response.content.decode().count("/venues/bookings/") >= 10


def test_the_booking_form_books_and_shows_the_refusal_in_words(client, cora, tree, base_c1):
    client.force_login(cora)
    url = reverse("venues:booking-create") + f"?venue={base_c1.pk}"
    form = client.get(url).content.decode()
    assert "微信" not in form  # a web booker is not the venue's staff
    data = {"venue": base_c1.pk, "date": "2026-06-10", "slot": "morning", "group_size": 40, "purpose": "参观学习",
            "booker_org": tree.c2.pk, "channel": "web", "contact_name": "周敏", "contact_phone": "13812345678"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "大于场地可容纳人数" in response.content.decode()
    response = client.post(url, {**data, "group_size": 25})
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == reverse("venues:booking-detail", args=[booking.pk])
    response = client.post(url, {**data, "group_size": 10})
    assert "已被预约" in response.content.decode()


def test_the_venues_staff_may_record_a_hotline_booking(client, carol, tree, base_c1):
    client.force_login(carol)
    url = reverse("venues:booking-create") + f"?venue={base_c1.pk}"
    assert "电话" in client.get(url).content.decode()
    client.post(url, {"venue": base_c1.pk, "date": "2026-06-12", "slot": "evening", "group_size": 12,
                      "purpose": "读书会", "booker_org": tree.c1.pk, "channel": "hotline", "contact_name": "王",
                      "contact_phone": "13812345678"})
    assert Booking.objects.get().channel == "hotline"


def test_the_community_confirms_and_the_visit_count_rises(client, carol, cora, tree, base_c1):
    booking = make_booking(base_c1, booker_org=tree.c2, group_size=18)
    client.force_login(cora)
    assert "booking-confirm" not in client.get(reverse("venues:booking-detail", args=[booking.pk])).content.decode()
    client.force_login(carol)
    page = client.get(reverse("venues:booking-detail", args=[booking.pk])).content.decode()
    assert reverse("venues:booking-confirm", args=[booking.pk]) in page
    assert "13812345678" not in page
    client.post(reverse("venues:booking-confirm", args=[booking.pk]), {"note": "欢迎"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    detail = client.get(reverse("venues:venue-detail", args=[base_c1.pk])).content.decode()
    assert 'data-testid="visit-visitors">18<' in detail


def test_a_booker_who_tries_to_confirm_gets_403(client, cora, tree, base_c1):
    booking = make_booking(base_c1, booker_org=tree.c2)
    client.force_login(cora)
    assert client.post(reverse("venues:booking-confirm", args=[booking.pk])).status_code == 403
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_venue_form_creates_and_edits(client, carol, tree):
    client.force_login(carol)
    response = client.post(reverse("venues:venue-create"), {
        "owner": tree.c1.pk, "kind": "service_centre", "name": "西城壕党群服务中心", "address": "中华路1号",
        "area_m2": "1300", "capacity": 150, "zone_culture": "on", "is_bookable": "on", "is_active": "on",
    })
    assert response.status_code == 302
    venue = tree.c1.venues.get()
    response = client.post(reverse("venues:venue-edit", args=[venue.pk]), {
        "kind": "service_centre", "name": "西城壕党群服务中心", "address": "中华路1号", "area_m2": "1350",
        "capacity": 150, "is_active": "on", "version": venue.version,
    })
    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.area_m2 == Decimal("1350") and not venue.is_bookable and venue.version == 2


def test_grid_worker_and_auditor_cannot_add_venues(client, gina, audrey, tree, base_c1):
    for user in (gina, audrey):
        client.force_login(user)
        assert client.get(reverse("venues:venue-edit", args=[base_c1.pk])).status_code in (403, 404)
    client.force_login(audrey)
    assert client.get(reverse("venues:venue-create")).status_code == 403


def test_photo_upload_and_view(client, carol, base_c1, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(carol)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    upload = SimpleUploadedFile("m.png", png)
    client.post(reverse("venues:photo-upload", args=[base_c1.pk]), {"image": upload, "caption": "大门"})
    photo = base_c1.photos.get()
    response = client.get(reverse("venues:photo", args=[photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_visits_page_totals(client, dana, tree, base_c1):
    make_booking(base_c1, booker_org=tree.c2, group_size=22, status=BookingStatus.CONFIRMED)
    client.force_login(dana)
    response = client.get(reverse("venues:visits"), {"year": "2026"})
    assert response.status_code == 200
    assert response.context["totals"] == {"groups": 1, "visitors": 22, "bases": 1}
