"""Reads of the imports app: a user's own jobs, and the scoped, filtered querysets exports write out."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr

from organizations.filters import MemberFilter, OrganizationFilter
from organizations.models import Member, Organization
from organizations.selectors import member_list, organization_list
from partybuild import scoping

from .models import ImportJob


def job_list(*, user) -> QuerySet[ImportJob]:
    """Jobs are private to their creator; superusers see all of them."""
    qs = ImportJob.objects.select_related("created_by")
    return qs if scoping.is_unrestricted(user) else qs.filter(created_by=user)


def with_parent_code(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """Annotate each organisation with its parent's code: one correlated subquery, not a query per row."""
    steplen = Organization.steplen
    parent = Organization.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - steplen)
    ).values("code")[:1]
    return qs.annotate(parent_code=Subquery(parent)).select_related("secretary")


def with_member_relations(qs: QuerySet[Member]) -> QuerySet[Member]:
    return qs.select_related("branch", "registered_community")


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
