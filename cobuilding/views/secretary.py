"""Secretary-led projects (书记领办项目): the list with the warning, a project with its milestones."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..forms import MilestoneForm, SecretaryProjectForm, apply_errors

PAGE_SIZE = 25


def _year(request) -> int:
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year


@login_required
def project_list_view(request):
    year = _year(request)
    page = CappedPaginator(selectors.secretary_project_list(user=request.user, year=year), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "cobuilding/secretary_list.html", {
        "page_obj": page, "projects": page.object_list, "year": year,
        "below": selectors.secretaries_below_minimum(user=request.user, year=year),
        "minimum": selectors.MIN_PROJECTS,
    })


@login_required
def project_create_view(request):
    form = SecretaryProjectForm(request.POST or None, user=request.user,
                                initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            project = services.secretary_project_create(user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("cobuilding:secretary-detail", pk=project.pk)
    return render(request, "cobuilding/form.html", {"form": form, "title": _("New secretary-led project")})


@login_required
def project_detail_view(request, pk: int):
    project = get_object_or_404(selectors.secretary_project_list(user=request.user), pk=pk)
    return render(request, "cobuilding/secretary_detail.html", {
        "project": project, "milestones": project.milestones.order_by("due_on", "id"),
        "can_edit": rights.may(request.user, EDIT, project.organization), "milestone_form": MilestoneForm(),
    })


@login_required
@require_POST
def project_step_view(request, pk: int, step: str):
    project = get_object_or_404(selectors.secretary_project_list(user=request.user), pk=pk)
    try:
        if step == "milestone":
            form = MilestoneForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            services.milestone_add(user=request.user, project=project, **form.cleaned_data)
        elif step == "done":
            milestone = get_object_or_404(project.milestones, pk=request.POST.get("milestone"))
            services.milestone_done(user=request.user, milestone=milestone)
        elif step == "complete":
            services.secretary_project_complete(user=request.user, project=project,
                                                version=request.POST.get("version"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("cobuilding:secretary-detail", pk=project.pk)
