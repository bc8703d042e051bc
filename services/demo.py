"""A year of demo ledger activity under the demo district, called by ``seed_demo`` after reports.

Everything is bulk-inserted from ``values_list`` reads (no per-row queries). Sizes follow Yungang's
figures at ``district`` (4,000+ pledges, 3,000+ fulfilment records, 586+ acts of assistance, 379+
demands, visits in the thousands) and make the bulk of the ~2 million ledger rows at ``city``.
Hazard visits and converted demands link to the grid reports ``reports.demo`` filed with the
sources "visit" and "demand", so both sides of the link exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from faker import Faker

from grids.models import Grid, GridWorker, Household
from organizations.models import Member, MemberStatus, Organization
from organizations.paths import COMMUNITY_DEPTH, prefix_at, subtree_q
from reports.models import GridReport

from .models import (
    PAIRING_FOR_CATEGORY,
    Assistance,
    Demand,
    DemandSource,
    DemandStatus,
    Evaluation,
    Fulfilment,
    GridVisit,
    NeedyCategory,
    NeedyHousehold,
    Pledge,
    PledgeItem,
    Satisfaction,
    VisitKind,
)

BATCH = 5000


@dataclass(frozen=True)
class Size:
    visits: int
    pledge_share: float  # share of current members who pledge this year
    fulfilments: int
    previous_share: float  # share who pledged last year (evaluated since)
    previous_fulfilments: int  # last year's records within the seeded year
    needy: int
    assistance: int
    demands: int


SIZES = {
    "small": Size(visits=300, pledge_share=0.3, fulfilments=60, previous_share=0.2, previous_fulfilments=40,
                  needy=12, assistance=20, demands=20),
    "district": Size(visits=4_000, pledge_share=0.3, fulfilments=3_300, previous_share=0.2,
                     previous_fulfilments=2_500, needy=480, assistance=620, demands=400),
    # City: the bulk of ~2 million ledger rows across the apps, visits first.
    "city": Size(visits=900_000, pledge_share=0.7, fulfilments=300_000, previous_share=0.1,
                 previous_fulfilments=30_000, needy=4_800, assistance=6_200, demands=4_000),
}
# Share of visits involving each kind, after Yungang's 964 visits, 641 talks, 1,035 publicity sessions,
# 483 needy families, 374 mediations, 374 problems solved and 1,700+ hazards.
KIND_SHARE = {
    VisitKind.HOUSEHOLD_VISIT: 0.24, VisitKind.HEART_TO_HEART: 0.16, VisitKind.PUBLICITY: 0.26,
    VisitKind.NEEDY_VISIT: 0.12, VisitKind.MEDIATION: 0.094, VisitKind.PROBLEM_SOLVED: 0.094,
    VisitKind.HAZARD_FOUND: 0.43,
}
VISIT_NOTES = ["了解家庭近况", "宣传反诈知识", "宣传垃圾分类", "讲解医保政策", "调解邻里噪音纠纷", "协助办理低保复审",
               "排查燃气安全", "提醒电动车规范充电", "登记出租屋信息", "走访独居老人", ""]
PLEDGES = [
    ("每月走访独居老人", "全年走访不少于{n}户次"), ("参加社区志愿服务", "全年服务不少于{n}小时"),
    ("结对帮扶困难家庭", "帮扶{n}户,每季度上门一次"), ("参与楼栋环境整治", "清理楼道堆放物{n}次"),
    ("宣传垃圾分类知识", "入户宣传{n}户"), ("调解邻里矛盾纠纷", "协助调解{n}起"),
    ("参加党员冬训学习", "学习{n}学时,撰写心得1篇"),
    ("助力文明城市创建", "参加文明劝导{n}次"), ("开展政策宣讲", "宣讲{n}场"), ("关爱留守儿童", "辅导作业{n}次"),
]
DEEDS = ["上门走访并记录", "组织楼栋居民清理杂物", "陪同就医", "代购生活用品", "入户宣传并发放资料", "参加志愿服务活动",
         "协助调解并达成一致", "参加集中学习", "开展文明劝导"]
EVIDENCE = ["照片2张", "签到表", "走访记录", "活动简报", "居民签字确认", ""]
SITUATIONS = {
    NeedyCategory.LOW_INCOME: "家庭收入低于低保标准", NeedyCategory.DISABLED: "家中有肢体残疾人员",
    NeedyCategory.VERY_OLD: "80岁以上高龄老人，子女不在身边", NeedyCategory.LIMITED_MOBILITY: "腿脚不便，长期卧床",
    NeedyCategory.SERIOUS_ILLNESS: "家人患重大疾病,医疗支出大",
    NeedyCategory.UNEMPLOYED: "夫妻双方失业", NeedyCategory.INFANTS: "婴幼儿家庭,照护困难",
    NeedyCategory.PETITIONER: "长期信访,诉求涉及拆迁补偿", NeedyCategory.OTHER: "临时遭遇意外困难",
}
CATEGORY_WEIGHTS = [(NeedyCategory.LOW_INCOME, 30), (NeedyCategory.VERY_OLD, 16), (NeedyCategory.LIMITED_MOBILITY, 6),
                    (NeedyCategory.DISABLED, 15),
                    (NeedyCategory.SERIOUS_ILLNESS, 12), (NeedyCategory.UNEMPLOYED, 10), (NeedyCategory.INFANTS, 5),
                    (NeedyCategory.PETITIONER, 3), (NeedyCategory.OTHER, 3)]
HELP = [("节日慰问,送米面油", 300), ("发放临时救助金", 1000), ("协助申请低保", None), ("上门理发", None),
        ("代缴水电费", 150), ("联系医院预约挂号", None), ("推荐就业岗位", None), ("送医送药", 200)]
DEMANDS = ["小区路灯损坏,夜间出行不便", "楼道堆放杂物,存在消防隐患", "希望增设电动车充电桩", "下水道堵塞,污水外溢",
           "广场舞噪音扰民", "希望加装电梯", "小区停车难", "垃圾清运不及时", "希望开设老年食堂", "物业服务不到位",
           "屋顶漏水,请求维修", "希望增设健身器材"]
REPLIES = ["已联系物业维修完毕", "已协调相关部门处理", "已纳入社区年度实事项目", "已上门解释相关政策", "已清理完毕"]


def _community(path: str) -> str:
    return prefix_at(path, COMMUNITY_DEPTH)


def _bulk(model, rows) -> int:
    """Insert ``rows`` (any iterable) in batches, never holding more than one batch of instances:
    at city scale there are a million visits."""
    batch, total = [], 0
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            total, batch = total + len(batch), []
    if batch:
        model.objects.bulk_create(batch)
    return total + len(batch)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """Visits, pledges with items, fulfilment and evaluation, needy households with assistance, demands."""
    size = SIZES[scale]
    prefix = root.path
    start = ref - timedelta(days=364)
    grids = list(Grid.objects.filter(subtree_q(prefix, field="branch")).values_list("pk", "branch_id", "branch__path"))
    workers: dict[int, list[int]] = {}
    for pk, grid_id in GridWorker.objects.filter(subtree_q(prefix, field="grid__branch")).values_list("pk", "grid_id"):
        workers.setdefault(grid_id, []).append(pk)
    households: dict[int, list[int]] = {}
    for pk, grid_id in Household.objects.filter(subtree_q(prefix, field="building__grid__branch")).values_list(
        "pk", "building__grid_id"
    ):
        households.setdefault(grid_id, []).append(pk)
    grids = [g for g in grids if workers.get(g[0]) and households.get(g[0])]
    reports = GridReport.objects.filter(subtree_q(prefix, field="grid__branch"))
    counts = {}
    counts["grid visits"] = _visits(rng, size, grids, workers, households, start, ref,
                                    reports.filter(source="visit").values_list("pk", "grid_id", "household_id",
                                                                               "reported_at"))
    members = list(
        Member.objects.filter(subtree_q(prefix, field="branch"), status=MemberStatus.ACTIVE)
        .values_list("pk", "branch_id", "branch__path")
    )
    counts.update(_pledges(rng, size, members, prefix, ref))
    counts.update(_needy(rng, size, grids, households, members, prefix, start, ref))
    counts["resident demands"] = _demands(rng, fake, size, grids, households, start, ref,
                                          reports.filter(source="demand").values_list("pk", "grid_id",
                                                                                      "household_id", "reported_at"))
    return counts


def _visits(rng, size: Size, grids, workers, households, start: date, ref: date, hazard_reports) -> int:
    branch_of = {pk: branch for pk, branch, _path in grids}
    # Hazard visits that filed a report: same grid, household and day as the report.
    linked = [
        GridVisit(
            organization_id=branch_of[grid_id], grid_id=grid_id, household_id=household_id,
            worker_id=rng.choice(workers[grid_id]), visited_on=reported_at.date(), household_visit=True,
            hazard_found=True, report_id=report_id, notes=rng.choice(VISIT_NOTES),
        )
        for report_id, grid_id, household_id, reported_at in hazard_reports
        if grid_id in branch_of and household_id
    ]

    def others():
        for _ in range(max(0, size.visits - len(linked))):
            grid_id, branch_id, _path = rng.choice(grids)
            kinds = {kind: rng.random() < share for kind, share in KIND_SHARE.items()}
            if not any(kinds.values()):
                kinds[VisitKind.HOUSEHOLD_VISIT] = True
            yield GridVisit(
                organization_id=branch_id, grid_id=grid_id, household_id=rng.choice(households[grid_id]),
                worker_id=rng.choice(workers[grid_id]), visited_on=_day(rng, start, ref),
                notes=rng.choice(VISIT_NOTES), **kinds,
            )

    return _bulk(GridVisit, linked) + _bulk(GridVisit, others())


def _pledges(rng, size: Size, members, prefix: str, ref: date) -> dict[str, int]:
    """This year's pledges, still running, and last year's, whose second half falls in the seeded
    year and which were all evaluated (评诺) in January: the loop closed, as the statistics show it."""
    last_year = ref.year - 1
    current = _pledge_year(rng, members, prefix, ref, year=ref.year, share=size.pledge_share,
                           fulfilments=size.fulfilments, since=date(ref.year, 1, 1), evaluated_on=ref)
    previous = _pledge_year(rng, members, prefix, ref, year=last_year, share=size.previous_share,
                            fulfilments=size.previous_fulfilments, since=ref - timedelta(days=364),
                            evaluated_on=min(ref, date(ref.year, 1, 20)))
    names = ("member pledges", "pledge items", "fulfilment records", "evaluated pledges")
    return {name: a + b for name, a, b in zip(names, current, previous, strict=True)}


def _pledge_year(rng, members, prefix: str, ref: date, *, year: int, share: float, fulfilments: int, since: date,
                 evaluated_on: date) -> tuple[int, int, int, int]:
    """A year of pledges, planned in memory first so that each pledge is inserted with its
    evaluation (评诺) already decided: no bulk UPDATE afterwards bypasses the change history."""
    year_end = date(year, 12, 31)
    last = min(ref, year_end)
    chosen = [(pk, branch) for pk, branch, _path in members if rng.random() < share]
    # Per pledge, its items as (content, target, deadline); contents are distinct within a pledge.
    planned = [
        [(content, target.format(n=rng.randrange(2, 13)), _day(rng, date(year, 3, 31), year_end))
         for content, target in rng.sample(PLEDGES, rng.choice((2, 3, 3, 4)))]
        for _member in chosen
    ]
    slots = [(p, i) for p, items in enumerate(planned) for i in range(len(items))]
    done: dict[int, set[int]] = {}
    deeds = []
    for _ in range(min(fulfilments, len(slots) * 3)):
        p, i = rng.choice(slots)
        done.setdefault(p, set()).add(i)
        # Mostly by the deadline; an item due before the seeded window is reported late.
        day = _day(rng, since, max(since, min(planned[p][i][2], last)))
        deeds.append((p, i, day, rng.choice(DEEDS), rng.choice(EVIDENCE)))
    verdicts = [_verdict(rng, items, len(done.get(p, ())), ref) for p, items in enumerate(planned)]

    pledges = _bulk(Pledge, (
        Pledge(member_id=member, organization_id=branch, year=year, evaluation=verdict,
               evaluated_on=evaluated_on if verdict else None)
        for (member, branch), verdict in zip(chosen, verdicts, strict=True)
    ))
    pledge_of = dict(
        Pledge.objects.filter(subtree_q(prefix, field="organization"), year=year).values_list("member_id", "pk")
    )
    pledge_ids = [pledge_of[member] for member, _branch in chosen]
    items = _bulk(PledgeItem, (
        PledgeItem(pledge_id=pledge_id, content=content, target=target, deadline=deadline)
        for pledge_id, plan in zip(pledge_ids, planned, strict=True) for content, target, deadline in plan
    ))
    item_of = {
        (pledge_id, content): pk for pk, pledge_id, content in PledgeItem.objects.filter(
            subtree_q(prefix, field="pledge__organization"), pledge__year=year,
        ).values_list("pk", "pledge_id", "content")
    }
    fulfilled = _bulk(Fulfilment, (
        Fulfilment(item_id=item_of[pledge_ids[p], planned[p][i][0]], done_on=day, description=deed, evidence=evidence)
        for p, i, day, deed, evidence in deeds
    ))
    return pledges, items, fulfilled, sum(1 for verdict in verdicts if verdict)


def _verdict(rng, items, done: int, ref: date) -> str:
    """The evaluation (评诺) of a pledge whose every deadline has passed, "" for one still running.
    The records are a sample of what members did, so the verdict leans on them without being a
    count: every item recorded is fulfilled, some recorded mostly fulfilled, none recorded mostly
    partly or not fulfilled."""
    if max(deadline for _content, _target, deadline in items) >= ref:
        return ""
    if done == len(items):
        return Evaluation.FULFILLED
    if done:
        return Evaluation.FULFILLED if rng.random() < 0.7 else Evaluation.PARTLY
    return Evaluation.PARTLY if rng.random() < 0.6 else Evaluation.NOT_FULFILLED


def _needy(rng, size: Size, grids, households, members, prefix: str, start: date, ref: date) -> dict[str, int]:
    by_community: dict[str, list[int]] = {}
    for pk, _branch, path in members:
        by_community.setdefault(_community(path), []).append(pk)
    seen, needy = set(), []
    for _ in range(size.needy):
        grid_id, branch_id, path = rng.choice(grids)
        household_id = rng.choice(households[grid_id])
        category = _weighted(rng, CATEGORY_WEIGHTS)
        if (household_id, category) in seen:
            continue
        seen.add((household_id, category))
        candidates = by_community.get(_community(path))
        needy.append(NeedyHousehold(
            organization_id=branch_id, household_id=household_id, category=category,
            pairing_level=PAIRING_FOR_CATEGORY[category], situation=SITUATIONS[category],
            responsible_id=rng.choice(candidates) if candidates and rng.random() < 0.9 else None,
            registered_on=_day(rng, start - timedelta(days=730), ref), is_active=rng.random() < 0.9,
        ))
    NeedyHousehold.objects.bulk_create(needy, batch_size=BATCH)
    needy_ids = list(
        NeedyHousehold.objects.filter(subtree_q(prefix, field="organization")).values_list("pk", flat=True)
    )
    assistance = []
    for _ in range(size.assistance if needy_ids else 0):
        content, amount = rng.choice(HELP)
        assistance.append(Assistance(
            needy_id=rng.choice(needy_ids), given_on=_day(rng, start, ref), content=content,
            helper=rng.choice(("社区党委", "包抓党员", "网格员", "街道民政办", "共建单位")),
            amount=Decimal(amount) if amount else None,
        ))
    Assistance.objects.bulk_create(assistance, batch_size=BATCH)
    return {"needy households": len(needy), "assistance records": len(assistance)}


def _demands(rng, fake: Faker, size: Size, grids, households, start: date, ref: date, demand_reports) -> int:
    branch_of = {pk: (branch, path) for pk, branch, path in grids}
    community_of = dict(Organization.objects.filter(
        path__in={_community(path) for _pk, _b, path in grids}).values_list("path", "pk"))
    demands = []
    for report_id, grid_id, household_id, reported_at in demand_reports:
        if grid_id in branch_of:
            demands.append(_demand(rng, fake, branch_of[grid_id][0], household_id, reported_at.date(), ref,
                                   report_id=report_id))
    for _ in range(max(0, size.demands - len(demands))):
        grid_id, branch_id, path = rng.choice(grids)
        # A fifth of demands reach the community directly (meetings, letters, the hotline).
        org_id = community_of.get(_community(path), branch_id) if rng.random() < 0.2 else branch_id
        household_id = rng.choice(households[grid_id]) if org_id == branch_id and rng.random() < 0.6 else None
        demands.append(_demand(rng, fake, org_id, household_id, _day(rng, start, ref), ref))
    Demand.objects.bulk_create(demands, batch_size=BATCH)
    return len(demands)


def _demand(rng, fake: Faker, org_id: int, household_id, received_on: date, ref: date, report_id=None) -> Demand:
    roll = rng.random()
    status = DemandStatus.CLOSED if roll < 0.82 else DemandStatus.HANDLING if roll < 0.92 else DemandStatus.RECEIVED
    if report_id and status == DemandStatus.RECEIVED:
        status = DemandStatus.HANDLING
    closed = status == DemandStatus.CLOSED
    return Demand(
        organization_id=org_id, received_on=received_on, household_id=household_id, report_id=report_id,
        source=_weighted(rng, [(DemandSource.VISIT, 35), (DemandSource.HOTLINE, 25), (DemandSource.WECHAT, 25),
                               (DemandSource.MEETING, 10), (DemandSource.LETTER, 5)]),
        resident_name=fake.name(), phone=fake.phone_number(), content=rng.choice(DEMANDS), status=status,
        reply=rng.choice(REPLIES) if closed else "",
        replied_on=min(received_on + timedelta(days=rng.randrange(1, 15)), ref) if closed else None,
        satisfaction=_weighted(rng, [(Satisfaction.SATISFIED, 80), (Satisfaction.BASICALLY, 16),
                                     (Satisfaction.DISSATISFIED, 4)]) if closed else "",
    )
