import pytest

from .factories import in_service_member, make_order, make_team, make_volunteer


@pytest.fixture(autouse=True)
def _fresh_cache(local_cache):
    # Wrong confirmation codes are counted in the cache; order pks repeat from test to test.
    yield local_cache


@pytest.fixture
def zhang(tree):
    """An in-service member of G1's branch, registered at C1 where he lives."""
    return in_service_member(branch=tree.g1, community=tree.c1)


@pytest.fixture
def team_c1(tree):
    team = make_team(tree.c1)
    leader = make_volunteer(tree.c1, name="队长王", team=team)
    team.leader = leader
    team.save(update_fields=["leader"])
    return team


@pytest.fixture
def order_c1(tree):
    return make_order(tree.c1)
