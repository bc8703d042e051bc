"""A year of organisational life for the demo district, called by ``seed_demo`` after the tree is built.

For every organisation with requirements (the district's frequency table), the twelve months up to the
reference date get the meetings the table asks for, with realistic gaps: most branches hold nearly all,
some skip a month here and there, a few fall well short; some members' meetings miss their quorum and
about one record in twelve is filed more than a week late. Committee seats are the organisations' officers
(the first members the demo created in each). Expected and present counts follow the membership periods
as of each meeting date.

Per-member attendance rows are written for the first street only (the one the demo logins look at):
the rest carry the counts, which is what the compliance table reads. Everything is computed in memory
and inserted with ``bulk_create``; the tree and the periods are read with a few ``values_list`` queries.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from faker import Faker

from organizations.models import Level, Member, MemberCategory, MembershipPeriod, Organization, OrgStatus
from organizations.paths import prefix_at

from .models import Attendance, CommitteeMember, FrequencyRule, Meeting, MeetingType, Period
from .rules import more_than_half, one_year_before
from .selectors import rules_by_kind, rules_for
from .services import MEETING_LEVELS

BATCH = 5000
STREET_DEPTH = 2
COMMITTEE_SIZE = {Level.COMMUNITY: 5, Level.SPECIAL: 3, Level.GRID: 2}
TOPICS = {
    MeetingType.MEMBERS: ("学习贯彻党的二十大精神", "讨论发展党员事宜", "通报支部上半年工作", "研究为民办实事项目",
                          "党费收缴情况通报", "讨论预备党员转正"),
    MeetingType.COMMITTEE: ("研究本月支部工作安排", "研究网格难题化解", "研究困难党员帮扶", "研究主题党日方案",
                            "研究党员积分评定"),
    MeetingType.GROUP: ("学习党章党规", "楼栋议事:加装电梯意见", "楼栋议事:楼道杂物清理", "交流在职党员报到情况"),
    MeetingType.LECTURE: ("书记讲党课:践行初心使命", "党史专题党课", "基层治理专题党课", "廉洁自律专题党课"),
    MeetingType.THEMED_DAY: ("重温入党誓词", "志愿服务进小区", "参观红色教育基地", "垃圾分类宣传", "关爱独居老人"),
    MeetingType.LIFE_MEETING: ("年度组织生活会:对照检查", "专题组织生活会"),
    MeetingType.REVIEW: ("年度民主评议党员",),
}
PLACES = ("党群服务中心", "社区会议室", "网格驿站", "红色驿站")
LECTURERS = ("社区党委书记", "街道党工委副书记", "区委党校讲师", "网格党支部书记", "老党员宣讲团成员")
REASONS = [r for r in Attendance.Reason.values if r]


def _months(ref: date) -> list[tuple[int, int]]:
    """The twelve (year, month) pairs ending with ``ref``'s month."""
    out, year, month = [], ref.year, ref.month
    for _ in range(12):
        out.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _occasions(rule: FrequencyRule, months: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Groups of months, one group per period of the rule (each gets ``times`` meetings)."""
    if rule.period == Period.MONTH:
        return [[m] for m in months]
    size = 3 if rule.period == Period.QUARTER else 12
    groups: dict[tuple[int, int], list] = defaultdict(list)
    for y, m in months:
        groups[(y, (m - 1) // size)].append((y, m))
    return list(groups.values())


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    table = rules_by_kind(list(FrequencyRule.objects.all()))
    orgs = list(
        Organization.objects.filter(path__startswith=root.path, level__in=MEETING_LEVELS, status=OrgStatus.ACTIVE)
        .values_list("id", "path", "level", "org_type").order_by("path")
    )
    first_street = (
        Organization.objects.filter(path__startswith=root.path, depth=STREET_DEPTH).order_by("path")
        .values_list("path", flat=True).first() or ""
    )
    # Members of each meeting organisation's subtree: (member id, from, until, full member since).
    periods = MembershipPeriod.objects.filter(organization__path__startswith=root.path).values_list(
        "member_id", "organization__path", "started_on", "ended_on", "member__joined_on", "member__category")
    org_of_path = {path: pk for pk, path, _lvl, _t in orgs}
    depths = sorted({len(path) // 4 for path in org_of_path})
    members_of: dict[int, list[tuple]] = defaultdict(list)
    for member_id, path, start, end, joined, category in periods.iterator(chunk_size=BATCH):
        voting_since = _voting_from(joined) if category == MemberCategory.FULL else date.max
        for depth in depths:
            org_id = org_of_path.get(prefix_at(path, depth)) if len(path) // 4 >= depth else None
            if org_id is not None:
                members_of[org_id].append((member_id, start, end, voting_since))
    seats = _committee_seats(orgs, ref)
    seat_ids: dict[int, set[int]] = defaultdict(set)
    for seat in seats:
        seat_ids[seat.organization_id].add(seat.member_id)
    CommitteeMember.objects.bulk_create(seats, batch_size=BATCH)

    # Faker is slow per call: a pool of minutes to draw from keeps city scale (200,000 records) quick.
    minutes_pool = [fake.paragraph(nb_sentences=3) for _ in range(200)]
    months = _months(ref)
    tz = timezone.get_current_timezone()
    meetings: list[Meeting] = []
    attendance_plan: list[tuple[int, list[tuple[int, bool]]]] = []
    for org_id, path, level, org_type in orgs:
        rules = rules_for(table, level, org_type)
        diligence = rng.choices((0.97, 0.8, 0.45), weights=(70, 22, 8))[0]
        for meeting_type, rule in rules.items():
            for group in _occasions(rule, months):
                for _ in range(rule.times):
                    if rng.random() > diligence:
                        continue  # a gap
                    year, month = rng.choice(group)
                    held = date(year, month, rng.randint(1, 28))
                    if held > ref:
                        continue
                    expected = [m for m in members_of.get(org_id, ()) if m[1] <= held and (m[2] is None or m[2] > held)]
                    turnout = rng.uniform(0.35, 1.0) if rng.random() < 0.15 else rng.uniform(0.7, 1.0)
                    present = {m[0] for m in expected if rng.random() < turnout}
                    if meeting_type == MeetingType.MEMBERS:
                        voting = {m[0] for m in expected if m[3] <= held}
                        base, towards = len(voting), len(voting & present)
                        counts = more_than_half(towards, base)
                    elif meeting_type == MeetingType.COMMITTEE:
                        committee = seat_ids.get(org_id, set())
                        present |= {s for s in committee if rng.random() < 0.85}
                        present &= {m[0] for m in expected}
                        base, towards = len(committee), len(committee & present)
                        counts = more_than_half(towards, base)
                    else:
                        base, towards, counts = 0, 0, bool(present)
                    late = rng.random() < 0.08
                    delay = rng.randint(8, 25) if late else rng.randint(0, 5)
                    filed_on = min(held + timedelta(days=delay), ref)
                    meetings.append(Meeting(
                        organization_id=org_id, meeting_type=meeting_type, held_on=held,
                        topic=rng.choice(TOPICS[meeting_type]), place=rng.choice(PLACES),
                        lecturer=rng.choice(LECTURERS) if meeting_type == MeetingType.LECTURE else "",
                        minutes=rng.choice(minutes_pool), expected=len(expected), present=len(present),
                        quorum_base=base, quorum_present=towards, is_counted=counts,
                        filed_at=datetime.combine(filed_on, time(rng.randint(8, 21), rng.randint(0, 59)), tz),
                        is_late=filed_on > held + timedelta(days=7),
                    ))
                    if path.startswith(first_street):
                        attendance_plan.append((len(meetings) - 1, [(m[0], m[0] in present) for m in expected]))
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    rows = [
        Attendance(meeting_id=meetings[index].pk, member_id=member_id, is_present=present,
                   absence_reason="" if present else rng.choice(REASONS))
        for index, marks in attendance_plan for member_id, present in marks
    ]
    Attendance.objects.bulk_create(rows, batch_size=BATCH)
    return {"organisational-life records": len(meetings), "attendance rows": len(rows),
            "committee seats": len(seats)}


def _voting_from(joined: date) -> date:
    """The first day a member who joined on ``joined`` counts as a full member (``rules.is_voting_on``)."""
    try:
        later = joined.replace(year=joined.year + 1)
    except ValueError:  # 29 February
        later = joined.replace(year=joined.year + 1, day=28)
    return later if one_year_before(later) >= joined else later + timedelta(days=1)


def _committee_seats(orgs, ref: date) -> list[CommitteeMember]:
    """The officers of each organisation (the first members the demo created there) hold its committee."""
    sized = {pk: COMMITTEE_SIZE[level] for pk, _path, level, _t in orgs if level in COMMITTEE_SIZE}
    officers: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for member_id, branch_id, joined in (
        Member.objects.filter(branch_id__in=list(sized), status="active").order_by("branch_id", "pk")
        .values_list("pk", "branch_id", "joined_on").iterator(chunk_size=BATCH)
    ):
        if len(officers[branch_id]) < sized[branch_id]:
            officers[branch_id].append((member_id, joined))
    seats = []
    for org_id, people in officers.items():
        for n, (member_id, joined) in enumerate(people):
            duty = CommitteeMember.Duty.SECRETARY if n == 0 else (
                CommitteeMember.Duty.DEPUTY if n == 1 else CommitteeMember.Duty.MEMBER)
            seats.append(CommitteeMember(organization_id=org_id, member_id=member_id, duty=duty,
                                         started_on=max(joined, ref - timedelta(days=3 * 365))))
    return seats
