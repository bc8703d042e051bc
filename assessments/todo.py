"""The reviewer's to-do (待办): sheets waiting for them (述职评议). One query for a short queue."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuild.todo import TodoItem, todo_from

from .selectors import reviewer_assignments


def todos(user):
    yield todo_from(
        reviewer_assignments(user=user).filter(sheet__isnull=True).order_by("period", "pk"),
        label=_("Review sheets waiting for you (述职评议)"), url=reverse("assessments:my-reviews"),
        item=lambda a: TodoItem(f"{a.organization.name} · {a.indicator.name}",
                                reverse("assessments:review-sheet", args=[a.pk]), a.period),
    )
