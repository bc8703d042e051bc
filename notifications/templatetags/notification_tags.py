"""The bell in the top bar: the unread count, one query per page however often it is drawn."""

from django import template

from notifications.selectors import unread_count_cached

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context) -> dict:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"show": False}
    return {"show": True, "count": unread_count_cached(request)}
