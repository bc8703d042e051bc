"""Reads of the imports app: a user's own jobs, the district's transfer requests, and the scoped,
filtered querysets exports write out."""

from __future__ import annotations

from django.db.models import QuerySet

from organizations.filters import MemberFilter, OrganizationFilter
from organizations.models import Member, Organization
from organizations.selectors import member_list, organization_list, with_member_relations, with_parent_code
from partybuild import scoping

from . import policy
from .models import ImportJob, MemberTransferRequest, TransferRequestState


def job_list(*, user) -> QuerySet[ImportJob]:
    """Jobs are private to their creator; superusers see all of them."""
    qs = ImportJob.objects.select_related("created_by")
    return qs if scoping.is_unrestricted(user) else qs.filter(created_by=user)


def transfer_request_list(*, user, state: str | None = None) -> QuerySet[MemberTransferRequest]:
    """Transfer requests left by member imports: only for the district's organisation department,
    within its area; ``state`` "open" (default in the page), "closed" or None for all."""
    qs = MemberTransferRequest.objects.select_related("member__branch", "to_org", "requested_by", "handled_by")
    if not policy.handles_transfer_requests(user):
        return qs.none()
    qs = scoping.scope_queryset(qs, user, scoping.VIEW)
    if state == "open":
        return qs.filter(state=TransferRequestState.OPEN)
    if state == "closed":
        return qs.exclude(state=TransferRequestState.OPEN)
    return qs


def organization_export_qs(*, user, params) -> QuerySet[Organization]:
    """What the organisation list shows for these query parameters, ready to export."""
    # Dissolved organisations are only exported when the status filter asks for them.
    base = organization_list(user=user, include_dissolved=bool(params.get("status")))
    qs = OrganizationFilter(params, queryset=base).qs
    return with_parent_code(qs).order_by("path")


def member_export_qs(*, user, params, request=None) -> QuerySet[Member]:
    # The request lets a search by ID number be recorded, as on the list (and refused without it).
    qs = MemberFilter(params, queryset=member_list(user=user), request=request).qs
    return with_member_relations(qs).order_by("branch__path", "name", "id")
