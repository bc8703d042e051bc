"""Fixtures and report lines of the security suite."""

from __future__ import annotations

import pytest

REPORT: list[str] = []


def pytest_configure(config):
    config.addinivalue_line("markers", "fuzz: schemathesis over the OpenAPI schema (make fuzz runs it longer)")


@pytest.fixture(autouse=True)
def _evidence(request):
    # Printed after the run by tests/conftest.py, from xdist workers too.
    start = len(REPORT)
    yield
    request.node.user_properties.extend(("terminal summary", ("security evidence", line)) for line in REPORT[start:])


DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _reset_pools(app) -> None:
    # Celery and kombu cache connection and producer pools (kombu per broker URL); drop them all
    # so the next publish dials the broker now configured.
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_down(settings):
    """REDIS_URL pointing at a dead port: the cache and the Celery broker are both unreachable."""
    from partybuild.celery import app

    settings.CACHES = {"default": {
        "BACKEND": "partybuild.cache.DegradingRedisCache", "LOCATION": DEAD_REDIS,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
    saved = app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options
    app.conf.broker_url, app.conf.task_always_eager = DEAD_REDIS, False
    app.conf.broker_transport_options = {"socket_connect_timeout": 0.5}
    _reset_pools(app)
    yield app
    app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options = saved
    _reset_pools(app)
