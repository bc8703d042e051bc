"""The home page's to-do list (待办): what waits for this user, gathered from every app.

An app lists providers as ``todo_providers`` on its AppConfig: dotted paths of functions
``provider(user) -> Iterable[Todo | None]``. A provider decides from the user's roles which of its
queues concern them (a street official dispatches reports, department staff sign them) and builds
each with ``todo_from``, which reads at most ``limit`` rows and counts only when there are more,
so a short queue costs one query. Empty queues are left out, so the list says only what to do.

The list is cached per session (the home page is read again and again; a dozen queues cost more
than the rest of the page) under a version that moves once a change to any model a queue reads
commits: each app names those models as ``todo_models`` on its AppConfig, and ``todo_from``
refuses a queue over a model nobody named. Writes through ``save()``/``delete()`` and the
set-based ``partybuild.locking`` updates move it; anything else (time passing a deadline) shows
within :data:`CACHE_SECONDS`.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import get_language

LIMIT = 5
CACHE_SECONDS = 60
VERSION_KEY = "todo:version"
# Who holds which role, and where in the tree: every queue's filter depends on them.
ALWAYS_WATCHED = ("accounts.RoleAssignment", "organizations.Organization")


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
    if qs.model not in watched_models():
        raise ImproperlyConfigured(f"{qs.model._meta.label} feeds a to-do queue: name it in its app's todo_models")
    rows = list(qs[: limit + 1])
    if not rows:
        return None
    count = len(rows) if len(rows) <= limit else qs.count()
    return Todo(label=label, count=count, url=url, items=tuple(item(row) for row in rows[:limit]),
                is_urgent=is_urgent)


@functools.cache
def providers() -> tuple[Callable, ...]:
    found: list[Callable] = []
    for config in apps.get_app_configs():
        found.extend(import_string(path) for path in getattr(config, "todo_providers", ()))
    return tuple(found)


@functools.cache
def watched_models() -> frozenset[type[Model]]:
    labels = set(ALWAYS_WATCHED)
    for config in apps.get_app_configs():
        labels.update(getattr(config, "todo_models", ()))
    return frozenset(apps.get_model(label) for label in labels)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value makes every cached list stale
        cache.set(VERSION_KEY, 1, None)


def changed(sender, **kwargs) -> None:
    """Receiver of post_save, post_delete, m2m_changed and ``locking.rows_updated``: every cached to-do list is
    stale at once, and again when the change commits (a list read in between, from the database
    as it was before the commit, is cached under a version that is then already past)."""
    if kwargs.get("action", "post").startswith("pre"):
        return  # m2m_changed's announcement before the change
    instance = kwargs.get("instance")
    if sender not in watched_models() and type(instance) not in watched_models():
        return
    _bump()
    connection = transaction.get_connection()
    # Once per transaction; Django drops a callback whose savepoint rolls back, so "already
    # waiting" is read off its own list.
    if connection.in_atomic_block and not any(entry[1] is _bump for entry in connection.run_on_commit):
        transaction.on_commit(_bump)


def _compute(user) -> list[Todo]:
    todos = [todo for provider in providers() for todo in provider(user) if todo is not None]
    # Urgent queues first; otherwise the apps' order (INSTALLED_APPS), which follows the work's flow.
    # Labels as text: the cached copy is per language.
    return [dataclasses.replace(t, label=str(t.label)) for t in sorted(todos, key=lambda t: not t.is_urgent)]


def todos_for(user, *, session_key: str | None = None) -> list[Todo]:
    """The user's to-do list; with ``session_key``, cached for that session (see the module)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if not session_key:
        return _compute(user)
    key = f"todo:{cache.get(VERSION_KEY, 0)}:{user.pk}:{session_key}:{get_language()}"
    todos = cache.get(key)
    if todos is None:
        todos = _compute(user)
        cache.set(key, todos, CACHE_SECONDS)
    return todos
