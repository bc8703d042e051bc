"""Reads of cadres, files, training and mentor pairs, always through the scoping mechanism.
Statistics are one aggregate query each, whatever the size of the area."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from organizations.models import HISTORICAL_STATUSES, Level, Member, Organization, OrgStatus
from partybuild.scoping import EDIT, VIEW, scope_queryset

from .models import (
    COLLEGE_OR_ABOVE,
    REQUIRED_TRAINING_DAYS,
    Attendance,
    CommunityCadre,
    ConductLetter,
    InServiceDuty,
    LeaderPost,
    MentorPair,
    Post,
    SecretaryFile,
    TrainingCourse,
    complete_file_q,
)


def cadre_list(*, user, action: str = VIEW) -> QuerySet[CommunityCadre]:
    return scope_queryset(CommunityCadre.objects.all(), user, action).select_related("community", "member")


def community_choices(*, user) -> QuerySet[Organization]:
    return scope_queryset(Organization.objects.all(), user, EDIT).filter(
        level=Level.COMMUNITY, status=OrgStatus.ACTIVE
    ).order_by("path")


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def cadre_stats(*, user, on: date) -> dict:
    """Cadres in post: the share with a college degree (≥80%), under 40 (≥50%), certificate holders."""
    row = cadre_list(user=user).filter(is_active=True).aggregate(
        total=Count("id"),
        college=Count("id", filter=Q(education__in=COLLEGE_OR_ABOVE)),
        under_40=Count("id", filter=Q(birth_date__gt=_years_before(on, 40))),
        certified=Count("id", filter=~Q(certificate_level="")),
        secretaries=Count("id", filter=Q(post=Post.SECRETARY)),
    )
    total = row["total"]
    row["college_share"] = row["college"] / total if total else None
    row["under_40_share"] = row["under_40"] / total if total else None
    return row


def training_days(*, user, year: int) -> QuerySet[CommunityCadre]:
    """Cadres in post with ``days`` trained in ``year`` and ``is_short`` (below 7 days): one query."""
    in_year = Q(attendances__course__starts_on__year=year)
    return cadre_list(user=user).filter(is_active=True).annotate(
        days=Coalesce(Sum("attendances__days", filter=in_year), Value(Decimal(0)),
                      output_field=DecimalField(max_digits=6, decimal_places=1)),
    ).order_by("days", "name")


def below_requirement(qs: QuerySet[CommunityCadre]) -> QuerySet[CommunityCadre]:
    return qs.filter(days__lt=REQUIRED_TRAINING_DAYS)


def file_list(*, user) -> QuerySet[SecretaryFile]:
    return scope_queryset(SecretaryFile.objects.all(), user, VIEW).select_related("cadre__community")


def file_share(*, user) -> dict:
    """Secretaries in post, their complete files and accepted files (Yungang: 152 of 152)."""
    secretaries = cadre_list(user=user).filter(is_active=True, post=Post.SECRETARY)
    row = secretaries.aggregate(
        secretaries=Count("id"),
        complete=Count("id", filter=complete_file_q("secretary_file__")),
        accepted=Count("id", filter=Q(secretary_file__accepted_on__isnull=False)),
    )
    row["share"] = row["complete"] / row["secretaries"] if row["secretaries"] else None
    return row


def course_list(*, user) -> QuerySet[TrainingCourse]:
    return scope_queryset(TrainingCourse.objects.all(), user, VIEW).select_related("organiser").annotate(
        attendance_count=Count("attendances")
    )


def attendance_list(*, user) -> QuerySet[Attendance]:
    return scope_queryset(Attendance.objects.all(), user, VIEW).select_related("course", "cadre__community")


def pair_list(*, user) -> QuerySet[MentorPair]:
    return scope_queryset(MentorPair.objects.all(), user, VIEW).select_related(
        "mentor__community", "apprentice__community"
    )


def leader_list(*, user, action: str = VIEW) -> QuerySet[LeaderPost]:
    return scope_queryset(LeaderPost.objects.all(), user, action).select_related("grid__branch", "building", "member")


def grid_choices(*, user) -> QuerySet:
    from grids.selectors import grid_list

    return grid_list(user=user, action=EDIT)


def building_choices(*, user) -> QuerySet:
    from grids.models import Building

    return scope_queryset(Building.objects.all(), user, EDIT).select_related("grid")


def leaders_of_org(*, user, org: Organization) -> QuerySet[LeaderPost]:
    """Leaders in post shown on a grid branch's page (the grid leader and every building leader) or a
    building group's page (that building's leader)."""
    qs = leader_list(user=user).filter(ended_on__isnull=True)
    if org.level == Level.GRID:
        return qs.filter(grid__branch=org).order_by("-kind", "building__name")
    if org.level == Level.BUILDING:
        return qs.filter(building__group=org)
    return qs.none()


def duty_member_choices(*, user) -> QuerySet[Member]:
    """In-service members registered at a community the user may edit; their own branch may lie
    elsewhere (as for dispatching residents' orders)."""
    return Member.objects.filter(
        is_in_service=True, registered_community__in=community_choices(user=user).values("pk")
    ).exclude(status__in=HISTORICAL_STATUSES)


def _served_orders(member_ref: str, community_ref: str, year_ref: str):
    """Residents' orders (三单制) the member served at the community in the year: dispatched to them,
    or credited to their volunteer account through a team."""
    from volunteers.models import SERVED_STATUSES, ServiceOrder

    return ServiceOrder.objects.filter(
        Q(assigned_member=OuterRef(member_ref)) | Q(entries__volunteer__member=OuterRef(member_ref)),
        community=OuterRef(community_ref), status__in=SERVED_STATUSES, done_at__year=OuterRef(year_ref),
    )


def _credited_hours(member_ref: str, community_ref: str, year_ref: str):
    from volunteers.models import PointsEntry

    return PointsEntry.objects.filter(
        kind=PointsEntry.Kind.CREDIT, volunteer__member=OuterRef(member_ref),
        volunteer__community=OuterRef(community_ref), created_at__year=OuterRef(year_ref),
    )


def with_service(qs: QuerySet[InServiceDuty]) -> QuerySet[InServiceDuty]:
    """Annotate ``orders`` and ``hours``: the service each duty's member did that year, one query."""
    orders = _served_orders("member", "community", "year")
    hours = _credited_hours("member", "community", "year")
    decimal = DecimalField(max_digits=7, decimal_places=1)
    return qs.annotate(
        orders=Coalesce(Subquery(orders.order_by().values("community").annotate(n=Count("pk", distinct=True))
                                 .values("n")[:1]), 0),
        hours=Coalesce(Subquery(hours.order_by().values("volunteer__member").annotate(h=Sum("hours"))
                                .values("h")[:1], output_field=decimal), Value(Decimal(0)), output_field=decimal),
    )


def duty_list(*, user, action: str = VIEW) -> QuerySet[InServiceDuty]:
    return with_service(scope_queryset(InServiceDuty.objects.all(), user, action)).select_related(
        "member__branch", "community", "letter"
    )


def duty_service(*, duty: InServiceDuty) -> dict:
    """The figures of one duty (the letter copies them when it is issued)."""
    row = with_service(InServiceDuty.objects.filter(pk=duty.pk)).values("orders", "hours").get()
    return row


def duty_served_orders(*, duty: InServiceDuty):
    from volunteers.models import SERVED_STATUSES, ServiceOrder

    return ServiceOrder.objects.filter(
        Q(assigned_member=duty.member) | Q(entries__volunteer__member=duty.member),
        community=duty.community, status__in=SERVED_STATUSES, done_at__year=duty.year,
    ).distinct().order_by("-done_at")


def duty_stats(*, user, year: int) -> dict:
    """Duties of the year in the area: how many, assessed, by grade, with a letter sent."""
    return scope_queryset(InServiceDuty.objects.filter(year=year), user, VIEW).aggregate(
        total=Count("id"), assessed=Count("id", filter=~Q(grade="")),
        excellent=Count("id", filter=Q(grade="excellent")), letters=Count("letter"),
    )


def letter_list(*, user) -> QuerySet[ConductLetter]:
    return scope_queryset(ConductLetter.objects.all(), user, VIEW).select_related(
        "duty__member__branch", "duty__community", "issued_by"
    )
