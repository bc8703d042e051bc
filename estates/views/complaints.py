"""Property complaints (recorded, or linked from a grid report; answered; closed by the resident's
satisfaction), satisfaction surveys and street inspections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.files import inline_image, save_photo_form
from partybuild.scoping import EDIT

from .. import filters, selectors, services
from ..flow import COMPLAINT_FLOW
from ..forms import (
    AnswerForm,
    CloseForm,
    ComplaintForm,
    InspectionForm,
    InspectionPhotoForm,
    LinkReportForm,
    SurveyForm,
    apply_errors,
)
from ._common import filtered, paged


@login_required
def complaint_list_view(request):
    fs, qs = filtered(filters.ComplaintFilter, request, selectors.complaint_list(user=request.user))
    page = paged(request, qs)
    can_add = selectors.community_choices(user=request.user).exists()
    return render(request, "estates/complaint_list.html", {"filter": fs, "page_obj": page, "complaints": page,
                                                           "can_add": can_add})


def _detail(request, complaint, *, answer_form=None, close_form=None):
    steps = COMPLAINT_FLOW.allowed(request.user, complaint)
    initial = {"version": complaint.version}
    return render(request, "estates/complaint_detail.html", {
        "complaint": complaint,
        "answer_form": (answer_form or AnswerForm(initial=initial)) if "answer" in steps else None,
        "close_form": (close_form or CloseForm(initial=initial)) if "close" in steps else None,
        # 三方联动: only meetings the user may add items to, so only they see the button.
        "joint_meetings": list(selectors.joint_meetings_for(user=request.user, complaint=complaint)[:5]),
        "agenda_items": list(selectors.complaint_agenda_items(user=request.user, complaint=complaint)[:5]),
    })


@login_required
def complaint_detail_view(request, pk: int):
    return _detail(request, get_object_or_404(selectors.complaint_list(user=request.user), pk=pk))


def _step(request, pk: int, form_class, service, field: str, form_key: str):
    complaint = get_object_or_404(selectors.complaint_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, complaint.unit.community, str(services.REFUSED))
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(user=request.user, complaint=complaint, **{field: form.cleaned_data[field]},
                    version=form.cleaned_data["version"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("estates:complaint-detail", pk=complaint.pk)
    return _detail(request, complaint, **{form_key: form})


@login_required
@require_POST
def complaint_answer_view(request, pk: int):
    return _step(request, pk, AnswerForm, services.complaint_answer, "answer", "answer_form")


@login_required
@require_POST
def complaint_close_view(request, pk: int):
    return _step(request, pk, CloseForm, services.complaint_close, "satisfaction", "close_form")


@login_required
@require_POST
def complaint_joint_meeting_view(request, pk: int):
    """三方联动: the complaint goes onto the chosen three-party meeting's agenda."""
    complaint = get_object_or_404(selectors.complaint_list(user=request.user), pk=pk)
    meeting_id = request.POST.get("meeting", "")
    meeting = get_object_or_404(selectors.joint_meetings_for(user=request.user, complaint=complaint),
                                pk=int(meeting_id) if meeting_id.isdigit() else 0)
    try:
        item = services.complaint_to_joint_meeting(user=request.user, complaint=complaint, meeting=meeting)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return redirect("estates:complaint-detail", pk=complaint.pk)
    messages.success(request, _("The complaint is on the agenda of %(meeting)s.") % {"meeting": meeting})
    return redirect("meetings:item-detail", pk=item.pk)


@login_required
def complaint_create_view(request):
    if not selectors.community_choices(user=request.user).exists():
        raise PermissionDenied(str(services.REFUSED))
    form = ComplaintForm(request.POST or None, user=request.user)
    link = LinkReportForm(user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_record(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Complaint recorded and sent to %(to)s.") % {"to": complaint.routed_to})
            return redirect("estates:complaint-detail", pk=complaint.pk)
    return render(request, "estates/complaint_form.html", {"form": form, "link": link})


@login_required
@require_POST
def complaint_link_view(request):
    link = LinkReportForm(request.POST, user=request.user)
    if link.is_valid():
        try:
            complaint = services.complaint_from_report(user=request.user, **link.cleaned_data)
        except ValidationError as exc:
            apply_errors(link, exc)
        else:
            messages.success(request, _("Complaint recorded and sent to %(to)s.") % {"to": complaint.routed_to})
            return redirect("estates:complaint-detail", pk=complaint.pk)
    return render(request, "estates/complaint_form.html", {"form": ComplaintForm(user=request.user), "link": link})


@login_required
def survey_list_view(request):
    form = SurveyForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not selectors.community_choices(user=request.user).exists():
            raise PermissionDenied(str(services.REFUSED))
        if form.is_valid():
            try:
                services.survey_record(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("estates:survey-list")
    page = paged(request, selectors.survey_list(user=request.user))
    return render(request, "estates/survey_list.html", {"page_obj": page, "surveys": page, "form": form})


@login_required
def inspection_list_view(request):
    form = InspectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_record(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("estates:inspection-list")
    page = paged(request, selectors.inspection_list(user=request.user))
    return render(request, "estates/inspection_list.html", {"page_obj": page, "inspections": page, "form": form})


def _may_inspect(user, inspection) -> bool:
    return rights.holds_role_over(user, services.INSPECTOR_ROLES, inspection.unit.community)


@login_required
def inspection_detail_view(request, pk: int):
    """One inspection with its site photos; the street and the district add photos here (a phone's
    camera opens from the file field)."""
    inspection = get_object_or_404(selectors.inspection_list(user=request.user), pk=pk)
    photos = list(inspection.photos.order_by("uploaded_at", "id"))
    may_upload = _may_inspect(request.user, inspection)
    return render(request, "estates/inspection_detail.html", {
        "inspection": inspection, "photos": photos, "may_upload": may_upload,
        "photo_form": InspectionPhotoForm() if may_upload else None,
    })


@login_required
@require_POST
def inspection_photo_upload_view(request, pk: int):
    inspection = get_object_or_404(selectors.inspection_list(user=request.user), pk=pk)
    save_photo_form(request, InspectionPhotoForm(request.POST, request.FILES),
                    lambda upload, caption: services.inspection_photo_add(
                        user=request.user, inspection=inspection, upload=upload, caption=caption))
    return redirect("estates:inspection-detail", pk=inspection.pk)


@login_required
def inspection_photo_view(request, pk: int):
    """The photo for an ``<img>``, to whoever sees the inspection (scoped: others get 404)."""
    photo = get_object_or_404(selectors.inspection_photos(user=request.user), pk=pk)
    if not photo.image:
        raise Http404
    return inline_image(photo.image, content_type=photo.content_type,
                        filename=f"inspection-{photo.inspection_id}-{photo.pk}")


@login_required
@require_POST
def inspection_photo_delete_view(request, pk: int):
    photo = get_object_or_404(selectors.inspection_photos(user=request.user), pk=pk)
    services.inspection_photo_delete(user=request.user, photo=photo)
    messages.success(request, _("Photo removed."))
    return redirect("estates:inspection-detail", pk=photo.inspection_id)
