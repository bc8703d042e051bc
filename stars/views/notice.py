"""The public notice (公示) board, objections, and the district's decisions on them.

The board shows every star in notice across the district to any signed-in user (the notice is
public by design); an objection is lodged against a case on the board, so a case not in notice
is a 404 here. Objections and their authors are read by the district only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partybuild.files import attachment
from partybuild.pagination import CappedPaginator

from .. import selectors, services
from ..forms import ObjectionDecisionForm, ObjectionForm, apply_errors

PAGE_SIZE = 50


@login_required
def notice_view(request):
    page = CappedPaginator(selectors.notice_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stars/notice.html", {"page_obj": page, "notices": page.object_list})


@login_required
def objection_create_view(request, pk: int):
    app = get_object_or_404(selectors.notice_list(), pk=pk)
    form = ObjectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_lodge(user=request.user, application=app, text=form.cleaned_data["text"],
                                     upload=form.cleaned_data.get("file"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Your objection was sent to the district. The notice is paused until it decides.")
            )
            return redirect("stars:notice")
    return render(request, "stars/objection_form.html", {"app": app, "form": form})


@login_required
def objection_decide_view(request, pk: int):
    objection = get_object_or_404(selectors.objection_list(user=request.user), pk=pk)
    form = ObjectionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_decide(user=request.user, objection=objection,
                                      uphold=form.cleaned_data["decision"] == "uphold",
                                      reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("stars:application-detail", pk=objection.application_id)
    return render(request, "stars/objection_decide.html", {"objection": objection, "form": form})


@login_required
def objection_file_view(request, pk: int):
    objection = get_object_or_404(selectors.objection_list(user=request.user).exclude(file=""), pk=pk)
    return attachment(objection.file, content_type=objection.content_type, filename=f"objection-{objection.pk}")
