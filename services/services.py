"""Writes for grid visits and the four ledgers. The only code that changes these rows.

Every function takes the acting ``user``, checks their EDIT rights on the organisation the
record belongs to, validates with ``full_clean()`` and runs in one transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grids.models import Grid, GridWorker, Household
from organizations import paths
from organizations.models import HISTORICAL_STATUSES, Level, Member, Organization
from partybuild import files, locking, rights
from partybuild.scoping import EDIT
from summaries.services import summaries_touch

from .models import (
    PAIRING_FOR_CATEGORY,
    Assistance,
    Demand,
    DemandStatus,
    Evaluation,
    Fulfilment,
    GridVisit,
    NeedyHousehold,
    Pledge,
    PledgeItem,
    VisitKind,
)

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
OUTSIDE_AREA = gettext_lazy("You may not change ledgers outside your area.")


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _file_report(*, user, grid: Grid, category, description: str, household: Household | None, source: str):
    # Imported here: the reports app owns grid reports; ledgers only ask it to file one.
    from reports.services import report_file

    location = household.address if household is not None else ""
    return report_file(
        user=user, grid=grid, category=category, description=description, location=location,
        household=household, source=source,
    )


# ---------------------------------------------------------------------------------------------
# Grid visits


def _check_hazard(category, description: str) -> None:
    # A hazard becomes a grid report: it needs what the report needs.
    errors = {}
    if category is None:
        errors["hazard_category"] = _("Choose the hazard's category.")
    if not description.strip():
        errors["hazard_description"] = _("Describe the hazard.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def visit_create(
    *, user, grid: Grid, household: Household, worker: GridWorker, visited_on: date, kinds: list[str],
    notes: str = "", hazard_category=None, hazard_description: str = "",
) -> GridVisit:
    """Log a visit. When it found a hazard, the grid report is filed in the same transaction,
    so the visit and its report are saved together or not at all."""
    rights.require(user, EDIT, grid.branch, OUTSIDE_AREA)
    _not_future(visited_on, "visited_on")
    unknown = set(kinds) - set(VisitKind.values)
    if unknown:
        raise ValidationError({"kinds": _("Unknown visit kinds: %s") % ", ".join(sorted(unknown))})
    visit = GridVisit(
        organization=grid.branch, grid=grid, household=household, worker=worker, visited_on=visited_on,
        notes=notes, recorded_by=user, **{kind: kind in kinds for kind in VisitKind.values},
    )
    visit.full_clean()
    if visit.hazard_found:
        _check_hazard(hazard_category, hazard_description)
        visit.report = _file_report(
            user=user, grid=grid, category=hazard_category, description=hazard_description.strip(),
            household=household, source="visit",
        )
    visit.save()
    summaries_touch(orgs=[visit.organization_id])
    return visit


# ---------------------------------------------------------------------------------------------
# Pledges → fulfilment → evaluation


def _item(pledge: Pledge, data: dict) -> PledgeItem:
    item = PledgeItem(pledge=pledge, content=(data.get("content") or "").strip(), deadline=data.get("deadline"),
                      target=(data.get("target") or "").strip())
    item.full_clean()
    return item


@transaction.atomic
def pledge_create(*, user, member: Member, year: int, items: list[dict]) -> Pledge:
    """A member's pledge for ``year`` with its items (each: content, deadline, target)."""
    rights.require(user, EDIT, member.branch, OUTSIDE_AREA)
    if member.status in HISTORICAL_STATUSES:
        raise ValidationError({"member": _("A historical member cannot pledge.")})
    if not items:
        raise ValidationError({"items": _("A pledge needs at least one item.")})
    pledge = Pledge(member=member, organization=member.branch, year=year)
    # The year is checked before it reaches a query; the one-pledge-a-year constraint is checked
    # next, with a message that says what to do instead.
    pledge.full_clean(validate_constraints=False)
    if Pledge.objects.filter(member=member, year=year).exists():
        raise ValidationError({"year": _("%(name)s already has a pledge for %(year)s; add items to it.")
                               % {"name": member.name, "year": year}})
    pledge.save()
    errors: dict[str, list] = {}
    objs = []
    for index, data in enumerate(items):
        try:
            objs.append(_item(pledge, data))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(f"{index + 1}: {m}" for m in messages)
    if errors:
        raise ValidationError(errors)
    PledgeItem.objects.bulk_create(objs)
    summaries_touch(orgs=[pledge.organization_id])
    return pledge


@transaction.atomic
def pledge_item_add(*, user, pledge: Pledge, content: str, deadline: date, target: str) -> PledgeItem:
    rights.require(user, EDIT, pledge.organization, OUTSIDE_AREA)
    if pledge.is_evaluated:
        raise ValidationError(_("This pledge has been evaluated; it can no longer change."))
    item = _item(pledge, {"content": content, "deadline": deadline, "target": target})
    item.save()
    summaries_touch(orgs=[pledge.organization_id])
    return item


@transaction.atomic
def pledge_item_update(
    *, user, item: PledgeItem, content: str, deadline: date, target: str, version: int | None = None,
) -> PledgeItem:
    """Correct an item before the evaluation. The pledge's version guards against a concurrent edit."""
    pledge = item.pledge
    rights.require(user, EDIT, pledge.organization, OUTSIDE_AREA)
    if pledge.is_evaluated:
        raise ValidationError(_("This pledge has been evaluated; it can no longer change."))
    item.content, item.deadline, item.target = content.strip(), deadline, target.strip()
    item.full_clean()
    # The pledge's version guards its items: claim it, then write the item.
    locking.versioned_save(pledge, fields=(), version=version)
    item.save(update_fields=["content", "deadline", "target"])
    return item


@transaction.atomic
def fulfilment_record(
    *, user, item: PledgeItem, done_on: date, description: str, evidence: str = "", evidence_file=None,
) -> Fulfilment:
    """Record what was done against a pledge item (践诺), with text and an optional file as evidence."""
    pledge = item.pledge
    rights.require(user, EDIT, pledge.organization, OUTSIDE_AREA)
    if pledge.is_evaluated:
        raise ValidationError(_("This pledge has been evaluated; record fulfilment before the evaluation."))
    _not_future(done_on, "done_on")
    if done_on.year != pledge.year:
        raise ValidationError({"done_on": _("Fulfilment must fall within the pledge year %(year)s.")
                               % {"year": pledge.year}})
    if evidence_file:
        # Type by content and size before reading (partybuild.files); stored under a generated name.
        kind = files.check_upload(evidence_file, kinds=files.DOCUMENTS, max_bytes=MAX_EVIDENCE_BYTES,
                                  field="evidence_file")
        evidence_file = files.rename_for_storage(evidence_file, kind)
    record = Fulfilment(item=item, done_on=done_on, description=description.strip(), evidence=evidence.strip(),
                        evidence_file=evidence_file or "", recorded_by=user)
    record.full_clean()
    record.save()
    summaries_touch(orgs=[pledge.organization_id])
    return record


def can_evaluate(pledge: Pledge, today: date | None = None) -> bool:
    """The year has ended, or every item's deadline has passed."""
    today = today or timezone.localdate()
    if today.year > pledge.year:
        return True
    deadlines = [item.deadline for item in pledge.items.all()]
    return bool(deadlines) and max(deadlines) < today


@transaction.atomic
def pledge_evaluate(*, user, pledge: Pledge, evaluation: str, note: str = "", version: int | None = None) -> Pledge:
    """Year-end evaluation (评诺) of a pledge: fulfilled, partly or not. Once only."""
    rights.require(user, EDIT, pledge.organization, OUTSIDE_AREA)
    if evaluation not in Evaluation.values:
        raise ValidationError({"evaluation": _("Choose fulfilled, partly fulfilled or not fulfilled.")})
    if pledge.is_evaluated:
        raise ValidationError(_("This pledge has already been evaluated."))
    if not can_evaluate(pledge):
        raise ValidationError(_("A pledge is evaluated once its year has ended or all its deadlines have passed."))
    pledge.evaluation, pledge.evaluation_note = evaluation, note.strip()
    pledge.evaluated_on, pledge.evaluated_by = timezone.localdate(), user
    pledge.full_clean()
    locking.versioned_save(
        pledge, fields=("evaluation", "evaluation_note", "evaluated_on", "evaluated_by"), version=version,
    )
    return pledge


# ---------------------------------------------------------------------------------------------
# Needy households (三级包抓) and assistance


def _check_responsible(responsible: Member | None, org: Organization) -> None:
    if responsible is None:
        return
    if responsible.status in HISTORICAL_STATUSES:
        raise ValidationError({"responsible": _("The responsible member is no longer a current member.")})
    # Pairings are made inside the community: its committee and members look after its households.
    if not paths.is_within(responsible.branch.path, paths.prefix_at(org.path, paths.COMMUNITY_DEPTH)):
        raise ValidationError({"responsible": _("The responsible member must belong to the household's community.")})


@transaction.atomic
def needy_register(
    *, user, household: Household, category: str, pairing_level: str = "", responsible: Member | None = None,
    situation: str = "", registered_on: date | None = None,
) -> NeedyHousehold:
    """Register a needy household; the pairing level defaults to the one 三级包抓 sets for the category."""
    org = household.building.grid.branch
    rights.require(user, EDIT, org, OUTSIDE_AREA)
    if NeedyHousehold.objects.filter(household=household, category=category).exists():
        raise ValidationError({"category": _("This household is already registered in this category.")})
    _check_responsible(responsible, org)
    needy = NeedyHousehold(
        organization=org, household=household, category=category,
        pairing_level=pairing_level or PAIRING_FOR_CATEGORY.get(category, ""), responsible=responsible,
        situation=situation.strip(), registered_on=registered_on or timezone.localdate(),
    )
    needy.full_clean()
    needy.save()
    summaries_touch(orgs=[org])
    return needy


NEEDY_FIELDS = ("category", "pairing_level", "responsible", "situation", "is_active")


@transaction.atomic
def needy_update(*, user, needy: NeedyHousehold, version: int | None = None, **fields) -> NeedyHousehold:
    rights.require(user, EDIT, needy.organization, OUTSIDE_AREA)
    unknown = set(fields) - set(NEEDY_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be edited here: %s") % ", ".join(sorted(unknown)))
    for name, value in fields.items():
        setattr(needy, name, value)
    _check_responsible(needy.responsible, needy.organization)
    needy.full_clean()
    locking.versioned_save(needy, fields=fields, version=version)
    summaries_touch(orgs=[needy.organization_id])
    return needy


@transaction.atomic
def assistance_record(
    *, user, needy: NeedyHousehold, given_on: date, helper: str, content: str, amount: Decimal | None = None,
) -> Assistance:
    rights.require(user, EDIT, needy.organization, OUTSIDE_AREA)
    _not_future(given_on, "given_on")
    record = Assistance(needy=needy, given_on=given_on, helper=helper.strip(), content=content.strip(),
                        amount=amount, recorded_by=user)
    record.full_clean()
    record.save()
    summaries_touch(orgs=[needy.organization_id])
    return record


# ---------------------------------------------------------------------------------------------
# Residents' opinions and demands

DEMAND_LEVELS = (Level.COMMUNITY, Level.GRID)
DEMAND_FIELDS = ("source", "resident_name", "phone", "household", "content", "handler", "status", "reply", "replied_on",
                 "satisfaction")


def _check_household(household: Household | None, organization: Organization) -> None:
    # A report filed from the demand goes to the household's grid, so it must lie under the receiver.
    if household is not None and not paths.is_within(household.building.grid.branch.path, organization.path):
        raise ValidationError({"household": _("Choose a household of the organisation that received the demand.")})


@transaction.atomic
def demand_create(
    *, user, organization: Organization, received_on: date, source: str, resident_name: str, content: str,
    phone: str = "", household: Household | None = None, handler=None,
) -> Demand:
    rights.require(user, EDIT, organization, OUTSIDE_AREA)
    if organization.level not in DEMAND_LEVELS:
        raise ValidationError({"organization": _("Demands are recorded by a community or a grid branch.")})
    _not_future(received_on, "received_on")
    _check_household(household, organization)
    demand = Demand(organization=organization, received_on=received_on, source=source,
                    resident_name=resident_name.strip(), phone=phone.strip(), content=content.strip(),
                    household=household, handler=handler)
    demand.full_clean()
    demand.save()
    summaries_touch(orgs=[organization])
    return demand


@transaction.atomic
def demand_update(*, user, demand: Demand, version: int | None = None, **fields) -> Demand:
    """Edit a demand: handler, progress, reply and the resident's satisfaction."""
    rights.require(user, EDIT, demand.organization, OUTSIDE_AREA)
    unknown = set(fields) - set(DEMAND_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be edited here: %s") % ", ".join(sorted(unknown)))
    for name, value in fields.items():
        setattr(demand, name, value)
    if "household" in fields:
        _check_household(demand.household, demand.organization)
    if demand.status == DemandStatus.CLOSED:
        if not demand.reply.strip():
            raise ValidationError({"reply": _("Write the reply given to the resident before closing.")})
        demand.replied_on = demand.replied_on or timezone.localdate()
    demand.full_clean()
    locking.versioned_save(demand, fields=[*fields, "replied_on"], version=version)
    return demand


def _demand_grid(demand: Demand, grid: Grid | None) -> Grid:
    if grid is not None:
        if not paths.is_within(grid.branch.path, demand.organization.path):
            raise ValidationError({"grid": _("Choose a grid of the organisation that received the demand.")})
        return grid
    if demand.household_id:
        return demand.household.building.grid
    found = Grid.objects.filter(branch=demand.organization).first()
    if found is None:
        raise ValidationError({"grid": _("Choose the grid the problem lies in.")})
    return found


@transaction.atomic
def demand_to_report(*, user, demand: Demand, category, grid: Grid | None = None):
    """Turn a demand into a grid report without retyping it; the demand links to the report."""
    rights.require(user, EDIT, demand.organization, OUTSIDE_AREA)
    # Claim the demand first, so a double click cannot file two reports.
    unclaimed = Demand.objects.filter(pk=demand.pk, report__isnull=True).exclude(status=DemandStatus.CLOSED)
    if not locking.conditional_update(unclaimed, actor=user, status=DemandStatus.HANDLING):
        raise ValidationError(_("This demand has already been turned into a report or is closed."))
    report = _file_report(user=user, grid=_demand_grid(demand, grid), category=category,
                          description=demand.content, household=demand.household, source="demand")
    # Same step as the claim (whose version bump already tells open edit forms they are stale).
    locking.conditional_update(Demand.objects.filter(pk=demand.pk), actor=user, bump_version=False, report=report)
    demand.refresh_from_db()
    return report
