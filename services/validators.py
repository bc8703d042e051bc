"""Checks on uploaded evidence: an allowed type (by extension AND by the file's first bytes) and a size cap."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
# The file's first bytes must agree with its extension, so a renamed executable is refused.
_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}
ALLOWED_EXTENSIONS = tuple(_SIGNATURES)


def validate_evidence_file(file) -> None:
    if not file:
        return
    extension = Path(file.name).suffix.lower()
    if extension not in _SIGNATURES:
        raise ValidationError(
            _("Evidence must be a photo or document (%(types)s).") % {"types": ", ".join(ALLOWED_EXTENSIONS)}
        )
    if file.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_EVIDENCE_BYTES // (1024 * 1024)})
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    if not head.startswith(_SIGNATURES[extension]):
        raise ValidationError(_("The file's content does not match its type %(ext)s.") % {"ext": extension})
