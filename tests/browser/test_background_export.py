"""A large export in a real browser (issue 8): the export link leads to the job's page, whose bar
follows the worker until the file is ready, then the file downloads; screenshots in
/tmp/export_job*.png."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit import tasks
from audit.background_exports import export_job_run
from audit.models import ExportJob
from tests.organizations.factories import MemberFactory

pytestmark = pytest.mark.browser


def test_a_large_export_shows_progress_then_downloads(page, live_server, transactional_db, tree, alice, settings,
                                                      monkeypatch):
    settings.EXPORT_SYNC_ROW_LIMIT = 3
    for _ in range(5):
        MemberFactory(branch=tree.g1)
    waiting = []
    monkeypatch.setattr(tasks, "enqueue_export_job", lambda *, job_id: waiting.append(job_id) or True)
    client = Client()
    client.force_login(alice)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])

    page.goto(reverse("imports:member-export"))
    page.wait_for_selector("#job-progress")
    assert "正在后台生成" in page.locator("#job-status").inner_text()
    page.screenshot(path="/tmp/export_job_waiting.png", full_page=True)

    (job_id,) = waiting
    export_job_run(job_id=job_id)  # the worker; the page's polling notices and shows the result
    page.wait_for_selector("#export-download")
    assert "文件已生成，共 5 行" in page.locator("#job-status").inner_text()
    page.screenshot(path="/tmp/export_job_done.png", full_page=True)
    with page.expect_download() as download:
        page.locator("#export-download").click()
    assert download.value.suggested_filename == ExportJob.objects.get().filename
    assert download.value.suggested_filename.endswith(".xlsx")
