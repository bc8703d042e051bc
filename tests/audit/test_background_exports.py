"""Large exports go to the background (issue 8): above EXPORT_SYNC_ROW_LIMIT rows the export page
records a job and sends the user to its page; a worker writes the file with the page's own view
(same user, query, scope and masking); only the owner reads the job and downloads the file."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import ExportJob, ExportStatus
from tests.organizations.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(tree):
    return [MemberFactory(branch=tree.g1, phone="13800001111") for _ in range(4)] + [MemberFactory(branch=tree.g3)]


@pytest.fixture
def limit(settings):
    settings.EXPORT_SYNC_ROW_LIMIT = 3
    return 3


def _export(client, name, *, query="", callbacks):
    with callbacks(execute=True):
        return client.get(f"{reverse(name)}{query}")


def test_a_large_member_export_runs_in_the_background_and_waits_for_its_owner(
    client, alice, charlie, members, limit, eager_celery, django_capture_on_commit_callbacks,
):
    client.force_login(alice)
    response = _export(client, "imports:member-export", query="?format=xlsx",
                       callbacks=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("audit:export-job", args=[job.pk])
    assert job.status == ExportStatus.DONE and job.total_rows == 4 and job.user == alice
    page = client.get(response.url).content.decode()
    assert "文件已生成" in page and reverse("audit:export-job-download", args=[job.pk]) in page

    download = client.get(reverse("audit:export-job-download", args=[job.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    body = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert body.count("138****1111") == 4  # masked, and only alice's street: scope and masking held
    assert "13800001111" not in body

    client.force_login(charlie)
    for name in ("audit:export-job", "audit:export-job-progress", "audit:export-job-download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_progress_answers_json_for_the_job_page(client, alice, members, limit, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False):  # no worker yet: the job waits
        client.get(reverse("imports:member-export"))
    job = ExportJob.objects.get()
    progress = client.get(reverse("audit:export-job-progress", args=[job.pk])).json()
    assert progress["finished"] is False and progress["total_rows"] == 4 and progress["percent"] == 0
    assert "后台" in client.get(reverse("audit:export-job", args=[job.pk])).content.decode()


def test_small_exports_and_exports_in_full_stay_in_the_request(client, alice, members, settings):
    client.force_login(alice)
    settings.EXPORT_SYNC_ROW_LIMIT = 4  # alice's street has 4 members: at the limit, written at once
    response = client.get(reverse("imports:member-export"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    settings.EXPORT_SYNC_ROW_LIMIT = 3
    response = client.get(reverse("imports:member-export"), {"reveal": "1"})  # in full: the purpose form
    assert response.status_code == 200 and "attachment" not in response.get("Content-Disposition", "")
    assert not ExportJob.objects.filter(in_background=True).exists()
    # The export written in the request is recorded (who, what, filters, rows); the purpose form is not.
    record = ExportJob.objects.get()
    assert (record.user, record.view_name, record.total_rows, record.status) == (
        alice, "imports:member-export", 4, ExportStatus.DONE)
    assert record.filename.startswith("党员名册-") and record.filename.endswith(".xlsx")


def test_a_ledger_export_goes_to_the_background_too(client, dana, tree, limit, eager_celery,
                                                     django_capture_on_commit_callbacks):
    from tests.services.factories import VisitFactory

    for _ in range(4):
        VisitFactory(grid=tree.grid1, household=tree.household1)
    client.force_login(dana)
    response = _export(client, "services:visit-export", callbacks=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.status == ExportStatus.DONE
    assert job.filename.endswith(".xlsx") and job.file.size > 0
