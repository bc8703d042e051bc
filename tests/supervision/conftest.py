import datetime as dt

import pytest
import time_machine

from accounts.models import Role
from tests.conftest import make_user

from .factories import grant, make_committee


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def committee_c1(tree):
    return make_committee(tree.c1)


@pytest.fixture
def mona(tree, committee_c1):
    """A member of C1's supervision committee with a login (a grid worker account on G1) and a
    clue access on C1."""
    user = make_user("mona", Role.GRID_WORKER, tree.g1)
    grant(user, tree.c1, "committee_member")
    return user


@pytest.fixture
def dora(tree):
    """Discipline staff of street S1: a street official with a clue access on S1."""
    user = make_user("dora", Role.STREET_OFFICIAL, tree.s1)
    grant(user, tree.s1, "discipline_staff")
    return user
