import pytest

from meetings.models import BodyKind

from .factories import make_body, make_seat, make_unit


@pytest.fixture
def unit_s1(tree):
    return make_unit(tree.s1)


@pytest.fixture
def council_c1(tree):
    """C1's 大党委, with a rotating chair."""
    return make_body(tree.c1, has_rotating_chair=True)


@pytest.fixture
def committee_s1(tree):
    return make_body(tree.s1, BodyKind.STREET_COMMITTEE, name="中华路街道大工委")


@pytest.fixture
def seat_c1(council_c1, unit_s1, tree):
    return make_seat(tree.c1, unit_s1)
