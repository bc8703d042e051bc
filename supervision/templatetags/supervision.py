"""``{% open_rectification org as rect %}``: the organisation's open rectification today, or None."""

from __future__ import annotations

from django import template
from django.utils import timezone

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def open_rectification(context, org):
    request = context.get("request")
    if request is None or org is None:
        return None
    # One query. Shown on the organisation's own page, which the user reached through the scoped
    # tree; a rectification is scoped to its organisation, so whoever sees the page may see it.
    return selectors.open_rectifications([org.pk], on=timezone.localdate()).get(org.pk)
