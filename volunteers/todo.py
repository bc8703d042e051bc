"""Residents' orders waiting to be dispatched (the community's work) and credits held over the
monthly cap (the street's review)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from partybuild import scoping
from partybuild.scoping import EDIT
from partybuild.todo import TodoItem, todo_from

from . import selectors
from .flow import REVIEW_ROLES
from .models import OrderStatus

# The community runs its orders; the street and district see them in the lists, not as their to-do.
DISPATCH_ROLES = (Role.COMMUNITY_SECRETARY, Role.GRID_WORKER)


def todos(user):
    if scoping.has_any_role(user, *DISPATCH_ROLES):
        yield todo_from(
            selectors.order_list(user=user, action=EDIT).filter(status=OrderStatus.PLACED).order_by("placed_at", "pk"),
            label=_("Residents' orders to dispatch"),
            url=f"{reverse('volunteers:order-list')}?status={OrderStatus.PLACED}",
            item=lambda o: TodoItem(str(o),
                                    reverse("volunteers:order-detail", args=[o.pk])),
        )
    if scoping.has_any_role(user, *REVIEW_ROLES):
        yield todo_from(
            selectors.hold_list(user=user).order_by("created_at", "pk"),
            label=_("Held credits to review"), url=reverse("volunteers:home"),
            item=lambda h: TodoItem(h.volunteer.name, reverse("volunteers:volunteer-ledger", args=[h.volunteer_id])),
        )
