"""The award ledger as a formatted workbook laid out like a 公示 list (``partybuild.workbooks``):
a title naming the area and the year, 序号, street, community, stars, number of stars and amount
with their 合计, widths, frozen header. Every cell is formula-safe (community names are free text)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from partybuild.workbooks import DECIMAL, INTEGER, Column, Workbook

SHEET = "五星联创奖励名单"


def ledger_workbook(*, rows: list[dict], title: str) -> Workbook:
    heading = _("Five-star award list")  # outside the f-string, where makemessages finds it
    book = Workbook()
    book.add_sheet(
        name=SHEET, title=f"{title} {heading}",
        columns=[Column(_("Street"), 20), Column(_("Community"), 24), Column(_("Stars"), 60),
                 Column(_("Number of stars"), 10, INTEGER, total=True),
                 Column(_("Amount (yuan)"), 14, DECIMAL, total=True)],
        rows=([row["street"], row["community"], "、".join(row["stars"]), len(row["stars"]), row["amount"]]
              for row in rows),
        totals=True,
    )
    return book
