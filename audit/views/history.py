"""History of a record, reveals of personal data, and the register of reveals.

Objects come through the scoped queryset (an outsider gets 404); the roles that may read or
reveal are decided in ``audit.policy`` (others get 403).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partybuild import files
from partybuild.client_ip import client_ip
from partybuild.forms import apply_errors, bootstrapify
from partybuild.pagination import CappedPaginator

from .. import policy, selectors, services
from ..filters import AccessFilter
from ..forms import RevealForm
from ..models import ExportStatus

PAGE_SIZE = 25


def _object(request, app_label: str, model_name: str, pk: int):
    qs = selectors.audited_object_qs(user=request.user, app_label=app_label, model_name=model_name)
    if qs is None:
        raise Http404
    return get_object_or_404(qs, pk=pk)


@login_required
def history_view(request, app_label: str, model_name: str, pk: int):
    if not policy.may_read_history_somewhere(request.user):
        raise PermissionDenied(_("Your role may not read the change history."))
    obj = _object(request, app_label, model_name, pk)
    if not policy.can_see_history(request.user, obj):
        raise PermissionDenied(_("Your role may not read the change history."))
    page = CappedPaginator(selectors.history_entries(obj=obj), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.history_rows(page.object_list, type(obj))
    return render(request, "audit/history.html", {"obj": obj, "opts": obj._meta, "page_obj": page, "rows": rows})


@login_required
def reveal_view(request, app_label: str, model_name: str, pk: int):
    obj = _object(request, app_label, model_name, pk)
    if not policy.can_reveal(request.user, obj):
        raise PermissionDenied(_("Your role may not reveal personal data here."))
    choices = [(f, obj._meta.get_field(f).verbose_name) for f in policy.personal_fields(obj)]
    form = RevealForm(request.POST or None, fields=choices, initial={"field": request.GET.get("field")})
    value = None
    if request.method == "POST" and form.is_valid():
        try:
            value = services.personal_data_reveal(user=request.user, obj=obj, ip_address=client_ip(request),
                                                  **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render(request, "audit/reveal.html", {"obj": obj, "opts": obj._meta, "form": form, "value": value})


@login_required
def access_list_view(request):
    if not policy.can_read_access_log(request.user):
        raise PermissionDenied(_("Only district administrators read the register of reveals."))
    filterset = AccessFilter(request.GET, queryset=selectors.access_list(user=request.user))
    bootstrapify(filterset.form)
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/access_list.html", {"page_obj": page, "filter": filterset})


@login_required
def export_job_view(request, pk: int):
    job = get_object_or_404(selectors.export_jobs(user=request.user), pk=pk)
    return render(request, "audit/export_job.html", {"job": job})


@login_required
@require_GET
def export_job_progress_view(request, pk: int):
    """Polled by the job page (static/js/import_progress.js) until the file is ready."""
    job = get_object_or_404(selectors.export_jobs(user=request.user), pk=pk)
    return JsonResponse({"status": job.status, "finished": job.is_finished, "percent": job.percent,
                         "processed_rows": job.processed_rows, "total_rows": job.total_rows,
                         "url": reverse("audit:export-job", args=[job.pk])})


@login_required
@require_GET
def export_job_download_view(request, pk: int):
    job = get_object_or_404(selectors.export_jobs(user=request.user).filter(status=ExportStatus.DONE), pk=pk)
    return files.attachment(job.file, content_type=job.content_type, filename=job.filename)
