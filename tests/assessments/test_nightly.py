"""The nightly rollup: a beat entry editable in the admin, and an incremental run of each balanced
scheme of this year for the period containing today."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django_celery_beat.models import PeriodicTask

from assessments import services
from assessments.models import Indicator, ScoreRun
from assessments.tasks import nightly_rollup
from tests.assessments.factories import make_scheme


def test_beat_runs_it_every_night(db):
    task = PeriodicTask.objects.get(name="assessments-nightly-rollup")
    assert (task.task, task.crontab.hour, task.crontab.minute) == ("assessments.nightly_rollup", "2", "30")


def test_nightly_runs_balanced_schemes_of_this_year_for_the_current_period(tree, fixed,
                                                                           django_capture_on_commit_callbacks):
    current = make_scheme(tree.district)
    unbalanced = make_scheme(tree.district, level="street")
    Indicator.objects.filter(scheme=unbalanced, code="B").update(weight=1)
    make_scheme(tree.district, year=2025)
    with time_machine.travel(datetime(2026, 8, 3, 2, 30, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert nightly_rollup() == 1
    run = ScoreRun.objects.get()
    assert (run.scheme, run.period, run.is_incremental, run.requested_by) == (current, "2026S2", True, None)
    assert services.scheme_problems(unbalanced)
