"""Pages of the joint meetings: list, new (a series or a one-off), the meeting page where a
secretary records attendees, presence, minutes and attachments on a phone, moving, closing
(which opens the series' next meeting), the print page of closed minutes and attachment downloads.

Meetings are fetched through the scoped selectors (an outsider gets 404); a role that may only look
gets 403; the services check again."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from audit.background_exports import recorded
from organizations.selectors import organization_list
from partybuild import files, rights
from partybuild.filters import filtered
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT
from partybuild.workbooks import dated_filename

from .. import meeting_services as ms
from .. import selectors
from ..exports import TITLE as AGENDA_TITLE
from ..exports import agenda_workbook
from ..filters import MeetingFilter
from ..flow import REFUSED
from ..forms import (
    ONCE,
    AttachmentForm,
    AttendeeForm,
    DropForm,
    MeetingCreateForm,
    MeetingEditForm,
    MoveForm,
    apply_errors,
)
from ..item_services import carry_preview
from ..models import FollowUpTask
from ..pdf import minutes_pdf

PAGE_SIZE = 25


def _editable(request, meeting):
    rights.require(request.user, EDIT, meeting.body.organization, str(REFUSED))


def _meeting(request, pk: int, *, edit: bool = False):
    meeting = get_object_or_404(selectors.meeting_list(user=request.user), pk=pk)
    if edit:
        _editable(request, meeting)
    return meeting


@login_required
def meeting_list_view(request):
    qs = selectors.meeting_list(user=request.user).order_by("-held_on", "-id")
    fs, qs = filtered(MeetingFilter, request, qs)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/meeting_list.html", {
        "page_obj": page, "meetings": page.object_list, "status": request.GET.get("status", ""), "filter": fs,
        "can_add": selectors.body_choices(user=request.user).exists(),
    })


@login_required
def meeting_create_view(request):
    if not selectors.body_choices(user=request.user).exists():
        raise PermissionDenied(REFUSED)
    initial = {}
    body_id = request.GET.get("body", "")
    if body_id.isdigit():
        initial["body"] = selectors.body_choices(user=request.user).filter(pk=body_id).first()
    form = MeetingCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["recurrence"] == ONCE:
                meeting = ms.meeting_create(
                    user=request.user, body=data["body"], title=data["title"], held_on=data["held_on"],
                    place=data["place"],
                )
            else:
                series = ms.series_create(
                    user=request.user, body=data["body"], first_on=data["held_on"], title=data["title"],
                    place=data["place"], recurrence=data["recurrence"], interval_weeks=data["interval_weeks"],
                    weekday=data["weekday"], nth=data["nth"],
                )
                meeting = series.meetings.get()
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting opened."))
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "title": _("New joint meeting")})


@login_required
def meeting_detail_view(request, pk: int):
    meeting = get_object_or_404(selectors.meeting_detail_qs(user=request.user), pk=pk)
    can_edit = meeting.is_open and rights.may(request.user, EDIT, meeting.body.organization)
    context = {
        "meeting": meeting, "can_edit": can_edit, "attendees": meeting.attendees.all(),
        "items": selectors.item_detail_qs(user=request.user).filter(meeting=meeting).order_by("id"),
    }
    if can_edit:
        context.update(
            edit_form=MeetingEditForm(instance=meeting), attendee_form=AttendeeForm(),
            attachment_form=AttachmentForm(), refusals=ms.close_refusals(meeting),
        )
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def meeting_edit_view(request, pk: int):
    meeting = _meeting(request, pk, edit=True)
    form = MeetingEditForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            ms.meeting_update(user=request.user, meeting=meeting, version=data.pop("version"), **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, pgettext("meetings", "Changes saved."))
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting, "title": _("Edit")})


@login_required
def meeting_move_view(request, pk: int):
    meeting = _meeting(request, pk, edit=True)
    form = MoveForm(request.POST or None, initial={"held_on": meeting.held_on})
    if request.method == "POST" and form.is_valid():
        try:
            ms.meeting_move(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting moved."))
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    title = pgettext("meetings", "Move")
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting, "title": title})


def _service_post(request, meeting, call, success: str):
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("meetings:meeting-detail", pk=meeting.pk)


@login_required
@require_POST
def attendee_add_view(request, pk: int):
    meeting = _meeting(request, pk, edit=True)
    form = AttendeeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("meetings:meeting-detail", pk=meeting.pk)
    return _service_post(
        request, meeting, lambda: ms.attendee_add(user=request.user, meeting=meeting, **form.cleaned_data),
        _("Attendee added."),
    )


@login_required
@require_POST
def attendees_part_time_view(request, pk: int):
    meeting = _meeting(request, pk, edit=True)
    return _service_post(
        request, meeting, lambda: ms.attendees_add_part_time_members(user=request.user, meeting=meeting),
        _("Serving part-time members invited."),
    )


@login_required
@require_POST
def attendance_view(request, pk: int):
    meeting = _meeting(request, pk, edit=True)
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    reasons = {
        int(key.removeprefix("reason_")): value for key, value in request.POST.items()
        if key.startswith("reason_") and key.removeprefix("reason_").isdigit()
    }
    return _service_post(
        request, meeting,
        lambda: ms.attendance_record(user=request.user, meeting=meeting, present=present, reasons=reasons),
        _("Attendance recorded."),
    )


@login_required
@require_POST
def attachment_add_view(request, pk: int):
    meeting = _meeting(request, pk, edit=True)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("meetings:meeting-detail", pk=meeting.pk)
    return _service_post(
        request, meeting,
        lambda: ms.attachment_add(
            user=request.user, meeting=meeting, upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
        ),
        _("File attached."),
    )


@login_required
def attachment_download_view(request, pk: int):
    attachment = get_object_or_404(selectors.attachment_list(user=request.user), pk=pk)
    extension = attachment.file.name.rsplit(".", 1)[-1]
    filename = f"meeting-{attachment.meeting_id}-{pk}.{extension}"
    return files.attachment(attachment.file, content_type=attachment.content_type, filename=filename)


@login_required
def meeting_close_view(request, pk: int):
    """GET: what closing will do (and what is still missing); POST: close."""
    meeting = _meeting(request, pk, edit=True)
    if request.method == "POST":
        try:
            closed = ms.meeting_close(user=request.user, meeting=meeting, version=request.POST.get("version") or None)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("meetings:meeting-close", pk=meeting.pk)
        messages.success(request, _("Meeting closed."))
        if closed.next_meeting is not None:
            messages.info(request, _("The next meeting is open: %(date)s.") % {
                "date": f"{closed.next_meeting.held_on:%Y-%m-%d}"})
        return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(request, "meetings/meeting_close.html", {
        "meeting": meeting, "refusals": ms.close_refusals(meeting), "carried": carry_preview(meeting),
        "has_next": meeting.series_id is not None and meeting.series.is_active, "drop_form": DropForm(),
    })


@login_required
def meeting_print_view(request, pk: int):
    meeting = get_object_or_404(selectors.meeting_detail_qs(user=request.user), pk=pk)
    entries = selectors.entry_list(user=request.user).filter(meeting=meeting).select_related("item").order_by("id")
    return render(request, "meetings/meeting_print.html", {
        "meeting": meeting, "attendees": meeting.attendees.all(), "entries": entries,
    })


@transaction.non_atomic_requests
@login_required
def meeting_pdf_view(request, pk: int):
    """The minutes as a PDF for signature (a draft while the meeting is open)."""
    meeting = get_object_or_404(selectors.meeting_detail_qs(user=request.user), pk=pk)
    entries = selectors.entry_list(user=request.user).filter(meeting=meeting).select_related("item").order_by("id")
    response = HttpResponse(
        minutes_pdf(meeting, attendees=meeting.attendees.all(), entries=entries), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}-minutes.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@transaction.non_atomic_requests
@login_required
@recorded
def meeting_export_view(request, pk: int):
    """The meeting's agenda and outcomes as xlsx."""
    meeting = _meeting(request, pk)
    tasks = Prefetch("item__tasks", queryset=FollowUpTask.objects.select_related("department").order_by("id"))
    entries = selectors.entry_list(user=request.user).filter(meeting=meeting).select_related(
        "item__first_meeting").prefetch_related(tasks).order_by("id")
    book = agenda_workbook(meeting, entries)
    return book.response(dated_filename(AGENDA_TITLE, meeting.body.name, meeting.title, on=meeting.held_on))


def _period(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        since = date.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        since = date(today.year, 1, 1)
    try:
        until = date.fromisoformat(request.GET.get("until", ""))
    except ValueError:
        until = today
    return since, max(since, until)


def _stat_links(since: date, until: date, root) -> dict[str, str]:
    """Each figure's list, filtered to what ``selectors.meeting_stats`` counts."""
    area = {"subtree": root.code} if root else {}
    raised = {**area, "raised_after": since.isoformat(), "raised_before": until.isoformat()}
    items, meetings = reverse("meetings:item-list"), reverse("meetings:meeting-list")
    return {
        "held": f"{meetings}?" + urlencode({**area, "status": "closed", "held_after": since.isoformat(),
                                            "held_before": until.isoformat()}),
        "raised": f"{items}?" + urlencode(raised),
        "resolved": f"{items}?" + urlencode({**raised, "status": "solved"}),
        "escalated": f"{items}?" + urlencode({**raised, "escalated": "true"}),
        "carried": f"{items}?" + urlencode({**area, "carried_after": since.isoformat(),
                                            "carried_before": until.isoformat()}),
    }


@login_required
def meeting_stats_view(request):
    """The figures of the user's area, or of one organisation's subtree in it (``?subtree=<code>``,
    as the dashboards link: an organisation outside the area is a 404); each opens its list."""
    since, until = _period(request)
    code = request.GET.get("subtree", "").strip()
    root = get_object_or_404(organization_list(user=request.user), code=code) if code else None
    return render(request, "meetings/stats.html", {
        "stats": selectors.meeting_stats(user=request.user, since=since, until=until, root=root), "root": root,
        "links": _stat_links(since, until, root),
    })
