"""Demo campaigns, called by ``seed_demo`` after the tree and the other apps' records exist.

Proportions from the seeds: 星级争创 grades for community organisations, grid branches and a share
of members (Wuchang), last year's and this year's, so pages show movement; 六型社区 designations
with 16 model communities per 152 (Yungang); 8 branded communities per 71 (Jianxi, 一社区一特色);
红黑榜 entries in the compounds (Shiyan, Maojian). Inserted with ``bulk_create``.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from faker import Faker

from organizations.models import Level, Member, MemberStatus, Organization

from .models import BoardEntry, BoardKind, Brand, Designation, DesignationKind, GradeStatus, StarGrade

BATCH = 5000
MODEL_PER_152 = 16  # Yungang
BRANDS_PER_71 = 8  # Jianxi
MEMBER_SHARE = 0.05  # members graded in the demo: enough to show the pages, not 150,000 rows at city scale
SUMMARIES = ("讲政治、有信念：组织学习全覆盖，主题党日按月开展。", "讲规矩、有纪律：三会一课按时召开，台账齐全。",
             "讲道德、有品行：党员亮身份、作表率，群众评价好。", "讲奉献、有作为：认领群众微心愿，解决难题多件。")
BRANDS = ("红色管家", "邻里守望", "银龄互助", "党群连心桥", "四点半课堂", "和事佬调解室", "红色物业联盟", "书香社区")
RED = ("帮助独居老人买菜送药", "拾金不昧归还失主钱包", "义务清理楼道杂物", "雨夜帮邻居转移车辆", "组织楼栋义务理发")
BLACK = ("高空抛物", "楼道堆放杂物堵塞消防通道", "占用消防通道停车", "遛狗不牵绳不清理", "私拉电线为电动车充电")
COMPOUNDS = ("幸福里小区", "和平苑", "阳光花园", "东风小区", "建设新村", "锦绣家园")


def _grade(rng: random.Random, *, year: int, org_id: int, member_id=None, done: bool, at: datetime) -> StarGrade:
    base = rng.choices((2, 3, 4, 5), (10, 35, 40, 15))[0]
    status = GradeStatus.REVIEWED if done else rng.choice((GradeStatus.SELF_ASSESSED, GradeStatus.RATED))
    rated = None if status == GradeStatus.SELF_ASSESSED else max(1, min(5, base + rng.choice((-1, 0, 0, 0))))
    return StarGrade(
        year=year, organization_id=org_id, member_id=member_id, status=status,
        self_grade=min(5, base + rng.choice((0, 0, 1))), self_summary=rng.choice(SUMMARIES),
        rated_grade=rated, rated_at=at if rated else None,
        grade=rated if status == GradeStatus.REVIEWED else None, reviewed_at=at if done else None,
    )


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """Create this app's demo rows under ``root``; return counts to print."""
    orgs = list(Organization.objects.filter(
        path__startswith=root.path, level__in=(Level.COMMUNITY, Level.GRID), status="active"
    ).order_by("path").values_list("pk", "level"))
    if not orgs:
        return {}
    communities = [pk for pk, level in orgs if level == Level.COMMUNITY]
    at = datetime.combine(ref - timedelta(days=30), time(10), tzinfo=timezone.get_current_timezone())
    grades = []
    for pk, _level in orgs:
        # Last year's grades are all reviewed; this year's are mostly on their way.
        grades.append(_grade(rng, year=ref.year - 1, org_id=pk, done=True, at=at - timedelta(days=365)))
        grades.append(_grade(rng, year=ref.year, org_id=pk, done=rng.random() < 0.6, at=at))
    members = list(Member.objects.filter(branch__path__startswith=root.path, status=MemberStatus.ACTIVE)
                   .order_by("pk").values_list("pk", "branch_id"))
    for pk, branch_id in rng.sample(members, int(len(members) * MEMBER_SHARE)):
        grades.append(_grade(rng, year=ref.year - 1, org_id=branch_id, member_id=pk, done=True,
                             at=at - timedelta(days=365)))
        grades.append(_grade(rng, year=ref.year, org_id=branch_id, member_id=pk, done=rng.random() < 0.5, at=at))
    StarGrade.objects.bulk_create(grades, batch_size=BATCH)

    designations = []
    kinds = list(DesignationKind)
    models = set(rng.sample(communities, max(1, round(len(communities) * MODEL_PER_152 / 152))))
    for pk in communities:
        for kind in rng.sample(kinds, rng.choice((0, 1, 1, 2))):
            designations.append(Designation(community_id=pk, year=ref.year, kind=kind, is_model=pk in models))
        if pk in models and not any(d.community_id == pk for d in designations[-2:]):
            designations.append(Designation(community_id=pk, year=ref.year, kind=DesignationKind.EXEMPLARY,
                                            is_model=True))
    Designation.objects.bulk_create(designations, batch_size=BATCH)

    brands = [
        Brand(community_id=pk, name=BRANDS[i % len(BRANDS)], since=ref.year - rng.randint(1, 6),
              description=f"{BRANDS[i % len(BRANDS)]}：社区党组织牵头，联合驻区单位和志愿者常态化开展服务。")
        for i, pk in enumerate(rng.sample(communities, max(1, round(len(communities) * BRANDS_PER_71 / 71))))
    ]
    Brand.objects.bulk_create(brands, batch_size=BATCH)

    entries = []
    for pk in communities:
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice((BoardKind.RED, BoardKind.RED, BoardKind.BLACK))
            entries.append(BoardEntry(
                community_id=pk, compound=rng.choice(COMPOUNDS), kind=kind,
                date=ref - timedelta(days=rng.randint(0, 180)),
                text=rng.choice(RED if kind == BoardKind.RED else BLACK),
                resident_name=fake.name() if kind == BoardKind.RED and rng.random() < 0.6 else "",
            ))
    BoardEntry.objects.bulk_create(entries, batch_size=BATCH)
    return {"star grades": len(grades), "six-type designations": len(designations), "community brands": len(brands),
            "red/black board entries": len(entries)}
