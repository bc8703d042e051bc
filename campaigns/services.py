"""Writes of the campaigns: grades through ``campaigns.flow``, designations, brands and boards.

Designations are given from above (the street of the community or the district); brands and board
entries are kept by the community itself.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Member, Organization
from organizations.selectors import organization_parent
from partybuild import rights
from partybuild.files import IMAGES, check_upload, rename_for_storage
from partybuild.locking import versioned_save
from partybuild.scoping import EDIT

from .flow import GRADE_FLOW, NOT_SELF, may_self_assess, rater_of
from .models import BoardEntry, Brand, BrandPhoto, Designation, GradeStatus, StarGrade

REFUSED = _("You may not change this community's records.")
NOT_DESIGNATOR = _("Designations are given by the street of the community or by the district.")
PHOTO_MAX_BYTES = 5 * 1024 * 1024
BRAND_FIELDS = ("name", "description", "since", "is_active")
BOARD_FIELDS = ("compound", "kind", "date", "text", "resident_name", "is_published")


def _grade_errors(exc: IntegrityError) -> ValidationError:
    return ValidationError(_("This organisation or member already has a grade for that year."))


@transaction.atomic
def grade_self_assess(
    *, user, year: int, self_grade: int, self_summary: str, organization: Organization | None = None,
    member: Member | None = None,
) -> StarGrade:
    """Start a year's grade with the self-assessment (of ``organization``, or of ``member``)."""
    if (organization is None) == (member is None):
        raise ValidationError(_("Grade either an organisation or a member."))
    grade = StarGrade(
        year=year, organization=member.branch if member else organization, member=member,
        self_grade=self_grade, self_summary=self_summary, created_by=user,
    )
    if not may_self_assess(user, grade):
        raise PermissionDenied(str(NOT_SELF))
    if rater_of(grade) is None:
        raise ValidationError(_("The organisation has no level above it to rate it."))
    grade.full_clean()
    try:
        with transaction.atomic():
            grade.save()
    except IntegrityError as exc:
        raise _grade_errors(exc) from exc
    return grade


@transaction.atomic
def grade_self_revise(*, user, grade: StarGrade, self_grade: int, self_summary: str,
                      version: int | None = None) -> StarGrade:
    """Change a self-assessment not yet rated (also after a send-back)."""
    if not may_self_assess(user, grade):
        raise PermissionDenied(str(NOT_SELF))
    if grade.status != GradeStatus.SELF_ASSESSED:
        raise ValidationError(_("A rated grade cannot be self-assessed again unless the reviewer sends it back."))
    grade.self_grade, grade.self_summary = self_grade, self_summary
    grade.full_clean()
    return versioned_save(grade, fields=["self_grade", "self_summary"], version=version)


def _check_grade(value) -> int:
    if value is None or not 1 <= int(value) <= 5:
        raise ValidationError({"grade": _("A grade is one to five stars.")})
    return int(value)


def grade_rate(*, user, grade: StarGrade, rated_grade: int, comment: str = "",
               version: int | None = None) -> StarGrade:
    return GRADE_FLOW.advance(
        grade, "rate", actor=user, version=version, rated_grade=_check_grade(rated_grade),
        rating_comment=comment.strip(), rated_by=user, rated_at=timezone.now(),
    )


def grade_review(*, user, grade: StarGrade, final_grade: int, comment: str = "",
                 version: int | None = None) -> StarGrade:
    return GRADE_FLOW.advance(
        grade, "review", actor=user, version=version, grade=_check_grade(final_grade),
        review_comment=comment.strip(), reviewed_by=user, reviewed_at=timezone.now(),
    )


def grade_send_back(*, user, grade: StarGrade, reason: str, version: int | None = None) -> StarGrade:
    if not reason.strip():
        raise ValidationError({"comment": _("Say why the rating is sent back.")})
    return GRADE_FLOW.advance(
        grade, "send_back", actor=user, version=version, review_comment=reason.strip(),
        rated_grade=None, rated_by=None, rated_at=None,
    )


def _require_designator(user, community: Organization) -> None:
    street = organization_parent(org=community)
    if street is None or not rights.may(user, EDIT, street):
        raise PermissionDenied(str(NOT_DESIGNATOR))


@transaction.atomic
def designation_create(*, user, community: Organization, year: int, kind: str, is_model: bool = False,
                       note: str = "") -> Designation:
    _require_designator(user, community)
    designation = Designation(community=community, year=year, kind=kind, is_model=is_model, note=note,
                              designated_by=user)
    designation.full_clean()
    designation.save()
    return designation


@transaction.atomic
def designation_delete(*, user, designation: Designation) -> None:
    _require_designator(user, designation.community)
    designation.delete()


@transaction.atomic
def brand_create(*, user, community: Organization, **fields) -> Brand:
    rights.require(user, EDIT, community, str(REFUSED))
    brand = Brand(community=community, **{k: v for k, v in fields.items() if k in BRAND_FIELDS})
    brand.full_clean()
    brand.save()
    return brand


@transaction.atomic
def brand_update(*, user, brand: Brand, version: int | None = None, **fields) -> Brand:
    rights.require(user, EDIT, brand.community, str(REFUSED))
    changed = [k for k in fields if k in BRAND_FIELDS]
    for name in changed:
        setattr(brand, name, fields[name])
    brand.full_clean()
    return versioned_save(brand, fields=changed, version=version)


@transaction.atomic
def brand_photo_add(*, user, brand: Brand, upload, caption: str = "") -> BrandPhoto:
    rights.require(user, EDIT, brand.community, str(REFUSED))
    kind = check_upload(upload, kinds=IMAGES, max_bytes=PHOTO_MAX_BYTES, field="image")
    photo = BrandPhoto(brand=brand, image=rename_for_storage(upload, kind), content_type=kind.content_type,
                       caption=caption, uploaded_by=user)
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def board_entry_create(*, user, community: Organization, **fields) -> BoardEntry:
    rights.require(user, EDIT, community, str(REFUSED))
    entry = BoardEntry(community=community, created_by=user,
                       **{k: v for k, v in fields.items() if k in BOARD_FIELDS})
    if entry.date and entry.date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def board_entry_update(*, user, entry: BoardEntry, version: int | None = None, **fields) -> BoardEntry:
    rights.require(user, EDIT, entry.community, str(REFUSED))
    changed = [k for k in fields if k in BOARD_FIELDS]
    for name in changed:
        setattr(entry, name, fields[name])
    # The recorder is kept as it was: imported and demo entries have none, and a deleted account
    # leaves none (SET_NULL); an edit must not depend on it.
    entry.full_clean(exclude=["created_by"])
    return versioned_save(entry, fields=changed, version=version)
