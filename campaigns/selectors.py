"""Reads of the campaigns, always through the scoping mechanism. Distributions are one grouped
query for the whole area, whatever its size."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from organizations.models import Level, Organization, OrgStatus
from partybuild.scoping import EDIT, VIEW, scope_queryset

from .models import BoardEntry, Brand, BrandPhoto, Designation, GradeStatus, StarGrade


def _previous_grade(field: str) -> Subquery:
    """The reviewed grade of the same subject one year earlier."""
    return Subquery(
        StarGrade.objects.filter(
            year=OuterRef("year") - 1, status=GradeStatus.REVIEWED, **{field: OuterRef(field)},
            **({"member__isnull": True} if field == "organization" else {}),
        ).values("grade")[:1]
    )


def grade_list(*, user, action: str = VIEW) -> QuerySet[StarGrade]:
    qs = scope_queryset(StarGrade.objects.all(), user, action).select_related(
        "organization", "member", "rated_by", "reviewed_by"
    )
    # An organisation's grade compares with its own last year; a member's with the member's.
    return qs.annotate(
        previous_org_grade=_previous_grade("organization"), previous_member_grade=_previous_grade("member")
    )


def grade_detail_qs(*, user) -> QuerySet[StarGrade]:
    return grade_list(user=user)


def grade_distribution(*, user, year: int) -> dict:
    """Reviewed grades of the user's area in ``year``: organisations and members by grade (1–5),
    and how many are still on their way."""
    qs = scope_queryset(StarGrade.objects.filter(year=year), user, VIEW).order_by()
    table = {"organizations": {g: 0 for g in range(1, 6)}, "members": {g: 0 for g in range(1, 6)}}
    pending = {"organizations": 0, "members": 0}
    rows = qs.values("grade", "status").annotate(
        orgs=Count("pk", filter=Q(member__isnull=True)), members=Count("pk", filter=Q(member__isnull=False))
    )
    for row in rows:
        if row["status"] == GradeStatus.REVIEWED:
            table["organizations"][row["grade"]] += row["orgs"]
            table["members"][row["grade"]] += row["members"]
        else:
            pending["organizations"] += row["orgs"]
            pending["members"] += row["members"]
    return {"table": table, "pending": pending}


def latest_grade(*, organization=None, member=None) -> StarGrade | None:
    """The latest reviewed grade of an organisation or member (for its page), with the year before's."""
    if member is not None:
        qs = StarGrade.objects.filter(member=member)
    else:
        qs = StarGrade.objects.filter(organization=organization, member__isnull=True)
    return qs.filter(status=GradeStatus.REVIEWED).order_by("-year").first()


def gradeable_organizations(*, user) -> QuerySet[Organization]:
    return scope_queryset(Organization.objects.all(), user, EDIT).filter(
        status=OrgStatus.ACTIVE, level__in=(Level.COMMUNITY, Level.GRID)
    ).order_by("path")


def community_choices(*, user, action: str = EDIT) -> QuerySet[Organization]:
    return scope_queryset(Organization.objects.all(), user, action).filter(
        status=OrgStatus.ACTIVE, level=Level.COMMUNITY
    ).order_by("path")


def designation_list(*, user) -> QuerySet[Designation]:
    return scope_queryset(Designation.objects.all(), user, VIEW).select_related("community", "designated_by")


def designation_counts(*, user, year: int) -> dict[str, int]:
    qs = designation_list(user=user).filter(year=year).order_by()
    counts = dict(qs.values_list("kind").annotate(n=Count("pk")))
    counts["model"] = qs.filter(is_model=True).values("community").distinct().count()
    return counts


def brand_list(*, user) -> QuerySet[Brand]:
    return scope_queryset(Brand.objects.all(), user, VIEW).select_related("community").annotate(
        photo_count=Count("photos")
    )


def brand_detail_qs(*, user) -> QuerySet[Brand]:
    return scope_queryset(Brand.objects.all(), user, VIEW).select_related("community").prefetch_related("photos")


def brand_photo_list(*, user) -> QuerySet[BrandPhoto]:
    return scope_queryset(BrandPhoto.objects.all(), user, VIEW).select_related("brand")


def board_list(*, user, action: str = VIEW) -> QuerySet[BoardEntry]:
    return scope_queryset(BoardEntry.objects.all(), user, action).select_related("community")
