"""``{% history_url obj as url %}``: the object's history page, or "" when the user may not read it."""

from auditlog.registry import auditlog
from django import template
from django.urls import reverse

from audit.policy import can_see_history

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
