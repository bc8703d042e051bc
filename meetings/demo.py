"""Demo rows of this app, called by ``seed_demo`` after the tree (with its resident units and
part-time members) is built: a 大工委 for every street and a 大党委 for every community, the
rotating chair where a body uses one (Shiyan's 第一书记轮值: about a third of the bodies here),
and last year's duty reports (兼职委员述职) of most part-time members.

Everything is built in memory from ``rng`` and inserted with ``bulk_create``; the tree is read with
a few ``values_list`` queries, so it stays fast at city scale.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from faker import Faker

from organizations.models import Level, Organization, OrgStatus, PartTimeMember

from .models import Body, BodyKind, ChairTerm, DutyReport

BATCH = 5000
ROTATING_SHARE = 0.35
REPORTED_SHARE = 0.85
DUTY_SUMMARIES = (
    "牵头协调小区停车位改造，新增车位{n}个", "组织单位党员到社区报到服务{n}次", "协调解决老旧小区管网改造问题{n}件",
    "为困难群众捐资捐物，帮扶{n}户", "开放单位场地资源，共享活动阵地{n}处", "参与社区联席会议{n}次，认领共建项目",
)


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    orgs = list(
        Organization.objects.filter(
            path__startswith=root.path, level__in=[Level.STREET, Level.COMMUNITY], status=OrgStatus.ACTIVE
        ).values_list("pk", "level", "name").order_by("path")
    )
    if not orgs:
        return {}
    bodies = [
        Body(
            organization_id=pk,
            kind=BodyKind.STREET_COMMITTEE if level == Level.STREET else BodyKind.COMMUNITY_COMMITTEE,
            name=f"{name.removesuffix('党工委').removesuffix('党委')}{'大工委' if level == Level.STREET else '大党委'}",
            has_rotating_chair=rng.random() < ROTATING_SHARE,
            established_on=date(ref.year - rng.randint(2, 6), rng.randint(1, 12), 1),
        )
        for pk, level, name in orgs
    ]
    Body.objects.bulk_create(bodies, batch_size=BATCH)
    seats = defaultdict(list)
    for pk, committee_id, start, end in PartTimeMember.objects.filter(
        committee__path__startswith=root.path
    ).values_list("pk", "committee_id", "term_start", "term_end"):
        seats[committee_id].append((pk, start, end))
    terms = []
    year_start = date(ref.year, 1, 1)
    for body in bodies:
        members = seats.get(body.organization_id, [])
        if not body.has_rotating_chair or not members:
            continue
        # Half-year turns since January of last year.
        start = date(ref.year - 1, 1, 1)
        for i in range(4):
            turn = start.replace(month=7) if start.month == 1 else start.replace(year=start.year + 1, month=1)
            end = turn - timedelta(days=1)
            member_id = members[i % len(members)][0]
            terms.append(ChairTerm(body_id=body.pk, member_id=member_id, starts_on=start, ends_on=end))
            start = end + timedelta(days=1)
    ChairTerm.objects.bulk_create(terms, batch_size=BATCH)
    reports = []
    last_year = ref.year - 1
    for members in seats.values():
        for pk, start, end in members:
            if start.year > last_year or (end and end.year < last_year) or rng.random() > REPORTED_SHARE:
                continue
            n = rng.randint(1, 12)
            reports.append(DutyReport(
                member_id=pk, year=last_year, reported_on=year_start + timedelta(days=rng.randint(5, 40)),
                summary=rng.choice(DUTY_SUMMARIES).format(n=n), matters_solved=rng.randint(0, 8),
                rating=rng.choices(list(DutyReport.Rating.values), [3, 5, 2, 0.3])[0],
            ))
    DutyReport.objects.bulk_create(reports, batch_size=BATCH)
    counts = {"regional committees": len(bodies), "rotating chair terms": len(terms), "duty reports": len(reports)}
    counts.update(_meetings(bodies, rng=rng, ref=ref))
    return counts


# --- a year of joint meetings -------------------------------------------------------------------

PROBLEMS = (
    "楼道堆放杂物,堵塞消防通道", "小区停车位不足,车辆乱停", "路灯损坏,夜间出行不便", "雨污管网堵塞,雨天积水",
    "电动车楼道充电", "老旧小区加装电梯意见不一", "物业服务收费争议", "垃圾分类投放点异味", "健身器材损坏",
    "沿街商户占道经营", "楼顶防水层老化漏水", "流浪犬扰民", "小区围墙破损", "二次供水水压不足",
)
UNITS = ("小区物业", "社区居委会", "街道城管中队", "区住建局", "业委会", "驻区供电公司", "区水务局")
OUTCOME_WEIGHTS = {"resolved": 55, "decided": 25, "deferred": 20}


def _meetings(bodies, *, rng: random.Random, ref: date) -> dict[str, int]:
    """Monthly series for every body: eleven closed meetings and this month's open one. Items are
    simulated month by month as the services would treat them (resolved, decided then done, or
    deferred and carried over), so the history and the statistics agree; then bulk-inserted."""
    from .models import (
        AgendaEntry,
        AgendaItem,
        Attendee,
        EntryOutcome,
        FollowUpTask,
        ItemState,
        Meeting,
        MeetingEvent,
        MeetingSeries,
    )
    from .recurrence import next_date

    series_rows, meetings, attendees, events = [], [], [], []
    items, entries, tasks = [], [], []
    start = _months_back(ref, 11)
    for body in bodies:
        series = MeetingSeries(body_id=body.pk, title=f"{body.name}月度联席会", place="党群服务中心")
        series_rows.append(series)
        day = rng.randint(5, 25)
        on = start.replace(day=day)
        pending: list = []
        for month in range(12):
            is_open = month == 11
            meeting = Meeting(
                body_id=body.pk, series=series, title=series.title, planned_on=on, held_on=on, place=series.place,
                status="open" if is_open else "closed",
                minutes="" if is_open else "会议通报上月议定事项落实情况,讨论本月议题并明确责任单位。",
                closed_at=None if is_open else _at(on),
            )
            meetings.append(meeting)
            events.append(MeetingEvent(meeting=meeting, status="open", at=_at(on)))
            if not is_open:
                events.append(MeetingEvent(meeting=meeting, status="closed", at=_at(on)))
                for name in ("社区书记", "居委会主任", "物业负责人"):
                    attendees.append(Attendee(meeting=meeting, kind="committee", name=name, is_present=True))
            # Items carried in from last month come first, then this month's new problems.
            carried_in = pending
            pending = []
            fresh = []
            for _ in range(rng.randint(1, 4)):
                item = AgendaItem(body_id=body.pk, title=rng.choice(PROBLEMS), first_meeting=meeting, meeting=meeting)
                items.append(item)
                fresh.append(item)
            for item in [*carried_in, *fresh]:
                is_carried = item.first_meeting is not meeting
                if is_carried:
                    item.meeting = meeting
                    item.times_carried += 1
                    item.is_escalated = item.is_escalated or item.times_carried >= 2
                if is_open:
                    entries.append(AgendaEntry(item=item, meeting=meeting, is_carried=is_carried))
                    if not is_carried:
                        item.state = ItemState.OPEN
                    continue
                outcome = rng.choices(list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values()))[0]
                if outcome == "resolved":
                    item.state, item.resolution = ItemState.RESOLVED, "会上协调,当场明确解决办法并落实"
                    entries.append(AgendaEntry(item=item, meeting=meeting, is_carried=is_carried,
                                               outcome=EntryOutcome.RESOLVED, note=item.resolution))
                elif outcome == "decided":
                    unit = rng.choice(UNITS)
                    due = on + timedelta(days=14)
                    item.state, item.lead_unit, item.due_on = ItemState.DECIDED, unit, due
                    done = rng.random() < 0.7
                    tasks.append(FollowUpTask(
                        item=item, unit_name=unit, is_lead=True, due_on=due, status="done" if done else "open",
                        done_note="已按期完成" if done else "", done_at=_at(due) if done else None,
                    ))
                    entries.append(AgendaEntry(item=item, meeting=meeting, is_carried=is_carried,
                                               outcome=EntryOutcome.DECIDED, note=f"牵头单位:{unit}"))
                    if done:
                        item.state = ItemState.DONE
                    else:
                        pending.append(item)
                else:
                    item.state = ItemState.DEFERRED
                    entries.append(AgendaEntry(item=item, meeting=meeting, is_carried=is_carried,
                                               outcome=EntryOutcome.DEFERRED, note="待进一步调研"))
                    pending.append(item)
            on = next_date(on, recurrence="monthly", day_of_month=day)
    MeetingSeries.objects.bulk_create(series_rows, batch_size=BATCH)
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    MeetingEvent.objects.bulk_create(events, batch_size=BATCH)
    Attendee.objects.bulk_create(attendees, batch_size=BATCH)
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    AgendaEntry.objects.bulk_create(entries, batch_size=BATCH)
    FollowUpTask.objects.bulk_create(tasks, batch_size=BATCH)
    return {"joint meetings": len(meetings), "agenda items": len(items), "agenda entries": len(entries),
            "follow-up tasks": len(tasks)}


def _months_back(ref: date, months: int) -> date:
    index = ref.year * 12 + ref.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _at(day: date):
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(15)))
