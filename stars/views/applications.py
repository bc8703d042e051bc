"""Application pages: the to-do list, the list, a new application, the detail page with its
evidence and timeline, and the workflow steps.

Applications are fetched through the scoped selector (an outsider gets 404); the services decide
who may take which step (their PermissionDenied is a 403, their ValidationError a form error).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.files import attachment
from partybuild.pagination import CappedPaginator

from .. import rules, selectors, services
from ..flow import APPLICATION_FLOW, PAGE_STEPS, REASON_STEPS
from ..forms import ApplicationForm, ApproveForm, EvidenceForm, EvidenceTextForm, RevokeForm, StepForm, apply_errors
from ..models import Status

PAGE_SIZE = 25


@login_required
def home_view(request):
    """The user's to-do list: the applications waiting for a step of one of their roles."""
    todo = list(selectors.todo_list(user=request.user)[:200])
    year = selectors.current_year()
    can_apply = year is not None and selectors.community_choices(user=request.user).exists()
    return render(request, "stars/home.html", {"todo": todo, "year": year, "can_apply": can_apply})


@login_required
def application_list_view(request):
    qs = selectors.application_list(user=request.user)
    year, status = request.GET.get("year", ""), request.GET.get("status", "")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    if status in Status.values:
        qs = qs.filter(status=status)
    page = CappedPaginator(qs.order_by("-year", "community__path", "definition__position"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "stars/application_list.html", {
        "page_obj": page, "applications": page.object_list, "statuses": Status.choices, "year": year,
        "status": status, "years": selectors.year_list().values_list("year", flat=True),
    })


@login_required
def application_create_view(request):
    year = selectors.current_year()
    form = ApplicationForm(request.POST or None, user=request.user, year=year.year if year else None)
    if request.method == "POST" and form.is_valid():
        try:
            app = services.application_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Draft saved. Attach the evidence, then submit it to the street."))
            return redirect("stars:application-detail", pk=app.pk)
    return render(request, "stars/application_form.html", {"form": form, "year": year})


def _detail_context(request, app) -> dict:
    allowed = [s for s in APPLICATION_FLOW.allowed(request.user, app) if s in PAGE_STEPS]
    editable = app.status in services.EDITABLE and "submit" in allowed
    # The reviewer (street or district) sees which rules would stop the star, and the records behind vetoes.
    reviewing = app.status in (Status.SUBMITTED, Status.REVIEWED) and bool(allowed)
    return {
        "vetoes": rules.veto_hits(app) if reviewing else [],
        "problems": rules.approval_problems(app) if reviewing and "approve" in allowed else [],
        "app": app, "allowed": allowed, "editable": editable, "reason_steps": REASON_STEPS,
        "text_form": EvidenceTextForm(initial={"evidence_text": app.evidence_text, "version": app.version}),
        "evidence_form": EvidenceForm(), "step_form": StepForm(initial={"version": app.version}),
        "revoke_form": RevokeForm(initial={"version": app.version}),
        "sees_objectors": selectors.objection_list(user=request.user).exists() or request.user.is_superuser,
    }


@login_required
def application_detail_view(request, pk: int):
    app = get_object_or_404(selectors.application_detail_qs(user=request.user), pk=pk)
    return render(request, "stars/application_detail.html", _detail_context(request, app))


@login_required
def preview_view(request):
    """For the district: every application awaiting its decision, run through the year's rules in
    the order submitted, so it sees who would fall outside before approving anyone."""
    if not rights.is_district_admin(request.user):
        raise PermissionDenied
    year = selectors.current_year()
    rows = []
    if year is not None:
        waiting = selectors.application_list(user=request.user).filter(year=year.year, status=Status.REVIEWED)
        rows = rules.quota_preview(star_year=year, applications=waiting.select_related("definition__star_year"))
    return render(request, "stars/preview.html", {"year": year, "rows": rows})


@login_required
@require_POST
def application_text_view(request, pk: int):
    app = get_object_or_404(selectors.application_list(user=request.user), pk=pk)
    form = EvidenceTextForm(request.POST)
    if form.is_valid():
        try:
            services.application_update(user=request.user, application=app, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Evidence saved."))
    return redirect("stars:application-detail", pk=pk)


@login_required
@require_POST
def evidence_add_view(request, pk: int):
    app = get_object_or_404(selectors.application_list(user=request.user), pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        refused = getattr(request, "refused_uploads", [])
        messages.error(request, _("The file is too large.") if refused else _("Choose a file to attach."))
        return redirect("stars:application-detail", pk=pk)
    try:
        services.evidence_add(user=request.user, application=app, upload=form.cleaned_data["file"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("File attached."))
    return redirect("stars:application-detail", pk=pk)


@login_required
def evidence_download_view(request, pk: int):
    evidence = get_object_or_404(selectors.evidence_list(user=request.user), pk=pk)
    return attachment(evidence.file, content_type=evidence.content_type, filename=evidence.original_name)


STEP_SERVICES = {
    "submit": (services.application_submit, _("Submitted to the street.")),
    "pass": (services.application_pass, _("Passed to the district.")),
    "send_back": (services.application_send_back, _("Sent back to the community.")),
    "approve": (services.application_approve, _("Approved: the star is in public notice.")),
    "reject": (services.application_reject, _("Rejected.")),
    "revoke": (services.application_revoke, _("The star is revoked.")),
}


@login_required
@require_POST
def application_step_view(request, pk: int, step: str):
    app = get_object_or_404(selectors.application_detail_qs(user=request.user), pk=pk)
    service, done = STEP_SERVICES[step]
    form = {"revoke": RevokeForm, "approve": ApproveForm}.get(step, StepForm)(request.POST)
    if form.is_valid():
        try:
            service(user=request.user, application=app, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, str(done))
            return redirect("stars:application-detail", pk=pk)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("stars:application-detail", pk=pk)
