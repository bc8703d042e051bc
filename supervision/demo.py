"""Demo supervision committees, clues and rectifications, called by ``seed_demo``.

Proportions from the seeds (Wuchang): a five-member committee in every community (the street's
stationed cadre, the discipline member as chair, two party members off the residents' committee,
one non-party resident); 110 clues a year per 140 communities, 34 of them involving cadres and
party members; 10+ weak and lax organisations a year per district under rectification, each with a
cadre answerable, a plan and progress, about half closed after review. The demo's street official
is also the street's discipline staff, so the clue pages show something. Set-based throughout.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from faker import Faker

from accounts.models import Role, RoleAssignment
from organizations.models import HISTORICAL_STATUSES, Level, Member, Organization
from organizations.paths import COMMUNITY_DEPTH, prefix_at

from .models import (
    ClueAccess,
    CommitteeSeat,
    Involves,
    ProblemClue,
    Rectification,
    RectificationMeasure,
    RectificationReport,
    Seat,
    SupervisionCommittee,
)

BATCH = 5000
CLUES_PER_COMMUNITY = 110 / 140
CADRE_MEMBER_SHARE = 34 / 110
RECTIFICATIONS_PER_150 = 12
MATTERS = {
    Involves.CADRE: ("低保审核程序不规范", "公益性岗位人员名单未公示", "社区集体资产出租未经集体讨论",
                     "惠民资金发放台账不全"),
    Involves.MEMBER: ("党员参与小区违规搭建", "党员长期不参加组织生活", "党员在物业选聘中拉票"),
    Involves.OTHER: ("小区维修资金使用未公开", "社区工程项目验收资料缺失", "居民反映物业收费不透明",
                     "社区服务项目采购程序不规范", "停车位分配未经居民议事", "社区公共用房被个人占用"),
}
REASONS = ("班子软弱,书记不胜任现职", "组织生活不正常,三会一课落实不到位", "工作推进不力,群众意见较大",
           "党员管理松散,流动党员失联", "矛盾纠纷集中,信访问题突出")
MEASURES = ("调整充实支部班子", "规范落实三会一课", "开展党员集中轮训", "建立问题清单逐项销号", "街道领导包保蹲点指导")


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    communities = list(Organization.objects.filter(
        path__startswith=root.path, level=Level.COMMUNITY, status="active"
    ).order_by("path").values_list("id", "path"))
    if not communities:
        return {}
    committees = SupervisionCommittee.objects.bulk_create(
        [SupervisionCommittee(community_id=org_id, established_on=date(2021, 6, 1)) for org_id, _ in communities],
        batch_size=BATCH,
    )
    # Three party members of each community for the chair and the two party-member seats.
    wanted = {path: [] for _, path in communities}
    rows = Member.objects.filter(branch__path__startswith=root.path).exclude(status__in=HISTORICAL_STATUSES)
    for member_id, name, path in rows.order_by("id").values_list("id", "name", "branch__path").iterator():
        bucket = wanted.get(prefix_at(path, COMMUNITY_DEPTH))
        if bucket is not None and len(bucket) < 3:
            bucket.append((member_id, name))
    seats = []
    since = date(2021, 6, 1)
    for committee, (_org_id, path) in zip(committees, communities, strict=True):
        members = wanted[path]
        seats.append(CommitteeSeat(committee=committee, seat=Seat.STATIONED_CADRE, name=fake.name(), since=since))
        seats.append(CommitteeSeat(committee=committee, seat=Seat.NON_PARTY_RESIDENT, name=fake.name(), since=since))
        for seat, (member_id, name) in zip((Seat.CHAIR, Seat.PARTY_MEMBER, Seat.PARTY_MEMBER), members, strict=False):
            seats.append(CommitteeSeat(committee=committee, seat=seat, name=name, member_id=member_id, since=since))
    CommitteeSeat.objects.bulk_create(seats, batch_size=BATCH)

    clues = []
    for committee in committees:
        for _ in range(int(CLUES_PER_COMMUNITY + rng.random())):
            involves = (rng.choice((Involves.CADRE, Involves.MEMBER)) if rng.random() < CADRE_MEMBER_SHARE
                        else Involves.OTHER)
            closed = rng.random() < 0.8
            clues.append(ProblemClue(
                district_id=root.pk, committee=committee, found_on=ref - timedelta(days=rng.randint(1, 360)),
                matter=rng.choice(MATTERS[involves]), involves=involves,
                handling="已报街道纪工委,约谈相关人员" if closed else "已报街道纪工委核查",
                outcome="已责令整改并公开说明" if closed else "", status="closed" if closed else "open",
            ))
    ProblemClue.objects.bulk_create(clues, batch_size=BATCH)

    streets = defaultdict(list)
    for _org_id, path in communities:
        streets[prefix_at(path, 2)].append(path)
    officials = RoleAssignment.objects.filter(
        role=Role.STREET_OFFICIAL, organization__path__startswith=root.path
    ).values_list("user_id", "organization_id")
    ClueAccess.objects.bulk_create(
        [ClueAccess(user_id=u, organization_id=o, kind=ClueAccess.Kind.DISCIPLINE_STAFF) for u, o in officials],
        ignore_conflicts=True,
    )

    count = max(1, round(len(communities) * RECTIFICATIONS_PER_150 / 150))
    rects, measures, reports = [], [], []
    for org_id, _path in rng.sample(communities, min(count, len(communities))):
        closed = rng.random() < 0.5
        listed = date(ref.year, 3, 1) if ref > date(ref.year, 3, 1) else ref
        rect = Rectification(
            organization_id=org_id, year=ref.year, reasons=rng.choice(REASONS), answerable_cadre=fake.name(),
            answerable_post="街道党工委副书记", listed_on=listed, status="closed" if closed else "open",
            closed_on=ref if closed else None,
        )
        rects.append(rect)
        for i, text in enumerate(rng.sample(MEASURES, 3)):
            measures.append(RectificationMeasure(
                rectification=rect, measure=text, deadline=listed + timedelta(days=60 * (i + 1)),
                done_on=listed + timedelta(days=30 * (i + 1)) if closed or i == 0 else None,
            ))
        reports.append(RectificationReport(
            rectification=rect, kind="progress", reported_on=listed + timedelta(days=30),
            text="已完成班子调整,组织生活逐步规范",
        ))
        if closed:
            reports.append(RectificationReport(rectification=rect, kind="review_passed", reported_on=ref,
                                               text="经区街两级考核验收合格,予以销号"))
    Rectification.objects.bulk_create(rects)
    RectificationMeasure.objects.bulk_create(measures)
    RectificationReport.objects.bulk_create(reports)
    return {
        "supervision committees": len(committees), "committee seats": len(seats), "problem clues": len(clues),
        "rectifications": len(rects),
    }
