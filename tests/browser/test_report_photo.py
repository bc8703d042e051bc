"""A site photo in a real browser: the grid worker files a report with a photo taken on the phone, the
photo shows on the case page through the scoped view (partybuild.files, never a /media/ URL), and an
HTML page dressed up as a JPEG is refused on the same form."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reports.demo import _demo_png
from reports.models import GridReport
from tests.browser.test_grid_report_journey import _login
from tests.reports.factories import CategoryFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def category(transactional_db, tree, gina):
    return CategoryFactory(code="safety", name="安全隐患")


def test_photo_is_filed_shown_through_the_scoped_view_and_fakes_are_refused(browser, live_server, tree, gina,
                                                                            category, tmp_path):
    photo = tmp_path / "井盖.png"
    photo.write_bytes(_demo_png())
    fake = tmp_path / "photo.html"
    fake.write_bytes(b"\xff\xd8\xff\xe0" + b"<script>alert(1)</script>")
    page = _login(browser, live_server, "gina")

    page.goto(reverse("reports:create"))
    page.select_option("#id_grid", str(tree.grid1.pk))
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_description", "井盖缺失")
    page.set_input_files("#id_photos", str(fake))
    page.locator("main form button[type=submit]").click()
    assert "文件内容与文件名不符" in page.locator("main").inner_text()
    assert not GridReport.objects.exists()

    page.set_input_files("#id_photos", str(photo))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    image = page.locator("img.report-photo-thumb")
    source = image.get_attribute("src")
    assert source == reverse("reports:photo", args=[GridReport.objects.get().photos.get().pk])
    page.wait_for_function("document.querySelector('img.report-photo-thumb').naturalWidth > 0")
    assert image.evaluate("img => img.naturalWidth") == 64
    page.screenshot(path="/tmp/report_photo.png", full_page=True)
