"""Writes of the red property service registers: companies, units (their buildings and management
history), committees and their members, 武房管家 items and service records.

Every write checks the actor's right on the organisation the record belongs to
(``partybuild.rights.require``), validates with ``full_clean`` and edits loaded records through
``partybuild.locking.versioned_save``, so a stale form never overwrites someone else's change.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from grids.models import Building, Household
from organizations.models import Level, Organization
from organizations.paths import is_within
from partybuild import rights
from partybuild.locking import versioned_save
from partybuild.scoping import EDIT
from reports.workcalendar import add_working_days
from summaries.services import summaries_touch

from .flow import COMPLAINT_FLOW
from .models import (
    Committee,
    CommitteeMember,
    Complaint,
    ComplaintSource,
    Inspection,
    ManagementMode,
    PropertyCompany,
    SatisfactionSurvey,
    ServiceItem,
    ServiceRecord,
    ServiceUnit,
    UnitBuilding,
    UnitCompanyPeriod,
)
from .validators import normalise_credit_code

REFUSED = gettext_lazy("You may not change property records outside your area.")
COMPANY_FIELDS = (
    "name", "credit_code", "legal_representative", "contact_name", "phone", "address", "qualification",
    "party_status", "party_branch", "instructor", "instructor_since",
)
UNIT_FIELDS = ("name", "households")
COMMITTEE_FIELDS = ("kind", "elected_on", "term_start", "term_end")
MEMBER_FIELDS = (
    "name", "phone", "committee_role", "party_member", "is_party_member", "cross_appointment", "cross_post",
    "started_on", "ended_on",
)
ITEM_FIELDS = ("name", "fee", "fee_unit", "quality_standard", "is_active")


def _unknown(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))


def _require(user, org: Organization) -> None:
    rights.require(user, EDIT, org, str(REFUSED))


def _today() -> date:
    return timezone.localdate()


# --- companies ------------------------------------------------------------------------------------


def _check_company_links(company: PropertyCompany) -> None:
    if company.party_branch_id and not company.party_branch.is_active:
        raise ValidationError({"party_branch": _("Choose an active party organisation.")})


@transaction.atomic
def company_create(*, user, registrar: Organization, **fields) -> PropertyCompany:
    """Register a property company (物业企业) with the district or a street."""
    _require(user, registrar)
    _unknown(fields, COMPANY_FIELDS)
    fields["credit_code"] = normalise_credit_code(fields.get("credit_code", ""))
    company = PropertyCompany(registrar=registrar, **fields)
    company.full_clean()
    _check_company_links(company)
    company.save()
    return company


@transaction.atomic
def company_update(*, user, company: PropertyCompany, version: int | None = None, **fields) -> PropertyCompany:
    _require(user, company.registrar)
    _unknown(fields, COMPANY_FIELDS)
    if "credit_code" in fields:
        fields["credit_code"] = normalise_credit_code(fields["credit_code"])
    for name, value in fields.items():
        setattr(company, name, value)
    company.full_clean()
    _check_company_links(company)
    return versioned_save(company, fields=fields.keys(), version=version)


# --- units ----------------------------------------------------------------------------------------


def _check_community(community: Organization) -> None:
    if community.level != Level.COMMUNITY or not community.is_active:
        raise ValidationError({"community": _("Choose an active community.")})


def _company_for(mode: str, company: PropertyCompany | None) -> PropertyCompany | None:
    if mode == ManagementMode.SELF_MANAGED and company is not None:
        raise ValidationError({"company": _("A self-managed unit has no property company.")})
    if mode == ManagementMode.COMPANY and company is None:
        raise ValidationError({"company": _("A unit managed by a property company names the company.")})
    return company


@transaction.atomic
def unit_create(
    *, user, community: Organization, code: str, name: str, management_mode: str,
    company: PropertyCompany | None = None, households: int = 0, started_on: date | None = None,
) -> ServiceUnit:
    """Create a property service unit of ``community`` and open its first management period."""
    _require(user, community)
    _check_community(community)
    _company_for(management_mode, company)
    unit = ServiceUnit(
        community=community, code=code.strip(), name=name, management_mode=management_mode, company=company,
        households=households,
    )
    unit.full_clean()
    unit.save()
    UnitCompanyPeriod.objects.create(
        unit=unit, management_mode=management_mode, company=company, started_on=started_on or _today()
    )
    summaries_touch(orgs=[community])  # the area's property figures (dashboards)
    return unit


@transaction.atomic
def unit_update(*, user, unit: ServiceUnit, version: int | None = None, **fields) -> ServiceUnit:
    """Rename a unit or correct its households; the mode and company change through ``unit_change_management``."""
    _require(user, unit.community)
    _unknown(fields, UNIT_FIELDS)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    return versioned_save(unit, fields=fields.keys(), version=version)


@transaction.atomic
def unit_change_management(
    *, user, unit: ServiceUnit, management_mode: str, company: PropertyCompany | None, on: date,
    note: str = "", version: int | None = None,
) -> ServiceUnit:
    """From ``on`` the unit is managed in ``management_mode`` by ``company`` (or none): the open period
    ends the day before and a new one starts, so the history shows who served when."""
    _require(user, unit.community)
    _company_for(management_mode, company)
    current = UnitCompanyPeriod.objects.select_for_update().filter(unit=unit, ended_on__isnull=True).first()
    if current is not None:
        if on <= current.started_on:
            raise ValidationError(
                {"on": _("The change must come after the current period started (%(date)s).") % {
                    "date": current.started_on}}
            )
        if current.management_mode == management_mode and current.company_id == (company.pk if company else None):
            raise ValidationError(_("The unit is already managed this way."))
        current.ended_on = on - timedelta(days=1)
        current.save(update_fields=["ended_on"])
    UnitCompanyPeriod.objects.create(
        unit=unit, management_mode=management_mode, company=company, started_on=on, note=note
    )
    unit.management_mode, unit.company = management_mode, company
    unit.full_clean()
    summaries_touch(orgs=[unit.community_id])
    return versioned_save(unit, fields=["management_mode", "company"], version=version)


BUILDING_TAKEN = gettext_lazy("%(building)s already lies in the current unit %(unit)s.")


@transaction.atomic
def unit_add_building(*, user, unit: ServiceUnit, building: Building, on: date | None = None) -> UnitBuilding:
    """The unit covers ``building`` from ``on``. A building lies in at most one current unit: the
    database enforces it (a partial unique index); this says which unit holds it."""
    _require(user, unit.community)
    taken = UnitBuilding.objects.filter(building=building, ended_on__isnull=True).select_related("unit").first()
    if taken is not None:
        raise ValidationError({"building": BUILDING_TAKEN % {"building": building.name, "unit": taken.unit.name}})
    coverage = UnitBuilding(unit=unit, building=building, started_on=on or _today())
    coverage.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            coverage.save()
    except IntegrityError as exc:  # another unit took it in the meantime
        raise ValidationError({"building": _("This building was just added to another unit.")}) from exc
    return coverage


@transaction.atomic
def unit_release_building(*, user, coverage: UnitBuilding, on: date | None = None) -> UnitBuilding:
    _require(user, coverage.unit.community)
    on = on or _today()
    if coverage.ended_on is not None:
        raise ValidationError(_("This building has already left the unit."))
    if on < coverage.started_on:
        raise ValidationError({"on": _("A building leaves a unit after it joined it.")})
    coverage.ended_on = on
    coverage.save(update_fields=["ended_on"])
    return coverage


# --- committees -----------------------------------------------------------------------------------


@transaction.atomic
def committee_create(*, user, unit: ServiceUnit, **fields) -> Committee:
    """Record the election of an owners' or management committee for a new term."""
    _require(user, unit.community)
    _unknown(fields, COMMITTEE_FIELDS)
    if unit.management_mode == ManagementMode.SELF_MANAGED:
        raise ValidationError(_("A self-managed unit has no owners' or management committee."))
    committee = Committee(unit=unit, **fields)
    committee.full_clean()
    committee.save()
    return committee


@transaction.atomic
def committee_update(*, user, committee: Committee, version: int | None = None, **fields) -> Committee:
    _require(user, committee.unit.community)
    _unknown(fields, COMMITTEE_FIELDS)
    for name, value in fields.items():
        setattr(committee, name, value)
    committee.full_clean()
    return versioned_save(committee, fields=fields.keys(), version=version)


@transaction.atomic
def committee_member_add(*, user, committee: Committee, **fields) -> CommitteeMember:
    _require(user, committee.unit.community)
    _unknown(fields, MEMBER_FIELDS)
    seat = CommitteeMember(committee=committee, **fields)
    if seat.committee_role == "chair" and seat.ended_on is None and committee.members.filter(
        committee_role="chair", ended_on__isnull=True
    ).exists():
        raise ValidationError({"committee_role": _("The committee already has a sitting chair.")})
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def committee_member_end(*, user, seat: CommitteeMember, on: date | None = None) -> CommitteeMember:
    _require(user, seat.committee.unit.community)
    if seat.ended_on is not None:
        raise ValidationError(_("This member has already left the committee."))
    seat.ended_on = on or _today()
    seat.full_clean()
    seat.save(update_fields=["ended_on"])
    return seat


# --- 武房管家 --------------------------------------------------------------------------------------


@transaction.atomic
def item_create(*, user, owner: Organization, **fields) -> ServiceItem:
    """A priced item with its unified fee, set by the district or a street for everyone below it."""
    _require(user, owner)
    _unknown(fields, ITEM_FIELDS)
    item = ServiceItem(owner=owner, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_update(*, user, item: ServiceItem, version: int | None = None, **fields) -> ServiceItem:
    _require(user, item.owner)
    _unknown(fields, ITEM_FIELDS)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    return versioned_save(item, fields=fields.keys(), version=version)


@transaction.atomic
def record_create(
    *, user, community: Organization, item: ServiceItem, household: Household, served_on: date,
    fee_charged, quantity: int = 1, company: PropertyCompany | None = None, note: str = "",
) -> ServiceRecord:
    """Record a 武房管家 service for a household of ``community`` at the item's unified fee or below."""
    _require(user, community)
    _check_community(community)
    if not item.is_active or not is_within(community.path, item.owner.path):
        raise ValidationError({"item": _("This service item is not offered in this community.")})
    if served_on > _today():
        raise ValidationError({"served_on": _("A service cannot be recorded before it is done.")})
    record = ServiceRecord(
        community=community, item=item, household=household, company=company, served_on=served_on,
        quantity=quantity, fee_charged=fee_charged, note=note, created_by=user,
    )
    record.full_clean()
    record.save()
    return record


# --- complaints, surveys, inspections -------------------------------------------------------------

# Grid reports of these categories are property complaints (reports.ReportCategory.code).
PROPERTY_REPORT_CATEGORIES = ("property",)
# The company answers within this many working days (China's official calendar).
ANSWER_WORKING_DAYS = 3
# A complaint of the same household about the same matter this soon after another is a repeat.
REPEAT_WINDOW = timedelta(days=90)


def _earlier_complaint(*, household, matter: str, filed_at):
    if household is None:
        return None
    return (
        Complaint.objects.filter(
            household=household, matter=matter, filed_at__gte=filed_at - REPEAT_WINDOW, filed_at__lte=filed_at
        )
        .order_by("-filed_at", "-id")
        .first()
    )


def _file(*, user, unit: ServiceUnit, filed_at, **fields) -> Complaint:
    _require(user, unit.community)
    if unit.company_id is None:
        raise ValidationError({"unit": _("This unit has no property company to answer a complaint.")})
    company = unit.company
    filed_at = filed_at or timezone.now()
    complaint = Complaint(
        unit=unit, company=company, filed_at=filed_at, created_by=user,
        routed_to=" ".join(filter(None, (company.contact_name, company.phone))) or company.name,
        answer_due_at=add_working_days(filed_at, ANSWER_WORKING_DAYS),
        repeat_of=_earlier_complaint(household=fields.get("household"), matter=fields["matter"], filed_at=filed_at),
        **fields,
    )
    complaint.full_clean()
    complaint.save()
    summaries_touch(orgs=[unit.community_id])  # the area's complaint figures (dashboards)
    return complaint


@transaction.atomic
def complaint_record(
    *, user, unit: ServiceUnit, matter: str, description: str, household: Household | None = None,
    resident_name: str = "", phone: str = "", filed_at=None,
) -> Complaint:
    """The community records a resident's complaint against the unit's company and routes it."""
    if not description.strip():
        raise ValidationError({"description": _("Say what the resident complains about.")})
    if household is not None and not is_within(household.building.grid.branch.path, unit.community.path):
        raise ValidationError({"household": _("The household does not live in this community.")})
    return _file(
        user=user, unit=unit, filed_at=filed_at, source=ComplaintSource.COMMUNITY, matter=matter,
        description=description, household=household, resident_name=resident_name, phone=phone,
    )


@transaction.atomic
def complaint_from_report(*, user, report, unit: ServiceUnit, matter: str) -> Complaint:
    """Link a grid report of a property category as a complaint: its text, household and time are
    the report's (read from it, never typed again)."""
    if report.category.code not in PROPERTY_REPORT_CATEGORIES:
        raise ValidationError({"report": _("Only a grid report of a property category becomes a complaint.")})
    if not is_within(report.grid.branch.path, unit.community.path):
        raise ValidationError({"report": _("The report was filed in another community.")})
    if Complaint.objects.filter(report=report).exists():
        raise ValidationError({"report": _("This report is already linked to a complaint.")})
    return _file(
        user=user, unit=unit, filed_at=report.reported_at, source=ComplaintSource.GRID_REPORT, report=report,
        matter=matter, household=report.household,
    )


@transaction.atomic
def complaint_answer(*, user, complaint: Complaint, answer: str, answered_at=None, version=None) -> Complaint:
    """Record the company's answer; whether it came in time is read against ``answer_due_at``."""
    _require(user, complaint.unit.community)
    COMPLAINT_FLOW.check(user, complaint, "answer")
    if not answer.strip():
        raise ValidationError({"answer": _("Write down the company's answer.")})
    summaries_touch(orgs=[complaint.unit.community_id])
    return COMPLAINT_FLOW.advance(
        complaint, "answer", actor=user, version=version, check_actor=False, answer=answer.strip(),
        answered_at=answered_at or timezone.now(),
    )


@transaction.atomic
def complaint_close(*, user, complaint: Complaint, satisfaction: int, closed_at=None, version=None) -> Complaint:
    """The resident's satisfaction (1–5) closes the complaint."""
    _require(user, complaint.unit.community)
    COMPLAINT_FLOW.check(user, complaint, "close")
    if satisfaction not in range(1, 6):
        raise ValidationError({"satisfaction": _("Satisfaction is a mark from 1 to 5.")})
    summaries_touch(orgs=[complaint.unit.community_id])
    return COMPLAINT_FLOW.advance(
        complaint, "close", actor=user, version=version, check_actor=False, satisfaction=satisfaction,
        closed_at=closed_at or timezone.now(),
    )


@transaction.atomic
def survey_record(*, user, unit: ServiceUnit, year: int, quarter: int, sample_size: int, satisfied: int):
    """A quarter's satisfaction survey of a unit (one per unit and quarter)."""
    _require(user, unit.community)
    survey = SatisfactionSurvey(
        unit=unit, year=year, quarter=quarter, sample_size=sample_size, satisfied=satisfied, created_by=user
    )
    survey.full_clean()
    survey.save()
    return survey


INSPECTOR_ROLES = (Role.STREET_OFFICIAL, Role.DISTRICT_ADMIN)


@transaction.atomic
def inspection_record(
    *, user, unit: ServiceUnit, inspected_on: date, items_checked: str, score: int, findings: str = "",
) -> Inspection:
    """A street inspection of a unit, scored out of 100 against its company of the day."""
    if not rights.holds_role_over(user, INSPECTOR_ROLES, unit.community):
        raise PermissionDenied(_("Inspections are recorded by the street or the district."))
    if inspected_on > _today():
        raise ValidationError({"inspected_on": _("An inspection is recorded after it took place.")})
    inspection = Inspection(
        unit=unit, company=unit.company, inspected_on=inspected_on, inspector=user, items_checked=items_checked,
        findings=findings, score=score,
    )
    inspection.full_clean()
    inspection.save()
    return inspection


PHOTO_MAX_BYTES = 5 * 1024 * 1024


@transaction.atomic
def inspection_photo_add(*, user, inspection: Inspection, upload, caption: str = ""):
    """Attach a site photo to an inspection: by the street or the district, like the inspection
    itself; typed by content and size-checked before it is stored (``partybuild.files``)."""
    from partybuild.files import IMAGES, check_upload, rename_for_storage

    from .models import InspectionPhoto

    if not rights.holds_role_over(user, INSPECTOR_ROLES, inspection.unit.community):
        raise PermissionDenied(_("Inspections are recorded by the street or the district."))
    kind = check_upload(upload, kinds=IMAGES, max_bytes=PHOTO_MAX_BYTES, field="image")
    photo = InspectionPhoto(
        inspection=inspection, image=rename_for_storage(upload, kind), content_type=kind.content_type,
        caption=caption.strip(), uploaded_by=user,
    )
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def inspection_photo_delete(*, user, photo) -> None:
    if not rights.holds_role_over(user, INSPECTOR_ROLES, photo.inspection.unit.community):
        raise PermissionDenied(_("Inspections are recorded by the street or the district."))
    photo.image.delete(save=False)
    photo.delete()


# --- ranking weights ------------------------------------------------------------------------------

WEIGHT_FIELDS = ("complaints", "on_time", "repeats", "satisfaction", "inspection", "prior_households")


@transaction.atomic
def weights_set(*, user, district: Organization, version: int | None = None, **fields):
    """The district sets the ranking's weights and shrinkage strength."""
    from .models import RankingWeights

    if not rights.holds_role_over(user, (Role.DISTRICT_ADMIN,), district) or district.level != Level.DISTRICT:
        raise PermissionDenied(_("Only the district sets the ranking's weights."))
    _unknown(fields, WEIGHT_FIELDS)
    weights = RankingWeights.objects.filter(district=district).first()
    if weights is None:
        weights = RankingWeights(district=district, **fields)
        weights.full_clean()
        weights.save()
        return weights
    for name, value in fields.items():
        setattr(weights, name, value)
    weights.full_clean()
    return versioned_save(weights, fields=fields.keys(), version=version)


# --- red and black lists --------------------------------------------------------------------------

# Bottom N of the ranking two quarters running are proposed for the black list.
RULE_BOTTOM_N = 3


def _check_street(street: Organization) -> None:
    if street.level != Level.STREET or not street.is_active:
        raise ValidationError({"street": _("Choose an active street.")})


@transaction.atomic
def list_propose(*, user, company: PropertyCompany, street: Organization, kind: str, evidence: str,
                 basis: str = "manual"):
    """Propose a company for the red or black list, with evidence; the street confirms next."""
    from .models import ListEntry, ListStatus, ListStep

    rights.require(user, EDIT, street, str(REFUSED))
    _check_street(street)
    if not evidence.strip():
        raise ValidationError({"evidence": _("A proposal needs its evidence.")})
    open_states = (ListStatus.PROPOSED, ListStatus.CONFIRMED, ListStatus.LISTED, ListStatus.APPEALED)
    if ListEntry.objects.filter(company=company, kind=kind, list_status__in=open_states,
                                street=street).exclude(expires_on__lt=_today()).exists():
        raise ValidationError(_("This company is already proposed for or on this list."))
    entry = ListEntry(company=company, street=street, kind=kind, basis=basis, evidence=evidence, proposed_by=user)
    entry.full_clean()
    entry.save()
    ListStep.objects.create(entry=entry, list_status=ListStatus.PROPOSED, actor=user, at=timezone.now(),
                            note=evidence[:500])
    return entry


def _previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


@transaction.atomic
def list_propose_by_rule(*, user, street: Organization, year: int, quarter: int, bottom: int = RULE_BOTTOM_N):
    """Propose for the black list every company serving ``street`` that ranked in the district's
    bottom ``bottom`` both in this quarter and the one before (the evidence names both ranks)."""
    from . import selectors

    rights.require(user, EDIT, street, str(REFUSED))
    py, pq = _previous_quarter(year, quarter)
    now_rows, _m, _w = selectors.ranking(root=street, year=year, quarter=quarter)
    before_rows, _m, _w = selectors.ranking(root=street, year=py, quarter=pq)
    now_bottom = {r.counts.key: r for r in now_rows[-bottom:]} if bottom else {}
    before_bottom = {r.counts.key: r for r in before_rows[-bottom:]} if bottom else {}
    serving = set(selectors.units_under(street).values_list("company_id", flat=True))
    proposed = []
    for key in sorted(set(now_bottom) & set(before_bottom) & serving):
        evidence = _("Ranked %(a)s of %(n)s in %(y)sQ%(q)s and %(b)s of %(m)s in %(py)sQ%(pq)s.") % {
            "a": now_bottom[key].rank, "n": len(now_rows), "y": year, "q": quarter,
            "b": before_bottom[key].rank, "m": len(before_rows), "py": py, "pq": pq,
        }
        try:
            proposed.append(list_propose(user=user, company=PropertyCompany.objects.get(pk=key), street=street,
                                         kind="black", evidence=evidence, basis="rule"))
        except ValidationError:
            continue  # already proposed or listed
    return proposed


def _list_step(entry, step: str, *, user, note: str = "", version=None, **changes):
    from .flow import LIST_FLOW

    LIST_FLOW.check(user, entry, step)
    return LIST_FLOW.advance(entry, step, actor=user, comment=note, version=version, check_actor=False, **changes)


@transaction.atomic
def list_confirm(*, user, entry, note: str = "", version=None):
    return _list_step(entry, "confirm", user=user, note=note, version=version)


@transaction.atomic
def list_reject(*, user, entry, note: str = "", version=None):
    if not note.strip():
        raise ValidationError({"note": _("Say why the proposal is rejected.")})
    return _list_step(entry, "reject", user=user, note=note, version=version)


@transaction.atomic
def list_decide(*, user, entry, starts_on: date, expires_on: date, review_on: date | None = None, note: str = "",
                version=None):
    """The district lists the company from ``starts_on`` until ``expires_on``, to be reviewed on ``review_on``."""
    if expires_on <= starts_on:
        raise ValidationError({"expires_on": _("A listing expires after it starts.")})
    if review_on is not None and not starts_on <= review_on <= expires_on:
        raise ValidationError({"review_on": _("The review falls within the listing.")})
    return _list_step(entry, "list", user=user, note=note, version=version, starts_on=starts_on,
                      expires_on=expires_on, review_on=review_on)


@transaction.atomic
def list_appeal(*, user, entry, reason: str, version=None):
    """The company appeals (recorded by the street on its behalf) with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("An appeal needs its reason.")})
    if entry.expires_on is not None and entry.expires_on < _today():
        raise ValidationError(_("This listing has expired; there is nothing to appeal."))
    return _list_step(entry, "appeal", user=user, note=reason, version=version, appeal_reason=reason.strip())


@transaction.atomic
def list_uphold(*, user, entry, note: str = "", version=None):
    return _list_step(entry, "uphold", user=user, note=note, version=version)


@transaction.atomic
def list_revoke(*, user, entry, note: str = "", version=None):
    if not note.strip():
        raise ValidationError({"note": _("Say why the listing is revoked.")})
    return _list_step(entry, "revoke", user=user, note=note, version=version)


# --- three-party meetings (三方联动) ---------------------------------------------------------------


@transaction.atomic
def complaint_to_joint_meeting(*, user, complaint: Complaint, meeting):
    """Put a complaint on a three-party meeting's agenda in one click. The meetings app raises the
    item (``item_raise`` with the complaint as its source record: rights, open meeting, history,
    carry-over are its own); this only checks the meeting is a three-party meeting of the
    complaint's community and that the complaint is not already waiting on an agenda."""
    from django.contrib.contenttypes.models import ContentType

    from meetings.item_services import item_raise
    from meetings.models import UNRESOLVED_STATES, AgendaItem, BodyKind

    if meeting.body.kind != BodyKind.THREE_PARTY or not is_within(
        complaint.unit.community.path, meeting.body.organization.path
    ):
        raise ValidationError(_("Choose a three-party meeting of the complaint's community."))
    waiting = AgendaItem.objects.filter(
        source_type=ContentType.objects.get_for_model(Complaint), source_id=complaint.pk,
        state__in=UNRESOLVED_STATES,
    ).select_related("meeting").first()
    if waiting is not None:
        raise ValidationError(_("This complaint is already on the agenda of %(meeting)s.") % {
            "meeting": waiting.meeting})
    text = complaint.report.description if complaint.report_id else complaint.description
    title = f"{complaint.unit.name}：{complaint.get_matter_display()}"
    description = _("Property complaint #%(pk)s against %(company)s, filed %(filed)s: %(text)s") % {
        "pk": complaint.pk, "company": complaint.company.name, "filed": f"{complaint.filed_at:%Y-%m-%d}",
        "text": text,
    }
    return item_raise(user=user, meeting=meeting, title=title, description=description, source_record=complaint)
