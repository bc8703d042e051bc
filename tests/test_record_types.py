"""Adding a record type: every model of the project declares and registers what the portal's
cross-cutting rules need (README, "Adding a record type"). A new model that misses one fails here,
with the list of what to add; a deliberate exception is listed below with its reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.contrib import admin

from partybuild.personal import personal_fields

# Every app of this repository (not the libraries'): a new app is checked without being listed here.
PROJECT_APPS = tuple(
    config.label for config in apps.get_app_configs() if Path(config.path).parent == Path(settings.BASE_DIR)
)

# Models that hold no tenant data of one organisation, so nothing scopes them, with the reason.
UNSCOPED = {
    "accounts.User": "accounts are scoped through their role assignments (admin_scoping.user_queryset)",
    "reports.ReportCategory": "the district's list of problem categories, the same for every street",
    "reports.Open311Key": "bound to a user; only superusers and district admins manage keys",
    "imports.ImportJob": "scoped to the user who started it (imports.selectors)",
    "audit.ExportJob": "scoped to the user who asked for the export (audit.selectors.export_jobs)",
    "notifications.Notification": "scoped to its recipient (owner_field, notifications.selectors)",
    "orglife.FrequencyRule": "the district's one table of required frequencies, the same for every street",
    "assessments.Scheme": "the district's assessment rules, the same for every street",
    "assessments.Indicator": "an item of the district's assessment rules, the same for every street",
    "stars.StarYear": "the district's 五星联创 settings for a year, the same for every community",
    "stars.StarDefinition": "the district's stars of a year, the same for every community",
    "summaries.SummaryRebuild": "the district's log of full recomputes of the summaries; no organisation's data",
    "summaries.TableVersion": "a change counter per table kept by database triggers; no organisation's data",
}
# Models not written to the change history, with the reason.
NOT_AUDITED = {
    "reports.ReportPhoto": "append-only evidence of a filed report; the report's events record it",
    "reports.ReportEvent": "the report's own step log: append-only history itself",
    "volunteers.OrderStep": "the order's own step log: append-only history itself",
    "estates.ListStep": "a red/black list entry's own step log: append-only history itself",
    "meetings.MeetingEvent": "the meeting's own step log: append-only history itself",
    "volunteers.PointsEntry": "an append-only ledger; balances are its sum",
    "venues.VenuePhoto": "a photo file added or removed whole, never edited",
    "campaigns.BrandPhoto": "a photo file added whole, never edited",
    "estates.InspectionPhoto": "a photo file added or removed whole, never edited",
    "supervision.RectificationReport": "append-only reports and reviews: the rectification's own history",
    "stars.StarStep": "the star application's own step log: append-only history itself",
    "imports.ImportJob": "a job record with its own status, log and rejected-rows workbook",
    "audit.ExportJob": "a job record with its own status; the rows it exports keep their own history",
    "audit.PersonalDataAccess": "the register of reveals is itself the audit trail; rows never change",
    "notifications.Notification": "system messages written in bulk by sweeps; being read is their only change",
    "assessments.ScoreRun": "a job record with its own status and progress",
    "assessments.Score": "written in bulk by the rollup (upserts); each run is its own record",
    "assessments.ReviewTally": "written in bulk by the rollup (upserts) from the audited review sheets",
    "summaries.CurrentSummary": "derived figures recomputed from audited records; nobody edits them",
    "summaries.MonthSummary": "derived figures recomputed from audited records; nobody edits them",
    "summaries.ReportBreakdownSummary": "derived figures recomputed from audited records; nobody edits them",
    "summaries.SummaryRebuild": "a job record with its own start and end",
    "summaries.TableVersion": "moved by database triggers on every write to a watched table; nobody edits it",
}
# Fields that look personal but are an office's or service's public contact, with the reason.
PUBLIC_CONTACTS = {
    "accounts.User.phone": "a staff account's work phone, shown only to account managers",
    "organizations.Organization.phone": "the party organisation's office phone",
    "organizations.ResidentUnit.phone": "a unit's switchboard",
    "grids.GridWorker.phone": "the grid worker's service phone, posted on the grid's notice board",
    "reports.Department.phone": "a department's public service line",
    "estates.PropertyCompany.phone": "a property company's service line, posted in the compounds it serves",
}
# Models the API does not expose, with the reason.
NOT_IN_API = {
    "accounts.User": "accounts are managed in the admin",
    "accounts.RoleAssignment": "roles are managed in the admin",
    "organizations.MembershipPeriod": "read through the member (history pages)",
    "organizations.MemberStatusChange": "written through the member's status action",
    "services.Pledge": "the API works on pledge items, which carry their pledge",
    "reports.ReportPhoto": "photos are downloaded through the report's scoped download view",
    "venues.VenuePhoto": "photos are uploaded and shown through the venue's page and its scoped photo view",
    "campaigns.BrandPhoto": "photos are uploaded and shown through the brand's page and its scoped photo view",
    "estates.InspectionPhoto": "photos are uploaded and shown through the inspection's page and its scoped view",
    "reports.ReportEvent": "read as the report's timeline",
    "meetings.MeetingEvent": "read as the meeting's history on its page",
    "reports.Open311Key": "managed in the admin; used by the Open311 face",
    "imports.ImportJob": "imports are a page with progress",
    "audit.ExportJob": "a background export is a page with progress and a download",
    "audit.PersonalDataAccess": "the register is read on its page; reveals have their own endpoint",
    "imports.MemberTransferRequest": "the district handles them on its page (imports:transfer-requests)",
    "assessments.Indicator": "read nested in its scheme (assessment-schemes), edited on the scheme's page",
    "summaries.CurrentSummary": "read as the coverage and statistics endpoints' figures (stats/coverage, ...)",
    "summaries.MonthSummary": "read as the report statistics' figures (report-statistics)",
    "summaries.ReportBreakdownSummary": "read as the report statistics by category and department (report-statistics)",
    "summaries.SummaryRebuild": "run by a command and a beat task, shown in the admin",
    "summaries.TableVersion": "cache bookkeeping read by partybuild.api_cache, shown in the admin",
}
PERSONAL_NAME = re.compile(r"phone|id_number|id_card|birth|mobile|address_of_person")


def project_models():
    return [m for app in PROJECT_APPS for m in apps.get_app_config(app).get_models()]


def _api_models() -> set:
    from partybuild.api_urls import router

    found = set()
    for _prefix, viewset, _basename in router.registry:
        serializer = getattr(viewset, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        queryset = getattr(viewset, "queryset", None)
        found.add(model or (queryset.model if queryset is not None else None))
    return found


def _missing(check) -> list[str]:
    return [m._meta.label for m in project_models() if not check(m)]


def test_every_model_is_scoped_or_says_why_not():
    assert _missing(lambda m: getattr(m, "scope_field", None) is not None or m._meta.label in UNSCOPED) == []


def test_every_model_is_audited_or_says_why_not():
    assert _missing(lambda m: auditlog.contains(m) or m._meta.label in NOT_AUDITED) == []


def test_every_model_is_in_the_admin():
    assert _missing(admin.site.is_registered) == []


def test_every_model_is_in_the_api_or_says_why_not():
    api = _api_models()
    assert _missing(lambda m: m in api or m._meta.label in NOT_IN_API) == []


def test_every_model_names_its_chinese_term_in_its_docstring():
    assert _missing(lambda m: re.search(r"[\u4e00-\u9fff]", m.__doc__ or "")) == []


def test_fields_that_look_personal_are_declared_personal():
    undeclared = [
        f"{m._meta.label}.{f.name}" for m in project_models() for f in m._meta.concrete_fields
        if PERSONAL_NAME.search(f.name) and f.name not in personal_fields(m)
        and f"{m._meta.label}.{f.name}" not in PUBLIC_CONTACTS
    ]
    assert undeclared == []


@pytest.mark.parametrize("table", [UNSCOPED, NOT_AUDITED, PUBLIC_CONTACTS, NOT_IN_API])
def test_exceptions_name_real_models(table):
    labels = {m._meta.label for m in project_models()}
    assert [key for key in table if key.rsplit(".", 1)[0] not in labels and key not in labels] == []


def test_audited_models_keep_internals_and_personal_data_out_of_the_history():
    for model in project_models():
        if not auditlog.contains(model):
            continue
        fields = auditlog.get_model_fields(model)
        names = {f.name for f in model._meta.concrete_fields}
        assert {"version", "updated_at"} & names <= set(fields["exclude_fields"]), model
        assert set(personal_fields(model)) <= set(fields["mask_fields"]), model


# Models of tenant data the small demo legitimately leaves empty, with the reason.
DEMO_EMPTY: dict[str, str] = {
    # Open work: these demos store no uploaded files yet (the report photos show how: one small PNG).
    "orglife.Evidence": "the demo stores no uploaded files yet",
    "venues.VenuePhoto": "the demo stores no uploaded files yet",
    "campaigns.BrandPhoto": "the demo stores no uploaded files yet",
    "meetings.MeetingAttachment": "the demo stores no uploaded files yet",
    "stars.StarEvidence": "the demo stores no uploaded files yet",
    "assessments.LockException": "granted only when a locked period must change; the demo locks no period",
}


@pytest.mark.django_db
def test_every_tenant_model_has_demo_rows():
    """Rule 8: ``make run`` shows every record type (one small seed, so the test stays quick)."""
    from organizations import demo

    demo.seed(scale="small", seed=7)
    tenant = [m for m in project_models() if getattr(m, "scope_field", None) or getattr(m, "owner_field", None)]
    empty = [m._meta.label for m in tenant if m._meta.label not in DEMO_EMPTY and not m.objects.exists()]
    assert empty == [], ", ".join(empty)


def test_demo_exceptions_name_real_models():
    labels = {m._meta.label for m in project_models()}
    assert [key for key in DEMO_EMPTY if key not in labels] == []
