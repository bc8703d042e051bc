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
from partybuild.locking import conditional_update, versioned_save
from partybuild.scoping import EDIT

from .models import (
    REQUIRED_SECTIONS,
    Attendance,
    CommunityCadre,
    ConductLetter,
    InServiceDuty,
    LeaderKind,
    LeaderPost,
    MentorPair,
    Post,
    SecretaryFile,
    TrainingCourse,
)

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


@transaction.atomic
def mentor_pair_end(*, user, pair: MentorPair, ended_on: date) -> MentorPair:
    """End a pair on ``ended_on``; the record stays. Whoever may edit the apprentice's community."""
    rights.require(user, EDIT, pair.apprentice.community, str(REFUSED))
    if pair.ended_on is not None:
        raise ValidationError(_("This pair has already ended."))
    if ended_on < pair.started_on:
        raise ValidationError({"ended_on": _("A pair cannot end before it starts.")})
    # Conditional (and audited): of two people ending the same pair at once, only the first one's date stands.
    if not conditional_update(MentorPair.objects.filter(pk=pair.pk, ended_on__isnull=True), actor=user,
                              bump_version=False, ended_on=ended_on):
        raise ValidationError(_("This pair has already ended."))
    pair.ended_on = ended_on
    return pair


# Grid and building leaders (网格长/楼栋长): whoever may edit the grid's branch.
LEADER_FIELDS = ("name", "phone", "member")


def _save_unique(obj, message: str):
    """Save, turning the database's one-in-post constraint into the form's error under a race."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(message) from exc
    return obj


@transaction.atomic
def leader_appoint(*, user, kind: str, grid, building=None, since: date, account=None, **fields) -> LeaderPost:
    """Put a leader in post. A party member's record gives the name when none is typed; ``account``
    is the leader's own login, which must be a grid worker of this grid (``LeaderPost.clean``)."""
    rights.require(user, EDIT, grid.branch, str(REFUSED))
    data = {k: v for k, v in fields.items() if k in LEADER_FIELDS}
    member = data.get("member")
    if member is not None and not data.get("name"):
        data["name"] = member.name
    post = LeaderPost(kind=kind, grid=grid, building=building if kind == LeaderKind.BUILDING else None,
                      since=since, user=account, **data)
    post.full_clean()
    return _save_unique(post, _("This grid or building already has a leader in post."))


@transaction.atomic
def leader_end(*, user, post: LeaderPost, ended_on: date) -> LeaderPost:
    rights.require(user, EDIT, post.grid.branch, str(REFUSED))
    if post.ended_on is not None:
        raise ValidationError(_("This leader has already left the post."))
    if ended_on < post.since:
        raise ValidationError({"ended_on": _("A post cannot end before it starts.")})
    post.ended_on = ended_on
    return versioned_save(post, fields=["ended_on"], version=post.version)


# In-service members' duties (三定一考) and the conduct letter: whoever may edit the community
# where the member is registered (the member's own branch may lie anywhere).
DUTY_FIELDS = ("post", "schedule", "hours_pledged", "task")
GRADE_FIELDS = ("grade", "assessment", "assessed_on")


@transaction.atomic
def duty_create(*, user, member, year: int, **fields) -> InServiceDuty:
    community = member.registered_community
    if community is None or not member.is_in_service:
        raise ValidationError({"member": _("Only an in-service member registered at a community.")})
    rights.require(user, EDIT, community, str(REFUSED))
    duty = InServiceDuty(member=member, community=community, year=year,
                         **{k: v for k, v in fields.items() if k in DUTY_FIELDS})
    duty.full_clean()
    return _save_unique(duty, _("This member already has duties for that year."))


@transaction.atomic
def duty_update(*, user, duty: InServiceDuty, version: int | None = None, **fields) -> InServiceDuty:
    rights.require(user, EDIT, duty.community, str(REFUSED))
    # The printed letter reads the post, time and task from here: once it is sent they stay.
    if ConductLetter.objects.filter(duty=duty).exists():
        raise ValidationError(_("A conduct letter has quoted these duties; they can no longer change."))
    changed = [k for k in fields if k in DUTY_FIELDS]
    for name in changed:
        setattr(duty, name, fields[name])
    duty.full_clean()
    return versioned_save(duty, fields=changed, version=version)


@transaction.atomic
def duty_assess(*, user, duty: InServiceDuty, grade: str, assessment: str = "", on: date,
                version: int | None = None) -> InServiceDuty:
    """The community's year-end assessment (严考核); not before the year's last quarter, and not
    after a conduct letter has quoted it."""
    rights.require(user, EDIT, duty.community, str(REFUSED))
    if on < date(duty.year, 10, 1):
        raise ValidationError(_("The year-end assessment is made from 1 October of that year."))
    if ConductLetter.objects.filter(duty=duty).exists():
        raise ValidationError(_("A conduct letter has quoted this assessment; it can no longer change."))
    duty.grade, duty.assessment, duty.assessed_on = grade, assessment, on
    duty.full_clean()
    return versioned_save(duty, fields=list(GRADE_FIELDS), version=version)


@transaction.atomic
def letter_issue(*, user, duty: InServiceDuty, conduct: str, on: date, recipient: str = "") -> ConductLetter:
    """Issue the conduct letter (党员社会表现信息报告) to the member's work unit, with the service
    figures as they stand today. Only for an assessed year, once."""
    from .selectors import duty_service

    rights.require(user, EDIT, duty.community, str(REFUSED))
    if not duty.grade:
        raise ValidationError(_("Assess the member's year before writing the letter."))
    recipient = recipient.strip() or duty.member.work_unit or duty.member.branch.name
    figures = duty_service(duty=duty)
    letter = ConductLetter(
        duty=duty, number=f"{duty.community.code}-{duty.year}-{duty.pk:05d}", recipient=recipient, issued_on=on,
        issued_by=user, orders_served=figures["orders"], service_hours=figures["hours"], grade=duty.grade,
        conduct=conduct,
    )
    letter.full_clean(validate_unique=False)
    return _save_unique(letter, _("A conduct letter for this year has already been issued."))
