"""The suite must say, and prove, which database and broker it ran against."""

import os

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_database_url_runs_the_suite_on_postgresql():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert connection.vendor == "sqlite"
        return
    assert connection.vendor == "postgresql"
    with connection.cursor() as cur:
        cur.execute("select version()")
        assert "PostgreSQL" in cur.fetchone()[0]


def test_redis_url_switches_celery_to_a_real_broker():
    if not os.environ.get("REDIS_URL"):
        assert settings.CELERY_TASK_ALWAYS_EAGER is True
        return
    import redis

    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert redis.Redis.from_url(settings.REDIS_URL).ping() is True


@pytest.mark.worker
def test_a_real_worker_runs_tasks_from_the_real_broker(celery_worker_process):
    from partybuild.celery import debug_ping

    assert debug_ping.delay().get(timeout=30) == "pong"
