"""Writes of community cadres, secretaries' files, training and mentor pairs.

Cadres, files and attendances: whoever may edit the cadre's community. Courses: whoever may edit
the organiser. A file is accepted (验收) by the district only, and only when complete.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from organizations.models import Level, Organization
from partybuild import rights
from partybuild.locking import versioned_save
from partybuild.scoping import EDIT

from .models import REQUIRED_SECTIONS, Attendance, CommunityCadre, MentorPair, Post, SecretaryFile, TrainingCourse

CADRE_FIELDS = ("name", "birth_date", "id_number", "phone", "post", "since", "education", "certificate_level",
                "certificate_on", "exam_result", "member", "is_active")
COURSE_FIELDS = ("title", "kind", "starts_on", "ends_on", "days")
REFUSED = _("You may not change cadre records outside your area.")


@transaction.atomic
def cadre_create(*, user, community: Organization, **fields) -> CommunityCadre:
    rights.require(user, EDIT, community, str(REFUSED))
    if community.level != Level.COMMUNITY or not community.is_active:
        raise ValidationError({"community": _("Choose an active community.")})
    cadre = CommunityCadre(community=community, **{k: v for k, v in fields.items() if k in CADRE_FIELDS})
    cadre.full_clean()
    cadre.save()
    if cadre.post == Post.SECRETARY:
        SecretaryFile.objects.create(cadre=cadre)
    return cadre


@transaction.atomic
def cadre_update(*, user, cadre: CommunityCadre, version: int | None = None, **fields) -> CommunityCadre:
    rights.require(user, EDIT, cadre.community, str(REFUSED))
    changed = [k for k in fields if k in CADRE_FIELDS]
    for name in changed:
        setattr(cadre, name, fields[name])
    cadre.full_clean()
    cadre = versioned_save(cadre, fields=changed, version=version)
    if cadre.post == Post.SECRETARY:
        SecretaryFile.objects.get_or_create(cadre=cadre)
    return cadre


@transaction.atomic
def file_update(*, user, file: SecretaryFile, version: int | None = None, **sections) -> SecretaryFile:
    rights.require(user, EDIT, file.cadre.community, str(REFUSED))
    changed = [k for k in sections if k in REQUIRED_SECTIONS]
    for name in changed:
        setattr(file, name, sections[name])
    file.full_clean()
    return versioned_save(file, fields=changed, version=version)


@transaction.atomic
def file_accept(*, user, file: SecretaryFile, on: date) -> SecretaryFile:
    """The district accepts a complete file on record (统一验收)."""
    if not rights.is_district_admin(user):
        raise PermissionDenied(_("Only the district accepts a secretary's file."))
    if not file.is_complete:
        raise ValidationError(_("The file is incomplete: %(missing)s.") % {"missing": "、".join(file.missing_sections)})
    file.accepted_on = on
    return versioned_save(file, fields=["accepted_on"])


@transaction.atomic
def course_create(*, user, organiser: Organization, **fields) -> TrainingCourse:
    rights.require(user, EDIT, organiser, str(REFUSED))
    course = TrainingCourse(organiser=organiser, **{k: v for k, v in fields.items() if k in COURSE_FIELDS})
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def attendance_record(
    *, user, course: TrainingCourse, cadre: CommunityCadre, days: Decimal | None = None
) -> Attendance:
    """Record that ``cadre`` attended ``course`` (all its days unless fewer are given)."""
    rights.require(user, EDIT, cadre.community, str(REFUSED))
    row = Attendance(course=course, cadre=cadre, days=course.days if days is None else days)
    row.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        message = _("%(name)s's attendance at this course is already recorded.") % {"name": cadre.name}
        raise ValidationError(message) from exc
    return row


@transaction.atomic
def mentor_pair_create(*, user, mentor: CommunityCadre, apprentice: CommunityCadre, started_on: date) -> MentorPair:
    rights.require(user, EDIT, apprentice.community, str(REFUSED))
    if mentor.pk == apprentice.pk:
        raise ValidationError(_("A cadre cannot mentor themselves."))
    if MentorPair.objects.filter(mentor=mentor, apprentice=apprentice, ended_on__isnull=True).exists():
        raise ValidationError(_("This pair already exists."))
    pair = MentorPair(mentor=mentor, apprentice=apprentice, started_on=started_on)
    pair.full_clean()
    pair.save()
    return pair
