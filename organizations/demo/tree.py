"""The organisation tree and its territory for the demo district, built in memory then bulk-inserted.

Inserting node by node through treebeard costs a few queries per node; here the
materialised paths are computed directly (``Organization._get_path``) with
``depth`` and ``numchild`` set, so the whole tree goes in with a few bulk inserts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from grids.models import Building, Grid, GridWorker, Household
from organizations.models import Level, Organization, OrgType

from . import names


@dataclass(frozen=True)
class Scale:
    streets: int
    communities: int
    grids_per_community: int
    buildings_per_grid: int
    member_households: int
    members: int
    households_per_building: int
    units_per_street: int
    temporary_branches: int


SCALES = {
    "small": Scale(2, 6, 2, 2, 16, 200, 4, 4, 1),
    "district": Scale(10, 150, 2, 2, 1_000, 15_000, 12, 30, 3),
    "city": Scale(100, 1_500, 2, 2, 10_000, 150_000, 12, 30, 30),
}
# Jianxi's 71 communities: 54 党委, 10 党总支, 7 党支部.
COMMUNITY_TYPE_WEIGHTS = ((OrgType.COMMITTEE, 54), (OrgType.GENERAL_BRANCH, 10), (OrgType.BRANCH, 7))
COMMUNITY_SUFFIX = {OrgType.COMMITTEE: "社区党委", OrgType.GENERAL_BRANCH: "社区党总支", OrgType.BRANCH: "社区党支部"}


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def landline(rng: random.Random) -> str:
    return f"027-8{rng.randrange(10**7):07d}"


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


@dataclass
class Tree:
    """Everything the member generator needs to know about the tree, by level."""

    root: Organization
    streets: list[Organization] = field(default_factory=list)
    communities: list[Organization] = field(default_factory=list)
    grids: list[Organization] = field(default_factory=list)
    buildings: list[Organization] = field(default_factory=list)
    specials: list[Organization] = field(default_factory=list)
    # Member households (level 6) wait for their host member before insertion.
    households: list[Organization] = field(default_factory=list)
    household_building: dict[str, Organization] = field(default_factory=dict)
    parent_of: dict[str, Organization] = field(default_factory=dict)
    _children: dict[str, int] = field(default_factory=dict)

    def add(self, parent: Organization | None, **fields) -> Organization:
        key = parent.path if parent else ""
        self._children[key] = self._children.get(key, 0) + 1
        depth = parent.depth + 1 if parent else 1
        org = Organization(depth=depth, numchild=0, **fields)
        org.path = Organization._get_path(key or None, depth, self._children[key])
        if parent:
            self.parent_of[org.code] = parent
        return org

    def finish_numchild(self) -> None:
        for org in self.all_nodes():
            org.numchild = self._children.get(org.path, 0)

    def all_nodes(self) -> list[Organization]:
        return [self.root, *self.streets, *self.communities, *self.grids, *self.buildings, *self.specials,
                *self.households]


def plan_tree(scale: Scale, rng: random.Random, root_code: str, ref: date) -> Tree:
    root = Organization(code=root_code, name="武昌区委", level=Level.DISTRICT, depth=1, numchild=0,
                        path=Organization._get_path(None, 1, 1), phone="027-88851234", address="武昌区中山路300号")
    # Another district already in the database (the benchmark seeds two) keeps its root position.
    last = Organization.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    root.path = Organization._get_path(None, 1, Organization._str2int(last) + 1 if last else 1)
    tree = Tree(root=root)
    est = lambda: random_date(rng, date(1998, 1, 1), date(2020, 12, 31))  # noqa: E731
    street_names = names.street_names(scale.streets, rng)
    community_names = names.community_names(scale.communities, rng)
    types, weights = zip(*COMMUNITY_TYPE_WEIGHTS, strict=True)
    for s, sname in enumerate(street_names, 1):
        tree.streets.append(tree.add(root, code=f"{root_code}{s:03d}", name=f"{sname}党工委", level=Level.STREET,
                                     phone=landline(rng), address=f"{rng.choice(names.ROADS)}{rng.randint(1, 400)}号",
                                     established_on=est()))
    for c, cname in enumerate(community_names):
        street = tree.streets[c * scale.streets // scale.communities]
        org_type = rng.choices(types, weights)[0]
        tree.communities.append(tree.add(
            street, code=f"{street.code}C{c + 1:04d}", name=f"{cname}{COMMUNITY_SUFFIX[org_type]}",
            level=Level.COMMUNITY, org_type=org_type, phone=landline(rng), established_on=est(),
            address=f"{rng.choice(names.ROADS)}{rng.randint(1, 400)}号",
        ))
    for community in tree.communities:
        short = community.name.split("社区")[0]
        for g in range(1, scale.grids_per_community + 1):
            grid = tree.add(community, code=f"{community.code}G{g}", level=Level.GRID, established_on=est(),
                            name=f"{short}第{names.chinese_number(g)}网格党支部")
            tree.grids.append(grid)
            for b in range(1, scale.buildings_per_grid + 1):
                tree.buildings.append(tree.add(grid, code=f"{grid.code}B{b}", name=f"{b}号楼党小组",
                                               level=Level.BUILDING, established_on=est()))
    _plan_specials(tree, scale, rng, ref, root_code)
    # Member households: every building group gets one, then the rest at random.
    per_building = {b.code: 1 for b in tree.buildings[: scale.member_households]}
    for b in rng.sample(tree.buildings, max(0, scale.member_households - len(tree.buildings))):
        per_building[b.code] += 1
    for building in tree.buildings:
        for h in range(1, per_building.get(building.code, 0) + 1):
            # The name waits for the host: "<host>党员中心户".
            node = tree.add(building, code=f"{building.code}H{h}", name="", level=Level.HOUSEHOLD,
                            established_on=random_date(rng, date(2018, 1, 1), ref))
            tree.households.append(node)
            tree.household_building[node.code] = building
    tree.finish_numchild()
    return tree


def _plan_specials(tree: Tree, scale: Scale, rng: random.Random, ref: date, root_code: str) -> None:
    n = 0

    def special(parent, name, org_type, **extra):
        nonlocal n
        n += 1
        tree.specials.append(tree.add(parent, code=f"{root_code}X{n:04d}", name=name, level=Level.SPECIAL,
                                      org_type=org_type, **extra))

    for i, street in enumerate(tree.streets):
        community = rng.choice([c for c in tree.communities if tree.parent_of[c.code] is street])
        special(community, f"{rng.choice(names.COMPOUNDS)}小区党支部", OrgType.COMPOUND_BRANCH,
                established_on=random_date(rng, date(2015, 1, 1), ref))
        if i % 2 == 0:
            special(street, f"{rng.choice(names.OFFICE_BUILDINGS)}楼宇综合党委", OrgType.BUILDING_COMMITTEE,
                    established_on=random_date(rng, date(2012, 1, 1), ref))
    for _ in range(scale.temporary_branches):
        community = rng.choice(tree.communities)
        started = ref - timedelta(days=rng.randint(30, 200))
        ends = started + timedelta(days=rng.randint(180, 365))
        special(community, f"{community.name.split('社区')[0]}{rng.choice(names.TEMPORARY_TASKS)}临时党支部",
                OrgType.TEMPORARY_BRANCH, established_on=started, end_date=ends)


def insert_tree(tree: Tree) -> None:
    """Insert every node but the member households (they need their host first)."""
    nodes = [n for n in tree.all_nodes() if n.level != Level.HOUSEHOLD]
    Organization.objects.bulk_create(nodes, batch_size=2000)
    _ensure_pks(nodes)


def _ensure_pks(nodes: list[Organization]) -> None:
    # PostgreSQL and SQLite ≥ 3.35 return primary keys from bulk inserts; other back ends need a lookup.
    if all(n.pk for n in nodes):
        return
    pks = dict(Organization.objects.filter(code__in=[n.code for n in nodes]).values_list("code", "pk"))
    for n in nodes:
        n.pk = pks[n.code]


@dataclass
class Territory:
    grids: dict[str, Grid] = field(default_factory=dict)  # by grid-branch code
    buildings: dict[str, Building] = field(default_factory=dict)  # by building-group code
    households_by_building: dict[str, list[Household]] = field(default_factory=dict)
    workers: list[GridWorker] = field(default_factory=list)


def build_territory(tree: Tree, scale: Scale, rng: random.Random, fake: Faker) -> Territory:
    """Grids with their workers, buildings and resident households, one bulk insert per table."""
    t = Territory()
    for org in tree.grids:
        community = tree.parent_of[org.code]
        road = rng.choice(names.ROADS)
        start = rng.randint(1, 300)
        t.grids[org.code] = Grid(code=f"GRID-{org.code}", name=org.name.removesuffix("党支部"), branch_id=org.pk,
                                 area_description=f"{community.name.split('社区')[0]} {road}{start}-{start + 40}号")
    Grid.objects.bulk_create(t.grids.values(), batch_size=2000)
    for grid in t.grids.values():
        for w in range(rng.randint(2, 3)):
            t.workers.append(GridWorker(grid_id=grid.pk, name=fake.name(), phone=phone(rng), is_leader=w == 0))
    GridWorker.objects.bulk_create(t.workers, batch_size=2000)
    for org in tree.buildings:
        grid = t.grids[tree.parent_of[org.code].code]
        number = org.name.removesuffix("党小组")
        t.buildings[org.code] = Building(
            grid_id=grid.pk, name=number, group_id=org.pk, leader_name=fake.name(), leader_phone=phone(rng),
            address=f"{rng.choice(names.ROADS)}{rng.randint(1, 500)}号{number}",
        )
    Building.objects.bulk_create(t.buildings.values(), batch_size=2000)
    rows = []
    for code, building in t.buildings.items():
        units = t.households_by_building.setdefault(code, [])
        for i in range(scale.households_per_building):
            unit = f"{i % 3 + 1}-{i // 3 + 1}0{rng.randint(1, 4)}"
            if any(h.unit == unit for h in units):
                unit = f"{unit}A{i}"
            h = Household(
                building_id=building.pk, unit=unit, head_name=fake.name(), phone=phone(rng), size=rng.randint(1, 5),
                has_elderly_alone=rng.random() < 0.08,
                has_disabled=rng.random() < 0.03, has_infants=rng.random() < 0.06,
            )
            units.append(h)
            rows.append(h)
    Household.objects.bulk_create(rows, batch_size=2000)
    return t
