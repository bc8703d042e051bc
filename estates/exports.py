"""xlsx exports of the property registers, in the columns the property import reads (issue 11:
sheet ``companies`` with credit_code, name, party_status, branch_code, contact, phone; sheet
``units`` with code, name, community_code, management_mode, company_credit_code), so an export can
be edited and imported back. Every cell goes through ``partybuild.exports.safe_row``."""

from __future__ import annotations

from io import BytesIO

from django.db.models import QuerySet
from openpyxl import Workbook

from partybuild.exports import safe_row

COMPANY_COLUMNS = ("credit_code", "name", "party_status", "branch_code", "contact", "phone")
UNIT_COLUMNS = ("code", "name", "community_code", "management_mode", "company_credit_code")


def registers_workbook(*, companies: QuerySet, units: QuerySet) -> bytes:
    """One workbook with both sheets, from already scoped querysets (two queries)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "companies"
    sheet.append(list(COMPANY_COLUMNS))
    for row in companies.order_by("name", "id").values_list(
        "credit_code", "name", "party_status", "party_branch__code", "contact_name", "phone"
    ):
        sheet.append(safe_row(v or "" for v in row))
    sheet = book.create_sheet("units")
    sheet.append(list(UNIT_COLUMNS))
    for row in units.order_by("community__path", "code").values_list(
        "code", "name", "community__code", "management_mode", "company__credit_code"
    ):
        sheet.append(safe_row(v or "" for v in row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def complaint_stats_workbook(*, rows: list, total, since, until, per_street: bool) -> bytes:
    """The complaint statistics page as one sheet: an area per row, then the total."""
    from django.utils.translation import gettext as _
    from django.utils.translation import pgettext

    from .models import ComplaintStatus, Matter

    book = Workbook()
    sheet = book.active
    sheet.title = "complaints"
    sheet.append(safe_row([_("Property complaints %(since)s to %(until)s") % {"since": since, "until": until}]))
    sheet.append(safe_row([
        _("Street") if per_street else _("Community"), _("Complaints"),
        *(str(label) for _v, label in ComplaintStatus.choices), _("Closure rate"), _("Answered on time"),
        _("On-time rate"), _("Repeat complaints"), *(str(label) for _v, label in Matter.choices),
    ]))
    for row in [*rows, total]:
        sheet.append(safe_row([
            row.name or pgettext("sum", "Total"), row.total, *(row.by_status[s] for s in ComplaintStatus.values),
            _rate(row.closure_rate), row.answered_on_time, _rate(row.on_time_rate), row.repeats,
            *(row.by_matter[m] for m in Matter.values),
        ]))
    out = BytesIO()
    book.save(out)
    return out.getvalue()
