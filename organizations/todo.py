"""Transfers of members waiting for the user's area to receive them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuild.todo import TodoItem, todo_from

from .member_selectors import transfers_incoming


def todos(user):
    url = reverse("organizations:transfer-list")
    yield todo_from(
        transfers_incoming(user=user).select_related("member", "from_org"),
        label=_("Transfers to receive"), url=url,
        item=lambda t: TodoItem(f"{t.member.name} · {t.from_org.name}", url, str(t.sent_on)),
    )
