"""Writes of the reviews (述职评议): the district assigns reviewers to organisations on a manual
indicator for a period; each reviewer fills their own sheets while the period is open.

Kept beside ``services.py`` (schemes, runs, approvals) as ``organizations.member_services`` sits
beside ``organizations.services``: one concern per module.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import LEVEL_DEPTH, Organization, OrgStatus
from partybuild import rights
from partybuild.locking import versioned_save

from .models import Indicator, IndicatorKind, ReviewAssignment, ReviewSheet

MAX_ORGS_PER_ASSIGNMENT = 500


def _require_admin(user) -> None:
    if not rights.is_district_admin(user):
        raise PermissionDenied(_("Only a district administrator assigns reviewers."))


@transaction.atomic
def assignments_create(*, user, indicator: Indicator, period: str, organization: Organization,
                       reviewer) -> list[ReviewAssignment]:
    """Assign ``reviewer`` to score, on ``indicator`` for ``period``, ``organization`` if it is of the
    assessed level, or every active organisation of that level under it (a street: its communities).
    Assignments that exist already are kept; returns the new ones."""
    _require_admin(user)
    if indicator.kind != IndicatorKind.MANUAL:
        raise ValidationError({"indicator": _("Only a manual indicator is scored by reviewers.")})
    if not reviewer.is_active:
        raise ValidationError({"reviewer": _("This account is disabled; it cannot review.")})
    scheme = indicator.scheme
    depth = LEVEL_DEPTH[scheme.level]
    if organization.depth > depth:
        raise ValidationError({"organization": _("The scheme assesses %(level)s; choose one, or an "
                                                 "organisation above them.") % {
            "level": scheme.get_level_display()}})
    targets = list(Organization.objects.filter(path__startswith=organization.path, depth=depth,
                                               status=OrgStatus.ACTIVE).order_by("path")[:MAX_ORGS_PER_ASSIGNMENT + 1])
    if not targets:
        raise ValidationError({"organization": _("No %(level)s to review there.") % {
            "level": scheme.get_level_display()}})
    if len(targets) > MAX_ORGS_PER_ASSIGNMENT:
        raise ValidationError({"organization": _("At most %(n)s organisations at a time.") % {
            "n": MAX_ORGS_PER_ASSIGNMENT}})
    existing = set(ReviewAssignment.objects.filter(
        indicator=indicator, period=period, reviewer=reviewer, organization__in=targets,
    ).values_list("organization_id", flat=True))
    created = []
    for org in targets:
        if org.pk in existing:
            continue
        assignment = ReviewAssignment(indicator=indicator, period=period, organization=org, reviewer=reviewer,
                                      assigned_by=user)
        assignment.full_clean(validate_constraints=False)
        assignment.save()
        created.append(assignment)
    return created


@transaction.atomic
def assignment_delete(*, user, assignment: ReviewAssignment) -> None:
    """Withdraw an assignment whose sheet is not in yet (a submitted sheet counts and stays)."""
    _require_admin(user)
    if ReviewSheet.objects.filter(assignment=assignment).exists():
        raise ValidationError(_("%(name)s has already submitted this sheet; it can no longer be withdrawn.") % {
            "name": assignment.reviewer})
    assignment.delete()


@transaction.atomic
def sheet_submit(*, user, assignment: ReviewAssignment, score: Decimal, comment: str = "",
                 version: int | None = None) -> ReviewSheet:
    """The reviewer's score and comment on their assignment: a new sheet, or a change of theirs
    (optimistic: a stale form is refused). Between 0 and the indicator's points, and only while the
    organisation's period is not locked by an approved result (the refusal names the lock)."""
    if assignment.reviewer_id != user.pk:
        raise PermissionDenied(_("Only the assigned reviewer fills this sheet."))
    sheet = ReviewSheet.objects.filter(assignment=assignment).first()
    comment = (comment or "").strip()
    if sheet is None:
        sheet = ReviewSheet(assignment=assignment, score=score, comment=comment, submitted_at=timezone.now())
        sheet.full_clean()
        sheet.save()
        return sheet
    sheet.score, sheet.comment = score, comment
    sheet.full_clean()
    return versioned_save(sheet, fields=["score", "comment"], version=version)
