"""Every upload of the portal goes through ``partybuild.files``: report photos, ledger evidence and
import files are checked by content, refused by size before they are read, stored privately under a
generated name, and downloaded only through a scoped view (outsiders get 404)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports import services as import_services
from imports.models import ImportJob
from partybuild import files
from reports import services as report_services
from reports.models import ReportPhoto
from services.models import Fulfilment
from services.services import fulfilment_record, pledge_create
from tests.conftest import make_user
from tests.imports import ORG_HEADERS, xlsx_bytes
from tests.reports.factories import CategoryFactory

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EVIL_HTML = JPEG + b"<html><script>alert(document.cookie)</script></html>"
BAD_ORGS = [ORG_HEADERS, ["C9", "新河社区党总支", "community", "general_branch", "S1"],
            ["G5", "网格", "grid", "", "S1"]]


class Oversized:
    """An upload that declares 50 MB: reading it would fail the test, so the size must be checked first."""

    size = 50 * 1024 * 1024

    def __init__(self, name: str):
        self.name = name

    def read(self, *args):
        raise AssertionError("the upload was read before its size was checked")

    seek = tell = open = chunks = read


@pytest.fixture
def category(db):
    return CategoryFactory(code="safety", name="安全隐患", time_limit_hours=72)


@pytest.fixture
def item(carol, member_c1):
    pledge = pledge_create(user=carol, member=member_c1, year=2026,
                           items=[{"content": "每月走访独居老人", "deadline": dt.date(2026, 5, 31), "target": "10户"}])
    return pledge.items.get()


@pytest.fixture
def _spring(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 1, 10, 0), tick=False)


def _file_report(user, grid, category, upload):
    return report_services.report_file(user=user, grid=grid, category=category, description="井盖缺失",
                                       photos=[upload])


def _record_evidence(user, item, upload):
    return fulfilment_record(user=user, item=item, done_on=dt.date(2026, 3, 1), description="走访5户",
                             evidence_file=upload)


def _import(user, upload):
    return import_services.import_job_create(user=user, kind="orgs", upload=upload)


# --- an .html file with JPEG magic bytes is refused everywhere ------------------------------------

def test_html_with_jpeg_magic_bytes_is_no_report_photo(gina, tree, category):
    with pytest.raises(ValidationError, match="文件内容与文件名不符"):
        _file_report(gina, tree.grid1, category, SimpleUploadedFile("photo.html", EVIL_HTML))
    assert not ReportPhoto.objects.exists()


@pytest.mark.usefixtures("_spring")
def test_html_with_jpeg_magic_bytes_is_no_evidence(gina, item):
    with pytest.raises(ValidationError, match="文件内容与文件名不符"):
        _record_evidence(gina, item, SimpleUploadedFile("证明.html", EVIL_HTML))
    assert not Fulfilment.objects.exists()


def test_html_with_jpeg_magic_bytes_is_no_import(alice, tree):
    with pytest.raises(ValidationError, match="文件内容与文件名不符"):
        _import(alice, SimpleUploadedFile("orgs.html", EVIL_HTML))
    assert not ImportJob.objects.exists()


def test_html_with_jpeg_magic_bytes_is_refused_by_the_pages(client, gina, alice, tree, category):
    client.force_login(gina)
    response = client.post(reverse("reports:create"), {
        "grid": tree.grid1.pk, "category": category.pk, "description": "井盖缺失",
        "photos": SimpleUploadedFile("photo.html", EVIL_HTML, content_type="image/jpeg")})
    assert response.status_code == 200 and "文件内容与文件名不符" in response.content.decode()
    client.force_login(alice)
    response = client.post(reverse("imports:upload"), {
        "kind": "orgs", "file": SimpleUploadedFile("orgs.html", EVIL_HTML, content_type="text/csv")})
    assert response.status_code == 200 and "文件内容与文件名不符" in response.content.decode()
    assert not ReportPhoto.objects.exists() and not ImportJob.objects.exists()


# --- oversized uploads are refused before they are read -------------------------------------------

def test_oversized_photo_is_refused_before_it_is_read(gina, tree, category):
    with pytest.raises(ValidationError, match="超过 5 MB"):
        _file_report(gina, tree.grid1, category, Oversized("现场.jpg"))


@pytest.mark.usefixtures("_spring")
def test_oversized_evidence_is_refused_before_it_is_read(gina, item):
    with pytest.raises(ValidationError, match="超过 5 MB"):
        _record_evidence(gina, item, Oversized("证明.pdf"))


def test_oversized_import_is_refused_before_it_is_read(alice, tree, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    with pytest.raises(ValidationError, match="超过 20 MB"):
        _import(alice, Oversized("orgs.xlsx"))


# --- stored names are generated, files are private -------------------------------------------------

def _assert_generated(stored: str, prefix: str, extension: str, user_name: str) -> None:
    assert stored.startswith(prefix + "/") and stored.endswith(extension)
    assert Path(user_name).stem not in stored and ".." not in stored
    with pytest.raises(ValueError, match="private"):
        files.private_storage.url(stored)


def test_stored_names_are_generated_from_the_content(gina, alice, tree, category, item, time_machine):
    # A JPEG sent as "...png" is refused; one sent without an extension is stored as .jpg.
    report = _file_report(gina, tree.grid1, category, SimpleUploadedFile("../井盖 身份证", JPEG))
    _assert_generated(report.photos.get().image.name, "reports/photos", ".jpg", "井盖 身份证")
    time_machine.move_to(dt.datetime(2026, 6, 1, 10, 0), tick=False)
    fulfilment = _record_evidence(gina, item, SimpleUploadedFile("张三 身份证.JPEG", JPEG))
    _assert_generated(fulfilment.evidence_file.name, "ledgers/evidence", ".jpg", "张三 身份证")
    job = _import(alice, SimpleUploadedFile("新河 名单.xlsx", xlsx_bytes(BAD_ORGS)))
    _assert_generated(job.file.name, "imports/uploads", ".xlsx", "新河 名单")
    _assert_generated(job.rejected_file.name, "imports/rejected", ".xlsx", "新河 名单")
    assert job.original_name == "新河 名单.xlsx"  # shown on the pages, never a path


# --- downloads only through scoped views, as attachments; outsiders get 404 ------------------------

def _download(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_report_photo_view(client, gina, charlie, tree, category):
    report = _file_report(gina, tree.grid1, category, SimpleUploadedFile("a.jpg", JPEG))
    url = reverse("reports:photo", args=[report.photos.get().pk])
    response = _download(client, gina, url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment") and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == JPEG
    assert _download(client, charlie, url).status_code == 404


@pytest.mark.usefixtures("_spring")
def test_evidence_view(client, gina, carol, charlie, item):
    fulfilment = _record_evidence(gina, item, SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"0" * 40))
    url = reverse("services:fulfilment-evidence", args=[fulfilment.pk])
    response = _download(client, carol, url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment") and "sandbox" in response["Content-Security-Policy"]
    assert _download(client, charlie, url).status_code == 404
    api = _download(client, carol, f"/api/v1/ledgers/fulfilments/{fulfilment.pk}/")
    assert api.status_code == 200 and api.json()["evidence_file"].endswith(url)


def test_rejected_rows_view(client, alice, charlie, tree):
    job = _import(alice, SimpleUploadedFile("orgs.xlsx", xlsx_bytes(BAD_ORGS)))
    url = reverse("imports:job-errors", args=[job.pk])
    response = _download(client, alice, url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert _download(client, charlie, url).status_code == 404
    # Another account of the same street: jobs belong to their creator.
    assert _download(client, make_user("alice2", "street_official", tree.s1), url).status_code == 404


@pytest.mark.usefixtures("_spring")
def test_admin_pages_link_to_the_scoped_views(client, gina, alice, tree, category, item):
    report = _file_report(gina, tree.grid1, category, SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20))
    photo = report.photos.get()
    fulfilment = _record_evidence(gina, item, SimpleUploadedFile("a.jpg", JPEG))
    job = _import(alice, SimpleUploadedFile("orgs.xlsx", xlsx_bytes(BAD_ORGS)))
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    for page, link in (
        (reverse("admin:reports_reportphoto_change", args=[photo.pk]), reverse("reports:photo", args=[photo.pk])),
        (reverse("admin:reports_gridreport_change", args=[report.pk]), reverse("reports:photo", args=[photo.pk])),
        (reverse("admin:services_fulfilment_change", args=[fulfilment.pk]),
         reverse("services:fulfilment-evidence", args=[fulfilment.pk])),
        (reverse("admin:imports_importjob_change", args=[job.pk]), reverse("imports:job-errors", args=[job.pk])),
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        assert link in response.content.decode(), page
