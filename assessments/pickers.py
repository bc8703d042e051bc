"""The reviewer picker (``partybuild.pickers``): accounts a district administrator assigns as reviewers."""

from __future__ import annotations

from partybuild.pickers import Picker

from .selectors import reviewer_candidates


def search_reviewers(user, term: str, params):
    return reviewer_candidates(user=user, term=term)


def reviewer_label(user) -> str:
    return f"{user.full_name} · {user.username}" if user.full_name else user.username


REVIEWERS = Picker("reviewer", search_reviewers, reviewer_label)
