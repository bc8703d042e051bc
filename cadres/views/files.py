"""Secretaries' files (一人一档): the list with completeness per file and the share, a file's form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..forms import FileForm, apply_errors

PAGE_SIZE = 25


@login_required
def file_list_view(request):
    rows = selectors.file_list(user=request.user).order_by("cadre__community__path")
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cadres/file_list.html", {
        "page_obj": page, "files": page.object_list, "share": selectors.file_share(user=request.user),
    })


@login_required
def file_edit_view(request, pk: int):
    file = get_object_or_404(selectors.file_list(user=request.user), pk=pk)
    can_edit = rights.may(request.user, EDIT, file.cadre.community)
    form = FileForm(request.POST or None, instance=file, initial={"version": file.version}) if can_edit else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.file_update(user=request.user, file=file, version=form.cleaned_data["version"], **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("cadres:file-edit", pk=file.pk)
    return render(request, "cadres/file_detail.html", {
        "file": file, "form": form, "can_accept": rights.is_district_admin(request.user) and not file.accepted_on,
    })


@login_required
@require_POST
def file_accept_view(request, pk: int):
    file = get_object_or_404(selectors.file_list(user=request.user), pk=pk)
    try:
        services.file_accept(user=request.user, file=file, on=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file is accepted on record."))
    return redirect("cadres:file-edit", pk=file.pk)
