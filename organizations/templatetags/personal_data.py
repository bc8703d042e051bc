"""Template tags that show personal data masked, with a reveal link: every page, every model.

``{% masked obj "phone" %}`` shows any field a model declares in ``personal_fields`` through
``partybuild.personal`` (a birth date is hidden; pages show ``{{ member.birth_date|age }}``).
Seeing the full value is a recorded act with a purpose (``audit:reveal``), offered by
``{% reveal_link obj "phone" %}`` to the roles ``audit.policy.can_reveal`` names; nobody, not even a
district administrator, sees a full value on a page without it.
"""

from __future__ import annotations

from datetime import date

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from audit.policy import can_reveal, may_reveal_somewhere, personal_fields
from partybuild.personal import age_on
from partybuild.personal import masked as masked_value

register = template.Library()


@register.simple_tag
def masked(obj, field: str) -> str:
    """``{% masked member "id_number" %}``: the field as anyone without a recorded reveal sees it."""
    if obj is None:
        return ""
    if field not in personal_fields(obj):
        # A typo must not print a personal value in full: only declared fields go through here.
        raise template.TemplateSyntaxError(f"{type(obj).__name__}.{field} is not a declared personal field")
    return masked_value(obj, field)


@register.simple_tag(takes_context=True)
def reveal_link(context, obj, field: str) -> str:
    """``{% reveal_link member "id_number" %}``: a "Reveal" button for roles that may reveal."""
    request = context.get("request")
    if request is None or obj is None or not getattr(obj, field, "") or field not in personal_fields(obj):
        return ""
    if not can_reveal(request.user, obj):
        return ""
    opts = obj._meta
    url = reverse("audit:reveal", args=[opts.app_label, opts.model_name, obj.pk])
    return format_html('<a class="btn btn-sm btn-outline-secondary ms-2" href="{}?field={}">{}</a>', url, field,
                       _("Reveal"))


@register.simple_tag(takes_context=True)
def may_reveal(context) -> bool:
    """``{% may_reveal as yes %}``: whether to offer exports in full (asked for a purpose, recorded)."""
    request = context.get("request")
    return request is not None and may_reveal_somewhere(request.user)


@register.filter
def age(birth_date: date | None) -> int | str:
    """Age in whole years today; ``{{ member.birth_date|age }}``: what pages show instead of the date."""
    years = age_on(birth_date, timezone.localdate())
    return "" if years is None else years
