"""``{% load rights %}``: templates ask ``partybuild.rights`` before showing a button.

A button (新建, 编辑, 结束, 派单 …) renders only when the page or action it leads to would admit the
user, asked through the same functions the view calls, never a role name compared in a template::

    {% load rights %}
    {% may "edit" post.grid.branch as can_end %}{% if can_end %}<a …>结束</a>{% endif %}
    {% is_district_admin as district %}{% if district %}<a …>规则预演</a>{% endif %}

Grants are loaded once per request (``scoping.grants``), so these tags add no query per row.
"""

from __future__ import annotations

from django import template

from partybuild import rights

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def may(context, action: str, org) -> bool:
    """Whether the user may ``action`` (view, edit, manage) on organisation ``org`` (``rights.may``)."""
    user = _user(context)
    return bool(user is not None and org is not None and user.is_authenticated and rights.may(user, action, org))


@register.simple_tag(takes_context=True)
def is_district_admin(context) -> bool:
    user = _user(context)
    return bool(user is not None and user.is_authenticated and rights.is_district_admin(user))
