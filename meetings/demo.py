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
    return {"regional committees": len(bodies), "rotating chair terms": len(terms), "duty reports": len(reports)}
