"""Reads of cadres, files, training and mentor pairs, always through the scoping mechanism.
Statistics are one aggregate query each, whatever the size of the area."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from organizations.models import Level, Organization, OrgStatus
from partybuild.scoping import EDIT, VIEW, scope_queryset

from .models import (
    COLLEGE_OR_ABOVE,
    REQUIRED_TRAINING_DAYS,
    Attendance,
    CommunityCadre,
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
