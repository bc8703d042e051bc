"""The leaders panel on grid and building pages (organisation pages of grid branches and building groups)."""

from __future__ import annotations

from django import template

from organizations.models import Level

from .. import selectors

register = template.Library()


@register.inclusion_tag("cadres/_org_leaders_body.html", takes_context=True)
def org_leaders(context, org):
    if org.level not in (Level.GRID, Level.BUILDING):
        return {"show": False}
    request = context["request"]
    return {"show": True, "org": org, "leaders": list(selectors.leaders_of_org(user=request.user, org=org)),
            "request": request}
