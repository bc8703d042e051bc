import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports import services
from reports.models import EventAction, Source, Status

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64


def test_grid_worker_files_a_report_with_an_event_and_a_number(report, gina):
    assert report.status == Status.REPORTED
    assert report.number.startswith("WG") and report.number.endswith(f"{report.pk:06d}")
    assert report.due_at is not None
    event = report.events.get()
    assert (event.action, event.actor, event.to_status) == (EventAction.FILE, gina, Status.REPORTED)


def test_report_from_another_street_is_refused(charlie, category, tree):
    with pytest.raises(PermissionDenied, match="only report problems in grids of your area"):
        services.report_file(user=charlie, grid=tree.grid1, category=category, description="x")


def test_household_must_live_in_the_grid(dana, category, tree):
    with pytest.raises(ValidationError, match="does not live in this grid"):
        services.report_file(user=dana, grid=tree.grid3, category=category, description="x",
                             household=tree.household1)


def test_photos_are_accepted_by_content(gina, category, tree):
    # The content decides; a name without an extension is fine, a name that contradicts the content is not.
    photos = [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b", JPEG), SimpleUploadedFile("c.webp", WEBP)]
    report = services.report_file(user=gina, grid=tree.grid1, category=category, description="x", photos=photos,
                                  source=Source.VISIT)
    assert sorted(report.photos.values_list("content_type", flat=True)) == ["image/jpeg", "image/png", "image/webp"]
    assert report.source == Source.VISIT


def test_photo_with_image_extension_but_other_content_is_refused(gina, category, tree):
    fake = SimpleUploadedFile("hazard.jpg", b"GIF89a" + b"\x00" * 20)
    with pytest.raises(ValidationError, match="not an accepted file"):
        services.report_file(user=gina, grid=tree.grid1, category=category, description="x", photos=[fake])


def test_photo_over_five_megabytes_is_refused(gina, category, tree):
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError, match="5 MB"):
        services.report_file(user=gina, grid=tree.grid1, category=category, description="x", photos=[big])


def test_auto_dispatch_category_routes_on_filing(gina, category, station, tree):
    category.auto_dispatch = True
    category.save()
    report = services.report_file(user=gina, grid=tree.grid1, category=category, description="x")
    assert (report.status, report.department, report.dispatched_by) == (Status.DISPATCHED, station, None)
    assert report.accept_due_at is not None
