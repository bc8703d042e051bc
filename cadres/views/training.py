"""Training: each cadre's days this year against the 7-day requirement, courses and attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.pagination import CappedPaginator

from .. import selectors, services
from ..forms import AttendanceForm, CourseForm, apply_errors
from ..models import REQUIRED_TRAINING_DAYS

PAGE_SIZE = 25


@login_required
def training_view(request):
    year = timezone.localdate().year
    cadres = selectors.training_days(user=request.user, year=year)
    short = selectors.below_requirement(cadres)
    page = CappedPaginator(short, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cadres/training.html", {
        "page_obj": page, "short": page.object_list, "year": year, "required": REQUIRED_TRAINING_DAYS,
        "total": cadres.count(), "courses": selectors.course_list(user=request.user)[:10],
        # What course_create_view asks: an organisation the user may edit to organise it.
        "can_add": CourseForm(user=request.user).fields["organiser"].queryset.exists(),
    })


@login_required
def course_create_view(request):
    form = CourseForm(request.POST or None, user=request.user)
    if not form.fields["organiser"].queryset.exists():
        raise PermissionDenied(services.REFUSED)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            course = services.course_create(user=request.user, organiser=data.pop("organiser"), **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("cadres:course-detail", pk=course.pk)
    return render(request, "cadres/form.html", {"form": form, "title": _("New training course")})


@login_required
def course_detail_view(request, pk: int):
    course = get_object_or_404(selectors.course_list(user=request.user), pk=pk)
    form = AttendanceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(user=request.user, course=course, cadre=form.cleaned_data["cadre"],
                                       days=form.cleaned_data["days"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("cadres:course-detail", pk=course.pk)
    attendances = selectors.attendance_list(user=request.user).filter(course=course).order_by("cadre__name")
    return render(request, "cadres/course_detail.html", {"course": course, "form": form, "attendances": attendances})
