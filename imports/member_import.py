"""Importing party members: every row passes the model's own validation (``full_clean``: GB 11643
ID check, phone, dates, in-service registration) and the rules of
``organizations.member_services.member_create`` (an organisation that holds members, active,
here inside the importer's MANAGE area); then members and their first membership periods are
inserted in bulk.

An ID number already registered is never registered twice. What the importer learns about it
depends on whether they could see that member anyway: inside their area the row is rejected; outside
it the row says nothing in a dry run, and on import becomes a transfer request for the district's
organisation department (``MemberTransferRequest``), without naming the member or their
organisation. So a dry run cannot tell whether a number belongs to a party member elsewhere, and
every real lookup leaves a record the district sees.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import creations_record_for
from organizations.member_services import MEMBER_LEVELS
from organizations.models import Education, Gender, Level, Member, MemberCategory, MembershipPeriod, Organization
from organizations.validators import id_birth_date
from partybuild import scoping
from summaries.services import summaries_touch

from . import parsing, policy
from .models import ImportKind, MemberTransferRequest, TransferRequestState
from .report import ImportReport, Progress, error_text, field_labels, no_progress

GENDER_ALIASES = {"男": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE,
                  "女": Gender.FEMALE, "f": Gender.FEMALE, "female": Gender.FEMALE}
EDUCATION_ALIASES = {
    **{v: v for v in Education.values},
    "小学": Education.PRIMARY, "初中": Education.JUNIOR, "高中": Education.SENIOR, "中专": Education.SENIOR,
    "中技": Education.SENIOR, "技校": Education.SENIOR, "高中/中专": Education.SENIOR, "大专": Education.COLLEGE,
    "专科": Education.COLLEGE, "本科": Education.BACHELOR, "大学": Education.BACHELOR, "大学本科": Education.BACHELOR,
    "研究生": Education.POSTGRADUATE, "硕士": Education.POSTGRADUATE, "博士": Education.POSTGRADUATE,
}
CATEGORY_ALIASES = {
    **{v: v for v in MemberCategory.values},
    "正式党员": MemberCategory.FULL, "正式": MemberCategory.FULL,
    "预备党员": MemberCategory.PROBATIONARY, "预备": MemberCategory.PROBATIONARY,
}
# Relations are resolved here in bulk; the model validates the rest.
_CLEAN_EXCLUDE = ["branch", "household", "registered_community"]
_BATCH = 500
PROGRESS_EVERY = 100
DATE_FIELDS = ("birth_date", "joined_on", "registered_on")


def _orgs_by_code(table: parsing.Table) -> dict[str, Organization]:
    codes = set()
    for row in table.rows:
        codes.add(parsing.text(row.data.get("branch_code")))
        codes.add(parsing.text(row.data.get("registered_community_code")))
    codes.discard("")
    return {o.code: o for o in Organization.objects.filter(code__in=codes)}


def _branch(report, row, code: str, orgs, user) -> Organization | None:
    org = orgs.get(code)
    if not code:
        report.reject(row, _("The organisation code is empty."))
    elif org is None or not scoping.can_act_on_org(user, scoping.VIEW, org):
        report.reject(row, _("Unknown organisation code “%(code)s”.") % {"code": code})
    elif not scoping.can_act_on_org(user, policy.REQUIRED_ACTION[ImportKind.MEMBERS], org):
        report.reject(row, _("The organisation “%(code)s” is outside the area you may import into.") % {"code": code})
    elif org.level not in MEMBER_LEVELS:
        report.reject(row, _("Members belong to a party organisation, not to a member household."))
    elif not org.is_active:
        report.reject(row, _("The organisation “%(code)s” is dissolved.") % {"code": code})
    else:
        return org
    return None


def _parse_row(report: ImportReport, row, orgs, user, labels) -> Member | None:
    data = row.data
    before = len(report.errors.get(row.number, []))
    values = {}
    for key in DATE_FIELDS:
        try:
            values[key] = parsing.date_value(data.get(key))
        except ValueError:
            report.reject(row, _("%(field)s: “%(value)s” is not a date (use YYYY-MM-DD).")
                          % {"field": labels[key], "value": parsing.text(data.get(key))})
    for key, aliases in (("gender", GENDER_ALIASES), ("education", EDUCATION_ALIASES), ("category", CATEGORY_ALIASES)):
        raw = parsing.text(data.get(key))
        # Empty stays empty: full_clean reports a missing gender, the category defaults to full.
        values[key] = parsing.choice_value(raw, aliases) if raw else ""
        if values[key] is None:
            report.reject(row, _("%(field)s: unknown value “%(value)s”.") % {"field": labels[key], "value": raw})
    try:
        values["is_in_service"] = parsing.bool_value(data.get("is_in_service"))
    except ValueError:
        report.reject(row, _("%(field)s: write 是 or 否.") % {"field": labels["is_in_service"]})
    branch = _branch(report, row, parsing.text(data.get("branch_code")), orgs, user)
    community_code = parsing.text(data.get("registered_community_code"))
    community = orgs.get(community_code) if community_code else None
    if community_code and (community is None or community.level != Level.COMMUNITY):
        report.reject(row, _("“%(code)s” is not the code of a community.") % {"code": community_code})
    if len(report.errors.get(row.number, [])) > before:
        return None
    id_number = parsing.text(data.get("id_number")).upper()
    member = Member(
        name=parsing.text(data.get("name")), ethnicity=parsing.text(data.get("ethnicity")) or "汉族",
        id_number=id_number, phone=parsing.text(data.get("phone")), work_unit=parsing.text(data.get("work_unit")),
        branch=branch, registered_community=community,
        **{k: v for k, v in values.items() if k != "category"},
        category=values["category"] or MemberCategory.FULL,
    )
    if member.birth_date is None and len(id_number) == 18:
        member.birth_date = id_birth_date(id_number)
    try:
        # The same validators as the member form and member_create; uniqueness is checked in bulk below.
        member.full_clean(exclude=_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for line in error_text(exc, labels):
            report.reject(row, line)
        return None
    return member


def _check_registered(report: ImportReport, planned: list[tuple], user) -> list[tuple]:
    """Rows whose ID number is already registered: rejected when the member is in the user's
    area; otherwise (not in a dry run) returned as (row, member, registered member id) to pass
    on to the district."""
    rows_by_id = {member.id_number: (row, member) for row, member in planned if not report.is_rejected(row)}
    registered = dict(Member.objects.filter(id_number__in=list(rows_by_id)).values_list("id_number", "pk"))
    visible = set(
        scoping.scope_queryset(Member.objects.filter(pk__in=registered.values()), user, scoping.VIEW)
        .values_list("pk", flat=True)
    )
    referred = []
    for id_number, member_pk in registered.items():
        row, member = rows_by_id[id_number]
        if member_pk in visible:
            report.reject(row, _("A member with this ID card number is already registered in your area; find them "
                                 "in the member list."))
        elif not report.dry_run:
            referred.append((row, member, member_pk))
    return referred


def plan(*, user, table: parsing.Table, dry_run: bool = False, progress: Progress = no_progress):
    report = ImportReport(table=table, dry_run=dry_run)
    labels = {**field_labels(Member), "branch_code": str(Member._meta.get_field("branch").verbose_name)}
    orgs = _orgs_by_code(table)
    planned: list[tuple] = []
    for index, row in enumerate(table.rows, start=1):
        member = _parse_row(report, row, orgs, user, labels)
        if member is not None:
            planned.append((row, member))
        if index % PROGRESS_EVERY == 0:
            progress(index)
    by_id: dict[str, list] = defaultdict(list)
    for row, member in planned:
        by_id[member.id_number].append(row)
    for rows in by_id.values():
        if len(rows) > 1:
            numbers = ", ".join(str(r.number) for r in rows)
            for row in rows:
                report.reject(row, _("The ID card number appears more than once in the file (rows %(rows)s).")
                              % {"rows": numbers})
    report.referred = _check_registered(report, planned, user)
    referred_rows = {row.number for row, _member, _pk in report.referred}
    report.planned = [m for row, m in planned if row.number not in referred_rows]
    if dry_run:
        report.notes.append(_("Rows naming people already registered as party members elsewhere in the district "
                              "are not checked in a dry run: when you import, they are passed to the district's "
                              "organisation department, which arranges their transfer."))
    return report


def write(members: list[Member]) -> list[Member]:
    created = Member.objects.bulk_create(members, batch_size=_BATCH)
    MembershipPeriod.objects.bulk_create(
        [MembershipPeriod(member=m, organization_id=m.branch_id, started_on=m.joined_on,
                          reason=MembershipPeriod.Reason.IMPORT) for m in created],
        batch_size=_BATCH,
    )
    return created


def refer(referred: list[tuple], *, user) -> list[MemberTransferRequest]:
    """Transfer requests for the rows naming members registered outside the user's area; a
    request still open for the same member and organisation is not made twice."""
    wanted = {(member_pk, member.branch_id): member for _row, member, member_pk in referred}
    already = set(MemberTransferRequest.objects.filter(
        state=TransferRequestState.OPEN, member_id__in=[pk for pk, _org in wanted]
    ).values_list("member_id", "to_org_id"))
    return MemberTransferRequest.objects.bulk_create([
        MemberTransferRequest(member_id=member_pk, to_org_id=org_id, name_in_file=member.name, requested_by=user)
        for (member_pk, org_id), member in wanted.items() if (member_pk, org_id) not in already
    ])


def members_import(*, user, table: parsing.Table, dry_run: bool = False,
                   progress: Progress = no_progress) -> ImportReport:
    """Import a whole file of members, or nothing."""
    report = plan(user=user, table=table, dry_run=dry_run, progress=progress)
    if report.ok and not dry_run:
        try:
            with transaction.atomic():
                report.created = write(report.planned)
                creations_record_for(objs=report.created, actor=user, source="import")
                # The members count in their branches' summary rows, in-service ones also where registered.
                summaries_touch(orgs={m.branch_id for m in report.created}
                                | {m.registered_community_id for m in report.created})
                refer(report.referred, user=user)
        except IntegrityError as exc:
            raise ValidationError(_("Another change conflicted with this import (an ID card number was registered "
                                    "meanwhile); nothing was imported. Try again.")) from exc
        if report.referred:
            rows = ", ".join(str(row.number) for row, _member, _pk in report.referred)
            report.notes.append(
                _("Rows %(rows)s name people already registered as party members elsewhere in the district: they "
                  "were not registered again, and the district's organisation department has been asked to arrange "
                  "their transfer.") % {"rows": rows}
            )
    progress(report.total)
    return report
