"""Who may put the big screen on the wall: district administrators and street officials."""

from __future__ import annotations

from partybuild import scoping


def may_use_screen(user) -> bool:
    # Imported here: the menu reads this from apps.py's declarations before the models are ready.
    from .selectors import SCREEN_ROLES

    return scoping.has_any_role(user, *SCREEN_ROLES)
