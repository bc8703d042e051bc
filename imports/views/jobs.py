"""Upload, job status, download and transfer-request pages. Views parse input and call one
service or selector; every spreadsheet they write goes through ``partybuild.exports``."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.background_exports import in_background_above
from audit.exports import export_with_purpose
from organizations.file_format import headers_for
from organizations.models import Member
from organizations.selectors import organization_scope_name
from partybuild import files, workbooks
from partybuild.exports import safe_row

from .. import policy, registry, selectors, services
from ..forms import UploadForm
from ..models import ImportKind, JobStatus
from ..resources import MemberResource, OrganizationResource

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def upload_view(request):
    if not policy.can_import(request.user):
        # A page that says why, rather than a bare 403.
        return render(request, "imports/refused.html", {"reason": policy.refusal(request.user)}, status=403)
    # The admin's Import button arrives with ?kind=.
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user,
                      initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                user=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        except PermissionDenied as exc:
            form.add_error("kind", str(exc))
        else:
            if job.status == JobStatus.QUEUED and not services.background_available():
                messages.warning(request, _("Background processing is unavailable right now. Your file is saved "
                                            "and the import will start by itself as soon as it is back."))
            return redirect("imports:job", pk=job.pk)
    jobs = selectors.job_list(user=request.user)[:10]
    waiting = (selectors.transfer_request_list(user=request.user, state="open").count()
               if policy.handles_transfer_requests(request.user) else None)
    return render(request, "imports/upload.html",
                  {"form": form, "jobs": jobs, "kinds": registry.choices(), "transfer_requests": waiting})


@login_required
def job_view(request, pk: int):
    job = get_object_or_404(selectors.job_list(user=request.user), pk=pk)
    return render(request, "imports/job.html", {"job": job, "kind_label": registry.label(job.kind)})


@login_required
@require_GET
def job_progress_view(request, pk: int):
    """Polled by the status page every second while the job runs."""
    job = get_object_or_404(selectors.job_list(user=request.user), pk=pk)
    return JsonResponse({
        "status": job.status, "status_label": job.get_status_display(), "finished": job.is_finished,
        "percent": job.percent, "processed_rows": job.processed_rows, "total_rows": job.total_rows,
        "created_count": job.created_count, "rejected_count": job.rejected_count, "summary": job.error_summary,
        "url": reverse("imports:job", args=[job.pk]),
    })


@login_required
def job_errors_view(request, pk: int):
    # job_list holds only the user's own jobs (all of them for a superuser): others get a 404.
    job = get_object_or_404(selectors.job_list(user=request.user), pk=pk)
    if not job.rejected_file:
        raise Http404(_("This import has no rejected rows."))
    return files.attachment(job.rejected_file, content_type=XLSX, filename=f"rejected-{job.pk}.xlsx")


@login_required
def template_view(request, kind: str):
    if (other := registry.registered(kind)) is not None:
        return HttpResponse(other.template(translation.get_language() or "zh-hans"), content_type=XLSX,
                            headers={"Content-Disposition": f'attachment; filename="{kind}-template.xlsx"'})
    if kind not in ImportKind.values:
        raise Http404
    return HttpResponse(_template_workbook(kind, translation.get_language() or "zh-hans"), content_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{kind}-template.xlsx"'})


def _template_workbook(kind: str, language: str) -> bytes:
    """The column titles, drop-down lists on the coded columns, and a 填写说明 sheet with one example
    row and the allowed values (the example stays off the sheet that is imported)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from organizations.file_format import ALLOWED, COLUMNS, EXAMPLES

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind
    headers = headers_for(kind, language)
    sheet.append(safe_row(headers))
    help_sheet = workbook.create_sheet("填写说明")
    help_sheet.append(["示例（请在第一张表填写，本表不导入）"])
    help_sheet.append(safe_row(headers))
    help_sheet.append(safe_row([EXAMPLES[kind].get(col.field, "") for col in COLUMNS[kind]]))
    help_sheet.append([])
    help_sheet.append(["可选值"])
    first_value_row = help_sheet.max_row + 1
    fields = [c.field for c in COLUMNS[kind]]
    for offset, (field, values) in enumerate(ALLOWED[kind].items()):
        column, last = get_column_letter(offset + 1), first_value_row + len(values)
        help_sheet[f"{column}{first_value_row}"] = headers[fields.index(field)]
        for i, value in enumerate(values, start=1):
            help_sheet[f"{column}{first_value_row + i}"] = value
        target = get_column_letter(fields.index(field) + 1)
        rule = DataValidation(type="list", allow_blank=True, showErrorMessage=True,
                              formula1=f"'填写说明'!${column}${first_value_row + 1}:${column}${last}")
        rule.error = "请从下拉列表中选择"
        sheet.add_data_validation(rule)
        rule.add(f"{target}2:{target}5000")
    for index in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Column widths (characters) of the exported fields; others get the default.
_WIDTHS = {"name": 12, "code": 16, "id_number": 20, "phone": 14, "branch_name": 24, "branch_code": 16,
           "work_unit": 22, "address": 28, "parent_code": 16, "registered_community_code": 16, "level": 10,
           "org_type": 14, "birth_date": 12, "joined_on": 12, "registered_on": 12, "established_on": 12}


def _scope_name(user) -> str:
    return organization_scope_name(user=user)


def _export_response(resource, rows, *, title: str, scope: str, fmt: str):
    """The export in the portal's file format (the importer reads it back: a title row and 序号 are
    skipped), as a formatted workbook or a streamed CSV. Rows are read in chunks
    (``iterator``) and written as they come: memory stays flat however many there are."""
    fields = resource.get_export_fields()
    headers = resource.get_export_headers()
    rows = resource.filter_export(rows)
    source = rows.iterator(chunk_size=2000) if isinstance(rows, QuerySet) else rows
    values = ([resource.export_field(f, obj) for f in fields] for obj in source)
    if fmt == "csv":
        return workbooks.csv_response(workbooks.dated_filename(title, scope, ext="csv"), headers, values)
    book = workbooks.Workbook()
    columns = [workbooks.Column(h, _WIDTHS.get(resource.get_field_name(f), 12)) for h, f in zip(headers, fields,
                                                                                                  strict=True)]
    book.add_sheet(name=title, title=f"{scope} {title}（{timezone.localdate().isoformat()}）",
                   columns=columns, rows=values, bordered=False)
    return book.response(workbooks.dated_filename(title, scope))


@transaction.non_atomic_requests
@login_required
@require_GET
@in_background_above(lambda r: selectors.organization_export_qs(user=r.user, params=r.GET).count())
def org_export_view(request):
    qs = selectors.organization_export_qs(user=request.user, params=request.GET)
    return _export_response(OrganizationResource(user=request.user), qs, title="组织名册",
                            scope=_scope_name(request.user), fmt=request.GET.get("format", "xlsx"))


@transaction.non_atomic_requests
@login_required
@require_http_methods(["GET", "POST"])
# Counted without the request: an ID-number search (recorded once, by the export itself) finds a row or two.
@in_background_above(lambda r: selectors.member_export_qs(user=r.user, params=r.GET).count())
def member_export_view(request):
    """Masked; in full only as a recorded reveal of every row (``audit.exports``)."""
    qs = selectors.member_export_qs(user=request.user, params=request.GET, request=request)

    def respond(rows, show_personal: bool) -> HttpResponse:
        resource = MemberResource(user=request.user, show_personal=show_personal)
        return _export_response(resource, rows, title="党员名册", scope=_scope_name(request.user),
                                fmt=request.GET.get("format", "xlsx"))

    return export_with_purpose(request, rows=qs, fields=Member.personal_fields, respond=respond)


@login_required
@require_GET
def transfer_requests_view(request):
    """The district's list of members imported elsewhere while registered in its area."""
    if not policy.handles_transfer_requests(request.user):
        raise PermissionDenied(_("Only the district's organisation department handles transfer requests."))
    state = request.GET.get("state") or "open"
    rows = selectors.transfer_request_list(user=request.user, state=state)[:200]
    return render(request, "imports/transfer_requests.html", {"rows": rows, "state": state})


def _handle_request(request, pk: int, service, done: str):
    transfer_request = get_object_or_404(selectors.transfer_request_list(user=request.user), pk=pk)
    try:
        service(user=request.user, transfer_request=transfer_request)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, done % {"name": transfer_request.member.name})
    return redirect("imports:transfer-requests")


@login_required
@require_POST
def transfer_request_send_view(request, pk: int):
    return _handle_request(request, pk, services.transfer_request_send,
                           _("Transfer of %(name)s sent; the receiving organisation now receives it."))


@login_required
@require_POST
def transfer_request_dismiss_view(request, pk: int):
    return _handle_request(request, pk, services.transfer_request_dismiss, _("Request for %(name)s dismissed."))
