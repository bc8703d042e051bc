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
