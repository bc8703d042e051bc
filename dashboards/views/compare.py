"""The comparison of the organisations below a root (a street's communities), sortable and exportable."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..exports import comparison_workbook
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


@transaction.non_atomic_requests
@login_required
def compare_export_view(request):
    root, data, rows, _sort, _descending = _table(request)
    title = f"{root.name} {data['today']:%Y-%m-%d}"
    content = comparison_workbook(title=title, columns=[(k, str(v)) for k, v in COLUMNS], rows=rows)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="comparison-{root.code}.xlsx"'
    return response
