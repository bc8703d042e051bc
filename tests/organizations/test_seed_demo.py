"""`seed_demo` builds a valid, realistic, deterministic demo district, and only once."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from accounts.models import Role, User
from grids.models import Building, Grid, GridWorker, Household
from organizations import demo
from organizations.models import (
    HISTORICAL_STATUSES,
    Level,
    Member,
    MembershipPeriod,
    MemberStatusChange,
    Organization,
    OrgType,
    PartTimeMember,
    ResidentUnit,
    Transfer,
)
from organizations.validators import validate_id_number
from partybuild import scoping

TABLES = [Organization, Member, MembershipPeriod, MemberStatusChange, Transfer, ResidentUnit, PartTimeMember,
          Grid, GridWorker, Building, Household, User]


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in TABLES}


@pytest.fixture
def seeded(db):
    out = StringIO()
    call_command("seed_demo", "--scale", "small", stdout=out)
    return out.getvalue()


def test_tree_is_valid_and_has_every_level(seeded):
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    levels = set(Organization.objects.values_list("level", flat=True))
    assert levels == {Level.DISTRICT, Level.STREET, Level.COMMUNITY, Level.GRID, Level.BUILDING, Level.HOUSEHOLD,
                      Level.SPECIAL}
    assert Organization.objects.filter(level=Level.STREET).count() == 2
    assert Organization.objects.filter(level=Level.COMMUNITY).count() == 6
    assert Organization.objects.filter(org_type=OrgType.TEMPORARY_BRANCH, end_date__isnull=False).exists()
    # Every grid branch has its grid; every building group its building.
    assert Grid.objects.count() == Organization.objects.filter(level=Level.GRID).count()
    groups = Organization.objects.filter(level=Level.BUILDING).count()
    assert Building.objects.filter(group__isnull=False).count() == groups


def test_every_row_passes_model_validation(seeded):
    # Database constraints held on insert; full_clean adds the Python-side rules and validators.
    for org in Organization.objects.all():
        org.full_clean(exclude=["path"])
    for member in Member.objects.all():
        member.full_clean()
        validate_id_number(member.id_number)
        assert member.id_number[6:14] == member.birth_date.strftime("%Y%m%d")
        assert re.fullmatch(r"1[3-9]\d{9}", member.phone)


def test_names_read_like_the_real_thing(seeded):
    names = list(Organization.objects.values_list("level", "name"))
    assert all(n.endswith("街道党工委") for lvl, n in names if lvl == Level.STREET)
    assert all(re.search(r"社区(党委|党总支|党支部)$", n) for lvl, n in names if lvl == Level.COMMUNITY)
    assert all(re.search(r"第.+网格党支部$", n) for lvl, n in names if lvl == Level.GRID)
    assert all(re.fullmatch(r"\d+号楼党小组", n) for lvl, n in names if lvl == Level.BUILDING)
    assert all(n.endswith("党员中心户") for lvl, n in names if lvl == Level.HOUSEHOLD)


def test_history_secretaries_and_hosts_are_consistent(seeded):
    assert Member.objects.filter(category="probationary").exists() or Member.objects.count() < 100
    for change in MemberStatusChange.objects.select_related("member"):
        assert change.member.status == change.status
    # Current members have exactly one open period; historical ones none.
    open_periods = MembershipPeriod.objects.filter(ended_on__isnull=True)
    assert open_periods.count() == Member.objects.exclude(status__in=HISTORICAL_STATUSES).count()
    assert not open_periods.filter(member__status__in=HISTORICAL_STATUSES).exists()
    for org in Organization.objects.filter(level__in=[Level.STREET, Level.COMMUNITY, Level.GRID]):
        assert org.secretary is not None and org.secretary.branch_id == org.pk
    for hh in Organization.objects.filter(level=Level.HOUSEHOLD).select_related("host"):
        assert hh.name == f"{hh.host.name}党员中心户"
    assert GridWorker.objects.filter(is_leader=True).count() == Grid.objects.count()


def test_demo_users_can_log_in_with_the_printed_password(seeded, client):
    assert demo.DEMO_PASSWORD in seeded
    for username in ("admin", "street", "secretary", "gridworker", "auditor", "dept"):
        assert username in seeded
        response = client.post(reverse("login"), {"username": username, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.logout()
    assert User.objects.get(username="admin").is_superuser


def test_demo_roles_are_bound_where_they_grant_something(seeded):
    from accounts.models import RoleAssignment

    assignments = list(RoleAssignment.objects.select_related("user", "organization"))
    assert {a.role for a in assignments} == set(Role.values)
    for assignment in assignments:
        assignment.full_clean(validate_unique=False)
        # scoping.grants ignores mis-bound roles: each demo role must be among the user's grants.
        assert assignment.role in {g.role for g in scoping.grants(assignment.user)}, assignment


def test_street_official_sees_exactly_their_street(seeded):
    street_user = User.objects.get(username="street")
    street = street_user.roles.get(role=Role.STREET_OFFICIAL).organization
    visible = scoping.scope_queryset(Member.objects.all(), street_user)
    assert visible.count() == Member.objects.filter(branch__path__startswith=street.path).count()
    assert 0 < visible.count() < Member.objects.count()
    orgs = scoping.scope_queryset(Organization.objects.all(), street_user)
    assert orgs.count() == Organization.objects.filter(path__startswith=street.path).count()
    assert not orgs.filter(level=Level.DISTRICT).exists()


def test_second_run_changes_nothing(seeded):
    before = counts()
    out = StringIO()
    call_command("seed_demo", "--scale", "small", stdout=out)
    assert counts() == before
    assert "already exists" in out.getvalue()


def test_same_seed_gives_the_same_district(db):
    def snapshot():
        return list(Member.objects.order_by("pk").values_list("name", "id_number", "branch__code", "status"))

    with transaction.atomic():
        demo.seed(scale="small", seed=7)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Member.objects.exists()
    demo.seed(scale="small", seed=7)
    assert snapshot() == first


def test_a_second_district_does_not_collide(db):
    demo.seed(scale="small", seed=7)
    demo.seed(scale="small", seed=7, root_code="WC2", user_prefix="b_")
    assert Organization.objects.filter(depth=1).count() == 2
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    assert User.objects.filter(username="b_street").exists()
