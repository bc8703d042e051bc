"""Party members with their dated history, member households, secretaries and co-building units."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db.models import OuterRef, Subquery
from faker import Faker

from organizations.models import (
    HISTORICAL_STATUSES,
    Education,
    Gender,
    Level,
    Member,
    MemberCategory,
    MembershipPeriod,
    MemberStatus,
    MemberStatusChange,
    Organization,
    OrgStatus,
    PartTimeMember,
    ResidentUnit,
    Transfer,
    TransferState,
)
from organizations.validators import id_check_char

from . import names
from .tree import Scale, Territory, Tree, phone, random_date

STATUS_WEIGHTS = (
    (MemberStatus.ACTIVE, 930), (MemberStatus.FLOATING_OUT, 20), (MemberStatus.FLOATING_IN, 10),
    (MemberStatus.ABROAD, 5), (MemberStatus.TRANSFERRED_OUT, 12), (MemberStatus.DECEASED, 18), (MemberStatus.LEFT, 5),
)
STATUS_NOTES = {
    MemberStatus.FLOATING_OUT: "外出务工", MemberStatus.FLOATING_IN: "流入党员", MemberStatus.ABROAD: "出国定居",
    MemberStatus.TRANSFERRED_OUT: "组织关系转出本区", MemberStatus.DECEASED: "病故", MemberStatus.LEFT: "自行脱党",
}
EDUCATION_WEIGHTS = (
    (Education.PRIMARY, 5), (Education.JUNIOR, 15), (Education.SENIOR, 25), (Education.COLLEGE, 25),
    (Education.BACHELOR, 25), (Education.POSTGRADUATE, 5),
)
# Officers (secretaries, committee members) are created first in each organisation, so
# "the first active member" of an organisation is its secretary.
OFFICERS = {Level.STREET: 3, Level.COMMUNITY: 5, Level.SPECIAL: 3, Level.GRID: 2, Level.BUILDING: 1}


def _years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class MemberMaker:
    def __init__(self, tree: Tree, territory: Territory, rng: random.Random, fake: Faker, ref: date):
        self.tree, self.territory, self.rng, self.fake, self.ref = tree, territory, rng, fake, ref
        # Other data in the database (a second demo district) must not collide on ID numbers.
        self.used_ids = set(Member.objects.values_list("id_number", flat=True)) if Member.objects.exists() else set()
        self.street_of: dict[str, Organization] = {}
        for org in tree.all_nodes():
            node = org
            while node.level not in (Level.STREET, Level.DISTRICT):
                node = tree.parent_of[node.code]
            self.street_of[org.code] = node
        self.communities_of: dict[str, list[Organization]] = {}
        for c in tree.communities:
            self.communities_of.setdefault(tree.parent_of[c.code].code, []).append(c)
        self.households_of: dict[str, list] = {}
        for b in tree.buildings:
            homes = territory.households_by_building[b.code]
            self.households_of[b.code] = homes
            self.households_of.setdefault(tree.parent_of[b.code].code, []).extend(homes)
        for c in tree.communities:
            self.households_of[c.code] = []
        for g in tree.grids:
            self.households_of[tree.parent_of[g.code].code].extend(self.households_of[g.code])

    def id_number(self, birth: date, male: bool) -> str:
        while True:
            seq = self.rng.randrange(500) * 2 + (1 if male else 0)  # the 17th digit is odd for men
            first17 = f"{self.rng.choice(names.AREA_CODES)}{birth:%Y%m%d}{seq:03d}"
            number = first17 + id_check_char(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def make(self, branch: Organization, *, officer: bool = False, household=None) -> Member:
        rng, ref = self.rng, self.ref
        male = rng.random() < (0.6 if officer else 0.52)
        name = self.fake.last_name() + (self.fake.first_name_male() if male else self.fake.first_name_female())
        probationary = not officer and rng.random() < 0.03
        if probationary:
            joined = ref - timedelta(days=rng.randint(10, 360))
            birth = random_date(rng, date(1975, 1, 1), _years(joined, -18))
        else:
            birth = random_date(rng, date(1962 if officer else 1938, 1, 1), date(1995 if officer else 2003, 12, 31))
            joined = min(random_date(rng, _years(birth, 18), _years(birth, 40)), ref - timedelta(days=400))
        status = MemberStatus.ACTIVE if officer or probationary else rng.choices(*zip(*STATUS_WEIGHTS, strict=True))[0]
        member = Member(
            name=name, gender=Gender.MALE if male else Gender.FEMALE, birth_date=birth,
            id_number=self.id_number(birth, male), phone=phone(rng),
            education=rng.choices(*zip(*EDUCATION_WEIGHTS, strict=True))[0], joined_on=joined,
            category=MemberCategory.PROBATIONARY if probationary else MemberCategory.FULL, status=status,
            branch_id=branch.pk,
        )
        homes = self.households_of.get(branch.code)
        if household is not None:
            member.household_id = household.pk
        elif homes and rng.random() < 0.6:
            member.household_id = rng.choice(homes).pk
        if not officer and status == MemberStatus.ACTIVE and rng.random() < 0.15:
            street = self.street_of[branch.code]
            member.is_in_service = True
            member.work_unit = rng.choice(names.WORK_UNITS)
            nearby = self.communities_of.get(street.code) or self.tree.communities
            member.registered_community_id = rng.choice(nearby).pk
            member.registered_on = random_date(rng, date(2019, 1, 1), ref)
        return member


def create_members(tree: Tree, territory: Territory, scale: Scale, rng: random.Random, fake: Faker,
                   ref: date) -> dict[str, int]:
    maker = MemberMaker(tree, territory, rng, fake, ref)
    members: list[Member] = []
    for org in [*tree.streets, *tree.communities, *tree.specials, *tree.grids, *tree.buildings]:
        members.extend(maker.make(org, officer=True) for _ in range(OFFICERS[org.level]))
    hosts = []
    for hh in tree.households:
        building = tree.household_building[hh.code]
        host = maker.make(tree.parent_of[building.code], officer=True,
                          household=rng.choice(territory.households_by_building[building.code]))
        hosts.append((hh, host))
        members.append(host)
    # The rest: mostly grid branches, some at community level and in building groups.
    pools = ((tree.grids, 0.85), (tree.communities, 0.10), (tree.buildings, 0.05))
    for _ in range(max(0, scale.members - len(members))):
        pool = rng.choices([p for p, _ in pools], [w for _, w in pools])[0]
        members.append(maker.make(rng.choice(pool)))
    Member.objects.bulk_create(members, batch_size=2000)

    for hh, host in hosts:
        hh.host_id = host.pk
        hh.name = f"{host.name}党员中心户"
    Organization.objects.bulk_create(tree.households, batch_size=2000)
    counts = _history(members, tree, rng, ref)
    _set_secretaries(tree.root)
    counts["members"] = len(members)
    return counts


def _history(members: list[Member], tree: Tree, rng: random.Random, ref: date) -> dict[str, int]:
    """Membership periods, status changes and transfers, consistent with each member's state."""
    periods, changes, transfers = [], [], []
    grid_pks = [g.pk for g in tree.grids]
    officers = sum(OFFICERS.get(o.level, 0) for o in tree.all_nodes()) + len(tree.households)
    for i, m in enumerate(members):
        start, reason = m.joined_on, MembershipPeriod.Reason.JOINED
        if i >= officers and m.status == MemberStatus.ACTIVE and m.category == MemberCategory.FULL:
            if rng.random() < 0.04:  # moved in from another branch of the district
                before = rng.choice([pk for pk in rng.sample(grid_pks, min(3, len(grid_pks))) if pk != m.branch_id])
                moved = random_date(rng, m.joined_on + timedelta(days=30), ref - timedelta(days=30))
                periods.append(MembershipPeriod(member_id=m.pk, organization_id=before, started_on=m.joined_on,
                                                ended_on=moved, reason=MembershipPeriod.Reason.JOINED))
                sent = moved - timedelta(days=rng.randint(1, 10))
                transfers.append(Transfer(member_id=m.pk, from_org_id=before, to_org_id=m.branch_id, sent_on=sent,
                                          state=TransferState.RECEIVED, closed_on=moved, reason="居住地变更"))
                start, reason = moved, MembershipPeriod.Reason.TRANSFER
            elif rng.random() < 0.002:  # waiting to be received
                to = rng.choice([pk for pk in rng.sample(grid_pks, min(3, len(grid_pks))) if pk != m.branch_id])
                transfers.append(Transfer(member_id=m.pk, from_org_id=m.branch_id, to_org_id=to, reason="工作调动",
                                          sent_on=ref - timedelta(days=rng.randint(1, 20))))
        ended = None
        if m.status != MemberStatus.ACTIVE:
            on = random_date(rng, start + timedelta(days=1), ref)
            changes.append(MemberStatusChange(member_id=m.pk, status=m.status, effective_on=on,
                                              note=STATUS_NOTES.get(m.status, "")))
            if m.status in HISTORICAL_STATUSES:
                ended = on
        periods.append(MembershipPeriod(member_id=m.pk, organization_id=m.branch_id, started_on=start,
                                        ended_on=ended, reason=reason))
    MembershipPeriod.objects.bulk_create(periods, batch_size=2000)
    MemberStatusChange.objects.bulk_create(changes, batch_size=2000)
    Transfer.objects.bulk_create(transfers, batch_size=2000)
    return {"membership periods": len(periods), "status changes": len(changes), "transfers": len(transfers)}


def _set_secretaries(root: Organization) -> None:
    # One set-based update: each organisation's first active member (an officer) is its secretary.
    first = Member.objects.filter(branch=OuterRef("pk"), status=MemberStatus.ACTIVE).order_by("pk").values("pk")[:1]
    Organization.objects.filter(
        path__startswith=root.path, level__in=[Level.STREET, Level.COMMUNITY, Level.GRID, Level.SPECIAL],
        status=OrgStatus.ACTIVE,
    ).update(secretary=Subquery(first))


def create_co_builders(tree: Tree, scale: Scale, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """Resident units per street and the part-time members they send to 大工委 and 大党委."""
    units: dict[str, list[ResidentUnit]] = {}
    rows = []
    kinds = ResidentUnit.Kind
    for street in tree.streets:
        short = street.name.removesuffix("党工委")
        taken: set[str] = set()
        own = units.setdefault(street.code, [])
        while len(own) < scale.units_per_street:
            kind = rng.choices(list(kinds), [4, 3, 2, 1])[0]
            if kind == kinds.RESIDENT_UNIT:
                name = rng.choice(names.RESIDENT_UNITS)
            elif kind == kinds.COMPANY:
                name = fake.company()
            elif kind == kinds.SOCIAL_ORG:
                name = f"{short}{rng.choice(names.SOCIAL_ORGS)}"
            else:
                name = f"{rng.choice(names.PROPERTY_COMPANIES)}{rng.choice(names.COMPOUNDS)}项目部"
            if name in taken:
                continue
            taken.add(name)
            unit = ResidentUnit(name=name, kind=kind, street_id=street.pk, contact=fake.name(), phone=phone(rng),
                                address=f"{rng.choice(names.ROADS)}{rng.randint(1, 500)}号")
            own.append(unit)
            rows.append(unit)
    ResidentUnit.objects.bulk_create(rows, batch_size=2000)
    delegates = []
    term_start = date(ref.year - 2, 1, 1)
    for committee in [*tree.streets, *tree.communities]:
        street = committee if committee.level == Level.STREET else tree.parent_of[committee.code]
        seats = rng.randint(5, 8) if committee.level == Level.STREET else rng.randint(1, 2)
        for unit in rng.sample(units[street.code], min(seats, len(units[street.code]))):
            delegates.append(PartTimeMember(committee_id=committee.pk, name=fake.name(), unit_id=unit.pk,
                                            position=rng.choice(names.POSITIONS), term_start=term_start,
                                            term_end=_years(term_start, 5)))
    PartTimeMember.objects.bulk_create(delegates, batch_size=2000)
    return {"resident units": len(rows), "part-time members": len(delegates)}
