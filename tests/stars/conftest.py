import pytest
import time_machine

from .factories import star_year


@pytest.fixture(autouse=True)
def _june(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False) as traveller:
        yield traveller


@pytest.fixture
def clock(_june):
    return _june


@pytest.fixture
def year2026(dana):
    return star_year(dana, 2026)


@pytest.fixture
def carol2(tree):
    """The secretary of C3, a community of the other street."""
    from accounts.models import Role
    from tests.conftest import make_user

    return make_user("carol2", Role.COMMUNITY_SECRETARY, tree.c3)
