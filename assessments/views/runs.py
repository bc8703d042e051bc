"""Running the rollup from the browser and following its real progress (the steps the tasks
have finished), with the imports' progress script."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import RunForm
from ..models import RunStatus
from ..periods import periods_of_year
from .schemes import _require_admin


@login_required
@require_POST
def run_start_view(request, pk: int):
    _require_admin(request.user)
    scheme = get_object_or_404(selectors.scheme_list(), pk=pk)
    form = RunForm(request.POST, periods=[p.code for p in periods_of_year(scheme.period_kind, scheme.year)])
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("assessments:scheme-detail", pk=scheme.pk)
    try:
        run = services.rollup_start(user=request.user, scheme=scheme, period=form.cleaned_data["period"],
                                    incremental=form.cleaned_data["incremental"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("assessments:scheme-detail", pk=scheme.pk)
    return redirect("assessments:run", pk=run.pk)


@login_required
def run_view(request, pk: int):
    run = get_object_or_404(selectors.run_list(user=request.user), pk=pk)
    finished = run.status in (RunStatus.DONE, RunStatus.FAILED)
    return render(request, "assessments/run.html", {"run": run, "finished": finished})


@login_required
@require_GET
def run_progress_view(request, pk: int):
    """Polled every second by static/js/import_progress.js (the imports' script, same answer shape)."""
    run = get_object_or_404(selectors.run_list(user=request.user), pk=pk)
    return JsonResponse({
        "status": run.status, "status_label": run.get_status_display(),
        "finished": run.status in (RunStatus.DONE, RunStatus.FAILED), "percent": run.percent,
        "processed_rows": run.steps_done, "total_rows": run.steps_total,
        "url": reverse("assessments:run", args=[run.pk]),
    })
