"""Reads of 五星联创, through the scoping mechanism except where the notice is public by design.

Statistics are set-based: a fixed number of aggregate queries whatever the number of communities.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from accounts.models import Role
from organizations.models import Level, Organization, OrgStatus
from organizations.paths import STREET_DEPTH, prefix_expr, subtree_q
from partybuild import rights
from partybuild.scoping import EDIT, VIEW, grants, is_unrestricted, scope_queryset

from .models import (
    NOTICE_STATES,
    ObjectionStatus,
    StarApplication,
    StarDefinition,
    StarEvidence,
    StarObjection,
    StarStep,
    StarYear,
    Status,
)


def _with_street(qs: QuerySet[StarApplication]) -> QuerySet[StarApplication]:
    """Annotate each application with its street's name (one subquery, no query per row)."""
    street = Organization.objects.filter(path=OuterRef("street_path")).values("name")[:1]
    return qs.annotate(street_path=prefix_expr(field="community", depth=STREET_DEPTH)).annotate(
        street_name=Subquery(street)
    )


def application_list(*, user, action: str = VIEW) -> QuerySet[StarApplication]:
    return _with_street(
        scope_queryset(StarApplication.objects.all(), user, action).select_related("community", "definition")
    )


def application_detail_qs(*, user) -> QuerySet[StarApplication]:
    return application_list(user=user).select_related("definition__star_year", "created_by").prefetch_related(
        Prefetch("steps", queryset=StarStep.objects.select_related("actor").order_by("at", "id")),
        Prefetch("evidence", queryset=StarEvidence.objects.order_by("uploaded_at", "id")),
        Prefetch("objections", queryset=StarObjection.objects.select_related("lodged_by", "decided_by")),
    )


def notice_list() -> QuerySet[StarApplication]:
    """Stars in public notice (公示), for every signed-in user of the district: not scoped on
    purpose, and showing only what a notice board shows (community, street, star, dates)."""
    open_objections = Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN))
    return _with_street(
        StarApplication.objects.filter(status__in=NOTICE_STATES).select_related("community", "definition")
    ).annotate(open_objections=open_objections).order_by("notice_ends_at", "community__path", "definition__position")


def evidence_list(*, user) -> QuerySet[StarEvidence]:
    return scope_queryset(StarEvidence.objects.all(), user, VIEW).select_related("application")


def step_list(*, user) -> QuerySet[StarStep]:
    return scope_queryset(StarStep.objects.all(), user, VIEW).select_related("actor", "application")


def objection_list(*, user) -> QuerySet[StarObjection]:
    """Objections with their authors: the district's only (a community never learns who objected)."""
    if not rights.is_district_admin(user):
        return StarObjection.objects.none()
    return scope_queryset(StarObjection.objects.all(), user, VIEW).select_related(
        "application__community", "application__definition", "lodged_by", "decided_by"
    )


def year_list() -> QuerySet[StarYear]:
    return StarYear.objects.annotate(stars=Count("definitions")).order_by("-year")


def definitions_of(*, year: int) -> QuerySet[StarDefinition]:
    return StarDefinition.objects.filter(star_year__year=year).select_related("star_year").order_by("position", "id")


def current_year() -> StarYear | None:
    return StarYear.objects.order_by("-year").first()


def community_choices(*, user) -> QuerySet[Organization]:
    """Communities the user may apply for: those where they are the secretary."""
    qs = scope_queryset(Organization.objects.all(), user, EDIT).filter(level=Level.COMMUNITY, status=OrgStatus.ACTIVE)
    if is_unrestricted(user):
        return qs.order_by("path")
    paths = [g.path for g in grants(user) if g.role in (Role.COMMUNITY_SECRETARY,)]
    if not paths:
        return qs.none()
    q = Q()
    for path in paths:
        q |= subtree_q(path)
    return qs.filter(q).order_by("path")


# States awaiting each role.
TODO_STATES = {
    Role.COMMUNITY_SECRETARY: (Status.DRAFT, Status.RETURNED),
    Role.STREET_OFFICIAL: (Status.SUBMITTED,),
    Role.DISTRICT_ADMIN: (Status.REVIEWED, Status.OBJECTED),
}


def todo_list(*, user) -> QuerySet[StarApplication]:
    """What awaits the user: for each role they hold, the applications in its subtree in the
    states that role acts on (one query)."""
    base = application_list(user=user)
    if is_unrestricted(user):
        return base.filter(status__in=[s for states in TODO_STATES.values() for s in states])
    q = Q(pk__in=[])
    for grant in grants(user):
        states = TODO_STATES.get(grant.role)
        if states:
            q |= Q(status__in=states) & subtree_q(grant.path, field="community")
    return base.filter(q).order_by("status", "community__path", "definition__position")


def community_applications(*, user, community: Organization) -> QuerySet[StarApplication]:
    """All of one community's applications, every year (its history)."""
    return application_list(user=user).filter(community=community).order_by("-year", "definition__position")


# --- statistics -------------------------------------------------------------------------------


def star_stats(*, root: Organization, year: int) -> dict:
    """Stars awarded under ``root`` in ``year``: per definition (by code), communities by number
    of stars, award total. Three queries whatever the number of communities."""
    awarded = StarApplication.objects.filter(
        subtree_q(root.path, field="community"), year=year, status=Status.AWARDED
    ).order_by()
    per_star = {
        row["definition__code"]: row["n"]
        for row in awarded.values("definition__code").annotate(n=Count("pk"))
    }
    # Every definition of the year appears, with 0 when nobody holds it (one more query).
    definitions = list(definitions_of(year=year).values("code", "name", "amount"))
    by_code = {d["code"]: {"code": d["code"], "name": d["name"], "count": per_star.get(d["code"], 0)}
               for d in definitions}
    per_community = awarded.values("community_id").annotate(n=Count("pk"), money=Sum("amount"))
    distribution: dict[int, int] = {}
    total = Decimal("0")
    for row in per_community:
        distribution[row["n"]] = distribution.get(row["n"], 0) + 1
        total += row["money"] or Decimal("0")
    return {
        "root": root.code, "year": year, "per_star": by_code,
        "distribution": dict(sorted(distribution.items())),
        "communities_with_stars": sum(distribution.values()),
        "stars_awarded": sum(per_star.values()), "award_total": total,
    }


def ledger(*, user, year: int, root: Organization | None = None) -> QuerySet[StarApplication]:
    """The award ledger: awarded stars per community, for finance."""
    qs = application_list(user=user).filter(year=year, status=Status.AWARDED)
    if root is not None:
        qs = qs.filter(subtree_q(root.path, field="community"))
    return qs.order_by("community__path", "definition__position")


def ledger_rows(*, user, year: int, root: Organization | None = None) -> list[dict]:
    """One row per community: street, community, its stars (names) and the amount, in 公示 order."""
    qs = ledger(user=user, year=year, root=root)
    rows: dict[int, dict] = {}
    for app in qs:
        row = rows.setdefault(app.community_id, {
            "street": app.street_name or "", "community": app.community.name, "stars": [], "amount": Decimal("0"),
        })
        row["stars"].append(app.definition.name)
        row["amount"] += app.amount or Decimal("0")
    return list(rows.values())


def total_amount(qs: QuerySet[StarApplication]) -> Decimal:
    return qs.aggregate(total=Coalesce(Sum("amount"), Decimal("0")))["total"]
