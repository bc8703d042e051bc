"""The co-building workbook of a scope: the three lists (需求、资源、项目清单), the claims with their
latest progress, and the secretary-led projects (书记领办项目), one sheet each, in the portal's
workbook layout (``partybuild.workbooks``: a title naming the area and the date, 序号, widths, frozen
header; every cell formula-safe: titles, commitments and names are typed by people)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partybuild.workbooks import INTEGER, Column, Workbook

from .models import ListItem, ListKind, SecretaryProject

TITLE = "共驻共建清单"


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d") if moment else ""


def cobuilding_workbook(*, scope: str, items: Iterable[ListItem], claims: Iterable[ListItem],
                        projects: Iterable[SecretaryProject]) -> Workbook:
    """``items`` ordered by kind; ``claims`` annotated with ``last_percent``; ``projects`` annotated
    with ``milestone_count`` and ``milestones_done`` (``selectors.secretary_project_list``)."""
    today = timezone.localdate().isoformat()
    book = Workbook()
    # The entries are few (hundreds per street): grouped here so the three lists cost one query.
    by_kind: dict[str, list[list]] = {kind: [] for kind in ListKind.values}
    for item in items:
        by_kind[item.kind].append([
            item.organization.name, item.title, item.description, item.unit.name if item.unit_id else "",
            str(item.get_status_display()), _local(item.created_at),
        ])
    columns = [Column(_("Street or community"), 22), Column(_("Title"), 28), Column(_("Description"), 36),
               Column(_("Resident unit"), 22), Column(_("Status"), 10), Column(_("Listed on"), 12)]
    for kind, label in ListKind.choices:
        book.add_sheet(name=str(label), title=f"{scope} {label}（{today}）", columns=columns, rows=by_kind[kind])
    book.add_sheet(
        name=_("Claims"), title=f"{scope} {_('Claims')}（{today}）",
        columns=[Column(_("Street or community"), 22), Column(_("Project"), 28), Column(_("Resident unit"), 22),
                 Column(_("Commitment"), 36), Column(_("Claimed on"), 12),
                 Column(_("Latest progress (%)"), 12, INTEGER), Column(_("Status"), 10),
                 Column(_("Completed on"), 12)],
        rows=([c.organization.name, c.title, c.unit.name if c.unit_id else "", c.commitment, _local(c.claimed_at),
               c.last_percent if c.last_percent is not None else "", str(c.get_status_display()),
               _local(c.completed_at)] for c in claims),
    )
    secretary = pgettext("co-building", "Secretary-led projects")
    book.add_sheet(
        name=secretary, title=f"{scope} {secretary}（{today}）",
        columns=[Column(_("Year"), 8, INTEGER), Column(_("Organisation"), 22), Column(_("Secretary"), 10),
                 Column(_("Title"), 30), Column(_("Milestones done"), 12), Column(_("Status"), 10),
                 Column(_("Completed on"), 12)],
        rows=([p.year, p.organization.name, p.secretary, p.title, f"{p.milestones_done}/{p.milestone_count}",
               str(p.get_status_display()), f"{p.completed_on:%Y-%m-%d}" if p.completed_on else ""]
              for p in projects),
    )
    return book
