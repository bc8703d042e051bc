"""The comparison of the organisations below a root (a street's communities), sortable and exportable."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from audit.background_exports import recorded
from partybuild.workbooks import INTEGER, ONE_DECIMAL, Column, Workbook, dated_filename

from .. import selectors
from ..links import url_with

# The columns in their order: key of the row, title.
COLUMNS = (
    ("grids", _("Grids")),
    ("members", _("Members")),
    ("reported", _("Reports this year")),
    ("closure_rate", _("Closure rate (%)")),
    ("open", _("Open reports")),
    ("overdue", _("Overdue")),
    ("demands", _("Demands this year")),
    ("demands_closed", _("Demands closed")),
    ("visits", _("Visits this year")),
    ("orders", _("Volunteer orders")),
    ("stars", _("Stars")),
    ("complaints", _("Property complaints")),
    ("compliance_rate", _("Meeting compliance (%)")),
)
KEYS = {key for key, _label in COLUMNS} | {"name", "code"}


def _table(request):
    root = selectors.comparable_root(user=request.user, org_id=request.GET.get("org"))
    if root is None:
        raise Http404
    data = selectors.comparison_rows(root=root)
    sort = request.GET.get("sort") if request.GET.get("sort") in KEYS else "code"
    descending = request.GET.get("dir") == "desc"
    # Missing figures (no report, no requirement) sort last either way.
    present = [r for r in data["rows"] if r[sort] is not None]
    rows = sorted(present, key=lambda r: r[sort], reverse=descending) + [r for r in data["rows"] if r[sort] is None]
    return root, data, rows, sort, descending


@login_required
def compare_view(request):
    root, data, rows, sort, descending = _table(request)
    headers = [
        (key, label, url_with("dashboards:compare", org=root.pk, sort=key,
                          dir="asc" if key == sort and descending else "desc"))
        for key, label in (("name", _("Organisation")), *COLUMNS)
    ]
    return render(request, "dashboards/compare.html", {
        "root": root, "data": data, "rows": rows, "headers": headers, "columns": COLUMNS, "sort": sort,
        "descending": descending,
        "export_url": url_with("dashboards:compare-export", org=root.pk, sort=sort, dir="desc" if descending else ""),
    })


# The rates among the columns: one decimal, and no 合计 (a sum of rates means nothing).
RATES = {"closure_rate", "compliance_rate"}


@transaction.non_atomic_requests
@login_required
@recorded
def compare_export_view(request):
    """The comparison as the page sorts it, on the portal's workbook layout."""
    root, data, rows, _sort, _descending = _table(request)
    columns = [Column("编码", 14), Column("组织", 26)] + [
        Column(str(label), 12, ONE_DECIMAL if key in RATES else INTEGER, total=key not in RATES)
        for key, label in COLUMNS
    ]
    book = Workbook()
    book.add_sheet(
        name="下级组织对比", title=f"{root.name} 下级组织对比", subtitle=f"{data['today']:%Y-%m-%d}",
        columns=columns, totals=True,
        rows=([row["code"], row["name"], *(row[key] for key, _label in COLUMNS)] for row in rows),
    )
    return book.response(dated_filename("下级组织对比", root.name, on=data["today"]))
