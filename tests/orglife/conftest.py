import datetime as dt

import pytest
import time_machine

# Everything happens in spring 2026 unless a test says otherwise.
TODAY = dt.datetime(2026, 6, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tasks run in the test's own process, also on CI where REDIS_URL names a real broker (no
    worker consumes there); the worker tests start a real worker instead."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    yield request.getfixturevalue("eager_celery")
