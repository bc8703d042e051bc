"""The resident's confirmation code (居民确认码) of an order: the second party to a completion.

When an order is placed the portal makes a six-digit code, shows it once to whoever records the
order (to hand to the resident, on the slip or by text message) and keeps only a keyed hash of it.
The resident gives the code to the volunteer when the service is done; entering it is what lets
the community mark the order done and credit points, so one account alone cannot invent a
service. Wrong codes are counted per order (in the cache, which a refused request's rollback does
not undo); after :data:`MAX_ATTEMPTS` the code no longer works and the street must confirm.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac

CODE_DIGITS = 6
MAX_ATTEMPTS = 5
# Failed attempts are forgotten after a day: at most five guesses a day out of a million codes.
ATTEMPT_WINDOW = 24 * 60 * 60
_KEY_SALT = "volunteers.ServiceOrder.confirmation"


def new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def digest(code: str, *, salt: str | None = None) -> str:
    """``salt$hmac``: keyed with SECRET_KEY, so a copy of the table alone does not give the codes."""
    salt = salt or secrets.token_hex(8)
    return f"{salt}${salted_hmac(_KEY_SALT, f'{salt}:{code}', algorithm='sha256').hexdigest()}"


def matches(stored: str, code: str) -> bool:
    if not stored or "$" not in stored:
        return False
    salt = stored.split("$", 1)[0]
    return constant_time_compare(stored, digest(code.strip(), salt=salt))


def _key(order_pk: int) -> str:
    return f"volunteers:order-code-failures:{order_pk}"


def is_locked(order_pk: int) -> bool:
    return (cache.get(_key(order_pk)) or 0) >= MAX_ATTEMPTS


def count_failure(order_pk: int) -> None:
    key = _key(order_pk)
    if not cache.add(key, 1, ATTEMPT_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, ATTEMPT_WINDOW)


def forget_failures(order_pk: int) -> None:
    cache.delete(_key(order_pk))
