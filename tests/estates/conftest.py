import pytest

from .factories import make_company, make_unit


@pytest.fixture
def company(tree):
    """A company S1 registered, managing a unit of C1."""
    return make_company(tree.s1)


@pytest.fixture
def unit_c1(tree, company):
    return make_unit(tree.c1, company)
