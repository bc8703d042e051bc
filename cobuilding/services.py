"""Writes of co-building: list entries, claims and progress, secretary-led projects and milestones,
resident units' social-responsibility reports."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Level, Organization, ResidentUnit
from organizations.paths import prefix_at
from partybuild import files, rights
from partybuild.locking import versioned_save
from partybuild.scoping import EDIT

from .flow import ITEM_FLOW, REPORT_FLOW
from .models import (
    ItemEvidence,
    ItemStatus,
    ListItem,
    ListKind,
    Milestone,
    ProgressReport,
    ReportStatus,
    ResponsibilityReport,
    SecretaryProject,
)

LIST_LEVELS = (Level.STREET, Level.COMMUNITY)
SECRETARY_LEVELS = (Level.DISTRICT, Level.STREET, Level.COMMUNITY)
STREET_DEPTH = 2
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _unit_of_street(unit: ResidentUnit, org: Organization) -> None:
    if prefix_at(org.path, STREET_DEPTH) != unit.street.path:
        raise ValidationError({"unit": _("The resident unit is registered in another street.")})


@transaction.atomic
def item_create(*, user, organization: Organization, kind: str, title: str, description: str = "",
                unit: ResidentUnit | None = None) -> ListItem:
    rights.require(user, EDIT, organization)
    if organization.level not in LIST_LEVELS:
        raise ValidationError({"organization": _("The co-building lists belong to a street or a community.")})
    if unit is not None:
        if kind != ListKind.RESOURCE:
            raise ValidationError({"unit": _("Only a resource names the unit that offers it when listed.")})
        _unit_of_street(unit, organization)
    item = ListItem(organization=organization, kind=kind, title=title.strip(), description=description,
                    unit=unit, created_by=user)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def project_claim(*, user, item: ListItem, unit: ResidentUnit, commitment: str,
                  version: int | None = None) -> ListItem:
    """A resident unit of the street claims a project and states what it commits (认领)."""
    if item.kind != ListKind.PROJECT:
        raise ValidationError(_("Only projects are claimed; needs and resources are matched into projects."))
    _unit_of_street(unit, item.organization)
    if not commitment.strip():
        raise ValidationError({"commitment": _("State what the unit commits to do.")})
    return ITEM_FLOW.advance(item, "claim", actor=user, version=version, unit=unit, commitment=commitment.strip(),
                             claimed_at=timezone.now())


@transaction.atomic
def progress_report(*, user, item: ListItem, percent: int, note: str, reported_on: date | None = None
                    ) -> ProgressReport:
    rights.require(user, EDIT, item.organization)
    if item.status != ItemStatus.CLAIMED:
        raise ValidationError(_("Progress is reported on a claimed project that is not yet complete."))
    row = ProgressReport(item=item, percent=percent, note=note.strip(), reported_on=reported_on or timezone.localdate(),
                         reported_by=user)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def project_confirm(*, user, item: ListItem, version: int | None = None) -> ListItem:
    """The community (or the street for its own projects) confirms the claimed project complete."""
    return ITEM_FLOW.advance(item, "confirm", actor=user, version=version, completed_at=timezone.now())


@transaction.atomic
def item_close(*, user, item: ListItem, version: int | None = None) -> ListItem:
    return ITEM_FLOW.advance(item, "close", actor=user, version=version)


SECRETARY_FIELDS = ("secretary", "title", "problems", "tasks", "responsibilities")


@transaction.atomic
def secretary_project_create(*, user, organization: Organization, year: int, **fields) -> SecretaryProject:
    rights.require(user, EDIT, organization)
    if organization.level not in SECRETARY_LEVELS:
        raise ValidationError({"organization": _("Secretary-led projects are led by district, street and community "
                                                 "secretaries.")})
    project = SecretaryProject(organization=organization, year=year, **fields)
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def milestone_add(*, user, project: SecretaryProject, title: str, due_on: date) -> Milestone:
    rights.require(user, EDIT, project.organization)
    milestone = Milestone(project=project, title=title.strip(), due_on=due_on)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_done(*, user, milestone: Milestone, done_on: date | None = None) -> Milestone:
    rights.require(user, EDIT, milestone.project.organization)
    milestone.done_on = done_on or timezone.localdate()
    milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def secretary_project_complete(*, user, project: SecretaryProject, version: int | None = None) -> SecretaryProject:
    rights.require(user, EDIT, project.organization)
    if project.milestones.filter(done_on__isnull=True).exists():
        raise ValidationError(_("Every milestone must be done before the project is complete."))
    project.status, project.completed_on = SecretaryProject.Status.COMPLETED, timezone.localdate()
    return versioned_save(project, fields=["status", "completed_on"], version=version)


@transaction.atomic
def report_file(*, user, unit: ResidentUnit, year: int, summary: str) -> ResponsibilityReport:
    """File a unit's report for a year (the street or its communities file it on the unit's behalf)."""
    rights.require(user, EDIT, unit.street)
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("A report covers a year that has begun.")})
    report = ResponsibilityReport(unit=unit, year=year, summary=summary.strip(), filed_at=timezone.now())
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_review(*, user, report: ResponsibilityReport, accept: bool, note: str = "",
                  version: int | None = None) -> ResponsibilityReport:
    if not accept and not note.strip():
        raise ValidationError({"review_note": _("Say what the unit must revise.")})
    return REPORT_FLOW.advance(report, "accept" if accept else "return", actor=user, version=version,
                               review_note=note.strip(), reviewed_by=user, reviewed_at=timezone.now())


@transaction.atomic
def report_refile(*, user, report: ResponsibilityReport, summary: str, version: int | None = None
                  ) -> ResponsibilityReport:
    return REPORT_FLOW.advance(report, "refile", actor=user, version=version, summary=summary.strip(),
                               filed_at=timezone.now())


__all__ = [
    "ReportStatus",
    "item_close",
    "item_create",
    "milestone_add",
    "milestone_done",
    "progress_report",
    "project_claim",
    "project_confirm",
    "report_file",
    "report_refile",
    "report_review",
    "secretary_project_complete",
    "secretary_project_create",
]


@transaction.atomic
def evidence_add(*, user, item: ListItem, kind: str, upload) -> ItemEvidence:
    """Attach evidence to a list entry (checked by content, size first; stored under a generated name)."""
    rights.require(user, EDIT, item.organization)
    if item.status == ItemStatus.CLOSED:
        raise ValidationError(_("This entry is closed; no more files can be attached."))
    checked = files.check_upload(upload, kinds=files.DOCUMENTS, max_bytes=EVIDENCE_MAX_BYTES, field="file")
    original = (getattr(upload, "name", "") or "")[-200:]
    evidence = ItemEvidence(item=item, kind=kind, content_type=checked.content_type, original_name=original,
                            uploaded_by=user)
    evidence.file = files.rename_for_storage(upload, checked)
    evidence.full_clean(exclude=["file"])
    evidence.save()
    return evidence
