"""Links into the audit pages, or "" when the user may not follow them."""

from auditlog.registry import auditlog
from django import template
from django.urls import reverse

from audit.policy import can_read_access_log, can_see_history

register = template.Library()


@register.simple_tag(takes_context=True)
def history_url(context, obj) -> str:
    request = context.get("request")
    if request is None or obj is None or not auditlog.contains(type(obj)):
        return ""
    if not can_see_history(request.user, obj):
        return ""
    opts = obj._meta
    return reverse("audit:history", args=[opts.app_label, opts.model_name, obj.pk])


@register.simple_tag(takes_context=True)
def access_log_url(context) -> str:
    """``{% access_log_url as url %}``: the register of personal-data reveals, for those who read it."""
    request = context.get("request")
    if request is None or not can_read_access_log(request.user):
        return ""
    return reverse("audit:access-list")
