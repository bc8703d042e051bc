"""Upload of a cadre workbook (the same import as ``manage.py import_cadres``), and its template.

The file is checked like every upload (``partybuild.files.check_upload``: type by content, size
first) and read by ``cadres.importing``, which measures the workbook before opening it and writes
all rows or none."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from partybuild import files
from partybuild.exports import safe_row

from .. import selectors, services
from ..forms import ImportForm
from ..importing import COLUMNS, REQUIRED, cadres_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def import_view(request):
    if not selectors.community_choices(user=request.user).exists():
        raise PermissionDenied(services.REFUSED)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        try:
            files.check_upload(upload, kinds=(files.XLSX,), max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES)
            upload.seek(0)
            result = cadres_import(user=request.user, data=upload.read(), dry_run=dry_run)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            errors = result.errors
            if not errors:
                text = (ngettext("The file is valid: %(n)d cadre would be imported.",
                                 "The file is valid: %(n)d cadres would be imported.", result.created) if dry_run
                        else ngettext("%(n)d cadre imported.", "%(n)d cadres imported.", result.created))
                messages.success(request, text % {"n": result.created})
                return redirect("cadres:cadre-import" if dry_run else "cadres:cadre-list")
    return render(request, "cadres/import.html", {"form": form, "errors": errors[:200], "error_count": len(errors)})


@login_required
def import_template_view(request):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "社区干部"
    # Required columns carry an asterisk, which the importer ignores.
    book.active.append(safe_row([f"{title}*" if field in REQUIRED else title for title, field in COLUMNS.items()]))
    out = io.BytesIO()
    book.save(out)
    return HttpResponse(out.getvalue(), content_type=XLSX,
                        headers={"Content-Disposition": 'attachment; filename="community-cadres-template.xlsx"'})
