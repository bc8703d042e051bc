"""Validators for Chinese identity numbers and phone numbers."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 11643-1999: weights of the first 17 digits, and the check character for sum % 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return _CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_birth_date(value: str) -> date | None:
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str) -> None:
    value = (value or "").upper()
    if not _ID_RE.match(value):
        raise ValidationError(_("An ID card number has 17 digits and a check digit or X."), code="id_format")
    if id_birth_date(value) is None:
        raise ValidationError(_("The birth date inside the ID card number is not a real date."), code="id_birth")
    if id_check_char(value[:17]) != value[17]:
        raise ValidationError(_("The ID card number's check digit is wrong."), code="id_check")


def validate_phone(value: str) -> None:
    if value and not _PHONE_RE.match(value):
        raise ValidationError(_("Enter a mobile number (11 digits) or a landline such as 027-88886666."), code="phone")
