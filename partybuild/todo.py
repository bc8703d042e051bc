"""The home page's to-do list (待办): what waits for this user, gathered from every app.

An app lists providers as ``todo_providers`` on its AppConfig: dotted paths of functions
``provider(user) -> Iterable[Todo | None]``. A provider decides from the user's roles which of its
queues concern them (a street official dispatches reports, department staff sign them) and builds
each with ``todo_from``, which reads at most ``limit`` rows and counts only when there are more,
so a short queue costs one query. Empty queues are left out, so the list says only what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.module_loading import import_string

LIMIT = 5


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Todo:
    label: Promise | str
    count: int
    url: str
    items: tuple[TodoItem, ...]
    # Overdue or past a deadline: shown first, in red.
    is_urgent: bool = False

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def todo_from(qs: QuerySet, *, label, url: str, item: Callable[[object], TodoItem], is_urgent: bool = False,
              limit: int = LIMIT) -> Todo | None:
    """A queue as a to-do: its first ``limit`` rows as items (``qs`` is ordered oldest first) and its size."""
    rows = list(qs[: limit + 1])
    if not rows:
        return None
    count = len(rows) if len(rows) <= limit else qs.count()
    return Todo(label=label, count=count, url=url, items=tuple(item(row) for row in rows[:limit]),
                is_urgent=is_urgent)


@cache
def providers() -> tuple[Callable, ...]:
    found: list[Callable] = []
    for config in apps.get_app_configs():
        found.extend(import_string(path) for path in getattr(config, "todo_providers", ()))
    return tuple(found)


def todos_for(user) -> list[Todo]:
    if not getattr(user, "is_authenticated", False):
        return []
    todos = [todo for provider in providers() for todo in provider(user) if todo is not None]
    # Urgent queues first; otherwise the apps' order (INSTALLED_APPS), which follows the work's flow.
    return sorted(todos, key=lambda t: not t.is_urgent)
