"""Template tags that show personal data (ID numbers, phones) masked unless the viewer may see it.

The decision comes from ``scoping.can_view_personal_data`` for the request's user, whose role
grants are cached on the user object, so a list of any length costs no extra query.
"""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone

from partybuild.scoping import can_view_personal_data

from ..validators import mask_id_number, mask_phone

register = template.Library()


def _may_see(context) -> bool:
    request = context.get("request")
    return bool(request is not None and can_view_personal_data(request.user))


@register.simple_tag(takes_context=True)
def id_number(context, member) -> str:
    """``{% id_number member %}``: the ID card number, masked for viewers without the right."""
    value = member.id_number or ""
    return value if _may_see(context) else mask_id_number(value)


@register.simple_tag(takes_context=True)
def phone(context, member) -> str:
    """``{% phone member %}``: the phone number, masked for viewers without the right."""
    value = member.phone or ""
    if not value:
        return ""
    return value if _may_see(context) else mask_phone(value)


@register.filter
def age(birth_date: date | None) -> int | str:
    """Age in whole years today; ``{{ member.birth_date|age }}``."""
    if not birth_date:
        return ""
    today = timezone.localdate()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
