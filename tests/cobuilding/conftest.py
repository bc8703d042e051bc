import datetime as dt

import pytest
import time_machine

from organizations.models import ResidentUnit

TODAY = dt.datetime(2026, 6, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def hospital(tree):
    """A resident unit of street S1."""
    return ResidentUnit.objects.create(name="武汉市第七医院", kind="resident_unit", street=tree.s1)


@pytest.fixture
def factory_s2(tree):
    """A resident unit of street S2."""
    return ResidentUnit.objects.create(name="杨园机械厂", kind="company", street=tree.s2)
