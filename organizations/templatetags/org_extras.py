"""Presentation helpers for the tree pages: level badges and the coverage sentence.

They only format what a selector already loaded; none of them queries the database.
"""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from ..models import COMMUNITY_TYPES, LEVEL_DEPTH, SPECIAL_TYPES, Level, MemberStatus, Organization, OrgType
from ..selectors import Coverage

register = template.Library()

# Plural phrases of the coverage sentence. Kept as literal calls so makemessages finds them.
_LEVEL_PHRASES = {
    Level.STREET: lambda n: ngettext("%(count)s street", "%(count)s streets", n),
    Level.COMMUNITY: lambda n: ngettext("%(count)s community", "%(count)s communities", n),
    Level.GRID: lambda n: ngettext("%(count)s grid branch", "%(count)s grid branches", n),
    Level.BUILDING: lambda n: ngettext("%(count)s building group", "%(count)s building groups", n),
    Level.HOUSEHOLD: lambda n: ngettext("%(count)s member household", "%(count)s member households", n),
    Level.SPECIAL: lambda n: ngettext("%(count)s special organisation", "%(count)s special organisations", n),
}
_TYPE_PHRASES = {
    OrgType.COMMITTEE: lambda n: ngettext("%(count)s party committee", "%(count)s party committees", n),
    OrgType.GENERAL_BRANCH: lambda n: ngettext("%(count)s general branch", "%(count)s general branches", n),
    OrgType.BRANCH: lambda n: ngettext("%(count)s branch", "%(count)s branches", n),
}


def _num(n: int) -> str:
    return number_format(n, force_grouping=True)


def _levels_below(root: Organization) -> list[str]:
    """Levels of the five-level chain under ``root``, then special organisations if they can occur."""
    levels = [lvl for lvl, depth in LEVEL_DEPTH.items() if depth > root.depth]
    # Special organisations hang on a street or a community, so only those and their ancestors hold any.
    if root.depth <= LEVEL_DEPTH[Level.COMMUNITY]:
        levels.append(Level.SPECIAL)
    return levels


@register.simple_tag
def coverage_sentence(cov: Coverage) -> str:
    """"2 communities: 1 party committee, 1 branch; 1 grid branch; …; 12 members"."""
    clauses = []
    for level in _levels_below(cov.root):
        n = cov.by_level.get(level, 0)
        if level == Level.SPECIAL and not n:
            continue
        clause = _LEVEL_PHRASES[level](n) % {"count": _num(n)}
        if level == Level.COMMUNITY and n:
            types = [
                _TYPE_PHRASES[t](cov.community_types[t]) % {"count": _num(cov.community_types[t])}
                for t in COMMUNITY_TYPES
                if cov.community_types.get(t)
            ]
            clause = _("%(communities)s: %(types)s") % {
                "communities": clause,
                "types": pgettext("list separator", ", ").join(types),
            }
        clauses.append(clause)
    clauses.append(ngettext("%(count)s member", "%(count)s members", cov.members) % {"count": _num(cov.members)})
    return pgettext("clause separator", "; ").join(clauses)


@register.simple_tag
def coverage_levels(cov: Coverage) -> list[tuple[str, int]]:
    return [(Level(lvl).label, cov.by_level.get(lvl, 0)) for lvl in _levels_below(cov.root)]


@register.simple_tag
def coverage_community_types(cov: Coverage) -> list[tuple[str, int]]:
    return [(OrgType(t).label, cov.community_types.get(t, 0)) for t in COMMUNITY_TYPES]


@register.simple_tag
def coverage_special_types(cov: Coverage) -> list[tuple[str, int]]:
    return [(OrgType(t).label, cov.special_types.get(t, 0)) for t in SPECIAL_TYPES]


@register.simple_tag
def coverage_member_statuses(cov: Coverage) -> list[tuple[str, str, int]]:
    return [(s.value, s.label, cov.members_by_status.get(s.value, 0)) for s in MemberStatus]


@register.simple_tag
def level_badge(org: Organization) -> str:
    return format_html(
        '<span class="badge level-badge level-{}">{}</span>', org.level, org.get_level_display()
    )


@register.filter
def has_type(org: Organization) -> bool:
    """Whether the organisation's type says more than its level (communities and special ones)."""
    return org.org_type != OrgType.STANDARD
