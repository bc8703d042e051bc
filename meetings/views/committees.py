"""Pages of the regional committees (大工委 / 大党委): list with the counts of the scope, detail with
members, units, rotating chair and duty reports, and the forms that change them.

Records are fetched through the scoped selectors (an outsider gets 404); a role that may only
look gets 403 from ``rights.require``, and the services check again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partybuild import rights
from partybuild.forms import bootstrapify
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..filters import BodyFilter
from ..forms import ChairTermForm, CommitteeForm, DutyReportForm, EndTermForm, SeatForm, apply_errors

PAGE_SIZE = 25


def _editable(request, body) -> None:
    rights.require(request.user, EDIT, body.organization, str(services.REFUSED))


@login_required
def committee_list_view(request):
    qs = selectors.committee_list(user=request.user).order_by("organization__path", "id")
    filterset = BodyFilter(request.GET, queryset=qs)
    bootstrapify(filterset.form)
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/committee_list.html", {
        "filter": filterset, "page_obj": page, "committees": page.object_list,
        "counts": selectors.committee_counts(user=request.user),
        "can_add": selectors.committee_org_choices(user=request.user).exists(),
    })


@login_required
def committee_detail_view(request, pk: int):
    body = get_object_or_404(selectors.committee_detail_qs(user=request.user), pk=pk)
    seats = body.organization.seat_list
    units = {seat.unit.pk: seat.unit for seat in seats}
    return render(request, "meetings/committee_detail.html", {
        "body": body, "seats": seats, "units": sorted(units.values(), key=lambda u: u.name),
        "reports": selectors.duty_reports_of(body=body)[:50],
        "can_edit": rights.may(request.user, EDIT, body.organization),
    })


@login_required
def committee_create_view(request):
    if not selectors.committee_org_choices(user=request.user).exists():
        raise PermissionDenied(services.REFUSED)
    form = CommitteeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(
                user=request.user, organization=form.cleaned_data["organization"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Committee %(name)s set up.") % {"name": body.name})
            return redirect("meetings:committee-detail", pk=body.pk)
    return render(request, "meetings/form.html", {"form": form, "title": _("New regional committee")})


@login_required
def committee_edit_view(request, pk: int):
    body = get_object_or_404(selectors.committee_list(user=request.user), pk=pk)
    _editable(request, body)
    form = CommitteeForm(request.POST or None, instance=body, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(
                user=request.user, body=body, version=form.cleaned_data["version"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, pgettext("meetings", "Changes saved."))
            return redirect("meetings:committee-detail", pk=body.pk)
    return render(request, "meetings/form.html", {"form": form, "body": body, "title": _("Edit committee")})


@login_required
def seat_add_view(request, pk: int):
    body = get_object_or_404(selectors.committee_list(user=request.user), pk=pk)
    _editable(request, body)
    form = SeatForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.part_time_member_add(user=request.user, body=body, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s joins the committee.") % {"name": seat.name})
            return redirect("meetings:committee-detail", pk=body.pk)
    return render(request, "meetings/form.html", {"form": form, "body": body, "title": _("Add a part-time member")})


def _seat_and_body(request, pk: int):
    seat = get_object_or_404(selectors.part_time_member_list(user=request.user), pk=pk)
    body = get_object_or_404(selectors.committee_list(user=request.user), organization=seat.committee)
    _editable(request, body)
    return seat, body


@login_required
def seat_end_view(request, pk: int):
    seat, body = _seat_and_body(request, pk)
    form = EndTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.part_time_member_end(user=request.user, member=seat, term_end=form.cleaned_data["term_end"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The term of %(name)s ends.") % {"name": seat.name})
            return redirect("meetings:committee-detail", pk=body.pk)
    title = _("End the term of %(name)s") % {"name": seat.name}
    return render(request, "meetings/form.html", {"form": form, "body": body, "title": title})


@login_required
def duty_report_create_view(request, pk: int):
    seat, body = _seat_and_body(request, pk)
    form = DutyReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_report_file(user=request.user, member=seat, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Duty report filed."))
            return redirect("meetings:committee-detail", pk=body.pk)
    title = _("Duty report of %(name)s") % {"name": seat.name}
    return render(request, "meetings/form.html", {"form": form, "body": body, "title": title})


@login_required
def chair_add_view(request, pk: int):
    body = get_object_or_404(selectors.committee_list(user=request.user), pk=pk)
    _editable(request, body)
    form = ChairTermForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.chair_term_add(user=request.user, body=body, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Chair term recorded."))
            return redirect("meetings:committee-detail", pk=body.pk)
    return render(request, "meetings/form.html", {"form": form, "body": body, "title": _("Rotating chair")})
