"""Writes of the regional committees: the committee body, its part-time members' terms, the
rotating chair (第一书记轮值) and the part-time members' annual duty reports (兼职委员述职).

Part-time members are ``organizations.PartTimeMember`` rows (their committee is the street or
community organisation); this module is the portal's one way of adding and ending them.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import Organization, PartTimeMember, ResidentUnit
from organizations.paths import is_within
from partybuild import rights
from partybuild.locking import versioned_save
from partybuild.scoping import EDIT

from .models import KIND_LEVELS, REGIONAL_KINDS, Body, BodyKind, ChairTerm, DutyReport

REFUSED = gettext_lazy("You may not change regional committees outside your area.")
BODY_FIELDS = ("name", "has_rotating_chair", "established_on", "is_active")


def default_kind(org: Organization) -> str:
    """A street holds a 大工委, a community a 大党委."""
    if org.level in KIND_LEVELS[BodyKind.STREET_COMMITTEE]:
        return BodyKind.STREET_COMMITTEE
    return BodyKind.COMMUNITY_COMMITTEE


@transaction.atomic
def body_create(*, user, organization: Organization, kind: str | None = None, **fields) -> Body:
    rights.require(user, EDIT, organization, str(REFUSED))
    if not organization.is_active:
        raise ValidationError({"organization": _("Choose an active organisation.")})
    kind = kind or default_kind(organization)
    if kind in REGIONAL_KINDS and Body.objects.filter(organization=organization, kind=kind).exists():
        raise ValidationError({"organization": _("This organisation already has its regional committee.")})
    name = (fields.pop("name", "") or "").strip()
    if kind in REGIONAL_KINDS:
        name = name or _("%(org)s regional committee") % {"org": organization.name}
    else:
        _check_joint_body(organization=organization, kind=kind, name=name)
    extra = {k: v for k, v in fields.items() if k in BODY_FIELDS}
    body = Body(organization=organization, kind=kind, name=name, **extra)
    body.full_clean()
    body.save()
    return body


# What a three-party meeting (三方联动) or a themed forum (双月座谈会) must say about itself; a regional
# committee is named after its organisation.
JOINT_LEVEL_REFUSALS = {
    BodyKind.THREE_PARTY: gettext_lazy(
        "A three-party meeting (community, owners' committee, property company) belongs to a community."
    ),
    BodyKind.THEMED_FORUM: gettext_lazy("A themed forum belongs to the district or a street."),
}


def _check_joint_body(*, organization: Organization, kind: str, name: str, exclude_pk: int | None = None) -> None:
    if organization.level not in KIND_LEVELS.get(kind, ()):
        raise ValidationError({"organization": str(JOINT_LEVEL_REFUSALS.get(kind, _("Choose a kind of body.")))})
    if not name:
        raise ValidationError({"name": _("Give the body a name, e.g. the compound's name and 'three-party meeting'.")})
    same = Body.objects.filter(organization=organization, kind=kind, name=name).exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"name": _("This organisation already has a body of this kind with this name.")})


@transaction.atomic
def body_update(*, user, body: Body, version: int | None = None, **fields) -> Body:
    rights.require(user, EDIT, body.organization, str(REFUSED))
    changed = [k for k in fields if k in BODY_FIELDS]
    for key in changed:
        setattr(body, key, fields[key])
    if not body.is_regional:
        body.name = (body.name or "").strip()
        _check_joint_body(organization=body.organization, kind=body.kind, name=body.name, exclude_pk=body.pk)
    body.full_clean()
    return versioned_save(body, fields=changed, version=version)


def _check_regional(body: Body) -> None:
    if not body.is_regional:
        raise ValidationError(_("Part-time members sit on a street's or a community's regional committee."))


@transaction.atomic
def part_time_member_add(
    *, user, body: Body, name: str, unit: ResidentUnit, term_start: date, position: str = "",
    term_end: date | None = None,
) -> PartTimeMember:
    """Seat a part-time member (兼职委员) sent by ``unit`` on the committee for a term."""
    rights.require(user, EDIT, body.organization, str(REFUSED))
    _check_regional(body)
    if not is_within(body.organization.path, unit.street.path):
        raise ValidationError({"unit": _("The unit is registered in another street.")})
    if PartTimeMember.objects.filter(
        committee=body.organization, name=name, unit=unit, term_end__isnull=True
    ).exists():
        raise ValidationError({"name": _("This person already sits on the committee for this unit.")})
    member = PartTimeMember(
        committee=body.organization, name=name, unit=unit, position=position, term_start=term_start, term_end=term_end
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def part_time_member_end(*, user, member: PartTimeMember, term_end: date) -> PartTimeMember:
    """End a part-time member's term (the row stays: their reports and chair terms keep it)."""
    rights.require(user, EDIT, member.committee, str(REFUSED))
    if member.term_end and member.term_end <= timezone.localdate():
        raise ValidationError({"term_end": _("This term has already ended.")})
    if term_end < member.term_start:
        raise ValidationError({"term_end": _("The term ends before it starts.")})
    member.term_end = term_end
    member.full_clean()
    member.save(update_fields=["term_end"])
    return member


@transaction.atomic
def chair_term_add(*, user, body: Body, member: PartTimeMember, starts_on: date, ends_on: date) -> ChairTerm:
    """Give the rotating chair (第一书记轮值) to a part-time member for a period."""
    rights.require(user, EDIT, body.organization, str(REFUSED))
    if not body.has_rotating_chair:
        raise ValidationError(_("This committee does not rotate its chair."))
    if member.committee_id != body.organization_id:
        raise ValidationError({"member": _("The chair must be a part-time member of this committee.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The term ends before it starts.")})
    if starts_on < member.term_start or (member.term_end and ends_on > member.term_end):
        raise ValidationError({"member": _("The chair term must lie within the member's own term.")})
    if ChairTerm.objects.filter(body=body, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise ValidationError({"starts_on": _("Another member chairs the committee in this period.")})
    term = ChairTerm(body=body, member=member, starts_on=starts_on, ends_on=ends_on)
    term.full_clean()
    term.save()
    return term


@transaction.atomic
def duty_report_file(
    *, user, member: PartTimeMember, year: int, summary: str, reported_on: date | None = None,
    matters_solved: int = 0, rating: str = "",
) -> DutyReport:
    """File a part-time member's annual duty report (兼职委员述职), one per member and year."""
    rights.require(user, EDIT, member.committee, str(REFUSED))
    reported_on = reported_on or timezone.localdate()
    if year > reported_on.year:
        raise ValidationError({"year": _("A duty report covers a year that has begun.")})
    if year < member.term_start.year or (member.term_end and year > member.term_end.year):
        raise ValidationError({"year": _("The member did not sit on the committee in that year.")})
    if DutyReport.objects.filter(member=member, year=year).exists():
        raise ValidationError({"year": _("This member has already reported on that year.")})
    report = DutyReport(
        member=member, year=year, summary=summary, reported_on=reported_on, matters_solved=matters_solved,
        rating=rating, filed_by=user,
    )
    report.full_clean()
    report.save()
    return report
