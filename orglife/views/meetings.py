"""Meeting records: the list, the phone-friendly recording form, the record, evidence, attendance rates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import files, rights
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import rules, selectors, services
from ..forms import EvidenceForm, MeetingForm, MeetingStartForm, apply_errors
from ..models import Attendance, MeetingType

PAGE_SIZE = 25


@login_required
def meeting_list_view(request):
    filters = {"meeting_type": request.GET.get("type") if request.GET.get("type") in MeetingType.values else None}
    year = request.GET.get("year", "")
    filters["year"] = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    if request.GET.get("late") == "1":
        filters["is_late"] = True
    page = CappedPaginator(selectors.meeting_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "orglife/meeting_list.html", {
        "page_obj": page, "meetings": page.object_list, "types": MeetingType.choices, "filters": filters,
    })


@login_required
def meeting_record_view(request):
    """Two steps on one page: pick organisation, type and date (GET), then tick who came (POST)."""
    user = request.user
    data = request.POST if request.method == "POST" else (request.GET or None)
    start = MeetingStartForm(data, user=user)
    form, expected = None, []
    if data is not None and start.is_valid():
        org, held_on = start.cleaned_data["organization"], start.cleaned_data["held_on"]
        if not rights.may(user, EDIT, org):
            return render(request, "orglife/meeting_form.html", {"start": start, "readonly": True}, status=403)
        expected = list(rules.members_on(org, held_on))
        form = MeetingForm(request.POST if request.method == "POST" else None, user=user,
                           initial=start.cleaned_data)
        if request.method == "POST" and form.is_valid():
            present = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
            reasons = {m.pk: request.POST.get(f"reason_{m.pk}", "") for m in expected}
            try:
                meeting = services.meeting_record(
                    user=user, present_ids=present, absence_reasons=reasons,
                    **{k: v for k, v in form.cleaned_data.items()},
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The meeting is recorded."))
                return redirect("orglife:meeting-detail", pk=meeting.pk)
        present_ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()} if request.method == "POST" \
            else {m.pk for m in expected}
        expected = [(m, m.pk in present_ids, request.POST.get(f"reason_{m.pk}", "")) for m in expected]
    return render(request, "orglife/meeting_form.html", {
        "start": start, "form": form, "expected": expected, "reasons": Attendance.Reason.choices[1:],
    })


@login_required
def meeting_detail_view(request, pk: int):
    meeting = get_object_or_404(selectors.meeting_list(user=request.user), pk=pk)
    return render(request, "orglife/meeting_detail.html", {
        "meeting": meeting, "attendance": selectors.attendance_for(meeting),
        "evidence": meeting.evidence.order_by("kind", "id"),
        "can_edit": rights.may(request.user, EDIT, meeting.organization), "evidence_form": EvidenceForm(),
    })


@login_required
@require_POST
def evidence_add_view(request, pk: int):
    meeting = get_object_or_404(selectors.meeting_list(user=request.user), pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(user=request.user, meeting=meeting, kind=form.cleaned_data["kind"],
                                  upload=form.cleaned_data["file"])
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    else:
        messages.success(request, _("The file is attached."))
    return redirect("orglife:meeting-detail", pk=meeting.pk)


@login_required
def evidence_download_view(request, pk: int):
    evidence = get_object_or_404(selectors.evidence_list(user=request.user), pk=pk)
    return files.attachment(evidence.file, content_type=evidence.content_type, filename=evidence.original_name)


@login_required
def attendance_rate_view(request, pk: int):
    org = get_object_or_404(selectors.meeting_organizations(user=request.user), pk=pk)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    return render(request, "orglife/attendance_rates.html", {
        "org": org, "year": year, "rows": selectors.attendance_rates(user=request.user, organization=org, year=year),
    })
