"""Members a file named who are registered elsewhere: the district's organisation department decides."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuild.todo import TodoItem, todo_from

from .selectors import transfer_request_list


def todos(user):
    url = reverse("imports:transfer-requests")
    yield todo_from(
        transfer_request_list(user=user, state="open").select_related("to_org").order_by("pk"),
        label=_("Transfer requests from imports"), url=url,
        item=lambda r: TodoItem(f"{r.name_in_file} · {r.to_org.name}", url),
    )
