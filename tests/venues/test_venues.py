"""Venue rules: who keeps them, statistics, photos."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from venues import selectors, services

from .factories import make_venue

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_community_adds_its_service_centre(carol, tree):
    venue = services.venue_create(
        user=carol, owner=tree.c1, kind="service_centre", name="西城壕党群服务中心", address="中华路1号",
        area_m2=Decimal("1200"), capacity=200, zone_member_service=True, zone_mediation=True,
    )
    assert venue.zones() == ["党员服务", "矛盾纠纷调解"]


def test_outsiders_and_grid_workers_cannot_add_a_venue_to_the_community(charlie, gina, tree):
    for user in (charlie, gina):
        with pytest.raises(PermissionDenied):
            services.venue_create(user=user, owner=tree.c1, kind="red_post", name="红色驿站", address="x", capacity=10)


def test_a_stale_edit_is_refused(carol, tree):
    venue = make_venue(tree.c1)
    services.venue_update(user=carol, venue=venue, capacity=40)
    with pytest.raises(ValidationError, match=r"已被他人修改|刷新"):
        services.venue_update(user=carol, venue=venue, version=1, capacity=50)


def test_statistics_give_the_centres_average_area_and_share_over_1000(dana, alice, tree):
    make_venue(tree.c1, name="中心一", kind="service_centre", area_m2=Decimal("1500"))
    make_venue(tree.c2, name="中心二", kind="service_centre", area_m2=Decimal("900"),
               **{f: True for f in ("zone_member_service", "zone_deliberation", "zone_convenience", "zone_culture",
                                    "zone_elderly_care", "zone_mediation")})
    make_venue(tree.c3, name="中心三", kind="service_centre", area_m2=Decimal("1200"))
    make_venue(tree.c1, name="驿站", kind="red_post", area_m2=Decimal("60"))
    stats = selectors.venue_stats(user=dana)
    assert (stats.venues, stats.centres, stats.centres_large) == (4, 3, 2)
    assert stats.centre_avg_area == Decimal("1200.0")
    assert stats.centres_with_all_zones == 1
    assert stats.by_kind["red_post"] == 1
    assert selectors.venue_stats(user=alice).centres == 2  # S1 only


def test_a_photo_is_checked_by_its_content(carol, tree, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    venue = make_venue(tree.c1)
    photo = services.venue_photo_add(user=carol, venue=venue, upload=SimpleUploadedFile("a.png", PNG), caption="正门")
    assert photo.content_type == "image/png" and photo.image.name.endswith(".png")
    with pytest.raises(ValidationError, match=r"不是可接受的文件|内容与文件名不符"):
        services.venue_photo_add(user=carol, venue=venue, upload=SimpleUploadedFile("a.png", b"<html>hi</html>"))
