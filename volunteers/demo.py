"""A year of demo activity for this app, called by ``seed_demo`` after the tree is built.

Teams and their volunteers, a year of residents' orders (三单制) with their timelines, the points
credited for them, partner shops and redemptions. Everything is generated in memory from ``rng``
and inserted with ``bulk_create``; the tree is read with a few ``values_list`` queries.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from faker import Faker

from accounts.models import Role, RoleAssignment
from grids.models import Household
from organizations.models import HISTORICAL_STATUSES, Level, Member, Organization
from organizations.paths import COMMUNITY_DEPTH, prefix_at

from .models import (
    Category,
    Confirmation,
    CreditHold,
    HoldStatus,
    OrderStatus,
    OrderStep,
    PartnerShop,
    PointsEntry,
    Redemption,
    ServiceOrder,
    Volunteer,
    VolunteerTeam,
)
from .services import points_for

BATCH = 5000
# teams, orders a year, shops per 10 communities. Yungang has 73 teams (DOMAIN.md).
SIZES = {"small": (4, 80, 5), "district": (73, 3_000, 5), "city": (730, 30_000, 5)}
TEAM_KINDS = (
    "红心", "银龄", "巾帼", "青年突击", "邻里守望", "法律援助", "助老", "环保", "文明劝导", "便民维修",
    "爱心帮扶", "平安巡逻", "心理疏导", "学雷锋", "书香", "红色物业",
)
TEAM_SPECIALITY = {
    "便民维修": "水电维修、家电修理", "法律援助": "法律咨询、纠纷调解", "助老": "助餐、陪诊、上门探访",
    "银龄": "老党员宣讲、邻里互助", "书香": "课业辅导、亲子阅读", "环保": "垃圾分类、楼道清洁",
}
NEEDS = {
    Category.REPAIRS: ("厨房水管漏水，需要上门维修", "楼道灯不亮了", "家里电路跳闸，想请人看看",
                       "窗户合页坏了关不上", "下水道堵塞", "燃气灶打不着火"),
    Category.ELDERLY_CARE: ("独居老人需要陪同去医院复查", "老人行动不便，想请人帮忙理发", "每周需要有人上门聊天探访",
                            "需要助餐送餐服务", "帮助老人学习使用智能手机"),
    Category.TUTORING: ("孩子数学作业需要辅导", "双职工家庭，放学后需要托管辅导", "初三学生英语辅导",
                        "小学生暑期阅读陪伴"),
    Category.CLEANING: ("楼道杂物需要清理", "老人家里需要大扫除", "小区绿化带垃圾较多", "搬家后需要清洁"),
    Category.ERRANDS: ("帮忙代买药品", "代缴水电燃气费", "帮忙取快递送上楼", "代办社保认证"),
    Category.LEGAL_ADVICE: ("咨询租房合同纠纷", "咨询赡养纠纷", "咨询劳动工资拖欠问题", "邻里漏水纠纷想请人调解"),
    Category.OTHER: ("想参加社区志愿服务", "希望组织一次健康讲座", "需要心理疏导"),
}
CATEGORY_WEIGHTS = (
    (Category.REPAIRS, 28), (Category.ELDERLY_CARE, 22), (Category.TUTORING, 10), (Category.CLEANING, 12),
    (Category.ERRANDS, 14), (Category.LEGAL_ADVICE, 8), (Category.OTHER, 6),
)
PREFERRED = ("尽快", "今天下午", "明天上午", "周末", "工作日晚上", "周三上午", "")
COMMENTS = ("非常满意，服务很耐心", "来得很及时", "态度很好", "解决了大问题，谢谢", "还可以", "希望下次更快一些", "")
RATINGS = ((5, 60), (4, 28), (3, 8), (2, 3), (1, 1))
HOURS = tuple(Decimal(h) / 2 for h in range(1, 9))
SHOP_KINDS = (("惠民超市", "米面粮油、日用品"), ("便民理发店", "理发"), ("社区药房", "常用药品"), ("早餐店", "早餐券"),
              ("洗衣店", "洗衣服务"), ("书店", "图书文具"))
ITEMS = (("大米一袋", 50), ("食用油一桶", 80), ("洗衣液", 30), ("理发一次", 20), ("抽纸一提", 15), ("早餐券", 10))


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


@dataclass
class _Community:
    pk: int
    name: str
    members: list[tuple[int, str, str]] = field(default_factory=list)
    households: list[tuple[int, str, str]] = field(default_factory=list)
    teams: list[VolunteerTeam] = field(default_factory=list)


class _Seeder:
    def __init__(self, *, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date):
        self.rng, self.fake, self.ref = rng, fake, ref
        self.n_teams, self.n_orders, self.shops_per_10 = SIZES.get(scale, SIZES["district"])
        tz = timezone.get_current_timezone()
        self.end = datetime.combine(ref, time(18), tzinfo=tz)
        self.start = self.end - timedelta(days=365)
        self.communities = self._communities(root)
        self.actors = list(
            RoleAssignment.objects.filter(organization__path__startswith=root.path)
            .order_by("pk").values_list("user_id", flat=True)
        ) or [None]
        self.accounts: dict[tuple[int, int], Volunteer] = {}  # (community, member) -> points account
        self.balance: dict[int, int] = defaultdict(int)
        self.last_credit: dict[int, datetime] = {}

    def _communities(self, root: Organization) -> dict[int, _Community]:
        rows = Organization.objects.filter(path__startswith=root.path, level=Level.COMMUNITY, status="active")
        # Every read is ordered: the same seed must give the same data whatever the database returns first.
        by_pk = {pk: _Community(pk, name) for pk, name in rows.order_by("path").values_list("pk", "name")}
        by_path = dict(rows.values_list("path", "pk"))
        members = Member.objects.filter(is_in_service=True, registered_community_id__in=by_pk).exclude(
            status__in=HISTORICAL_STATUSES
        )
        for pk, name, phone, community in members.order_by("pk").values_list(
            "pk", "name", "phone", "registered_community_id"
        ):
            by_pk[community].members.append((pk, name, phone))
        homes = Household.objects.filter(building__grid__branch__path__startswith=root.path).order_by("pk")
        for pk, head, phone, path in homes.values_list("pk", "head_name", "phone", "building__grid__branch__path"):
            community = by_pk.get(by_path.get(prefix_at(path, COMMUNITY_DEPTH)))
            if community is not None and self.rng.random() < 0.3:
                community.households.append((pk, head, phone))
        return by_pk

    def teams(self) -> list[VolunteerTeam]:
        teams, volunteers = [], []
        pool = list(self.communities.values())
        for i in range(self.n_teams):
            community = pool[i % len(pool)] if i < len(pool) else self.rng.choice(pool)
            taken = {t.name for t in community.teams}
            kind = self.rng.choice([k for k in TEAM_KINDS if f"{community.name[:4]}{k}志愿服务队" not in taken])
            team = VolunteerTeam(
                community_id=community.pk, name=f"{community.name[:4]}{kind}志愿服务队",
                speciality=TEAM_SPECIALITY.get(kind, "邻里互助"),
                founded_on=self.ref - timedelta(days=self.rng.randint(200, 2500)),
            )
            community.teams.append(team)
            teams.append(team)
        VolunteerTeam.objects.bulk_create(teams, batch_size=BATCH)
        for team in teams:
            community = self.communities[team.community_id]
            for _ in range(self.rng.randint(6, 18)):
                volunteers.append(self._volunteer(community, team))
        Volunteer.objects.bulk_create(volunteers, batch_size=BATCH)
        for team in teams:
            team.leader = next(v for v in volunteers if v.team_id == team.pk)
        VolunteerTeam.objects.bulk_update(teams, ["leader"], batch_size=BATCH)
        self.team_volunteers = volunteers
        self.team_members = defaultdict(list)
        for v in volunteers:
            self.team_members[v.team_id].append(v)
        return teams

    def _volunteer(self, community: _Community, team: VolunteerTeam | None) -> Volunteer:
        free = [m for m in community.members if (community.pk, m[0]) not in self.accounts]
        joined = self.ref - timedelta(days=self.rng.randint(30, 1500))
        if free and self.rng.random() < 0.25:
            # A member's account holds no phone: it stays on the member's record.
            pk, name, _phone_of_member = self.rng.choice(free)
            account = Volunteer(community_id=community.pk, member_id=pk, name=name, team=team, joined_on=joined)
            self.accounts[(community.pk, pk)] = account
            return account
        return Volunteer(community_id=community.pk, name=self.fake.name(), phone=_phone(self.rng), team=team,
                         joined_on=joined)

    def _account(self, community_pk: int, member: tuple[int, str, str], new: list[Volunteer]) -> Volunteer:
        key = (community_pk, member[0])
        if key not in self.accounts:
            self.accounts[key] = Volunteer(community_id=community_pk, member_id=member[0], name=member[1],
                                           joined_on=self.ref - timedelta(days=400))
            new.append(self.accounts[key])
        return self.accounts[key]

    def orders(self) -> tuple[list[ServiceOrder], list[tuple[int, OrderStep]], list[tuple[int, PointsEntry]]]:
        rng = self.rng
        orders, steps, credits, new_accounts = [], [], [], []
        pool = [c for c in self.communities.values() if c.members or c.teams]
        span = int((self.end - self.start).total_seconds())
        for i in range(self.n_orders):
            community = rng.choice(pool)
            category = _pick(rng, CATEGORY_WEIGHTS)
            placed = self.start + timedelta(seconds=rng.randrange(span - 3600))
            order = ServiceOrder(
                community_id=community.pk, category=category, need=rng.choice(NEEDS[category]),
                preferred_time=rng.choice(PREFERRED), placed_at=placed, status=OrderStatus.PLACED,
                created_by_id=rng.choice(self.actors),
            )
            if community.households and rng.random() < 0.5:
                order.household_id, order.resident_name, order.phone = rng.choice(community.households)
            order.resident_name = order.resident_name or self.fake.name()
            order.phone = order.phone or _phone(rng)
            orders.append(order)
            steps.append((i, OrderStep(status=OrderStatus.PLACED, at=placed, actor_id=order.created_by_id)))
            self._advance(i, order, community, steps, credits, new_accounts)
        Volunteer.objects.bulk_create(new_accounts, batch_size=BATCH)
        return orders, steps, credits

    def _advance(self, i, order, community, steps, credits, new_accounts) -> None:
        """Walk one order through dispatch, take, done and rating until its time runs past the end."""
        rng, at = self.rng, order.placed_at
        if rng.random() < 0.04:
            order.status = OrderStatus.CANCELLED
            steps.append((i, OrderStep(status=OrderStatus.CANCELLED, at=at + timedelta(hours=rng.randint(1, 30)),
                                       actor_id=order.created_by_id, note="居民已自行解决")))
            return
        to_member = community.members and (not community.teams or rng.random() < 0.6)
        member = rng.choice(community.members) if to_member else None
        team = None if to_member else rng.choice(community.teams)
        schedule = (
            (OrderStatus.DISPATCHED, rng.randint(1, 24)), (OrderStatus.TAKEN, rng.randint(1, 36)),
            (OrderStatus.DONE, rng.randint(2, 96)), (OrderStatus.RATED, rng.randint(1, 72)),
        )
        for status, hours in schedule:
            at += timedelta(hours=hours)
            if at > self.end or (status == OrderStatus.RATED and rng.random() < 0.3):
                return
            order.status = status
            note = ""
            if status == OrderStatus.DISPATCHED:
                order.assigned_member_id, order.assigned_team = (member[0], None) if member else (None, team)
                order.dispatched_at = at
                note = member[1] if member else team.name
            elif status == OrderStatus.TAKEN:
                order.taken_at = at
            elif status == OrderStatus.DONE:
                order.done_at, order.hours = at, rng.choice(HOURS)
                servers = [self._account(community.pk, member, new_accounts)] if member else self._servers(team)
                for volunteer in servers:
                    credits.append((i, self._credit(volunteer, order, at)))
            else:
                order.rating, order.rating_comment = _pick(rng, RATINGS), rng.choice(COMMENTS)
                note = order.rating_comment
            steps.append((i, OrderStep(status=status, at=at, actor_id=rng.choice(self.actors), note=note)))
            if status == OrderStatus.DISPATCHED:
                order.dispatched_by_id = steps[-1][1].actor_id
            elif status == OrderStatus.DONE:
                # Demo orders carry no code (nobody could hand it over): the history says the
                # resident confirmed the service they remember.
                order.confirmation = Confirmation.RESIDENT_CODE

    def _servers(self, team: VolunteerTeam) -> list[Volunteer]:
        members = self.team_members[team.pk]
        return self.rng.sample(members, k=min(len(members), self.rng.choice((1, 1, 2, 3))))

    def _credit(self, volunteer: Volunteer, order: ServiceOrder, at: datetime) -> PointsEntry:
        points = points_for(order.hours)
        key = id(volunteer)
        self.balance[key] += points
        self.last_credit[key] = max(at, self.last_credit.get(key, at))
        return PointsEntry(volunteer=volunteer, kind=PointsEntry.Kind.CREDIT, points=points, hours=order.hours,
                           reason=f"服务积分（{order.get_category_display()}）", created_at=at)

    def shops_and_redemptions(self, volunteers: list[Volunteer]) -> tuple[int, int]:
        rng = self.rng
        shops = []
        for community in self.communities.values():
            if rng.random() < self.shops_per_10 / 10:
                name, offer = rng.choice(SHOP_KINDS)
                shops.append(PartnerShop(community_id=community.pk, name=f"{community.name[:4]}{name}", offer=offer))
        PartnerShop.objects.bulk_create(shops, batch_size=BATCH)
        shops_of = defaultdict(list)
        for shop in shops:
            shops_of[shop.community_id].append(shop)
        redemptions, debits = [], []
        for volunteer in volunteers:
            key, choices = id(volunteer), shops_of.get(volunteer.community_id)
            if not choices or self.balance[key] < 10 or rng.random() < 0.6:
                continue
            item, cost = rng.choice([it for it in ITEMS if it[1] <= self.balance[key]])
            # After the volunteer's last credit, so the balance never dips below zero on any day.
            at = self.last_credit[key] + (self.end - self.last_credit[key]) * rng.random()
            self.balance[key] -= cost
            shop = rng.choice(choices)
            redemption = Redemption(volunteer=volunteer, shop=shop, item=item, points=cost, redeemed_at=at)
            redemptions.append(redemption)
            debits.append(PointsEntry(
                volunteer=volunteer, kind=PointsEntry.Kind.DEBIT, points=-cost, redemption=redemption,
                reason=f"兑换：{shop.name} {item}", created_at=at,
            ))
        Redemption.objects.bulk_create(redemptions, batch_size=BATCH)
        PointsEntry.objects.bulk_create(debits, batch_size=BATCH)
        return len(shops), len(redemptions)


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """Create this app's demo rows under ``root``; return counts to print."""
    seeder = _Seeder(root=root, scale=scale, rng=rng, fake=fake, ref=ref)
    if not seeder.communities:
        return {}
    teams = seeder.teams()
    orders, steps, credits = seeder.orders()
    ServiceOrder.objects.bulk_create(orders, batch_size=BATCH)
    for i, step in steps:
        step.order = orders[i]
    OrderStep.objects.bulk_create([s for _, s in steps], batch_size=BATCH)
    for i, entry in credits:
        # Member accounts were inserted after their entries were built; Django takes their new pk then.
        entry.order = orders[i]
    PointsEntry.objects.bulk_create([e for _, e in credits], batch_size=BATCH)
    volunteers = list({id(v): v for v in [*seeder.team_volunteers, *seeder.accounts.values()]}.values())
    shops, redemptions = seeder.shops_and_redemptions(volunteers)
    holds = _released_holds(root, [e for _, e in credits], seeder.rng)
    return {
        "volunteer teams": len(teams),
        "volunteers": Volunteer.objects.filter(community__path__startswith=root.path).count(),
        "residents' orders": len(orders),
        "order steps": len(steps),
        "points credits": len(credits),
        "partner shops": shops,
        "redemptions": redemptions,
        "held credits": holds,
    }


def _released_holds(root: Organization, credits: list[PointsEntry], rng: random.Random) -> int:
    """About one credit in a hundred went past the monthly cap, was held and then released by the street
    (so its points entry stands): the street's review list has a history to show."""
    chosen = [e for e in credits if rng.random() < 0.01] or credits[:1]
    reviewer = (RoleAssignment.objects.filter(organization__path__startswith=root.path, role=Role.STREET_OFFICIAL)
                .order_by("pk").values_list("user_id", flat=True).first())
    cap = Decimal(settings.VOLUNTEER_MONTHLY_HOURS_CAP)
    CreditHold.objects.bulk_create([
        CreditHold(volunteer=e.volunteer, order=e.order, hours=e.hours, points=e.points,
                   month_hours=max(cap - e.hours + Decimal("1.5"), Decimal(0)), status=HoldStatus.RELEASED,
                   created_at=e.created_at, decided_by_id=reviewer, decided_at=e.created_at + timedelta(days=1),
                   decision_note="核实为连续多日的陪护服务，准予入账")
        for e in chosen
    ], batch_size=BATCH)
    return len(chosen)
