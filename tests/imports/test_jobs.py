"""The upload page, background jobs with progress, downloads, and refused uploads."""

import io

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports import running, services
from imports.models import ImportJob, JobStatus
from organizations.models import Organization
from tests.conftest import make_user
from tests.imports import ORG_HEADERS, XLSX, read_xlsx, upload

GOOD = [ORG_HEADERS, ["C9", "新河社区党总支", "community", "general_branch", "S1"], ["G9", "网格", "grid", "", "C9"]]
BAD = [ORG_HEADERS, ["C9", "新河社区党总支", "community", "general_branch", "S1"], ["G5", "网格", "grid", "", "S1"]]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def eager(settings, eager_celery):
    # Celery reads Django settings once at import, so the eager_celery fixture flips the app's own
    # configuration as well; the job ending "done" proves the task really ran in-process.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True
    return eager_celery


def _post(client, user, rows=GOOD, kind="orgs", dry_run=False, file=None):
    client.force_login(user)
    data = {"kind": kind, "file": file or upload(rows)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("imports:upload"), data)


def test_small_file_is_imported_in_the_request(client, tree, alice):
    response = _post(client, alice)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:job", args=[job.pk])
    assert (job.status, job.created_count, job.total_rows, job.created_by) == (JobStatus.DONE, 2, 2, alice)
    assert Organization.objects.filter(code__in=["C9", "G9"]).count() == 2
    page = client.get(response.url)
    assert page.status_code == 200 and "2" in page.content.decode()


def test_dry_run_upload_writes_nothing(client, tree, alice):
    _post(client, alice, dry_run=True)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.DONE and job.dry_run and job.created_count == 0
    assert not Organization.objects.filter(code="C9").exists()


def test_rejected_rows_are_listed_and_downloadable_by_the_creator_only(client, tree, alice, charlie):
    _post(client, alice, rows=BAD)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED and job.rejected_count == 1
    assert job.errors[0]["row"] == 3
    assert not Organization.objects.filter(code="C9").exists()
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert reverse("imports:job-errors", args=[job.pk]) in page
    download = client.get(reverse("imports:job-errors", args=[job.pk]))
    rows = read_xlsx(b"".join(download.streaming_content))
    assert [r[0] for r in rows] == ["code", "G5"] and rows[0][-1] == "reason"
    client.force_login(charlie)
    assert client.get(reverse("imports:job-errors", args=[job.pk])).status_code == 404
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(reverse("imports:job-errors", args=[job.pk])).status_code == 200


def test_large_file_runs_as_a_background_job_with_progress(
    client, tree, alice, settings, eager, django_capture_on_commit_callbacks, monkeypatch
):
    settings.IMPORT_SYNC_ROW_LIMIT = 1
    monkeypatch.setattr("imports.org_import.PROGRESS_EVERY", 1)
    seen = []
    original = running._progress

    def recording(job_id):
        report = original(job_id)

        def wrapped(n):
            report(n)
            seen.append(ImportJob.objects.get(pk=job_id).processed_rows)

        return wrapped

    monkeypatch.setattr(running, "_progress", recording)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post(client, alice)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.QUEUED and len(callbacks) == 1
    page = client.get(response.url).content.decode()
    assert "progress-bar" in page and reverse("imports:job-progress", args=[job.pk]) in page
    assert client.get(reverse("imports:job-progress", args=[job.pk])).json()["finished"] is False
    callbacks[0]()  # the commit happens: the task is sent, and runs eagerly
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error_summary
    assert 1 in seen and seen[-1] == 2  # progress moved row by row while running
    data = client.get(reverse("imports:job-progress", args=[job.pk])).json()
    assert data["finished"] and data["percent"] == 100 and data["created_count"] == 2
    assert Organization.objects.filter(code="G9").exists()


def test_background_job_uses_the_uploaders_scope(client, tree, charlie, settings, eager,
                                                 django_capture_on_commit_callbacks):
    settings.IMPORT_SYNC_ROW_LIMIT = 1
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, charlie)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.FAILED and job.rejected_count == 1  # C9 under S1; G9 hangs on it
    assert not Organization.objects.filter(code="C9").exists()


def test_running_a_job_twice_does_nothing_the_second_time(client, tree, alice):
    _post(client, alice)
    job = ImportJob.objects.get()
    assert running.import_job_run(job_id=job.pk) is None


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("orgs.pdf", b"%PDF-1.4 code,name", "application/pdf", "is not an accepted file (CSV、XLSX)"),
        ("orgs.xlsx", b"\x89PNG\r\n", "image/png", "does not match its name"),
        ("orgs.xlsx", b"GIF89a not a workbook", XLSX, "does not match its name"),
        ("orgs.xlsx", b"PK\x03\x04broken zip", XLSX, "does not match its name"),
        ("orgs.csv", b"nothing,useful\n1,2\n", "text/csv", "Missing columns"),
    ],
)
def test_bad_uploads_get_a_clear_message(client, tree, alice, name, content, content_type, message):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages below are the English source strings
    response = _post(client, alice, file=SimpleUploadedFile(name, content, content_type=content_type))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_oversize_upload_is_refused(client, tree, alice, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _post(client, alice)
    assert "larger than" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_csv_upload_in_gbk_works(client, tree, alice):
    data = "code,name,level,org_type,parent_code\nC9,新河社区党总支,社区,党总支,S1\n".encode("gbk")
    _post(client, alice, file=SimpleUploadedFile("orgs.csv", data, content_type="application/vnd.ms-excel"))
    assert ImportJob.objects.get().status == JobStatus.DONE
    assert Organization.objects.get(code="C9").name == "新河社区党总支"


def test_roles_without_edit_scope_cannot_open_the_upload_page(client, tree, audrey, dave):
    for user in (audrey, dave):
        client.force_login(user)
        assert client.get(reverse("imports:upload")).status_code == 403


def test_grid_workers_do_not_import_members(client, tree, gina, settings):
    """An import checks ID numbers against the whole district: not a grid worker's tool."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(gina)
    page = client.get(reverse("imports:upload"))
    assert page.status_code == 403 and "Grid workers do not import party members" in page.content.decode()
    for kind in ("members", "orgs"):
        assert _post(client, gina, kind=kind).status_code == 403
    with pytest.raises(PermissionDenied, match="Grid workers do not import party members"):
        services.import_job_create(user=gina, kind="members", upload=upload(GOOD))
    assert not ImportJob.objects.exists()


def test_anonymous_users_are_sent_to_login(client, tree):
    for name in ("imports:upload", "imports:org-export", "imports:member-export"):
        assert client.get(reverse(name)).status_code == 302


def test_template_download_has_the_headers(client, tree, alice):
    client.force_login(alice)
    response = client.get(reverse("imports:template", args=["orgs"]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert read_xlsx(response.content)[0][:5] == ("编码", "名称", "层级", "类型", "上级编码")
    assert client.get(reverse("imports:template", args=["members"])).status_code == 200
    assert client.get(reverse("imports:template", args=["nope"])).status_code == 404


def test_template_carries_an_example_row_and_the_allowed_values(client, tree, alice):
    """The example stays on the instructions sheet (it is never imported); the coded columns of the
    first sheet offer their allowed values as drop-down lists."""
    from openpyxl import load_workbook

    client.force_login(alice)
    response = client.get(reverse("imports:template", args=["orgs"]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    book = load_workbook(io.BytesIO(response.content))
    first, help_sheet = book.worksheets
    assert first.max_row == 1 and help_sheet.title == "填写说明"
    rows = list(help_sheet.iter_rows(values_only=True))
    assert rows[2][:4] == ("WC001C0009", "幸福里社区党委", "社区党组织", "党委")
    values = [r[0] for r in rows[5:] if r[0]]
    assert "街道党工委" in values and "网格党支部" in values and "区委" not in values
    ranges = {str(dv.sqref): dv.formula1 for dv in first.data_validations.dataValidation}
    assert ranges["C2:C5000"].startswith("'填写说明'!$A$") and ranges["D2:D5000"].startswith("'填写说明'!$B$")
