"""A year of grid reports for the demo district, called by ``seed_demo`` after the tree is built.

Sized like Maojian's figures (2,600+ reported, 2,500+ closed, over 96% closure) at ``district``
and ten times that at ``city``; every case carries the events of the steps it went through.
"""

from __future__ import annotations

import random
import struct
import zlib
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone
from faker import Faker

from accounts.models import Role, RoleAssignment
from grids.models import Grid, Household
from organizations.models import Level, Organization
from organizations.paths import STREET_DEPTH, prefix_at
from partybuild.files import PNG, UploadTo, private_storage

from .models import (
    Department,
    DepartmentKind,
    EventAction,
    GridReport,
    Outcome,
    ReportCategory,
    ReportEvent,
    ReportPhoto,
    Source,
    Status,
)
from .workcalendar import add_working_hours

REPORTS_PER_SCALE = {"small": 60, "district": 2_650, "city": 26_500}
# What a grid worker adds after naming the problem: where, since when, who raised it.
DETAILS = (
    "居民多次反映", "已持续一周左右", "位于小区东门附近", "夜间尤为明显", "涉及两个单元的住户",
    "楼栋长巡查时发现", "已拍照留存", "现场已做临时警示", "居民情绪较大,需尽快处理", "雨后情况加重",
    "周边有老人和儿童经过", "物业表示无力解决", "上月曾处理过,现又出现", "位于地下车库入口", "影响居民正常出行",
)
CLOSURE_RATE = 0.962
DISTRICT_DEPARTMENTS = (
    ("police", "区公安分局"), ("urban", "区城市管理执法局"), ("market", "区市场监督管理局"),
    ("housing", "区住房和城市更新局(房管局)"), ("civil", "区民政局"), ("health", "区卫生健康局"),
    ("emergency", "区应急管理局"),
)
STREET_STATIONS = (("police", "派出所"), ("urban", "城管执法中队"), ("market", "市场监管所"))
# code, name, department key, time limit in working hours, weight, sample problems
CATEGORIES = (
    ("safety", "安全隐患", "emergency", 72, 30,
     ("楼道堆放杂物堵塞消防通道", "电动车入户充电", "燃气管道老化漏气", "外墙瓷砖脱落")),
    ("environment", "环境卫生", "urban", 48, 25, ("垃圾清运不及时", "占道经营", "小区绿化带被毁种菜", "油烟扰民")),
    ("dispute", "矛盾纠纷", "police", 120, 12, ("邻里漏水纠纷", "停车位争执", "宠物扰民纠纷", "噪音扰民")),
    ("facilities", "设施损坏", "housing", 120, 15, ("路灯不亮", "井盖缺失", "健身器材损坏", "单元门禁失灵")),
    ("property", "物业管理", "housing", 120, 8, ("电梯频繁故障", "物业服务不到位", "二次供水水质差")),
    ("health", "公共卫生", "health", 72, 5, ("小区鼠患", "积水蚊虫滋生", "流动摊贩食品卫生")),
    ("market", "市场监管", "market", 72, 3, ("无证经营小作坊", "价格欺诈投诉")),
    ("other", "其他", None, 120, 2, ("独居老人需要帮扶", "困难家庭求助")),
)
OUTCOMES = ((Outcome.FIXED, 88), (Outcome.NOT_RESPONSIBLE, 4), (Outcome.DUPLICATE, 4), (Outcome.REFERRED, 4))
OPEN_SPREAD = (
    (Status.REPORTED, 15), (Status.DISPATCHED, 20), (Status.ACCEPTED, 15), (Status.IN_PROGRESS, 30),
    (Status.RESOLVED, 15), (Status.ESCALATED, 5),
)
# The steps a case in each status went through, after filing.
STEPS = {
    Status.REPORTED: (),
    Status.ESCALATED: (EventAction.ESCALATE,),
    Status.DISPATCHED: (EventAction.DISPATCH,),
    Status.ACCEPTED: (EventAction.DISPATCH, EventAction.ACCEPT),
    Status.IN_PROGRESS: (EventAction.DISPATCH, EventAction.ACCEPT, EventAction.START),
    Status.RESOLVED: (EventAction.DISPATCH, EventAction.ACCEPT, EventAction.START, EventAction.RESOLVE),
    Status.CLOSED: (EventAction.DISPATCH, EventAction.ACCEPT, EventAction.START, EventAction.RESOLVE,
                    EventAction.CLOSE),
}
STEP_STATUS = {
    EventAction.DISPATCH: Status.DISPATCHED, EventAction.ACCEPT: Status.ACCEPTED,
    EventAction.START: Status.IN_PROGRESS, EventAction.RESOLVE: Status.RESOLVED, EventAction.CLOSE: Status.CLOSED,
    EventAction.ESCALATE: Status.ESCALATED,
}
COMMENTS = {
    EventAction.DISPATCH: "请及时处置并反馈",
    EventAction.ACCEPT: "已签收,马上安排人员",
    EventAction.START: "已联系反映人,正在处置",
    EventAction.RESOLVE: "已现场处置完毕",
    EventAction.CLOSE: "网格员回访核实,居民满意",
    EventAction.ESCALATE: "涉及多部门,提请区级协调",
}


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _departments(root: Organization) -> dict:
    """District departments under the root and three stations per street: {(street path|None, key): id}."""
    streets = list(Organization.objects.filter(path__startswith=root.path, level=Level.STREET)
                   .order_by("path").values_list("pk", "path", "name"))
    rows = [Department(name=name, kind=DepartmentKind.DISTRICT, organization=root) for _k, name in DISTRICT_DEPARTMENTS]
    keys = [(None, k) for k, _n in DISTRICT_DEPARTMENTS]
    for pk, path, name in streets:
        short = name.replace("街道党工委", "").replace("街道", "")
        for key, suffix in STREET_STATIONS:
            rows.append(Department(name=f"{short}{suffix}", kind=DepartmentKind.STREET, organization_id=pk))
            keys.append((path, key))
    created = Department.objects.bulk_create(rows, batch_size=5000)
    return {key: dept.pk for key, dept in zip(keys, created, strict=True)}


def _categories(departments: dict) -> list[ReportCategory]:
    categories = []
    for code, name, key, hours, _w, _samples in CATEGORIES:
        category, _ = ReportCategory.objects.get_or_create(
            code=code,
            defaults={"name": name, "time_limit_hours": hours, "default_department_id": departments.get((None, key))},
        )
        categories.append(category)
    return categories


def _actors(root: Organization) -> dict[str, int]:
    """The demo accounts by role (first one found under the root)."""
    actors: dict[str, int] = {}
    for role, user_id in (RoleAssignment.objects.filter(organization__path__startswith=root.path)
                          .order_by("pk").values_list("role", "user_id")):
        actors.setdefault(role, user_id)
    return actors


def _when(rng: random.Random, ref: date) -> datetime:
    day = ref - timedelta(days=rng.randrange(1, 366))
    moment = time(rng.randrange(7, 21), rng.randrange(60))
    return timezone.make_aware(datetime.combine(day, moment))


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """Departments, categories and a year of reports with their events under ``root``."""
    departments = _departments(root)
    categories = _categories(departments)
    actors = _actors(root)
    staff_id = actors.get(Role.DEPARTMENT_STAFF)
    if staff_id:
        Department.staff.through.objects.create(department_id=departments[(None, "urban")], user_id=staff_id)
    reporter = actors.get(Role.GRID_WORKER) or next(iter(actors.values()))
    dispatcher = actors.get(Role.STREET_OFFICIAL, reporter)
    closer = actors.get(Role.COMMUNITY_SECRETARY, reporter)
    handler = staff_id or dispatcher
    grids = list(Grid.objects.filter(branch__path__startswith=root.path).values_list("pk", "branch__path"))
    households: dict[int, list[int]] = {}
    for pk, grid_id in Household.objects.filter(building__grid__branch__path__startswith=root.path).values_list(
        "pk", "building__grid_id"
    ):
        households.setdefault(grid_id, []).append(pk)
    now = timezone.now()
    category_weights = [(c, spec[4]) for c, spec in zip(categories, CATEGORIES, strict=True)]
    samples = {c.pk: spec[5] for c, spec in zip(categories, CATEGORIES, strict=True)}
    keys = {c.pk: spec[2] for c, spec in zip(categories, CATEGORIES, strict=True)}

    # Numbers continue after the cases already there (another demo district, real filings).
    offset = GridReport.objects.aggregate(last=Max("pk"))["last"] or 0
    reports, plans = [], []
    for i in range(offset, offset + REPORTS_PER_SCALE[scale]):
        grid_id, path = rng.choice(grids)
        category = _weighted(rng, category_weights)
        reported_at = _when(rng, ref)
        status = Status.CLOSED if rng.random() < CLOSURE_RATE else _weighted(rng, OPEN_SPREAD)
        key = keys[category.pk] or "urban"
        # Half the cases go to the street's own station when it has one for the matter.
        station = departments.get((prefix_at(path, STREET_DEPTH), key)) if rng.random() < 0.5 else None
        department_id = station or departments[(None, key)]
        source = _weighted(rng, ((Source.GRID, 70), (Source.VISIT, 20), (Source.DEMAND, 10)))
        household = rng.choice(households[grid_id]) if source != Source.GRID and households.get(grid_id) else None
        due_at = add_working_hours(reported_at, category.time_limit_hours)
        report = GridReport(
            number=f"WG{timezone.localtime(reported_at):%Y%m%d}{i + 1:06d}", grid_id=grid_id, category=category,
            household_id=household, location=fake.street_address(),
            description=f"{rng.choice(samples[category.pk])},{rng.choice(DETAILS)}", source=source,
            status=status, reported_by_id=reporter, reported_at=reported_at, due_at=due_at,
        )
        steps = STEPS[status]
        times, moment = {}, reported_at
        on_time = rng.random() < 0.92
        for step in steps:
            hours = {EventAction.RESOLVE: rng.uniform(4, category.time_limit_hours * (0.8 if on_time else 1.6)),
                     EventAction.CLOSE: rng.uniform(2, 24)}.get(step, rng.uniform(0.1, 3))
            # Cases filed in the last days of the year are not finished in the future.
            moment = min(moment + timedelta(hours=hours), now)
            times[step] = moment
        if EventAction.DISPATCH in times:
            report.department_id, report.dispatched_by_id = department_id, dispatcher
            report.dispatched_at = times[EventAction.DISPATCH]
            report.accept_due_at = add_working_hours(report.dispatched_at, category.accept_limit_hours)
        report.accepted_at = times.get(EventAction.ACCEPT)
        report.resolved_at = times.get(EventAction.RESOLVE)
        report.closed_at = times.get(EventAction.CLOSE)
        if status == Status.CLOSED:
            report.outcome = _weighted(rng, OUTCOMES)
            report.satisfaction = _weighted(rng, ((5, 70), (4, 22), (3, 6), (2, 2)))
        report.is_overdue = status in (Status.REPORTED, Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS,
                                       Status.ESCALATED) and due_at < now
        reports.append(report)
        plans.append(times)

    created = GridReport.objects.bulk_create(reports, batch_size=5000)
    actor_for = {EventAction.DISPATCH: dispatcher, EventAction.ACCEPT: handler, EventAction.START: handler,
                 EventAction.RESOLVE: handler, EventAction.CLOSE: closer, EventAction.ESCALATE: dispatcher}
    events = []
    for report, times in zip(created, plans, strict=True):
        events.append(ReportEvent(report_id=report.pk, action=EventAction.FILE, to_status=Status.REPORTED,
                                  actor_id=reporter, created_at=report.reported_at))
        previous = Status.REPORTED
        for step, moment in times.items():
            events.append(ReportEvent(
                report_id=report.pk, action=step, from_status=previous, to_status=STEP_STATUS[step],
                actor_id=actor_for[step], department_id=report.department_id, comment=COMMENTS[step],
                created_at=moment,
            ))
            previous = STEP_STATUS[step]
    ReportEvent.objects.bulk_create(events, batch_size=5000)
    photos = _photos(created, rng)
    return {"departments": len(departments), "report categories": len(categories), "grid reports": len(created),
            "report events": len(events), "report photos": photos}


def _demo_png() -> bytes:
    """A small grey PNG (64×48), built here so the demo needs no image file or library."""
    width, height = 64, 48
    raw = b"".join(b"\x00" + b"\x9a\x9a\x9a" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _photos(reports: list[GridReport], rng: random.Random) -> int:
    """About a fifth of the cases carry a site photo: one stored file (partybuild.files, private, generated
    name) shared by their rows, so even the city scale writes a single file."""
    chosen = [r for r in reports if rng.random() < 0.2]
    if not chosen:
        return 0
    data = _demo_png()
    name = private_storage.save(UploadTo("reports/photos")(None, "demo.png"), ContentFile(data))
    ReportPhoto.objects.bulk_create(
        [ReportPhoto(report_id=r.pk, image=name, content_type=PNG.content_type, size=len(data)) for r in chosen],
        batch_size=5000,
    )
    return len(chosen)
