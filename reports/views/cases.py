"""Report pages: list, filing, detail with its timeline, the steps, overdue list and inbox.

Cases are fetched through scoped selectors (outsiders get 404); the services decide who may
take which step, and their refusals come back as messages on the detail page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import files
from partybuild.forms import apply_errors, bootstrapify
from partybuild.pagination import CappedPaginator

from .. import selectors, services
from ..filters import ReportFilter
from ..forms import ActionForm, ReportFileForm

PAGE_SIZE = 25


def _list_page(request, qs, *, title: str, mode: str):
    filterset = ReportFilter(request.GET, queryset=qs, user=request.user)
    bootstrapify(filterset.form)
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/report_list.html", {
        "filter": filterset, "page_obj": page, "reports": page.object_list, "title": title, "mode": mode,
        "can_report": _may_report(request.user),
    })


def _may_report(user) -> bool:
    """Whether the user has a grid to report from (what report_create_view and report_file ask)."""
    return ReportFileForm(user=user).fields["grid"].queryset.exists()


@login_required
def report_list_view(request):
    return _list_page(request, selectors.report_list(user=request.user), title=_("Grid reports"), mode="all")


@login_required
def overdue_view(request):
    return _list_page(request, selectors.overdue_list(user=request.user), title=_("Overdue cases"), mode="overdue")


@login_required
def inbox_view(request):
    qs = selectors.department_inbox(user=request.user)
    return _list_page(request, qs, title=_("Department inbox"), mode="inbox")


@login_required
def report_create_view(request):
    if not _may_report(request.user):
        raise PermissionDenied(_("You may only report problems in grids of your area."))
    initial = {"household": request.GET.get("household"), "grid": request.GET.get("grid")}
    form = ReportFileForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_file(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Report %(number)s filed.") % {"number": report.number})
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/report_form.html", {"form": form})


def _detail(request, report, bound: ActionForm | None = None, status: int = 200):
    actions = services.allowed_actions(user=request.user, report=report)
    forms = [
        bound if bound is not None and bound.action == name
        else ActionForm(user=request.user, report=report, action=name)
        for name in actions
    ]
    if bound is not None and bound.action not in actions:
        forms.insert(0, bound)
    return render(request, "reports/report_detail.html", {"report": report, "action_forms": forms}, status=status)


@login_required
def report_detail_view(request, pk: int):
    return _detail(request, get_object_or_404(selectors.report_detail_qs(user=request.user), pk=pk))


@login_required
@require_POST
def report_action_view(request, pk: int, action: str):
    report = get_object_or_404(selectors.report_detail_qs(user=request.user), pk=pk)
    service = services.ACTION_SERVICES.get(action)
    if service is None:
        raise Http404
    form = ActionForm(request.POST, user=request.user, report=report, action=action)
    if form.is_valid():
        try:
            service(user=request.user, report=report, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": form.action_label})
            return redirect("reports:detail", pk=pk)
    # Re-read so the page shows the case as it is now, with the refused form and its message.
    report = get_object_or_404(selectors.report_detail_qs(user=request.user), pk=pk)
    messages.error(request, _("The step was not taken; see the message below."))
    return _detail(request, report, bound=form, status=400)


@login_required
def photo_view(request, pk: int):
    """A report's photo for the ``<img>`` of those who may see the report: never a public URL."""
    photo = get_object_or_404(selectors.photo_list(user=request.user), pk=pk)
    kind = files.stored_kind(content_type=photo.content_type)
    return files.inline_image(photo.image, content_type=kind.content_type, filename=f"photo-{photo.pk}{kind.extension}")

