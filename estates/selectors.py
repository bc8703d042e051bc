"""Reads of the red property service: every list goes through ``partybuild.scoping.scope_queryset``,
with its joins and counts done by the database (no query per row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from grids.models import Building, Household
from organizations.models import Level, Organization, OrgStatus
from organizations.paths import ancestor_paths
from partybuild.scoping import EDIT, VIEW, scope_paths, scope_queryset

from .models import (
    Committee,
    CommitteeMember,
    PropertyCompany,
    ServiceItem,
    ServiceRecord,
    ServiceUnit,
    UnitBuilding,
    UnitCompanyPeriod,
)


def company_list(*, user, action: str = VIEW) -> QuerySet[PropertyCompany]:
    """Companies in reach, with the number of units they manage now and those units' households."""
    return scope_queryset(PropertyCompany.objects.all(), user, action).select_related(
        "registrar", "party_branch", "instructor"
    ).annotate(unit_count=Count("units", distinct=True))


def company_choices(*, user) -> QuerySet[PropertyCompany]:
    """Companies a user may put in charge of a unit: those in reach, and those registered by the
    district or a street above the user's area (its register serves the communities below)."""
    above = sorted({p for root in scope_paths(user, EDIT) for p in ancestor_paths(root, include_self=True)})
    visible = scope_queryset(PropertyCompany.objects.all(), user, VIEW).values("pk")
    return PropertyCompany.objects.filter(Q(pk__in=visible) | Q(registrar__path__in=above)).order_by("name")


def registrar_choices(*, user) -> QuerySet[Organization]:
    """The district and streets where the user may register companies and set service fees."""
    qs = Organization.objects.filter(level__in=(Level.DISTRICT, Level.STREET), status=OrgStatus.ACTIVE)
    return scope_queryset(qs, user, EDIT).order_by("path")


def community_choices(*, user) -> QuerySet[Organization]:
    qs = Organization.objects.filter(level=Level.COMMUNITY, status=OrgStatus.ACTIVE)
    return scope_queryset(qs, user, EDIT).order_by("path")


def unit_list(*, user, action: str = VIEW) -> QuerySet[ServiceUnit]:
    return scope_queryset(ServiceUnit.objects.all(), user, action).select_related("community", "company").annotate(
        building_count=Count("coverage", filter=Q(coverage__ended_on__isnull=True), distinct=True)
    )


def unit_periods(*, unit: ServiceUnit) -> QuerySet[UnitCompanyPeriod]:
    return unit.periods.select_related("company").order_by("-started_on", "-id")


def unit_coverage(*, unit: ServiceUnit) -> QuerySet[UnitBuilding]:
    return unit.coverage.select_related("building__grid").order_by("ended_on", "building__name")


def coverage_list(*, user) -> QuerySet[UnitBuilding]:
    return scope_queryset(UnitBuilding.objects.all(), user).select_related("unit", "building")


def period_list(*, user) -> QuerySet[UnitCompanyPeriod]:
    return scope_queryset(UnitCompanyPeriod.objects.all(), user).select_related("unit", "company")


def free_buildings(*, unit: ServiceUnit) -> QuerySet[Building]:
    """Buildings of the unit's community that lie in no current unit: the ones it may take."""
    taken = UnitBuilding.objects.filter(building=OuterRef("pk"), ended_on__isnull=True)
    return (
        Building.objects.filter(grid__branch__path__startswith=unit.community.path)
        .exclude(Exists(taken))
        .select_related("grid")
        .order_by("grid__code", "name")
    )


def _awaiting_election(today: date):
    """Term over, and no later term of the same unit recorded: the election is overdue."""
    later = Committee.objects.filter(unit=OuterRef("unit"), term_start__gt=OuterRef("term_start"))
    return Q(term_end__lt=today) & ~Exists(later)


def committee_list(*, user, action: str = VIEW, today: date | None = None) -> QuerySet[Committee]:
    """Committees in reach, with their sitting members, party members and cross-appointed members
    counted, and ``needs_election`` set where the term ended without a new election."""
    today = today or timezone.localdate()
    sitting = Q(members__ended_on__isnull=True)
    return (
        scope_queryset(Committee.objects.all(), user, action)
        .select_related("unit__community")
        .annotate(
            member_count=Count("members", filter=sitting, distinct=True),
            party_member_count=Count("members", filter=sitting & Q(members__is_party_member=True), distinct=True),
            cross_count=Count("members", filter=sitting & ~Q(members__cross_appointment=""), distinct=True),
            needs_election=Exists(Committee.objects.filter(pk=OuterRef("pk")).filter(_awaiting_election(today))),
        )
    )


def committees_awaiting_election(*, user, today: date | None = None) -> QuerySet[Committee]:
    today = today or timezone.localdate()
    return committee_list(user=user, today=today).filter(_awaiting_election(today)).order_by("term_end")


def committee_members(*, committee: Committee) -> QuerySet[CommitteeMember]:
    return committee.members.select_related("party_member").order_by("ended_on", "committee_role", "name")


def member_list(*, user) -> QuerySet[CommitteeMember]:
    return scope_queryset(CommitteeMember.objects.all(), user).select_related("committee__unit", "party_member")


def item_list(*, user, action: str = VIEW) -> QuerySet[ServiceItem]:
    return scope_queryset(ServiceItem.objects.all(), user, action).select_related("owner")


def items_for(*, community: Organization) -> QuerySet[ServiceItem]:
    """Active items whose fee applies in ``community`` (set by its district or street)."""
    return ServiceItem.objects.filter(
        owner__path__in=ancestor_paths(community.path), is_active=True
    ).select_related("owner").order_by("name")


def record_list(*, user) -> QuerySet[ServiceRecord]:
    return scope_queryset(ServiceRecord.objects.all(), user).select_related(
        "community", "item", "household__building", "company"
    )


def household_choices(*, user) -> QuerySet[Household]:
    return scope_queryset(Household.objects.all(), user, EDIT).select_related("building").order_by(
        "building__name", "unit"
    )


# --- statistics -----------------------------------------------------------------------------------


def units_under(root: Organization) -> QuerySet[ServiceUnit]:
    return ServiceUnit.objects.filter(community__path__startswith=root.path)


def property_stats(*, units: QuerySet[ServiceUnit]) -> dict:
    """Units by management mode and companies by party status, as the seeds state them (Wuchang:
    347 units, 57 self-managed...). A company counts under a scope when it manages a unit there,
    once however many units it manages. Two grouped queries."""
    from .models import ManagementMode, PartyStatus

    by_mode = dict.fromkeys(ManagementMode.values, 0)
    by_mode.update(units.order_by().values_list("management_mode").annotate(n=Count("pk")))
    by_status = dict.fromkeys(PartyStatus.values, 0)
    companies = PropertyCompany.objects.filter(pk__in=units.filter(company__isnull=False).values("company_id"))
    by_status.update(companies.order_by().values_list("party_status").annotate(n=Count("pk")))
    return {
        "units": sum(by_mode.values()), "units_by_mode": by_mode,
        "companies": sum(by_status.values()), "companies_by_party_status": by_status,
    }


def units_in_reach(*, user) -> QuerySet[ServiceUnit]:
    return scope_queryset(ServiceUnit.objects.all(), user)


# --- complaints, surveys, inspections -------------------------------------------------------------


def complaint_list(*, user, action: str = VIEW) -> QuerySet:
    from .models import Complaint

    return scope_queryset(Complaint.objects.all(), user, action).select_related(
        "unit__community", "company", "report__category", "household__building"
    )


def survey_list(*, user) -> QuerySet:
    from .models import SatisfactionSurvey

    return scope_queryset(SatisfactionSurvey.objects.all(), user).select_related("unit__community")


def inspection_list(*, user) -> QuerySet:
    from .models import Inspection

    return scope_queryset(Inspection.objects.all(), user).select_related(
        "unit__community", "company", "inspector"
    ).annotate(photo_count=Count("photos")).order_by("-inspected_on", "-id")


def inspection_photos(*, user) -> QuerySet:
    from .models import InspectionPhoto

    return scope_queryset(InspectionPhoto.objects.all(), user).select_related("inspection__unit__community")


def linkable_reports(*, user) -> QuerySet:
    """Grid reports of a property category in the user's area not yet linked to a complaint."""
    from reports.models import GridReport

    from .services import PROPERTY_REPORT_CATEGORIES

    return (
        scope_queryset(GridReport.objects.all(), user, EDIT)
        .filter(category__code__in=PROPERTY_REPORT_CATEGORIES, property_complaint__isnull=True)
        .select_related("grid", "category")
        .order_by("-reported_at")
    )


# --- ranking --------------------------------------------------------------------------------------


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First day of the quarter and first day of the next one."""
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end


def ranking_weights(*, district: Organization):
    from .models import RankingWeights

    return RankingWeights.objects.filter(district=district).first() or RankingWeights(district=district)


def ranking_counts(*, root: Organization, year: int, quarter: int, by: str = "company") -> list:
    """The ranking inputs of every company (``by="company"``) or unit (``by="unit"``) of ``root``'s
    subtree for a quarter: five grouped queries and one for the names, whatever their number."""
    from django.db.models import F, Sum

    from .models import Complaint, Inspection, SatisfactionSurvey
    from .ranking import Counts

    start, end = quarter_bounds(year, quarter)
    under = Q(unit__community__path__startswith=root.path)
    unit_key = "company_id" if by == "company" else "pk"
    complaint_key = "company_id" if by == "company" else "unit_id"
    survey_key = "unit__company_id" if by == "company" else "unit_id"
    rows: dict[int, Counts] = {}

    def row(key: int) -> Counts:
        return rows.setdefault(key, Counts(key=key, name=""))

    units = ServiceUnit.objects.filter(community__path__startswith=root.path, company__isnull=False)
    for key, households in units.order_by().values_list(unit_key).annotate(h=Sum("households")):
        row(key).households = households or 0
    complaints = Complaint.objects.filter(under, filed_at__date__gte=start, filed_at__date__lt=end)
    for key, n, answered, on_time, repeats in complaints.order_by().values_list(complaint_key).annotate(
        n=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)),
        on_time=Count("pk", filter=Q(answered_at__lte=F("answer_due_at"))),
        repeats=Count("pk", filter=Q(repeat_of__isnull=False)),
    ):
        r = row(key)
        r.complaints, r.answered, r.on_time, r.repeats = n, answered, on_time, repeats
    surveys = SatisfactionSurvey.objects.filter(under, year=year, quarter=quarter, unit__company__isnull=False)
    for key, asked, satisfied in surveys.order_by().values_list(survey_key).annotate(
        a=Sum("sample_size"), s=Sum("satisfied")
    ):
        row(key).asked, row(key).satisfied = asked or 0, satisfied or 0
    inspections = Inspection.objects.filter(
        under, inspected_on__gte=start, inspected_on__lt=end, company__isnull=False
    )
    for key, n, total in inspections.order_by().values_list(complaint_key).annotate(n=Count("pk"), t=Sum("score")):
        row(key).inspections, row(key).inspection_total = n, total or 0
    model = PropertyCompany if by == "company" else ServiceUnit
    for key, name in model.objects.filter(pk__in=list(rows)).values_list("pk", "name"):
        rows[key].name = name
    return list(rows.values())


def ranking(*, root: Organization, year: int, quarter: int, by: str = "company"):
    """Rows (best first) and district means of the quarter; see ``estates.ranking``."""
    from organizations.paths import prefix_at

    from .ranking import rank

    district = root if root.depth == 1 else Organization.objects.get(path=prefix_at(root.path, 1))
    w = ranking_weights(district=district)
    weights = {"complaints": w.complaints, "on_time": w.on_time, "repeats": w.repeats,
               "satisfaction": w.satisfaction, "inspection": w.inspection}
    rows, means = rank(ranking_counts(root=district, year=year, quarter=quarter, by=by), weights=weights,
                       prior_households=w.prior_households)
    return rows, means, w


def weights_list(*, user) -> QuerySet:
    from .models import RankingWeights

    return scope_queryset(RankingWeights.objects.all(), user).select_related("district").order_by("pk")


def visible_ranking(*, user, year: int, quarter: int, by: str = "company") -> tuple[list, dict, object]:
    """The ranking of the user's district limited to the rows the user may see (the means and
    ranks are the district's), with the district means and weights."""
    from organizations.paths import prefix_at

    roots = scope_paths(user, VIEW) or ([] if not getattr(user, "is_superuser", False) else [
        Organization.objects.filter(depth=1).values_list("path", flat=True).first()])
    if not roots or roots[0] is None:
        return [], {}, None
    district = Organization.objects.get(path=prefix_at(roots[0], 1))
    rows, means, weights = ranking(root=district, year=year, quarter=quarter, by=by)
    visible = company_list(user=user) if by == "company" else units_in_reach(user=user)
    keys = set(visible.values_list("pk", flat=True))
    return [r for r in rows if r.counts.key in keys], means, weights


# --- red and black lists --------------------------------------------------------------------------


def list_entries(*, user) -> QuerySet:
    from .models import ListEntry

    return scope_queryset(ListEntry.objects.all(), user).select_related("company", "street")


def list_steps(*, user) -> QuerySet:
    from .models import ListStep

    return scope_queryset(ListStep.objects.all(), user).select_related("entry", "actor")


def listed_q(*, on: date) -> Q:
    """Entries in force on ``on``: listed (or listed and under appeal: an appeal does not suspend
    the listing) with ``starts_on <= on <= expires_on``."""
    return Q(list_status__in=("listed", "appealed"), starts_on__lte=on, expires_on__gte=on)


def blacklisted_companies_serving(community_ids, *, on: date | None = None) -> QuerySet[PropertyCompany]:
    """Companies on the black list on ``on`` (default today) that manage a unit in any of
    ``community_ids`` now: the star rating's veto (a community served by one is vetoed).
    Unscoped on purpose: the caller decides who sees the result. One query."""
    from .models import ListEntry

    on = on or timezone.localdate()
    listed = ListEntry.objects.filter(listed_q(on=on), kind="black").values("company_id")
    serving = ServiceUnit.objects.filter(community_id__in=list(community_ids)).values("company_id")
    return PropertyCompany.objects.filter(pk__in=listed).filter(pk__in=serving)


# --- three-party meetings (三方联动) ---------------------------------------------------------------


def joint_meetings_for(*, user, complaint) -> QuerySet:
    """Open three-party meetings (community, owners' committee, company) covering the complaint's
    community whose agenda the user may add to: the meetings app's own scoped list for EDIT, so
    whoever the meetings app lets raise an item sees the button, and nobody else."""
    from meetings.models import BodyKind, MeetingStatus
    from meetings.selectors import meeting_list

    return (
        meeting_list(user=user, action=EDIT)
        .filter(status=MeetingStatus.OPEN, body__kind=BodyKind.THREE_PARTY, body__is_active=True,
                body__organization__path__in=ancestor_paths(complaint.unit.community.path, include_self=True))
        .select_related("body")
        .order_by("held_on", "id")
    )


def complaint_agenda_items(*, user, complaint) -> QuerySet:
    """The agenda items (any body the user sees) raised from this complaint."""
    from django.contrib.contenttypes.models import ContentType

    from meetings.selectors import item_list

    from .models import Complaint

    return item_list(user=user).filter(
        source_type=ContentType.objects.get_for_model(Complaint), source_id=complaint.pk
    ).select_related("meeting", "body").order_by("-created_at")


# --- complaint statistics -------------------------------------------------------------------------


@dataclass
class ComplaintStatsRow:
    """One area's complaints of a period: counts by status and matter, the rates derived from them."""

    path: str
    name: str
    total: int = 0
    by_status: dict = field(default_factory=dict)
    by_matter: dict = field(default_factory=dict)
    answered_on_time: int = 0
    repeats: int = 0

    @property
    def closed(self) -> int:
        return self.by_status.get("closed", 0)

    @property
    def answered(self) -> int:
        # A closed complaint was answered first (the workflow allows no other way).
        return self.by_status.get("answered", 0) + self.closed

    @property
    def closure_rate(self) -> float | None:
        return self.closed / self.total if self.total else None

    @property
    def on_time_rate(self) -> float | None:
        return self.answered_on_time / self.answered if self.answered else None


def complaint_stats_depth(*, user) -> int:
    """Rows per street for whoever sees a district, per community below that."""
    from organizations.paths import COMMUNITY_DEPTH, STREET_DEPTH, depth_of

    roots = scope_paths(user, VIEW)
    if getattr(user, "is_superuser", False) or any(depth_of(p) < STREET_DEPTH for p in roots):
        return STREET_DEPTH
    return COMMUNITY_DEPTH


def complaint_stats(*, user, since: date, until: date, depth: int) -> tuple[list[ComplaintStatsRow], ComplaintStatsRow]:
    """Complaints filed from ``since`` to ``until`` (both included) in the user's reach, one row per
    street or community (the ancestor at ``depth``) and a total: counts by status and by matter,
    closure and on-time rates. Two queries whatever the number of areas: one GROUP BY, one for the
    names (``organizations.paths.count_per_ancestor``)."""
    from django.db.models import F

    from organizations.paths import ancestors_by_path, count_per_ancestor

    from .models import Complaint, ComplaintStatus, Matter

    qs = scope_queryset(Complaint.objects.all(), user, VIEW).filter(
        filed_at__date__gte=since, filed_at__date__lte=until
    )
    aggregates = {f"s_{s}": Count("pk", filter=Q(complaint_status=s)) for s in ComplaintStatus.values}
    aggregates |= {f"m_{m}": Count("pk", filter=Q(matter=m)) for m in Matter.values}
    aggregates |= {
        "on_time": Count("pk", filter=Q(answered_at__lte=F("answer_due_at"))),
        "repeats": Count("pk", filter=Q(repeat_of__isnull=False)),
    }
    grouped = count_per_ancestor(qs, field="unit__community", depth=depth, **aggregates)
    names = ancestors_by_path(grouped)
    total = ComplaintStatsRow(path="", name="", by_status=dict.fromkeys(ComplaintStatus.values, 0),
                              by_matter=dict.fromkeys(Matter.values, 0))
    rows = []
    for path in sorted(grouped):
        counts = grouped[path]
        row = ComplaintStatsRow(
            path=path, name=names[path].name if path in names else path, total=counts["total"],
            by_status={s: counts[f"s_{s}"] for s in ComplaintStatus.values},
            by_matter={m: counts[f"m_{m}"] for m in Matter.values},
            answered_on_time=counts["on_time"], repeats=counts["repeats"],
        )
        rows.append(row)
        total.total += row.total
        total.answered_on_time += row.answered_on_time
        total.repeats += row.repeats
        for s, n in row.by_status.items():
            total.by_status[s] += n
        for m, n in row.by_matter.items():
            total.by_matter[m] += n
    return rows, total
