"""Member pledge pages: pledge with items, record fulfilment (践诺), year-end evaluation (评诺), exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.background_exports import in_background_above
from organizations.models import Level
from partybuild import files, rights
from partybuild.scoping import EDIT

from .. import exports, selectors
from ..filters import FulfilmentFilter, PledgeFilter
from ..forms import EvaluationForm, FulfilmentForm, PledgeForm, PledgeItemEditForm, PledgeItemForm, PledgeItemFormSet
from ..services import (
    can_evaluate,
    fulfilment_record,
    pledge_create,
    pledge_evaluate,
    pledge_item_add,
    pledge_item_update,
)
from .common import (
    apply_errors,
    editable,
    filtered,
    ledger_page,
    org_choices,
    pick_or_none,
    render_picker,
    xlsx_response,
)

PLEDGE_ORG_LEVELS = (Level.COMMUNITY, Level.GRID, Level.SPECIAL)


@login_required
def pledge_list_view(request):
    filterset = filtered(request, PledgeFilter, selectors.pledge_list(user=request.user))
    return ledger_page(request, filterset=filterset, template="services/pledge_list.html")


def _pledge_export_rows(request) -> int:
    filterset = filtered(request, PledgeFilter, selectors.pledge_plain_list(user=request.user))
    return selectors.pledge_items_of(user=request.user, pledges=filterset.qs).count()


@transaction.non_atomic_requests
@login_required
@in_background_above(_pledge_export_rows)
def pledge_export_view(request):
    filterset = filtered(request, PledgeFilter, selectors.pledge_plain_list(user=request.user))
    rows = selectors.pledge_items_of(user=request.user, pledges=filterset.qs)
    return xlsx_response(request, ledger=exports.PLEDGES, filterset=filterset, rows=rows)


@login_required
def fulfilment_list_view(request):
    filterset = filtered(request, FulfilmentFilter, selectors.fulfilment_list(user=request.user))
    return ledger_page(request, filterset=filterset, template="services/fulfilment_list.html")


@transaction.non_atomic_requests
@login_required
@in_background_above(lambda r: filtered(r, FulfilmentFilter, selectors.fulfilment_list(user=r.user)).qs.count())
def fulfilment_export_view(request):
    filterset = filtered(request, FulfilmentFilter, selectors.fulfilment_list(user=request.user))
    return xlsx_response(request, ledger=exports.FULFILMENTS, filterset=filterset)


def _page(request, pledge, **forms):
    context = {"pledge": pledge, "can_edit": rights.may(request.user, EDIT, pledge.organization),
               "can_evaluate": not pledge.is_evaluated and can_evaluate(pledge),
               "item_form": PledgeItemForm(), "fulfilment_form": FulfilmentForm(),
               "evaluation_form": EvaluationForm(initial={"version": pledge.version}), **forms}
    return render(request, "services/pledge_detail.html", context)


@login_required
def pledge_detail_view(request, pk: int):
    return _page(request, get_object_or_404(selectors.pledge_detail_qs(user=request.user), pk=pk))


@login_required
def pledge_create_view(request):
    orgs = org_choices(request.user, EDIT, PLEDGE_ORG_LEVELS)
    org = pick_or_none(request, orgs, param="org")
    if org is None:
        return render_picker(request, queryset=orgs, param="org", title=_("New pledge"), label=_("Organisation"),
                             picker="organization", params={"levels": ",".join(PLEDGE_ORG_LEVELS)})
    form = PledgeForm(request.POST or None, org=org)
    items = PledgeItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        data = [f.cleaned_data for f in items if f.cleaned_data]
        try:
            pledge = pledge_create(user=request.user, items=data, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Pledge saved."))
            return redirect("services:pledge-detail", pk=pledge.pk)
    return render(request, "services/pledge_form.html", {"form": form, "items": items, "org": org})


def _editable(request, pk: int):
    return editable(request, selectors.pledge_detail_qs(user=request.user), pk)


@login_required
@require_POST
def pledge_item_add_view(request, pk: int):
    pledge = _editable(request, pk)
    form = PledgeItemForm(request.POST)
    if form.is_valid():
        try:
            pledge_item_add(user=request.user, pledge=pledge, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Pledge item added."))
            return redirect("services:pledge-detail", pk=pledge.pk)
    return _page(request, pledge, item_form=form)


@login_required
def fulfilment_create_view(request, pk: int):
    item = get_object_or_404(selectors.pledge_item_list(user=request.user, action=EDIT), pk=pk)
    form = FulfilmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            fulfilment_record(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Fulfilment recorded."))
            return redirect("services:pledge-detail", pk=item.pledge_id)
    return render(request, "services/form.html", {"form": form, "title": _("Record fulfilment"),
                                                  "subtitle": item.content, "multipart": True,
                                                  "back": "services:pledge-list"})


@login_required
def pledge_item_edit_view(request, pk: int):
    item = get_object_or_404(selectors.pledge_item_list(user=request.user, action=EDIT), pk=pk)
    initial = {"content": item.content, "deadline": item.deadline, "target": item.target,
               "version": item.pledge.version}
    form = PledgeItemEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pledge_item_update(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("services:pledge-detail", pk=item.pledge_id)
    return render(request, "services/form.html", {"form": form, "title": _("Edit pledge item"),
                                                  "subtitle": item.pledge.member.name, "back": "services:pledge-list"})


@login_required
@require_POST
def pledge_evaluate_view(request, pk: int):
    pledge = _editable(request, pk)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            pledge_evaluate(user=request.user, pledge=pledge, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Pledge evaluated."))
            return redirect("services:pledge-detail", pk=pledge.pk)
    return _page(request, pledge, evaluation_form=form)


# The evidence validator (services.validators) only lets these in, with content matching the extension.
_EVIDENCE_TYPES = {ext: kind.content_type for kind in files.DOCUMENTS for ext in kind.extensions}


@login_required
def evidence_view(request, pk: int):
    """A fulfilment's evidence file, for those who may see the fulfilment: never a public URL."""
    fulfilment = get_object_or_404(selectors.fulfilment_list(user=request.user), pk=pk)
    if not fulfilment.evidence_file:
        raise Http404
    extension = "." + fulfilment.evidence_file.name.rsplit(".", 1)[-1].lower()
    content_type = _EVIDENCE_TYPES.get(extension, "application/octet-stream")
    return files.attachment(fulfilment.evidence_file, content_type=content_type,
                            filename=f"evidence-{fulfilment.pk}{extension}")
