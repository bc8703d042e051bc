"""The background export job (issue 15): a bar that moves (rows written so far), the split across
sheets past a sheet's row limit, formula-safe cells in the file, a streamed CSV, files deleted
after their retention while the record stays."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit import background_exports
from audit.background_exports import expired_exports_delete
from audit.models import ExportJob, ExportStatus
from partybuild import workbooks
from tests.organizations.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(tree):
    made = [MemberFactory(branch=tree.g1) for _ in range(7)]
    made.append(MemberFactory(branch=tree.g1, name="=HYPERLINK(\"http://evil.example\",\"x\")"))
    return made


@pytest.fixture
def background(settings):
    settings.EXPORT_SYNC_ROW_LIMIT = 3


def _run(client, url, callbacks):
    with callbacks(execute=True):
        response = client.get(url)
    assert response.status_code == 302
    return ExportJob.objects.get(in_background=True)


def _file_rows(job) -> list[list]:
    with job.file.open("rb") as f:
        book = load_workbook(io.BytesIO(f.read()))
    return book, [list(r) for s in book.worksheets for r in s.iter_rows(values_only=True)]


def test_the_bar_moves_with_the_rows_written(client, alice, members, background, eager_celery, monkeypatch,
                                             django_capture_on_commit_callbacks):
    monkeypatch.setattr(workbooks, "PROGRESS_EVERY", 2)
    seen: list[tuple[int, int]] = []
    original = background_exports._progress_reporter

    def spy(job_id):
        report = original(job_id)

        def wrapped(rows):
            report(rows)
            job = ExportJob.objects.get(pk=job_id)
            seen.append((job.processed_rows, job.percent))

        return wrapped

    monkeypatch.setattr(background_exports, "_progress_reporter", spy)
    client.force_login(alice)
    job = _run(client, reverse("imports:member-export"), django_capture_on_commit_callbacks)
    assert job.status == ExportStatus.DONE and job.total_rows == len(members)
    rows = [r for r, _ in seen]
    assert rows == sorted(rows) and rows[0] == 2 and rows[-1] == len(members)
    percents = [p for _, p in seen]
    assert 0 < percents[0] < percents[-2] < 100  # it moved, and stays under 100 until the file is saved
    progress = client.get(reverse("audit:export-job-progress", args=[job.pk])).json()
    assert progress["processed_rows"] == len(members) and progress["percent"] == 100


def test_an_export_past_the_sheet_limit_splits_and_keeps_every_row(client, alice, members, background,
                                                                   eager_celery, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    monkeypatch.setattr(workbooks, "SHEET_ROW_LIMIT", 5)  # title + header + 3 rows a sheet
    client.force_login(alice)
    job = _run(client, reverse("imports:member-export"), django_capture_on_commit_callbacks)
    book, rows = _file_rows(job)
    assert len(book.sheetnames) == 3 and book.sheetnames[1].endswith("（2）")
    numbers = [r[0] for r in rows if isinstance(r[0], int)]
    assert numbers == list(range(1, len(members) + 1))
    assert job.processed_rows == len(members)


def test_cells_in_the_background_file_are_formula_safe(client, alice, members, background, eager_celery,
                                                       django_capture_on_commit_callbacks):
    client.force_login(alice)
    job = _run(client, reverse("imports:member-export"), django_capture_on_commit_callbacks)
    with job.file.open("rb") as f:
        book = load_workbook(io.BytesIO(f.read()))
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in [c.value for c in cells]


def test_a_background_csv_is_written_from_the_stream(client, alice, members, background, eager_celery,
                                                     django_capture_on_commit_callbacks):
    client.force_login(alice)
    job = _run(client, reverse("imports:member-export") + "?format=csv", django_capture_on_commit_callbacks)
    with job.file.open("rb") as f:
        lines = f.read().decode("utf-8-sig").splitlines()
    assert job.filename.endswith(".csv") and len(lines) == len(members) + 1


def test_files_are_deleted_after_their_retention_and_the_record_stays(alice, settings):
    settings.EXPORT_FILE_RETENTION_DAYS = 7
    now = timezone.now()

    def job(days_ago):
        made = ExportJob.objects.create(user=alice, view_name="imports:member-export", status=ExportStatus.DONE,
                                        total_rows=1, finished_at=now - timedelta(days=days_ago))
        made.file.save("x.xlsx", ContentFile(b"data"), save=True)
        return made

    old, fresh = job(8), job(6)
    old_name = old.file.name
    storage = old.file.storage
    assert expired_exports_delete(now=now) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == ExportStatus.EXPIRED and not old.file and not storage.exists(old_name)
    assert fresh.status == ExportStatus.DONE and storage.exists(fresh.file.name)
    assert expired_exports_delete(now=now) == 0  # done once
    assert fresh.expires_at == fresh.finished_at + timedelta(days=7)


def test_the_cleanup_runs_on_the_beat(settings):
    from audit.tasks import delete_expired_exports

    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == delete_expired_exports.name]
    assert len(entries) == 1
