"""Uploaded files (附件): evidence, report photos and import files, handled one way.

- **Type by content.** :func:`check_upload` reads the first bytes and accepts only the kinds the
  caller names (a JPEG header on an ``.html`` file is refused: the name's extension must agree
  with the content, and the stored name takes the extension of the content, never the upload's).
- **Size before writing.** The size is checked before anything reaches the storage, and
  :class:`BoundedUploadHandler` stops reading a request body beyond ``UPLOAD_MAX_BYTES``.
- **Generated names.** :func:`upload_to` stores ``<app>/<model>/<yyyy>/<mm>/<uuid><ext>``; the
  user's file name is never a path.
- **No public URL.** Files live in :data:`private_storage`, whose ``url()`` refuses: a file is
  downloaded only through a view that fetches its record through the scoped selector and answers
  with :func:`attachment` (``Content-Disposition: attachment``, the checked content type,
  ``nosniff``, and a sandboxing CSP).
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.html import format_html
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    extensions: tuple[str, ...]


JPEG = Kind("image/jpeg", ".jpg", (".jpg", ".jpeg"))
PNG = Kind("image/png", ".png", (".png",))
WEBP = Kind("image/webp", ".webp", (".webp",))
PDF = Kind("application/pdf", ".pdf", (".pdf",))
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", (".xlsx",))
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", (".docx",))
CSV = Kind("text/csv", ".csv", (".csv", ".txt"))

IMAGES = (JPEG, PNG, WEBP)
DOCUMENTS = (*IMAGES, PDF, DOCX, XLSX)
SPREADSHEETS = (XLSX, CSV)
ALL_KINDS = (JPEG, PNG, WEBP, PDF, XLSX, DOCX, CSV)
OCTET_STREAM = Kind("application/octet-stream", "", ())


def stored_kind(*, name: str = "", content_type: str = "") -> Kind:
    """The kind of a stored file, from its checked content type or from the extension its checked
    content gave its generated name (for download views); unknown: an octet stream."""
    extension = Path(name).suffix.lower()
    for kind in ALL_KINDS:
        if (content_type and kind.content_type == content_type) or (not content_type and extension in kind.extensions):
            return kind
    return OCTET_STREAM


def _sniff(head: bytes, upload) -> Kind | None:
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    if head and b"\x00" not in head and not head.lstrip().startswith(b"<"):
        return CSV
    return None


def _office_kind(upload) -> Kind | None:
    # An OOXML file is a zip whose parts say what it is; any other zip is refused.
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if any(n.startswith("word/") for n in names):
        return DOCX
    return None


def _names(kinds) -> str:
    return "、".join(sorted({k.extension.lstrip(".").upper() for k in kinds}))


def check_upload(upload, *, kinds: tuple[Kind, ...], max_bytes: int, field: str | None = None) -> Kind:
    """The kind of ``upload`` judged from its bytes, or ValidationError (keyed by ``field``).

    Checks the size first, so an oversized file is refused before it is read or stored.
    """
    def refuse(message: str):
        raise ValidationError({field: message} if field else message)

    name = getattr(upload, "name", "") or ""
    if upload.size is not None and upload.size > max_bytes:
        refuse(_("“%(name)s” is larger than %(mb)s MB.") % {"name": Path(name).name, "mb": _mb(max_bytes)})
    if not upload.size:
        refuse(_("“%(name)s” is empty.") % {"name": Path(name).name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = _sniff(head, upload)
    extension = Path(name).suffix.lower()
    if kind is None or kind not in kinds or (extension and extension not in kind.extensions):
        refuse(_("“%(name)s” is not an accepted file (%(types)s), or its content does not match its name.")
               % {"name": Path(name).name, "types": _names(kinds)})
    return kind


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def rename_for_storage(upload, kind: Kind):
    """Give ``upload`` a generated name with the extension of its checked content."""
    upload.name = f"{uuid.uuid4().hex}{kind.extension}"
    return upload


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Uploaded files on disk, never under a public URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        super().__init__(**kwargs)

    def url(self, name):
        raise ValueError("Uploaded files are private: link to the record's download view instead.")

    @property
    def location(self):  # follow the setting, so tests can point it at a temporary folder
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)


private_storage = PrivateStorage()


@deconstructible
class UploadTo:
    """``upload_to`` of every file field: ``<prefix>/<yyyy>/<mm>/<uuid><ext>``."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        extension = Path(filename).suffix.lower()[:8]
        return f"{self.prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and other.prefix == self.prefix


def attachment(fieldfile, *, content_type: str, filename: str) -> FileResponse:
    """Send a stored file as a download, never rendered by the browser as a page."""
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError) as exc:  # the row outlived its file (restored database, cleaned disk)
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def inline_image(fieldfile, *, content_type: str, filename: str) -> FileResponse:
    """A checked image for an ``<img>`` tag: still an attachment to a browser that opens it."""
    if content_type not in {k.content_type for k in IMAGES}:
        raise Http404
    return attachment(fieldfile, content_type=content_type, filename=filename)


def download_link(fieldfile, *, url: str, label: str) -> str:
    """An admin column for a private file (its storage has no URL): a link to its scoped download view."""
    return format_html('<a href="{}">{}</a>', url, label) if fieldfile else "—"


class BoundedUploadHandler(FileUploadHandler):
    """Stop reading any uploaded file beyond ``UPLOAD_MAX_BYTES``: nothing larger reaches the disk.

    The file is skipped (it does not appear in ``request.FILES``) and its name is kept in
    ``request.refused_uploads``, so the form can say why instead of "this field is required".
    """

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            refused = getattr(self.request, "refused_uploads", [])
            refused.append(self.file_name)
            self.request.refused_uploads = refused
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def save_photo_form(request, form, add, *, done=None) -> None:
    """Run ``add(upload, caption)`` (the app's photo service) for a valid photo form, and say how it
    went in the page's messages: done, the service's refusal, a file over the upload limit (the
    handler above left it out of ``request.FILES``) or no file chosen. Pages then redirect back."""
    from django.contrib import messages

    if not form.is_valid():
        refused = getattr(request, "refused_uploads", [])
        messages.error(request, _("The photo is too large.") if refused else _("Choose a photo to upload."))
        return
    try:
        add(form.cleaned_data["image"], form.cleaned_data.get("caption", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done or _("Photo added."))
