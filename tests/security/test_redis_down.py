"""Redis down (cache and broker): pages load and save; background work says so and loses nothing."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from imports.models import ImportJob, JobStatus
from imports.tasks import requeue_stalled_jobs
from organizations.models import Member
from tests.imports import MEMBER_HEADERS, upload
from tests.organizations.factories import valid_id_number


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_SYNC_ROW_LIMIT = 2  # three rows make a background job


def member_rows(n: int) -> list[list]:
    birth = dt.date(1980, 3, 4)
    return [MEMBER_HEADERS] + [
        [f"党员{i}", "男", birth.isoformat(), valid_id_number(birth, 300 + i), "", "2005-07-01", "", "G1"]
        for i in range(n)
    ]


def test_the_cache_degrades_to_misses_instead_of_raising(redis_down):
    cache.set("k", "v")
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["k"]) == {} and cache.add("k", 1) is False


def test_pages_load_and_save_with_redis_down(client, redis_down, alice, member_c1):
    client.force_login(alice)
    assert client.get(reverse("organizations:member-list")).status_code == 200
    assert client.get(reverse("organizations:tree")).status_code == 200
    response = client.post(reverse("organizations:member-edit", args=[member_c1.pk]), {
        "name": "李红英", "gender": member_c1.gender, "birth_date": member_c1.birth_date.isoformat(),
        "id_number": member_c1.id_number, "joined_on": member_c1.joined_on.isoformat(),
        "category": member_c1.category, "version": member_c1.version, "ethnicity": member_c1.ethnicity,
    })
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    member_c1.refresh_from_db()
    assert member_c1.name == "李红英"


def test_login_works_with_redis_down(client, redis_down, alice):
    from tests.conftest import PASSWORD

    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_large_import_says_background_work_is_unavailable_and_keeps_the_job_queued(client, redis_down, alice, tree,
                                                                                   settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(alice)
    response = client.post(reverse("imports:upload"), {"kind": "members", "file": upload(member_rows(3))}, follow=True)
    assert response.status_code == 200
    assert "Background processing is unavailable right now" in response.content.decode()
    job = ImportJob.objects.get()
    assert job.status == JobStatus.QUEUED and not Member.objects.filter(name__startswith="党员").exists()


def test_queued_jobs_are_requeued_and_run_once_the_broker_is_back(client, redis_down, alice, tree, eager_celery):
    client.force_login(alice)
    redis_down.conf.task_always_eager = False
    client.post(reverse("imports:upload"), {"kind": "members", "file": upload(member_rows(3))})
    job = ImportJob.objects.get()
    assert job.status == JobStatus.QUEUED
    assert requeue_stalled_jobs(queued_minutes=0) == 0  # still down: nothing sent, still queued
    redis_down.conf.task_always_eager = True  # the broker is back (tasks run in-process here)
    assert requeue_stalled_jobs(queued_minutes=0) == 1
    job.refresh_from_db()
    assert (job.status, job.created_count) == (JobStatus.DONE, 3)
    assert requeue_stalled_jobs(queued_minutes=0) == 0  # nothing left to send


def test_a_job_left_running_by_a_dead_worker_is_reset_and_sent_again(alice, tree, eager_celery):
    job = ImportJob.objects.create(kind="members", original_name="x.xlsx", created_by=alice, total_rows=3,
                                   status=JobStatus.RUNNING, file="imports/missing.xlsx")
    ImportJob.objects.filter(pk=job.pk).update(started_at=job.created_at - dt.timedelta(hours=1))
    assert requeue_stalled_jobs(queued_minutes=0, running_minutes=35) == 1
    job.refresh_from_db()
    # The task ran (eagerly): the missing file makes it fail with a message, not hang as "running".
    assert job.status == JobStatus.FAILED and job.error_summary


def test_sessions_and_login_throttling_never_depend_on_the_cache(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler").endswith(
        "AxesDatabaseHandler")
