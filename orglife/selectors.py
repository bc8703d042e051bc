"""Reads of organisational life: records, the compliance table (应开/实开) and attendance rates.

The compliance table is set-based: the rule table, the organisations of the scope and the counted
meetings grouped by (organisation, type, month) are three queries whatever the number of branches;
the rest is arithmetic in Python over those rows.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from organizations.models import Organization, OrgStatus
from partybuild.scoping import VIEW, scope_queryset

from .models import Attendance, CommitteeMember, Evidence, FrequencyRule, Meeting, MeetingType, Period
from .services import MEETING_LEVELS


def meeting_list(*, user, filters: dict | None = None) -> QuerySet[Meeting]:
    qs = scope_queryset(Meeting.objects.select_related("organization"), user, VIEW)
    filters = filters or {}
    if filters.get("meeting_type"):
        qs = qs.filter(meeting_type=filters["meeting_type"])
    if filters.get("organization"):
        qs = qs.filter(organization__path__startswith=filters["organization"].path)
    if filters.get("year"):
        qs = qs.filter(held_on__year=filters["year"])
    if filters.get("is_late") is not None:
        qs = qs.filter(is_late=filters["is_late"])
    return qs.order_by("-held_on", "-id")


def attendance_for(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("member").order_by("-is_present", "member__name", "member_id")


def evidence_list(*, user) -> QuerySet[Evidence]:
    return scope_queryset(Evidence.objects.select_related("meeting"), user, VIEW)


def committee_list(*, user) -> QuerySet[CommitteeMember]:
    return scope_queryset(CommitteeMember.objects.select_related("organization", "member"), user, VIEW)


def committee_organizations(*, user, on: date | None = None) -> QuerySet[Organization]:
    """Organisations of the scope that hold organisational life, with their committee seats open on
    ``on`` counted (one query for the page)."""
    on = on or timezone.localdate()
    open_on = Q(committee_seats__started_on__lte=on) & (
        Q(committee_seats__ended_on__isnull=True) | Q(committee_seats__ended_on__gte=on)
    )
    return meeting_organizations(user=user).annotate(seats_open=Count("committee_seats", filter=open_on))


def seats_of(organization: Organization) -> QuerySet[CommitteeMember]:
    """An organisation's committee seats, serving ones first, then by duty and start."""
    return organization.committee_seats.select_related("member").order_by(
        F("ended_on").desc(nulls_first=True), "duty", "started_on", "id"
    )


def attendance_list(*, user) -> QuerySet[Attendance]:
    return scope_queryset(Attendance.objects.select_related("member", "meeting"), user, VIEW)


def meeting_organizations(*, user) -> QuerySet[Organization]:
    """Organisations the user may record organisational life for (and see it)."""
    return scope_queryset(
        Organization.objects.filter(level__in=MEETING_LEVELS, status=OrgStatus.ACTIVE), user, VIEW
    ).order_by("path")


def attendance_rates(*, user, organization: Organization, year: int) -> list[dict]:
    """Per member of ``organization``'s subtree: meetings expected at, attended, and the rate (one query)."""
    rows = (
        attendance_list(user=user)
        .filter(meeting__organization__path__startswith=organization.path, meeting__held_on__year=year)
        .values("member_id", "member__name")
        .annotate(expected=Count("id"), attended=Count("id", filter=Q(is_present=True)))
        .order_by("member__name", "member_id")
    )
    return [{**r, "rate": round(100 * r["attended"] / r["expected"]) if r["expected"] else 0} for r in rows]


# --- the compliance table -------------------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    """A month (``month`` set) or a quarter (``quarter`` set) of ``year``."""

    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def months(self) -> list[int]:
        if self.month:
            return [self.month]
        return [3 * (self.quarter - 1) + i for i in (1, 2, 3)]

    @property
    def start(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def end(self) -> date:
        last = self.months[-1]
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else f"{self.year} Q{self.quarter}"


def current_quarter(today: date | None = None) -> Window:
    today = today or timezone.localdate()
    return Window(year=today.year, quarter=(today.month - 1) // 3 + 1)


@dataclass
class Cell:
    required: int
    held: int
    is_short: bool  # fell short, or (in a period not over yet) still due
    period: str


@dataclass
class ComplianceRow:
    org_id: int
    name: str
    code: str
    level: str
    path: str = ""
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def is_short(self) -> bool:
        return any(c.is_short for c in self.cells.values())

    @property
    def due_types(self) -> list[str]:
        return [t for t, c in self.cells.items() if c.is_short]


def rules_by_kind(rules: list[FrequencyRule]) -> dict[tuple[str, str], dict[str, FrequencyRule]]:
    table: dict[tuple[str, str], dict[str, FrequencyRule]] = {}
    for rule in rules:
        table.setdefault((rule.level, rule.org_type), {})[rule.meeting_type] = rule
    return table


def rules_for(table, level: str, org_type: str) -> dict[str, FrequencyRule]:
    """The rules of an organisation: its exact type's rules over its level's general ones."""
    return {**table.get((level, ""), {}), **table.get((level, org_type), {})}


def _cell(rule: FrequencyRule, window: Window, by_month: dict[int, int]) -> Cell | None:
    in_window = sum(by_month.get(m, 0) for m in window.months)
    if rule.period == Period.MONTH:
        required = rule.times * len(window.months)
        short = any(by_month.get(m, 0) < rule.times for m in window.months)
        return Cell(required, in_window, short, rule.period)
    if window.month:
        return None  # a quarterly or yearly requirement is not judged month by month
    if rule.period == Period.QUARTER:
        return Cell(rule.times, in_window, in_window < rule.times, rule.period)
    # Yearly: counted from January; short only in the last quarter, when the year runs out.
    so_far = sum(by_month.get(m, 0) for m in range(1, window.months[-1] + 1))
    return Cell(rule.times, so_far, so_far < rule.times and window.quarter == 4, rule.period)


def compliance(*, user, window: Window, root: Organization | None = None, short_only: bool = False,
               org_ids: list[int] | None = None) -> tuple[list[str], list[ComplianceRow]]:
    """The meeting types shown and one row per organisation of the user's scope with a requirement.

    Queries: the rule table, the organisations, the counted meetings per (organisation, type, month)."""
    orgs = meeting_organizations(user=user)
    meetings = scope_queryset(Meeting.objects.all(), user, VIEW)
    if root is not None:
        orgs = orgs.filter(path__startswith=root.path)
        meetings = meetings.filter(organization__path__startswith=root.path)
    if org_ids is not None:
        orgs, meetings = orgs.filter(pk__in=org_ids), meetings.filter(organization_id__in=org_ids)
    return compliance_of(orgs=orgs, meetings=meetings, window=window, short_only=short_only)


def compliance_of(*, orgs: QuerySet[Organization], meetings: QuerySet[Meeting], window: Window,
                  short_only: bool = False) -> tuple[list[str], list[ComplianceRow]]:
    """:func:`compliance` over already limited querysets (the scoped pages, or the district-wide sweep)."""
    table = rules_by_kind(list(FrequencyRule.objects.all()))
    counts: dict[tuple[int, str], dict[int, int]] = {}
    rows_of_counts = (
        meetings.filter(is_counted=True, held_on__gte=date(window.year, 1, 1), held_on__lte=window.end)
        .annotate(m=ExtractMonth("held_on")).values("organization_id", "meeting_type", "m")
        .annotate(n=Count("id")).order_by()
    )
    for r in rows_of_counts:
        counts.setdefault((r["organization_id"], r["meeting_type"]), {})[r["m"]] = r["n"]
    shown: set[str] = set()
    result = []
    for org in orgs.values("id", "name", "code", "path", "level", "org_type"):
        rules = rules_for(table, org["level"], org["org_type"])
        if not rules:
            continue
        row = ComplianceRow(org["id"], org["name"], org["code"], org["level"], org["path"])
        for meeting_type, rule in rules.items():
            cell = _cell(rule, window, counts.get((org["id"], meeting_type), {}))
            if cell is not None:
                row.cells[meeting_type] = cell
                shown.add(meeting_type)
        if row.cells and (row.is_short or not short_only):
            result.append(row)
    columns = [t for t in MeetingType.values if t in shown]
    return columns, result


def meeting_organizations_all() -> QuerySet[Organization]:
    """Every active organisation that holds organisational life (the district-wide sweep; no user)."""
    return Organization.objects.filter(level__in=MEETING_LEVELS, status=OrgStatus.ACTIVE).order_by("path")
