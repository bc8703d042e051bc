import datetime as dt

import pytest
import time_machine

from accounts.models import Role
from tests.conftest import make_user

from .factories import make_unit, make_venue

# Bookings are made on 2026-06-01 for later dates.
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def base_c1(tree):
    """C1's open organisation-life base: 30 people, takes bookings."""
    return make_venue(tree.c1)


@pytest.fixture
def unit_s1(tree):
    return make_unit(tree.s1)


@pytest.fixture
def cora(tree):
    """The secretary of C2, a sibling community of C1 in street S1: books C1's base for C2."""
    return make_user("cora", Role.COMMUNITY_SECRETARY, tree.c2)


@pytest.fixture
def api_client_for():
    from rest_framework.test import APIClient

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make
