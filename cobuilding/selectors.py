"""Reads of co-building, scoped; the secretaries' warning is one grouped query."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from organizations.models import Organization, OrgStatus, ResidentUnit
from organizations.paths import prefix_at
from partybuild.scoping import EDIT, VIEW, is_unrestricted, scope_paths, scope_queryset

from .models import (
    ItemEvidence,
    ItemStatus,
    ListItem,
    ListKind,
    Milestone,
    ProgressReport,
    ResponsibilityReport,
    SecretaryProject,
)
from .services import LIST_LEVELS, SECRETARY_LEVELS, STREET_DEPTH

# Each secretary leads 2–3 projects a year (Yungang); fewer is flagged.
MIN_PROJECTS = 2


def item_list(*, user, kind: str | None = None, status: str | None = None) -> QuerySet[ListItem]:
    qs = scope_queryset(ListItem.objects.select_related("organization", "unit"), user, VIEW)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def progress_list(*, user) -> QuerySet[ProgressReport]:
    return scope_queryset(ProgressReport.objects.select_related("item"), user, VIEW)


def evidence_list(*, user) -> QuerySet[ItemEvidence]:
    return scope_queryset(ItemEvidence.objects.select_related("item"), user, VIEW)


def claim_list(*, user) -> QuerySet[ListItem]:
    """Claimed and completed projects with the percent of their latest progress report (one query)."""
    latest = ProgressReport.objects.filter(item=OuterRef("pk")).order_by("-reported_on", "-id").values("percent")[:1]
    return item_list(user=user, kind=ListKind.PROJECT).filter(
        status__in=[ItemStatus.CLAIMED, ItemStatus.COMPLETED], unit__isnull=False,
    ).annotate(last_percent=Subquery(latest)).order_by("organization__path", "claimed_at", "id")


def secretary_project_list(*, user, year: int | None = None) -> QuerySet[SecretaryProject]:
    qs = scope_queryset(SecretaryProject.objects.select_related("organization"), user, VIEW).annotate(
        milestone_count=Count("milestones"),
        milestones_done=Count("milestones", filter=Q(milestones__done_on__isnull=False)),
    )
    return (qs.filter(year=year) if year else qs).order_by("-year", "organization__path", "id")


def milestone_list(*, user) -> QuerySet[Milestone]:
    return scope_queryset(Milestone.objects.select_related("project"), user, VIEW)


def report_list(*, user, year: int | None = None) -> QuerySet[ResponsibilityReport]:
    qs = scope_queryset(ResponsibilityReport.objects.select_related("unit", "unit__street"), user, VIEW)
    return (qs.filter(year=year) if year else qs).order_by("-year", "unit__name")


def organizations_for_lists(*, user) -> QuerySet[Organization]:
    return scope_queryset(Organization.objects.filter(level__in=LIST_LEVELS, status=OrgStatus.ACTIVE), user, EDIT
                          ).order_by("path")


def organizations_for_secretary_projects(*, user) -> QuerySet[Organization]:
    return scope_queryset(Organization.objects.filter(level__in=SECRETARY_LEVELS, status=OrgStatus.ACTIVE), user,
                          EDIT).order_by("path")


def units(*, user, action: str = VIEW) -> QuerySet[ResidentUnit]:
    return scope_queryset(ResidentUnit.objects.select_related("street"), user, action).order_by("name")


def claimable_units(*, user) -> QuerySet[ResidentUnit]:
    """Resident units that may claim a project the user may edit: the units of the streets at or above
    the user's area (a community secretary names the units of their street, which lies above them)."""
    if is_unrestricted(user):
        return ResidentUnit.objects.select_related("street").order_by("name")
    where = Q(pk__in=[])
    for path in scope_paths(user, EDIT):
        where |= Q(street__path__startswith=path) | Q(street__path=prefix_at(path, STREET_DEPTH))
    return ResidentUnit.objects.filter(where).select_related("street").order_by("name")


def secretaries_below_minimum(*, user, year: int) -> list[dict]:
    """District, street and community organisations of the scope whose secretary leads fewer than
    :data:`MIN_PROJECTS` projects in ``year`` (one query)."""
    orgs = scope_queryset(Organization.objects.filter(level__in=SECRETARY_LEVELS, status=OrgStatus.ACTIVE), user, VIEW)
    return list(
        orgs.annotate(led=Count("secretary_projects", filter=Q(secretary_projects__year=year)))
        .filter(led__lt=MIN_PROJECTS).values("id", "name", "level", "led").order_by("path")
    )
