"""The co-building workbook of a scope: the three lists (需求、资源、项目清单), the claims with their
latest progress, and the secretary-led projects (书记领办项目), one sheet each.

Titles, commitments and names are typed by people: every cell goes through ``safe_row``. The
workbook is written in openpyxl's write-only mode, so memory stays flat at city scale."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from partybuild.exports import safe_row

from .models import ListItem, ListKind, SecretaryProject

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""


def _sheet(book: Workbook, title: str, header: list[str], rows: Iterable[list]) -> int:
    sheet = book.create_sheet(title=title[:31])
    sheet.append(safe_row(header))
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.append(safe_row([count, *row]))
    return count


def cobuilding_workbook(*, items: Iterable[ListItem], claims: Iterable[ListItem],
                        projects: Iterable[SecretaryProject]) -> bytes:
    """``items`` ordered by kind; ``claims`` annotated with ``last_percent``; ``projects`` annotated
    with ``milestone_count`` and ``milestones_done`` (``selectors.secretary_project_list``)."""
    book = Workbook(write_only=True)
    by_kind: dict[str, list[list]] = {kind: [] for kind in ListKind.values}
    for item in items:
        by_kind[item.kind].append([
            item.organization.name, item.title, item.description, item.unit.name if item.unit_id else "",
            str(item.get_status_display()), _local(item.created_at),
        ])
    columns = [_("No."), _("Street or community"), _("Title"), _("Description"), _("Resident unit"), _("Status"),
               _("Listed on")]
    for kind, label in ListKind.choices:
        _sheet(book, str(label), columns, by_kind[kind])
    _sheet(book, _("Claims"), [
        _("No."), _("Street or community"), _("Project"), _("Resident unit"), _("Commitment"), _("Claimed on"),
        _("Latest progress (%)"), _("Status"), _("Completed on"),
    ], ([c.organization.name, c.title, c.unit.name if c.unit_id else "", c.commitment, _local(c.claimed_at),
         c.last_percent if c.last_percent is not None else "", str(c.get_status_display()), _local(c.completed_at)]
        for c in claims))
    _sheet(book, pgettext("co-building", "Secretary-led projects"), [
        _("No."), _("Year"), _("Organisation"), _("Secretary"), _("Title"), _("Milestones done"), _("Status"),
        _("Completed on"),
    ], ([p.year, p.organization.name, p.secretary, p.title, f"{p.milestones_done}/{p.milestone_count}",
         str(p.get_status_display()), f"{p.completed_on:%Y-%m-%d}" if p.completed_on else ""] for p in projects))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
