"""Demo rows: the district's community scheme modelled on Yungang's 7 major items and 30 sub-items
("turning soft tasks into hard indicators"), scored half-yearly from the demo's records, for every
half-year of the reference year up to the reference date. Set-based: one rollup per period."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from faker import Faker

from organizations.models import Level, Organization

from .models import Combination, Indicator, IndicatorKind, Scheme, ScoreRun
from .periods import PeriodKind, periods_of_year
from .rollup import run_inline

C = IndicatorKind.COMPUTED
# A sub-item scored by reviewers (述职评议) instead of computed.
MANUAL = "manual"
# (code, name, weight, [(code, name, weight, computation, rule, time/org aggregation)])
YUNGANG = [
    ("1", "组织建设", 20, [
        ("1.1", "党员中心户覆盖", 4, "organizations.member_household_coverage", "band:0-10", "sum/mean"),
        ("1.2", "在职党员报到", 4, "organizations.in_service_registered", "band:0-40", "sum/sum"),
        ("1.3", "网格事件结案", 4, "reports.closure_rate", "band:80-98", "sum/households"),
        ("1.4", "按时办结", 4, "reports.on_time_rate", "band:60-95", "sum/mean"),
        ("1.5", "超期事件", 4, "reports.overdue_count", "inverse_band:0-10", "sum/sum"),
    ]),
    ("2", "党员作用发挥", 15, [
        ("2.1", "承诺践诺", 4, "ledgers.pledge_fulfilment_rate", "band:50-100", "sum/members"),
        ("2.2", "评诺覆盖", 4, "ledgers.evaluated_pledges_share", "steps:50=50,80=80,95=100", "sum/members"),
        ("2.3", "党员接单", 4, "volunteers.orders_done", "band:0-20", "sum/sum"),
        ("2.4", "志愿积分", 3, "volunteers.points_earned", "band:0-500", "sum/sum"),
    ]),
    ("3", "网格治理", 15, [
        ("3.1", "网格员走访", 3, "ledgers.visits_per_grid_worker", "band:5-30", "sum/mean"),
        ("3.2", "网格吹哨结案", 3, "reports.closure_rate", "target:96", "sum/households"),
        ("3.3", "部门报到时效", 3, "reports.on_time_rate", "steps:60=50,80=80,95=100", "sum/mean"),
        ("3.4", "超期零容忍", 3, "reports.overdue_count", "inverse_target:0", "sum/sum"),
        ("3.5", "走访入户", 3, "ledgers.visits_per_grid_worker", "target:10", "mean/mean"),
    ]),
    ("4", "服务群众", 15, [
        ("4.1", "诉求办结", 4, "ledgers.demands_answered", "band:60-100", "sum/households"),
        ("4.2", "困难群众帮扶", 4, "ledgers.assistance_per_needy", "band:0-4", "sum/mean"),
        ("4.3", "三单制服务", 4, "volunteers.orders_done", "steps:5=50,10=80,20=100", "sum/sum"),
        ("4.4", "诉求响应", 3, "ledgers.demands_answered", "target:90", "sum/mean"),
    ]),
    ("5", "共建共治", 10, [
        ("5.1", "在职党员双报到", 3, "organizations.in_service_registered", "steps:10=50,20=80,30=100", "sum/sum"),
        ("5.2", "群众诉求转办", 3, "ledgers.demands_answered", "band:50-95", "sum/mean"),
        ("5.3", "共建项目服务", 2, "volunteers.orders_done", "target:5", "sum/sum"),
        ("5.4", "联动处置", 2, "reports.closure_rate", "band:70-95", "sum/mean"),
    ]),
    ("6", "志愿服务", 10, [
        ("6.1", "志愿服务时长积分", 3, "volunteers.points_earned", "band:0-300", "sum/sum"),
        ("6.2", "志愿服务订单", 3, "volunteers.orders_done", "band:0-15", "sum/sum"),
        ("6.3", "积分激励", 2, "volunteers.points_earned", "target:100", "sum/sum"),
        ("6.4", "帮扶结对", 2, "ledgers.assistance_per_needy", "target:2", "sum/mean"),
    ]),
    ("7", "基础保障", 15, [
        ("7.1", "党员中心户建设", 4, "organizations.member_household_coverage", "target:5", "sum/households"),
        ("7.2", "书记述职评议", 4, MANUAL, "", "sum/mean"),
        ("7.3", "平安稳定", 4, "reports.overdue_count", "inverse_band:0-5", "sum/sum"),
        ("7.4", "阵地走访覆盖", 3, "ledgers.visits_per_grid_worker", "band:0-20", "sum/mean"),
    ]),
]


def build_scheme(root: Organization, year: int) -> Scheme:
    scheme = Scheme.objects.create(
        organization=root, year=year, level=Level.COMMUNITY, name="社区党建工作考核（7大项30小项）",
        period_kind=PeriodKind.HALF_YEAR, advanced_at=Decimal(85), passing_at=Decimal(60),
    )
    position = 0
    for code, name, weight, subs in YUNGANG:
        position += 1
        major = Indicator.objects.create(scheme=scheme, code=code, name=name, weight=weight,
                                         kind=IndicatorKind.PARENT, position=position)
        rows = []
        for sub_code, sub_name, sub_weight, comp, rule, aggs in subs:
            position += 1
            time_agg, org_agg = aggs.split("/")
            manual = comp == MANUAL
            rows.append(Indicator(scheme=scheme, parent=major, code=sub_code, name=sub_name, weight=sub_weight,
                                  kind=IndicatorKind.MANUAL if manual else C, computation="" if manual else comp,
                                  rule=rule, time_aggregation=time_agg, org_aggregation=org_agg, position=position,
                                  combination=Combination.TRIMMED if manual else Combination.MEDIAN,
                                  spread_limit=Decimal("1.5") if manual else None))
        Indicator.objects.bulk_create(rows)
    return scheme


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """The scheme, and one rollup per half-year of ``ref``'s year that has begun."""
    if Scheme.objects.filter(organization=root, year=ref.year).exists():
        return {}
    scheme = build_scheme(root, ref.year)
    runs = sheets = 0
    # Its own generator: the pairings below keep their draws.
    review_rng = random.Random(ref.year)
    for period in periods_of_year(scheme.period_kind, ref.year):
        if period.start > ref:
            break
        sheets += _reviews(root, scheme, period.code, review_rng, is_current=period.end >= ref)
        steps = scheme.indicators.filter(kind=C).count() + 1
        run_inline(ScoreRun.objects.create(scheme=scheme, period=period.code, steps_total=steps))
        runs += 1
    return {"assessment indicators": scheme.indicators.count(), "assessment runs": runs,
            "review sheets (述职评议)": sheets, "pairings (包联)": _pairings(root, rng, ref.year)}


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "建国志强海燕丽华文斌秀英德明春梅晓东玉兰国平红霞"
LEADER_POSITIONS = ("区委常委", "副区长", "区人大常委会副主任", "区政协副主席", "街道党工委书记", "街道办事处主任")


def _pairings(root: Organization, rng: random.Random, year: int) -> int:
    """Each community paired with a district or street leader and, where its street has one, a resident
    unit (Maojian's 包联). Names are drawn from this app's generator, so other apps' draws stay put."""
    from organizations.models import Level, ResidentUnit
    from organizations.paths import STREET_DEPTH, prefix_at

    from .models import Pairing, PairingKind

    units: dict[str, list[str]] = {}
    for name, street_path in ResidentUnit.objects.filter(street__path__startswith=root.path).values_list(
            "name", "street__path"):
        units.setdefault(street_path, []).append(name)
    rows = []
    for pk, path in Organization.objects.filter(path__startswith=root.path, level=Level.COMMUNITY,
                                                status="active").values_list("pk", "path"):
        leader = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
        rows.append(Pairing(year=year, community_id=pk, kind=PairingKind.LEADER, name=leader,
                            position=rng.choice(LEADER_POSITIONS)))
        street_units = units.get(prefix_at(path, STREET_DEPTH))
        if street_units:
            rows.append(Pairing(year=year, community_id=pk, kind=PairingKind.UNIT, name=rng.choice(street_units)))
    Pairing.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return len(rows)


REVIEWERS = 5


def _reviewers(root: Organization, rng: random.Random) -> list:
    """Logins for the heads of five resident units of street 1 (``reviewer1``...): no role on the tree,
    so they see only their sheets. Created once; the password is the demo's."""
    from accounts.models import User
    from organizations.demo import DEMO_PASSWORD
    from organizations.models import ResidentUnit

    street = Organization.objects.filter(path__startswith=root.path, level=Level.STREET).order_by("path").first()
    units = list(ResidentUnit.objects.filter(street=street).order_by("pk").values_list("name", flat=True)[:REVIEWERS])
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    password = None  # hashed once, only if an account is new (a real hasher takes a while)
    users = []
    for n in range(1, REVIEWERS + 1):
        unit = units[n - 1] if n <= len(units) else "驻区单位"
        user = User.objects.filter(username=f"reviewer{n}").first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            user = User.objects.create(username=f"reviewer{n}", password=password, password_changed_at=timezone.now(),
                                       full_name=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}（{unit}）")
        users.append(user)
    return users


def _reviews(root: Organization, scheme: Scheme, period: str, rng: random.Random, *, is_current: bool) -> int:
    """述职评议 of street 1's community secretaries: five reviewers each, one of them harsh (the outlier a
    trimmed mean leaves out); in the current period only some sheets are in, so a few communities have
    not reached the quorum yet. The other streets have not organised theirs (no value, 未达法定人数)."""
    from django.utils import timezone

    from .models import ReviewAssignment, ReviewSheet

    indicator = scheme.indicators.filter(kind=IndicatorKind.MANUAL).first()
    reviewers = _reviewers(root, rng)
    street = Organization.objects.filter(path__startswith=root.path, level=Level.STREET).order_by("path").first()
    communities = list(Organization.objects.filter(path__startswith=street.path, level=Level.COMMUNITY,
                                                   status="active").order_by("path"))
    assignments = ReviewAssignment.objects.bulk_create([
        ReviewAssignment(indicator=indicator, period=period, organization=org, reviewer=user)
        for org in communities for user in reviewers
    ])
    now = timezone.now()
    sheets = []
    for a in assignments:
        if is_current and rng.random() < 0.5:
            continue
        harsh = a.reviewer_id == reviewers[-1].pk
        score = Decimal(rng.choice((1, 1.5, 2)) if harsh else rng.choice((3, 3.5, 3.5, 4)))
        sheets.append(ReviewSheet(assignment=a, score=score, submitted_at=now,
                                  comment=rng.choice(("履职尽责，群众认可", "工作扎实", "创新不足", "服务意识强", ""))))
    ReviewSheet.objects.bulk_create(sheets)
    return len(sheets)
