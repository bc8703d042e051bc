"""A flush (the end of every transactional test) leaves the rows the data migrations write, so a
later test in the same process sees a migrated database (conftest's REFERENCE_DATA)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from orglife.models import FrequencyRule


@pytest.mark.django_db(transaction=True)
def test_a_flush_keeps_the_migrations_reference_rows():
    call_command("flush", interactive=False, verbosity=0)
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert {"summaries-nightly-rebuild", "assessments-nightly-rollup"} <= names
    assert FrequencyRule.objects.exists()
