"""The one upload mechanism: type by content, size before writing, generated names, no public URL."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import path

from partybuild import files

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def test_a_jpeg_is_accepted_as_a_jpeg():
    kind = files.check_upload(SimpleUploadedFile("现场.jpg", JPEG), kinds=files.IMAGES, max_bytes=1024)
    assert kind is files.JPEG


def test_html_with_jpeg_magic_bytes_is_refused():
    upload = SimpleUploadedFile("evil.html", JPEG + b"<script>alert(1)</script>")
    with pytest.raises(ValidationError, match="文件内容与文件名不符"):
        files.check_upload(upload, kinds=files.IMAGES, max_bytes=1024)


def test_a_renamed_html_page_is_refused():
    upload = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="不是允许的文件类型"):
        files.check_upload(upload, kinds=files.IMAGES, max_bytes=1024)


def test_an_xlsx_is_recognised_from_its_parts_and_a_plain_zip_is_not():
    assert files.check_upload(SimpleUploadedFile("a.xlsx", xlsx_bytes()), kinds=files.SPREADSHEETS,
                              max_bytes=10_000) is files.XLSX
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    with pytest.raises(ValidationError, match="不是允许的文件类型"):
        files.check_upload(SimpleUploadedFile("a.xlsx", buffer.getvalue()), kinds=files.SPREADSHEETS, max_bytes=10_000)


class _Oversized:
    name = "big.jpg"
    size = 50 * 1024 * 1024

    def read(self, *args):  # the size check must come first: reading would be a failure of the test
        raise AssertionError("read before the size was checked")

    seek = read


def test_size_is_checked_before_anything_is_read():
    with pytest.raises(ValidationError, match="超过 5 MB") as info:
        files.check_upload(_Oversized(), kinds=files.IMAGES, max_bytes=5 * 1024 * 1024, field="photos")
    assert "photos" in info.value.message_dict


def test_files_get_generated_names_and_no_public_url(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    name = files.UploadTo("ledgers/evidence")(None, "../../etc/passwd 身份证.JPG")
    assert name.startswith("ledgers/evidence/") and name.endswith(".jpg") and ".." not in name and "身份证" not in name
    stored = files.private_storage.save(name, ContentFile(JPEG))
    assert (tmp_path / stored).exists()
    with pytest.raises(ValueError, match="private"):
        files.private_storage.url(stored)


def test_downloads_are_attachments_with_the_checked_type(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    stored = files.private_storage.save("x/y.png", ContentFile(PNG))
    fieldfile = files.private_storage.open(stored)
    response = files.attachment(type("F", (), {"open": lambda self, mode: fieldfile})(), content_type="image/png",
                                filename="y.png")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def _echo(request):
    return HttpResponse(f"{sorted(request.FILES)}|{getattr(request, 'refused_uploads', [])}")


urlpatterns = [path("echo/", _echo)]


@pytest.mark.urls("tests.partybuild.test_files")
def test_the_upload_handler_stops_reading_beyond_the_limit(client, settings, db):
    settings.UPLOAD_MAX_BYTES = 1000
    small = SimpleUploadedFile("a.jpg", JPEG)
    big = SimpleUploadedFile("b.jpg", JPEG + b"\x00" * 5000)
    body = client.post("/echo/", {"small": small, "big": big}).content.decode()
    assert body == "['small']|['b.jpg']"


