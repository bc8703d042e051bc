"""Who is offered the comparison: a role over a district, street or community (a community
compares its grids); below that there is nothing to set side by side, and department staff have
only their inbox."""

from __future__ import annotations

from accounts.models import Role
from partybuild.scoping import grants, is_unrestricted

COMPARED_DEPTH_MAX = 3


def sees_comparison(user) -> bool:
    return is_unrestricted(user) or any(
        g.depth <= COMPARED_DEPTH_MAX and g.role != Role.DEPARTMENT_STAFF for g in grants(user)
    )
