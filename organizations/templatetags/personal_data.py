"""Template tags that show personal data (ID numbers, phones) masked, with a reveal link.

Pages always show the masked value: seeing the full number is a recorded act with a purpose
(``audit:reveal``), offered to the roles ``audit.policy.can_reveal`` names. Exports and the
admin keep their own rule (``scoping.can_view_personal_data``).
"""

from __future__ import annotations

from datetime import date

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from audit.policy import can_reveal, personal_fields

from ..validators import mask_id_number, mask_phone

register = template.Library()


@register.simple_tag
def id_number(member) -> str:
    """``{% id_number member %}``: the ID card number, masked."""
    return mask_id_number(member.id_number or "")


@register.simple_tag
def phone(member) -> str:
    """``{% phone member %}``: the phone number, masked."""
    value = member.phone or ""
    return mask_phone(value) if value else ""


@register.simple_tag(takes_context=True)
def reveal_link(context, obj, field: str) -> str:
    """``{% reveal_link member "id_number" %}``: a "Reveal" button for roles that may reveal."""
    request = context.get("request")
    if request is None or not getattr(obj, field, "") or field not in personal_fields(obj):
        return ""
    if not can_reveal(request.user, obj):
        return ""
    opts = obj._meta
    url = reverse("audit:reveal", args=[opts.app_label, opts.model_name, obj.pk])
    return format_html('<a class="btn btn-sm btn-outline-secondary ms-2" href="{}?field={}">{}</a>', url, field,
                       _("Reveal"))


@register.filter
def age(birth_date: date | None) -> int | str:
    """Age in whole years today; ``{{ member.birth_date|age }}``."""
    if not birth_date:
        return ""
    today = timezone.localdate()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
