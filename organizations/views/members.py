"""Member pages: list, detail, edits, status changes and transfers.

Views parse input, call one selector or service and render. Objects are fetched through
scoped selectors (outsiders get 404); write rights are checked by ``member_services``,
whose PermissionDenied becomes a 403 and whose ValidationError becomes form errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuild import rights, scoping
from partybuild.forms import apply_errors, bootstrapify
from partybuild.pagination import CappedPaginator

from .. import member_selectors, member_services, selectors
from ..filters import MemberFilter
from ..member_forms import MemberForm, MemberStatusForm, MemberTransferForm

PAGE_SIZE = 25
TRANSFER_TABS = {
    "incoming": member_selectors.transfers_incoming,
    "outgoing": member_selectors.transfers_outgoing,
    "closed": member_selectors.transfers_closed,
}


def _paginate(request, qs):
    return CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _member_page(request, *, historical: bool):
    user = request.user
    qs = member_selectors.historical_member_list(user=user) if historical else selectors.member_list(user=user)
    filterset = MemberFilter(request.GET, queryset=qs, request=request)
    bootstrapify(filterset.form)
    sort = request.GET.get("sort") or "name"
    page = _paginate(request, member_selectors.member_sorted(filterset.qs, sort))
    # Reached from an organisation's page (?subtree=<code>): offer to register a member there.
    code = request.GET.get("subtree", "").strip()
    add_to = None
    if code and not historical:
        add_to = selectors.organization_list(user=user, action=scoping.EDIT).filter(code=code).first()
    return render(
        request,
        "organizations/member_list.html",
        {"filter": filterset, "page_obj": page, "members": page.object_list, "sort": sort, "historical": historical,
         "add_to": add_to},
    )


@login_required
def member_list_view(request):
    return _member_page(request, historical=False)


@login_required
def member_historical_view(request):
    return _member_page(request, historical=True)


@login_required
def member_detail_view(request, pk: int):
    member = get_object_or_404(member_selectors.member_history_qs(user=request.user), pk=pk)
    can_act = not member.is_historical and rights.may(request.user, scoping.EDIT, member.branch)
    return render(request, "organizations/member_detail.html", {"member": member, "can_act": can_act})


def _editable_member(request, pk: int):
    """The member, fetched in scope (404 otherwise) and editable by the user (403 otherwise)."""
    member = get_object_or_404(selectors.member_detail_qs(user=request.user), pk=pk)
    rights.require(request.user, scoping.EDIT, member.branch, str(member_services.OUTSIDE_AREA))
    return member


@login_required
def member_create_view(request, pk: int):
    branch = get_object_or_404(selectors.organization_list(user=request.user), pk=pk)
    rights.require(request.user, scoping.EDIT, branch, _("You may not add members here."))
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member = member_services.member_create(
                user=request.user, branch=branch, joined_branch_on=form.cleaned_data["joined_branch_on"],
                **form.service_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Member %(name)s registered.") % {"name": member.name})
            return redirect("organizations:member-detail", pk=member.pk)
    return render(request, "organizations/member_form.html", {"form": form, "branch": branch, "member": None})


@login_required
def member_edit_view(request, pk: int):
    member = _editable_member(request, pk)
    form = MemberForm(request.POST or None, instance=member, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member_services.member_update(
                user=request.user, member=member, version=form.cleaned_data["version"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("organizations:member-detail", pk=member.pk)
    return render(request, "organizations/member_form.html", {"form": form, "branch": member.branch, "member": member})


def _historical_redirect(request, member):
    messages.error(request, _("%(name)s is a historical member; this record can no longer change.") % {"name": member})
    return redirect("organizations:member-detail", pk=member.pk)


@login_required
def member_status_view(request, pk: int):
    member = _editable_member(request, pk)
    if member.is_historical:
        return _historical_redirect(request, member)
    form = MemberStatusForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            member_services.member_change_status(user=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Status changed to %(status)s.") % {"status": member.get_status_display()})
            return redirect("organizations:member-detail", pk=member.pk)
    return render(request, "organizations/member_status_form.html", {"form": form, "member": member})


@login_required
def member_transfer_view(request, pk: int):
    member = _editable_member(request, pk)
    if member.is_historical:
        return _historical_redirect(request, member)
    form = MemberTransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = member_services.transfer_send(user=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Transfer to %(org)s sent.") % {"org": transfer.to_org.name})
            return redirect("organizations:member-detail", pk=member.pk)
    return render(request, "organizations/member_transfer_form.html", {"form": form, "member": member})


@login_required
def transfer_list_view(request):
    user = request.user
    tab = request.GET.get("tab") if request.GET.get("tab") in TRANSFER_TABS else "incoming"
    counts = {name: select(user=user).count() for name, select in TRANSFER_TABS.items() if name != "closed"}
    page = _paginate(request, TRANSFER_TABS[tab](user=user))
    # Incoming rows are in the user's edit scope by construction; the service re-checks anyway.
    rows = [(t, tab == "incoming", member_services.may_cancel(user, t)) for t in page.object_list]
    return render(
        request, "organizations/transfer_list.html", {"tab": tab, "counts": counts, "page_obj": page, "rows": rows}
    )


def _close_transfer(request, pk: int, service, done: str):
    transfer = get_object_or_404(selectors.transfer_list(user=request.user), pk=pk)
    try:
        service(user=request.user, transfer=transfer)
    except (PermissionDenied, ValidationError) as exc:
        # Both sides see the transfer; the service decides who may close it, the page explains why not.
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, done % {"name": transfer.member.name})
    tab = request.POST.get("tab") if request.POST.get("tab") in TRANSFER_TABS else "incoming"
    return redirect(f"{reverse('organizations:transfer-list')}?tab={tab}")


@login_required
@require_POST
def transfer_receive_view(request, pk: int):
    return _close_transfer(request, pk, member_services.transfer_receive, _("%(name)s received."))


@login_required
@require_POST
def transfer_cancel_view(request, pk: int):
    return _close_transfer(request, pk, member_services.transfer_cancel, _("Transfer of %(name)s cancelled."))
