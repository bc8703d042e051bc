"""The scripted restore drill (scripts/restore_drill.sh) on the local PostgreSQL: a backup that
restores into a fresh database with every table's row count intact."""

import subprocess

import pytest
from django.conf import settings
from django.db import connection

from organizations.models import Organization
from tests.security.conftest import REPORT

SCRIPT = settings.BASE_DIR / "scripts" / "restore_drill.sh"


def _url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_backup_restores_into_a_fresh_database_with_every_row(transactional_db, request):
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL (pg_dump / pg_restore)")
    request.getfixturevalue("member_c1")  # a committed tree with a member: the data to back up
    result = subprocess.run([str(SCRIPT), _url()], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK," in result.stdout and "tables and" in result.stdout
    REPORT.append(result.stdout.strip().splitlines()[-1])
    rows = int(result.stdout.rsplit(" tables and ", 1)[1].split()[0])
    assert rows >= Organization.objects.count() + 1


def test_the_drill_refuses_a_url_that_is_not_postgresql():
    result = subprocess.run([str(SCRIPT), "sqlite:///tmp/x.db"], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "postgres://" in result.stderr
