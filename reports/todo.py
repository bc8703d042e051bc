"""Grid reports waiting on the user: to route (street, district), to handle (department), to verify
(grid side), and overdue cases in their area."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from organizations.paths import subtree_q
from partybuild import scoping
from partybuild.todo import TodoItem, todo_from

from . import selectors
from .flow import DISPATCH_ROLES, GRID_ROLES
from .models import GridReport, Status


def _item(report: GridReport) -> TodoItem:
    note = _("due %(date)s") % {"date": date_format(report.due_at, "SHORT_DATE_FORMAT")} if report.due_at else ""
    return TodoItem(str(report), reverse("reports:detail", args=[report.pk]), str(note))


def _where_role(user, roles) -> list[str]:
    return [g.path for g in scoping.grants(user) if g.role in roles]


def _within(qs, paths):
    q = None
    for path in paths:
        part = subtree_q(path, field="grid__branch")
        q = part if q is None else q | part
    return qs.filter(q) if q is not None else qs


def todos(user):
    reports = selectors.report_list(user=user).order_by("reported_at", "pk")
    url = reverse("reports:list")
    unrestricted = scoping.is_unrestricted(user)
    dispatch_paths = _where_role(user, DISPATCH_ROLES)
    if unrestricted or dispatch_paths:
        queue = reports.filter(status__in=(Status.REPORTED, Status.ESCALATED))
        yield todo_from(queue if unrestricted else _within(queue, dispatch_paths),
                        label=_("Grid reports to dispatch"), url=f"{url}?status=reported", item=_item)
    yield todo_from(selectors.department_inbox(user=user).order_by("due_at", "pk"),
                    label=_("Cases routed to my department"), url=reverse("reports:inbox"), item=_item)
    verify_paths = _where_role(user, GRID_ROLES)
    if unrestricted or verify_paths:
        queue = reports.filter(status=Status.RESOLVED)
        yield todo_from(queue if unrestricted else _within(queue, verify_paths),
                        label=_("Handled cases to verify and close"), url=f"{url}?status=resolved", item=_item)
    yield todo_from(selectors.overdue_list(user=user), label=_("Overdue cases"), url=reverse("reports:overdue"),
                    item=_item, is_urgent=True)
