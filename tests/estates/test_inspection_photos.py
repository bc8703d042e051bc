"""Inspection photos: uploaded by the street (type by content, size first, private storage),
shown on the inspection's page to whoever sees the inspection, and to nobody else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from estates import services
from estates.models import InspectionPhoto
from reports.demo import _demo_png

pytestmark = pytest.mark.django_db
PNG = _demo_png()


@pytest.fixture
def inspection(alice, unit_c1):
    return services.inspection_record(user=alice, unit=unit_c1, inspected_on=dt.date(2026, 3, 2),
                                      items_checked="消防通道", score=82, findings="消防通道堆放杂物")


def test_the_street_adds_a_photo_stored_privately_under_a_generated_name(alice, inspection):
    photo = services.inspection_photo_add(user=alice, inspection=inspection,
                                          upload=SimpleUploadedFile("../../现场.png", PNG), caption="消防通道")
    assert photo.content_type == "image/png" and photo.image.name.startswith("estates/inspections/")
    assert "现场" not in photo.image.name and photo.image.read() == PNG


def test_a_file_that_is_not_an_image_is_refused(alice, inspection):
    with pytest.raises(ValidationError):
        services.inspection_photo_add(user=alice, inspection=inspection,
                                      upload=SimpleUploadedFile("a.png", b"<html>not an image</html>"))
    assert not InspectionPhoto.objects.exists()


def test_a_community_secretary_adds_no_inspection_photo(carol, inspection):
    with pytest.raises(PermissionDenied):
        services.inspection_photo_add(user=carol, inspection=inspection, upload=SimpleUploadedFile("a.png", PNG))


def test_the_inspection_page_shows_the_photo_and_the_scoped_view_serves_it(client, alice, carol, charlie,
                                                                          inspection):
    client.force_login(alice)
    response = client.post(reverse("estates:inspection-photo-upload", args=[inspection.pk]),
                           {"image": SimpleUploadedFile("site.png", PNG), "caption": "楼道"})
    assert response.status_code == 302
    photo = InspectionPhoto.objects.get()
    url = reverse("estates:inspection-photo", args=[photo.pk])
    # The community sees its inspection and the photo, without the upload form.
    client.force_login(carol)
    page = client.get(reverse("estates:inspection-detail", args=[inspection.pk])).content.decode()
    assert f'src="{url}"' in page and 'id="photo-upload"' not in page
    image = client.get(url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content) == PNG
    # Another street sees neither the page nor the photo.
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    assert client.get(reverse("estates:inspection-detail", args=[inspection.pk])).status_code == 404


def test_the_inspection_list_counts_photos_without_a_query_per_row(client, alice, unit_c1, inspection):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.inspection_photo_add(user=alice, inspection=inspection, upload=SimpleUploadedFile("a.png", PNG))
    client.force_login(alice)
    url = reverse("estates:inspection-list")
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert reverse("estates:inspection-detail", args=[inspection.pk]) in page
    for day in (3, 4, 5):
        more = services.inspection_record(user=alice, unit=unit_c1, inspected_on=dt.date(2026, 3, day),
                                          items_checked="照明", score=90)
        services.inspection_photo_add(user=alice, inspection=more, upload=SimpleUploadedFile("a.png", PNG))
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert len(four) == len(one)
