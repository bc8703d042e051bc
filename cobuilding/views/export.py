"""The co-building workbook of the user's scope (three lists, claims, secretary-led projects) and the
evidence files of list entries."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.background_exports import in_background_above
from organizations.selectors import organization_scope_name
from partybuild import files
from partybuild.workbooks import dated_filename

from .. import selectors, services
from ..exports import TITLE, cobuilding_workbook
from ..forms import EvidenceForm


def _export_rows(request) -> int:
    user = request.user
    return selectors.item_list(user=user).count() + selectors.secretary_project_list(user=user).count()


@transaction.non_atomic_requests
@login_required
@in_background_above(_export_rows)
def export_view(request):
    """Four queries whatever the size of the scope: the area's name for the title, entries, claims,
    projects (each with its joins)."""
    user = request.user
    scope = organization_scope_name(user=user)
    items = selectors.item_list(user=user).order_by("kind", "organization__path", "created_at", "id")
    book = cobuilding_workbook(
        scope=scope, items=items.iterator(chunk_size=2000),
        claims=selectors.claim_list(user=user).iterator(chunk_size=2000),
        projects=selectors.secretary_project_list(user=user).iterator(chunk_size=2000),
    )
    return book.response(dated_filename(TITLE, scope))


@login_required
@require_POST
def evidence_add_view(request, pk: int):
    item = get_object_or_404(selectors.item_list(user=request.user), pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(user=request.user, item=item, kind=form.cleaned_data["kind"],
                                  upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        messages.success(request, _("The file is attached."))
    return redirect("cobuilding:item-detail", pk=item.pk)


@login_required
def evidence_download_view(request, pk: int):
    evidence = get_object_or_404(selectors.evidence_list(user=request.user), pk=pk)
    return files.attachment(evidence.file, content_type=evidence.content_type, filename=evidence.original_name)
