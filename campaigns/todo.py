"""Star grades waiting for the user's hand on the home page's to-do list: self-assessments to rate
(the user edits the level above the graded organisation, or the member's branch) and ratings to
review (the user edits the level above the rater). One query, whatever the area's size."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.paths import depth_of
from partybuild.scoping import EDIT, is_unrestricted, scope_paths
from partybuild.todo import TodoItem, todo_from

from .models import GradeStatus, StarGrade


def _awaiting(root: str) -> Q:
    """Grades under ``root`` whose next hand is ``root`` or an organisation inside it."""
    depth = depth_of(root)
    under = Q(organization__path__startswith=root)
    org_grade, member_grade = Q(member__isnull=True), Q(member__isnull=False)
    to_rate = Q(status=GradeStatus.SELF_ASSESSED) & (
        (org_grade & Q(organization__depth__gt=depth)) | member_grade
    )
    to_review = Q(status=GradeStatus.RATED) & (
        (org_grade & Q(organization__depth__gt=depth + 1)) | (member_grade & Q(organization__depth__gt=depth))
    )
    return under & (to_rate | to_review)


def awaiting_user(user):
    qs = StarGrade.objects.select_related("organization", "member")
    if is_unrestricted(user):
        return qs.filter(status__in=(GradeStatus.SELF_ASSESSED, GradeStatus.RATED)).order_by("year", "id")
    roots = scope_paths(user, EDIT)
    return qs.filter(reduce(or_, (_awaiting(r) for r in roots), Q(pk__in=[]))).order_by("year", "id")


def todos(user):
    if scope_paths(user, EDIT) or is_unrestricted(user):
        yield todo_from(
            awaiting_user(user), label=_("Star grades to rate or review (星级争创)"),
            url=reverse("campaigns:grade-list"),
            item=lambda g: TodoItem(str(g), reverse("campaigns:grade-detail", args=[g.pk]), g.get_status_display()),
        )
