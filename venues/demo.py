"""Demo venues and a year of bookings, called by ``seed_demo`` after the tree is built.

Proportions from the seeds: every community has a party-mass service centre (Wuchang: average area
over 1,200, 84% over 1,000 m²), with the six function zones in most (Yungang); red posts, red
reading rooms and mediation rooms at about 100, 80 and 50 per 150 communities (Yungang); 16 open
organisation-life bases per 150 communities, which take about 460 groups and 10,000+ visitors a
year (Jianxi). Generated in memory and inserted with ``bulk_create``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from faker import Faker

from organizations.models import Level, Organization, ResidentUnit
from organizations.paths import prefix_at

from .models import ZONE_FIELDS, Booking, BookingStatus, Channel, Slot, Venue, VenueKind

BATCH = 5000
STREET_DEPTH = 2
# Per 150 communities (Yungang, Jianxi).
PER_150 = {VenueKind.RED_POST: 100, VenueKind.RED_READING_ROOM: 80, VenueKind.MEDIATION_ROOM: 50,
           VenueKind.LIFE_BASE: 16}
GROUPS_PER_BASE = 29  # Jianxi: 460 groups over 16 bases
PURPOSES = ("主题党日活动", "重温入党誓词", "红色教育参观", "支部书记讲党课", "党史学习交流", "新党员入党宣誓",
            "三新讲习所宣讲", "志愿服务培训", "共建单位联学联建")
CHANNEL_WEIGHTS = ((Channel.WEB, 45), (Channel.WECHAT, 35), (Channel.HOTLINE, 15), (Channel.IN_PERSON, 5))
PAST_STATUSES = ((BookingStatus.CONFIRMED, 88), (BookingStatus.DECLINED, 5), (BookingStatus.CANCELLED, 7))
COMING_STATUSES = ((BookingStatus.CONFIRMED, 60), (BookingStatus.REQUESTED, 40))
BASE_NAMES = ("红色记忆", "初心", "党员之家", "红色课堂", "先锋", "信仰", "红色港湾", "同心")


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def _venues(rng: random.Random, communities: list[tuple[int, str, str]]) -> list[Venue]:
    rows = []
    for org_id, _path, name in communities:
        area = Decimal(max(300, int(rng.gauss(1250, 260))))
        zones = {f: rng.random() < 0.85 for f in ZONE_FIELDS}
        short = name.removesuffix("党委").removesuffix("党总支").removesuffix("党支部")
        rows.append(Venue(
            owner_id=org_id, kind=VenueKind.SERVICE_CENTRE, name=f"{short}党群服务中心",
            address=f"{name[:3]}路{rng.randint(1, 300)}号", area_m2=area, capacity=max(50, int(area) // 8),
            opening_hours="周一至周日 8:30–20:00", **zones,
        ))
    n = len(communities)
    for kind, per in PER_150.items():
        count = max(1, round(n * per / 150))
        for i, (org_id, _path, name) in enumerate(rng.sample(communities, min(count, n)) if count <= n else
                                                  [rng.choice(communities) for _ in range(count)]):
            label = {VenueKind.RED_POST: "红色驿站", VenueKind.RED_READING_ROOM: "红色书屋",
                     VenueKind.MEDIATION_ROOM: "人民调解室"}.get(kind)
            base = kind == VenueKind.LIFE_BASE
            title = f"{BASE_NAMES[i % len(BASE_NAMES)]}开放式组织生活基地" if base else label
            rows.append(Venue(
                owner_id=org_id, kind=kind, name=f"{name[:4]}{title}{'' if base else i + 1}",
                address=f"{name[:3]}路{rng.randint(1, 300)}号",
                area_m2=Decimal(rng.randint(150, 600) if base else rng.randint(20, 120)),
                capacity=rng.randint(30, 60) if base else rng.randint(6, 25), is_bookable=base,
                opening_hours="周二至周日 9:00–17:30" if base else "每日 8:00–20:00",
            ))
    return rows


def _bookings(rng, bases, communities, units, ref: date) -> list[Booking]:
    by_street = defaultdict(list)
    for org_id, path, _name in communities:
        by_street[prefix_at(path, STREET_DEPTH)].append(org_id)
    rows = []
    start = ref - timedelta(days=330)
    for venue, street_path, street_id in bases:
        taken = set()
        for _ in range(rng.randint(GROUPS_PER_BASE - 8, GROUPS_PER_BASE + 8)):
            day = start + timedelta(days=rng.randint(0, 360))
            slot = rng.choice(Slot.values)
            if (day, slot) in taken:
                continue
            taken.add((day, slot))
            past = day < ref
            status = _pick(rng, PAST_STATUSES if past else COMING_STATUSES)
            street_units = units.get(street_id, [])
            use_unit = street_units and rng.random() < 0.35
            rows.append(Booking(
                venue=venue, date=day, slot=slot,
                booker_org_id=None if use_unit else rng.choice(by_street[street_path] or [venue.owner_id]),
                resident_unit_id=rng.choice(street_units) if use_unit else None,
                group_size=min(venue.capacity, max(5, int(rng.gauss(23, 8)))), purpose=rng.choice(PURPOSES),
                channel=_pick(rng, CHANNEL_WEIGHTS), contact_name="", contact_phone=_phone(rng), status=status,
            ))
    return rows


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """Create this app's demo rows under ``root``; return counts to print."""
    communities = list(Organization.objects.filter(
        path__startswith=root.path, level=Level.COMMUNITY, status="active"
    ).order_by("path").values_list("id", "path", "name"))
    if not communities:
        return {}
    venues = Venue.objects.bulk_create(_venues(rng, communities), batch_size=BATCH)
    streets = dict(Organization.objects.filter(
        path__startswith=root.path, level=Level.STREET
    ).values_list("path", "id"))
    units = defaultdict(list)
    unit_rows = ResidentUnit.objects.filter(street__path__startswith=root.path).values_list("id", "street_id")
    for unit_id, street_id in unit_rows:
        units[street_id].append(unit_id)
    paths = {org_id: path for org_id, path, _name in communities}
    bases = []
    for venue in venues:
        if venue.kind == VenueKind.LIFE_BASE:
            street_path = prefix_at(paths[venue.owner_id], STREET_DEPTH)
            bases.append((venue, street_path, streets.get(street_path)))
    bookings = _bookings(rng, bases, communities, units, ref)
    for booking in bookings:
        booking.contact_name = fake.name()
    Booking.objects.bulk_create(bookings, batch_size=BATCH)
    return {"service venues": len(venues), "venue bookings": len(bookings)}
