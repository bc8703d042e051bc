"""The main menu: each app declares its entries, the menu shows a user only what their roles reach.

An app lists its entries as ``nav_items`` on its AppConfig (a tuple of ``NavItem``); the context
processor ``portal_nav`` gathers them into the groups below, in ``INSTALLED_APPS`` order, and drops
entries whose ``show`` says no for this user. A group with one visible entry shows as a plain link,
with more as a dropdown. ``show`` decides from the user's role grants, which are loaded once per
request anyway, so the menu adds no query to a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

# Group keys and their titles, in menu order.
GROUPS: dict[str, Promise] = {
    "organisation": _("Organisation"),
    "governance": _("Governance and services"),
    "campaigns": _("Ratings and assessment"),
    "people": _("Cadres and venues"),
    "admin": _("Data and records"),
}


def sees_tree(user) -> bool:
    """Whether the user has an area of the tree to look at (department staff have only their inbox)."""
    # Imported here: apps.py modules import this one before the models are ready.
    from partybuild import scoping

    return scoping.is_unrestricted(user) or bool(scoping.scope_paths(user, scoping.VIEW))


def anyone(user) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    group: str
    # View-name prefixes under which this entry is the current one ("reports:" covers the whole app,
    # "organizations:member" every member page).
    active: tuple[str, ...] = ()
    # Who sees the entry: a function of the user, or its dotted path (apps.py cannot import policies
    # that import models).
    show: Callable[[object], bool] | str = sees_tree

    def shown_to(self, user) -> bool:
        show = import_string(self.show) if isinstance(self.show, str) else self.show
        return bool(show(user))

    def is_active(self, view_name: str) -> bool:
        return bool(view_name) and any(view_name.startswith(p) for p in self.active)


@dataclass(frozen=True)
class NavEntry:
    label: Promise
    url: str
    is_active: bool


@dataclass(frozen=True)
class NavGroup:
    key: str
    title: Promise
    entries: tuple[NavEntry, ...]

    @property
    def is_active(self) -> bool:
        return any(e.is_active for e in self.entries)


@cache
def declared_items() -> tuple[NavItem, ...]:
    """Read once: the apps' declarations do not change while the process runs."""
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "nav_items", ()))
    unknown = {item.group for item in items} - GROUPS.keys()
    if unknown:
        raise ValueError(f"nav_items name unknown menu groups: {sorted(unknown)}")
    return tuple(items)


def menu_for(user, view_name: str = "") -> list[NavGroup]:
    if not getattr(user, "is_authenticated", False):
        return []
    by_group: dict[str, list[NavEntry]] = {key: [] for key in GROUPS}
    for item in declared_items():
        if not item.shown_to(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        by_group[item.group].append(NavEntry(item.label, url, item.is_active(view_name)))
    return [NavGroup(key, GROUPS[key], tuple(entries)) for key, entries in by_group.items() if entries]


def portal_nav(request) -> dict[str, object]:
    """Context processor: ``portal_nav``, computed only when a template renders it."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    return {"portal_nav": SimpleLazyObject(lambda: menu_for(getattr(request, "user", None), view_name))}
