"""The unified social credit code (统一社会信用代码, GB 32100-2015) and its check character."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The 31 characters the code uses (no I, O, S, V, Z), in the order of their values 0..30.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Weight of position i is 3**i mod 31.
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_SHAPE = re.compile(rf"^[{CHARSET}]{{18}}$")


def credit_check_char(first17: str) -> str:
    """The check character of the first 17 characters: 31 - (Σ value·weight mod 31), 31 counting as 0."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    return (value or "").strip().upper()


def validate_credit_code(value: str) -> None:
    code = normalise_credit_code(value)
    if not _SHAPE.match(code):
        raise ValidationError(
            _("A unified social credit code has 18 characters: digits and capital letters other than I, O, S, V, Z."),
            code="shape",
        )
    if credit_check_char(code[:17]) != code[17]:
        raise ValidationError(_("The check character of this unified social credit code is wrong."), code="check")
