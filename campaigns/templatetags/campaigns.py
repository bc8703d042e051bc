"""``{% latest_star_grade org=… member=… as grade %}``: the badge the organisation and member pages show."""

from __future__ import annotations

from django import template

from ..selectors import latest_grade

register = template.Library()


@register.simple_tag
def latest_star_grade(org=None, member=None):
    # The page already fetched org/member through its scoped queryset.
    if member is not None:
        return latest_grade(member=member)
    return latest_grade(organization=org) if org is not None else None
