"""Star applications waiting for the user on the home page's to-do list: the same queue as the
stars to-do page (``selectors.todo_list``: drafts and send-backs for the community, submissions for
the street, decisions and objections for the district)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuild import scoping
from partybuild.todo import TodoItem, todo_from

from . import selectors


def todos(user):
    if scoping.has_any_role(user, *selectors.TODO_STATES):
        yield todo_from(
            selectors.todo_list(user=user),
            label=_("Star applications (五星联创)"), url=reverse("stars:home"),
            item=lambda a: TodoItem(f"{a.community.name} · {a.definition.name}",
                                    reverse("stars:application-detail", args=[a.pk]), a.get_status_display()),
        )
