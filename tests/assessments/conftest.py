from decimal import Decimal

import pytest

from assessments import registry

from .factories import make_scheme

# Fixed values per community code, read by the test computations below: the rollup is checked
# against figures worked out by hand, independent of any app's records.
FIXED: dict[str, dict[str, Decimal | None]] = {}


def _fixed(name):
    def compute(*, depth, start, end, within=""):
        from organizations.models import Organization

        codes = FIXED.get(name, {})
        from organizations.paths import within_q

        return {o.path: codes[o.code] for o in Organization.objects.filter(within_q(within), depth=depth,
                                                                         code__in=codes)}

    return compute


for _name in ("a", "b", "c"):
    registry.register(f"test.{_name}", label=f"test {_name}")(_fixed(_name))


@pytest.fixture(autouse=True)
def _clear_fixed():
    FIXED.clear()
    yield
    FIXED.clear()


@pytest.fixture
def fixed():
    return FIXED


@pytest.fixture
def scheme(tree):
    """2026, communities, half-yearly: A (60) = A1 (40, test.a target:90) + A2 (20, test.b band:0-10);
    B (40, test.c inverse_target:0, weighted by members)."""
    return make_scheme(tree.district)


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tasks run in the test's own process, also on CI where REDIS_URL names a real broker (no
    worker consumes there); the worker tests start a real worker instead."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    yield request.getfixturevalue("eager_celery")
