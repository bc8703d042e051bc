"""Demo rows of the red property service, called by ``seed_demo`` after the tree is built.

Proportions from the seeds (DOMAIN.md, Red property service): about 2.3 service units and 1.5
property companies per community; Wuchang's units are 57 of 347 self-managed, the rest with an
owners' committee or a property management committee (most of them with a company); of Wuchang's
224 companies 31 have their own party branch, 27 sit in joint branches and the rest have a
party-building instructor. Then committees (a tenth past their term without a new election), the
武房管家 items and services, two quarters of complaints (with answers, closures and repeats),
satisfaction surveys and inspections. Everything is built in memory and inserted with
``bulk_create``; the tree is read with a few ``values_list`` queries.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from faker import Faker

from grids.models import Building, Household
from organizations.models import Level, Member, Organization
from organizations.paths import COMMUNITY_DEPTH, STREET_DEPTH, prefix_at
from reports.workcalendar import add_working_days

from .models import (
    Committee,
    CommitteeMember,
    Complaint,
    Inspection,
    InspectionPhoto,
    ListEntry,
    ListStatus,
    ListStep,
    ManagementMode,
    Matter,
    PartyStatus,
    PropertyCompany,
    RankingWeights,
    SatisfactionSurvey,
    ServiceItem,
    ServiceRecord,
    ServiceUnit,
    UnitBuilding,
    UnitCompanyPeriod,
)
from .services import ANSWER_WORKING_DAYS, REPEAT_WINDOW
from .validators import credit_check_char

BATCH = 5000
UNITS_PER_COMMUNITY = 2.3
COMPANIES_PER_COMMUNITY = 1.5
# Wuchang: 31 own branch, 27 joint branch, 166 instructor of 224.
PARTY_MIX = ((PartyStatus.OWN_BRANCH, 31), (PartyStatus.JOINT_BRANCH, 27), (PartyStatus.INSTRUCTOR, 166))
# Wuchang: 57 of 347 self-managed; the 290 others split between committee modes and company management.
MODE_MIX = (
    (ManagementMode.SELF_MANAGED, 57), (ManagementMode.COMPANY, 130), (ManagementMode.OWNERS_COMMITTEE, 110),
    (ManagementMode.MANAGEMENT_COMMITTEE, 50),
)
BRANDS = (
    "红枫", "江城", "楚天", "黄鹤", "长江", "东湖", "首义", "南湖", "晴川", "汉阳", "紫阳", "沙湖", "粮道", "积玉桥",
)
SUFFIXES = ("物业服务有限公司", "物业管理有限公司", "城市服务有限公司")
COMPOUNDS = ("小区", "花园", "家园", "新村", "院落", "公寓")
ITEMS = (
    ("家电维修", "80", "上门检测维修，质保三个月"), ("更换水管", "120", "每米计价，72 小时不渗漏"),
    ("疏通下水道", "50", "当日疏通，复堵免费再通"), ("门窗维修", "60", "更换合页、滑轮、密封条"),
    ("更换水龙头", "30", "不含配件费"), ("灯具安装", "20", "安装调试到位"),
)
ANSWERS = ("已安排维修人员上门处理", "已更换损坏部件，恢复正常", "已加强保洁频次", "已约谈相关人员并整改",
           "已张贴公示并与业主沟通", "已协调相关部门处理")
DESCRIPTIONS = {
    Matter.ELEVATOR: "电梯频繁停运", Matter.WATER: "二次供水水质差", Matter.CLEANING: "楼道垃圾无人清理",
    Matter.SECURITY: "门禁损坏", Matter.PARKING: "消防通道被占用停车", Matter.GREENERY: "绿化带长期无人修剪",
    Matter.REPAIRS: "屋面渗水未维修", Matter.FEES: "物业费收费不透明", Matter.ATTITUDE: "物业人员态度差",
    Matter.OTHER: "公共照明损坏",
}


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _credit_code(n: int) -> str:
    body = f"9142010{n:010d}"
    return body + credit_check_char(body)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """Create this app's demo rows under ``root``; return counts to print."""
    communities = list(
        Organization.objects.filter(path__startswith=root.path, level=Level.COMMUNITY, status="active")
        .order_by("path").values_list("pk", "path", "name")
    )
    if not communities:
        return {}
    street_rows = Organization.objects.filter(path__startswith=root.path, level=Level.STREET)
    streets = dict(street_rows.values_list("path", "pk"))
    district = Organization.objects.filter(path=prefix_at(root.path, 1), level=Level.DISTRICT).first()
    tz = timezone.get_current_timezone()
    start_pk = PropertyCompany.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    members = defaultdict(list)
    member_rows = Member.objects.filter(branch__path__startswith=root.path).values_list("pk", "branch__path")
    for pk, path in member_rows[:20_000]:
        members[prefix_at(path, COMMUNITY_DEPTH)].append(pk)
    buildings = defaultdict(list)
    for pk, path in Building.objects.filter(grid__branch__path__startswith=root.path).values_list(
        "pk", "grid__branch__path"
    ):
        buildings[prefix_at(path, COMMUNITY_DEPTH)].append(pk)
    households = defaultdict(list)
    for pk, path in Household.objects.filter(building__grid__branch__path__startswith=root.path).values_list(
        "pk", "building__grid__branch__path"
    ):
        households[prefix_at(path, COMMUNITY_DEPTH)].append(pk)

    # --- companies: 1.5 per community, each registered by the street of the community it starts in.
    companies, company_home = [], []
    for i in range(max(1, round(COMPANIES_PER_COMMUNITY * len(communities)))):
        c_pk, c_path, _ = communities[i % len(communities)]
        status = _pick(rng, PARTY_MIX)
        company = PropertyCompany(
            registrar_id=streets.get(prefix_at(c_path, STREET_DEPTH)) or root.pk,
            name=f"{rng.choice(BRANDS)}{rng.choice(SUFFIXES)}{'' if i < len(BRANDS) else i}",
            credit_code=_credit_code(start_pk + i + 1), legal_representative=fake.name(), contact_name=fake.name(),
            phone=f"027-8{rng.randrange(10**6, 10**7)}", address=fake.street_address(), qualification="一级",
            party_status=status,
        )
        pool = members.get(c_path)
        if status in (PartyStatus.OWN_BRANCH, PartyStatus.JOINT_BRANCH):
            company.party_branch_id = c_pk
        elif pool:
            company.instructor_id = rng.choice(pool)
            company.instructor_since = ref - timedelta(days=rng.randrange(60, 1500))
        else:
            company.party_status = PartyStatus.NONE
        companies.append(company)
        company_home.append(c_path)
    PropertyCompany.objects.bulk_create(companies, batch_size=BATCH)
    by_street = defaultdict(list)
    for company, path in zip(companies, company_home, strict=True):
        by_street[prefix_at(path, STREET_DEPTH)].append(company)

    # --- units: 2.3 per community, the community's buildings shared out among them.
    units, unit_buildings = [], []
    for n, (c_pk, c_path, c_name) in enumerate(communities):
        count = int(UNITS_PER_COMMUNITY) + (rng.random() < UNITS_PER_COMMUNITY % 1)
        street_companies = by_street.get(prefix_at(c_path, STREET_DEPTH)) or companies
        for k in range(count):
            mode = _pick(rng, MODE_MIX)
            hires = mode == ManagementMode.COMPANY or (mode != ManagementMode.SELF_MANAGED and rng.random() < 0.7)
            unit = ServiceUnit(
                community_id=c_pk, code=f"PSU-{root.code}-{n:05d}-{k}",
                name=f"{c_name[:4]}{rng.choice(COMPOUNDS)}{k + 1}", management_mode=mode,
                company=rng.choice(street_companies) if hires else None, households=rng.randrange(80, 600),
            )
            units.append(unit)
            unit_buildings.append([b for j, b in enumerate(buildings.get(c_path, [])) if j % (count + 1) == k])
    ServiceUnit.objects.bulk_create(units, batch_size=BATCH)
    periods = [
        UnitCompanyPeriod(unit=u, management_mode=u.management_mode, company=u.company,
                          started_on=ref - timedelta(days=rng.randrange(200, 2000)))
        for u in units
    ]
    UnitCompanyPeriod.objects.bulk_create(periods, batch_size=BATCH)
    coverage = [
        UnitBuilding(unit=u, building_id=b, started_on=p.started_on)
        for u, p, bs in zip(units, periods, unit_buildings, strict=True) for b in bs
    ]
    UnitBuilding.objects.bulk_create(coverage, batch_size=BATCH)

    # --- committees: five-year terms; about a tenth ended without a new election.
    committees, seats = [], []
    for u in units:
        if u.management_mode == ManagementMode.SELF_MANAGED:
            continue
        overdue = rng.random() < 0.1
        start = ref - timedelta(days=rng.randrange(1900, 2400) if overdue else rng.randrange(30, 1700))
        kind = (
            "management_committee" if u.management_mode == ManagementMode.MANAGEMENT_COMMITTEE
            else "owners_committee"
        )
        committee = Committee(unit=u, kind=kind, elected_on=start - timedelta(days=14), term_start=start,
                              term_end=date(start.year + 5, start.month, min(start.day, 28)))
        committees.append(committee)
        for s in range(rng.randrange(5, 8)):
            role = "chair" if s == 0 else "vice_chair" if s == 1 else "member"
            cross = rng.random() < 0.2
            seats.append(CommitteeMember(
                committee=committee, name=fake.name(), phone=f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
                committee_role=role, is_party_member=rng.random() < 0.35,
                cross_appointment=rng.choice(("in_service_official", "community_committee")) if cross else "",
                cross_post=rng.choice(("社区居委会委员", "区直单位在职干部")) if cross else "",
                started_on=start,
            ))
    Committee.objects.bulk_create(committees, batch_size=BATCH)
    CommitteeMember.objects.bulk_create(seats, batch_size=BATCH)

    # --- 武房管家: the district's items, and a few services per community.
    owner = district or root
    items = [ServiceItem(owner=owner, name=n, fee=Decimal(f), quality_standard=q) for n, f, q in ITEMS]
    existing = set(ServiceItem.objects.filter(owner=owner).values_list("name", flat=True))
    ServiceItem.objects.bulk_create([i for i in items if i.name not in existing], batch_size=BATCH)
    items = list(ServiceItem.objects.filter(owner=owner))
    records = []
    for c_pk, c_path, _ in communities:
        for _ in range(rng.randrange(2, 7) if households.get(c_path) else 0):
            item = rng.choice(items)
            quantity = rng.randrange(1, 3)
            records.append(ServiceRecord(
                community_id=c_pk, item=item, household_id=rng.choice(households[c_path]), quantity=quantity,
                served_on=ref - timedelta(days=rng.randrange(0, 180)), fee_charged=item.fee * quantity,
            ))
    ServiceRecord.objects.bulk_create(records, batch_size=BATCH)

    # --- two quarters of complaints, surveys and inspections.
    this_q = _quarter_start(ref)
    last_q = _quarter_start(this_q - timedelta(days=1))
    complaints, surveys, inspections = [], [], []
    path_of = {pk: path for pk, path, _ in communities}
    for u in units:
        pool = households.get(path_of[u.community_id], [])
        for q_start in (last_q, this_q):
            q_days = max(1, min((ref - q_start).days, 89))
            if u.company is not None:
                previous = None
                for _ in range(rng.randrange(0, 4)):
                    day = q_start + timedelta(days=rng.randrange(q_days))
                    filed = datetime.combine(day, time(9 + rng.randrange(8)), tzinfo=tz)
                    # A third of follow-ups are the same household about the same matter: repeats.
                    repeat = previous is not None and rng.random() < 0.33 and filed > previous.filed_at and (
                        filed - previous.filed_at <= REPEAT_WINDOW)
                    matter = previous.matter if repeat else rng.choice(Matter.values)
                    household = previous.household_id if repeat else (rng.choice(pool) if pool else None)
                    due = add_working_days(filed, ANSWER_WORKING_DAYS)
                    c = Complaint(
                        unit=u, company=u.company, source="community", household_id=household, matter=matter,
                        description=DESCRIPTIONS[matter], resident_name=fake.name(), routed_to=u.company.contact_name,
                        filed_at=filed, answer_due_at=due, repeat_of=previous if repeat else None,
                        complaint_status="routed",
                    )
                    answered_at = due + timedelta(hours=rng.choice((-40, -20, -4, 6, 30)))
                    if answered_at < timezone.make_aware(datetime.combine(ref, time(12)), tz) and rng.random() < 0.9:
                        c.answer, c.answered_at, c.complaint_status = rng.choice(ANSWERS), answered_at, "answered"
                        if rng.random() < 0.8:
                            c.complaint_status = "closed"
                            c.closed_at = answered_at + timedelta(days=1)
                            c.satisfaction = rng.choice((5, 5, 4, 4, 4, 3, 2))
                    complaints.append(c)
                    previous = c if household and not repeat else previous
                inspections.append(Inspection(
                    unit=u, company=u.company, inspected_on=q_start + timedelta(days=rng.randrange(q_days)),
                    items_checked="消防通道、垃圾分类、公共照明、电梯运行", score=rng.randrange(60, 100),
                ))
            asked = rng.randrange(20, 80)
            surveys.append(SatisfactionSurvey(
                unit=u, year=q_start.year, quarter=(q_start.month - 1) // 3 + 1, sample_size=asked,
                satisfied=int(asked * rng.uniform(0.6, 0.98)),
            ))
    # Repeats point at complaints of the same batch: insert the originals first.
    originals = [c for c in complaints if c.repeat_of is None]
    Complaint.objects.bulk_create(originals, batch_size=BATCH)
    Complaint.objects.bulk_create([c for c in complaints if c.repeat_of is not None], batch_size=BATCH)
    SatisfactionSurvey.objects.bulk_create(surveys, batch_size=BATCH)
    Inspection.objects.bulk_create(inspections, batch_size=BATCH)
    photos = _inspection_photos(inspections, rng)
    if district is not None and not RankingWeights.objects.filter(district=district).exists():
        RankingWeights.objects.create(district=district)
    entries = _seed_lists(by_street=by_street, streets=streets, rng=rng, ref=ref, tz=tz)
    return {
        "property companies": len(companies),
        "property service units": len(units),
        "owners' and management committees": len(committees),
        "property complaints": len(complaints),
        "service records (武房管家)": len(records),
        "red and black list entries": entries,
        "inspection photos": photos,
    }


def _inspection_photos(inspections: list[Inspection], rng: random.Random) -> int:
    """A site photo on about a quarter of the inspections: one stored file (private, generated name)
    shared by their rows, as the grid reports' demo photos, so no scale writes more than one file."""
    from django.core.files.base import ContentFile

    from partybuild.files import PNG, UploadTo, private_storage
    from reports.demo import _demo_png

    chosen = [i for i in inspections if rng.random() < 0.25]
    if not chosen:
        return 0
    name = private_storage.save(UploadTo("estates/inspections")(None, "demo.png"), ContentFile(_demo_png()))
    InspectionPhoto.objects.bulk_create(
        [InspectionPhoto(inspection=i, image=name, content_type=PNG.content_type, caption="现场照片") for i in chosen],
        batch_size=BATCH,
    )
    return len(chosen)


# Each street's lists as the practice has them at any time: a company on the red list, one on the
# black list whose appeal is pending, and a fresh black-list proposal the street has yet to confirm.
LIST_STORIES = (
    ("red", "manual", ("proposed", "confirmed", "listed"), "连续两个季度投诉为零，满意度测评居街道首位"),
    ("black", "rule", ("proposed", "confirmed", "listed", "appealed"),
     "连续两个季度排名街道末位，电梯故障投诉反复发生"),
    ("black", "manual", ("proposed",), "巡查发现消防通道长期堵塞，整改通知后仍未整改"),
)
APPEAL = "已完成电梯大修并更换维保单位，申请复核"


def _seed_lists(*, by_street, streets, rng: random.Random, ref: date, tz) -> int:
    """Red and black list entries (红黑榜) with their step history, per street that has companies."""
    entries, steps = [], []
    for street_path in sorted(by_street):
        street_id = streets.get(street_path)
        pool = by_street[street_path]
        if street_id is None:
            continue
        for company, (kind, basis, states, evidence) in zip(rng.sample(pool, min(len(pool), 3)), LIST_STORIES,
                                                             strict=False):
            entry = ListEntry(company=company, street_id=street_id, kind=kind, basis=basis, evidence=evidence,
                              list_status=states[-1])
            if ListStatus.LISTED in states:
                entry.starts_on = ref - timedelta(days=rng.randrange(20, 80))
                entry.expires_on = date(entry.starts_on.year + 1, entry.starts_on.month, min(entry.starts_on.day, 28))
                entry.review_on = entry.starts_on + timedelta(days=180)
            if ListStatus.APPEALED in states:
                entry.appeal_reason = APPEAL
            entries.append(entry)
            at = datetime.combine(ref - timedelta(days=100), time(10), tzinfo=tz)
            for state in states:
                at = min(at + timedelta(days=rng.randrange(3, 12)), datetime.combine(ref, time(9), tzinfo=tz))
                note = evidence if state == ListStatus.PROPOSED else APPEAL if state == ListStatus.APPEALED else ""
                steps.append(ListStep(entry=entry, list_status=state, at=at, note=note))
    ListEntry.objects.bulk_create(entries, batch_size=BATCH)
    ListStep.objects.bulk_create(steps, batch_size=BATCH)
    return len(entries)
