"""``{% latest_star_grade org=… member=… as grade %}``: the badge the organisation and member pages
show; ``{% stars n %}``: a grade as five stars; ``{% grade_movement grade %}``: against last year."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from ..selectors import latest_grade

register = template.Library()

_FILLED = "★"
_EMPTY = mark_safe('<span class="text-body-tertiary">☆</span>')


@register.simple_tag
def latest_star_grade(org=None, member=None):
    # The page already fetched org/member through its scoped queryset.
    if member is not None:
        return latest_grade(member=member)
    return latest_grade(organization=org) if org is not None else None


@register.simple_tag
def stars(n):
    """``n`` of five stars filled, named for screen readers. A tag, not an include: the grade list
    draws up to 80 of them, and an include with its loop cost a third of the page (issue 9)."""
    n = int(n or 0)
    label = ngettext("%(n)s star", "%(n)s stars", n) % {"n": n}
    return format_html('<span class="text-warning" aria-label="{}">{}</span>', label,
                       mark_safe("".join(_FILLED if i <= n else _EMPTY for i in range(1, 6))))


@register.simple_tag
def grade_movement(grade):
    """The reviewed grade against last year's (▲ up from 3, ▼ down from 4, unchanged, first grade)."""
    before = grade.previous_member_grade if grade.member_id else grade.previous_org_grade
    if not grade.grade:
        return "—"
    if before is None:
        return format_html('<span class="text-body-secondary">{}</span>', gettext("first grade"))
    if grade.grade > before:
        return format_html('<span class="text-success">▲ {}</span>', gettext("up from %(before)s") % {"before": before})
    if grade.grade < before:
        down = gettext("down from %(before)s") % {"before": before}
        return format_html('<span class="text-danger">▼ {}</span>', down)
    return format_html('<span class="text-body-secondary">{}</span>', gettext("unchanged"))
