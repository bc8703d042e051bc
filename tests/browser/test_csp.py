"""The main pages under the real Content-Security-Policy, in Chromium: nothing is refused.

A refused inline script, style or handler shows only in the browser's console (the page may even
look right), so the walk collects every CSP violation report and console error from each page,
including what htmx loads and the forms' round trips, and fails on any.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from grids.models import GridWorker
from imports.models import ImportJob, JobStatus
from reports import services as report_services
from tests.conftest import PASSWORD
from tests.organizations.factories import MemberFactory
from tests.reports.factories import CategoryFactory, DepartmentFactory

pytestmark = pytest.mark.browser

# Collected in the page itself: the browser fires this event for every refusal, report-only or not.
# Redoc's sidebar always shows Redocly's logo from their CDN; the policy blocks it on purpose
# (no third-party requests from the portal), and the page is otherwise whole.
REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} refused ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def walk_data(transactional_db, tree, alice, gina, dave, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    GridWorker.objects.create(grid=tree.grid1, name="王网格", user=gina, is_leader=True)
    station = DepartmentFactory(name="中华路城管中队", organization=tree.s1)
    station.staff.add(dave)
    category = CategoryFactory(code="safety", name="安全隐患", default_department=station)
    report = report_services.report_file(user=gina, grid=tree.grid1, category=category,
                                         description="楼道堆放杂物", location="中华路1号")
    member = MemberFactory(branch=tree.g1, household=tree.household1)
    job = ImportJob.objects.create(kind="orgs", original_name="orgs.csv", created_by=alice,
                                   status=JobStatus.RUNNING, total_rows=10, processed_rows=4)
    job.file.save("orgs.csv", ContentFile(b"code\n"), save=True)
    return {"report": report, "member": member, "job": job, "station": station}


class Walker:
    """One signed-in browser context that records refusals and console errors per page."""

    def __init__(self, browser, live_server):
        self.context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(15_000)
        self.context.add_init_script(LISTEN)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.visited: list[str] = []

    def _console(self, message):
        text = message.text
        if message.type == "error" or "Content Security Policy" in text or "Permissions-Policy" in text:
            self.problems.append(f"{self.page.url}: console {message.type}: {text} ({message.location.get('url')})")

    def collect(self):
        for violation in self.page.evaluate("() => window.__csp || []"):
            self.problems.append(f"{self.page.url}: {violation}")
        self.page.evaluate("() => { window.__csp = []; }")

    def goto(self, url: str, wait_for: str = "main", timeout: float | None = None):
        response = self.page.goto(url)
        assert response.ok, (url, response.status)
        assert "content-security-policy" in response.headers  # Playwright lowers header names
        self.page.wait_for_selector(wait_for, timeout=timeout)
        self.visited.append(url)
        self.collect()

    def login(self, username: str):
        self.goto(reverse("login"))
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.locator("main form button[type=submit]").click()
        self.page.wait_for_url(re.compile(r"/$"))
        self.collect()


def test_main_pages_raise_no_csp_violation(browser, live_server, walk_data, tree):
    walker = Walker(browser, live_server)
    page = walker.page
    walker.login("alice")

    # Home, then the tree: expanding S1 loads its children through htmx.
    walker.goto(reverse("home"))
    walker.goto(reverse("organizations:tree"), "#org-tree")
    page.locator(f'button[aria-controls="children-{tree.s1.pk}"]').click()
    page.wait_for_selector(f"#children-{tree.s1.pk} li[data-code=C1]")
    walker.collect()
    walker.goto(reverse("organizations:detail", args=[tree.c1.pk]))
    walker.goto(reverse("organizations:coverage", args=[tree.s1.pk]))

    # Members, a member's page and the audited reveal, with its "Back" link.
    walker.goto(reverse("organizations:member-list"))
    walker.goto(reverse("organizations:member-detail", args=[walk_data["member"].pk]))
    walker.goto(reverse("audit:reveal", args=["organizations", "member", walk_data["member"].pk]) + "?field=id_number")
    page.select_option("#id_purpose", "identity")
    page.fill("#id_purpose_detail", "组织关系核查")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#revealed-value")
    walker.collect()

    # The transfer form's destination is a search-as-you-type picker (Tom Select, under the CSP).
    walker.goto(reverse("organizations:member-transfer", args=[walk_data["member"].pk]))
    page.locator("#id_to_org-ts-control").fill("杨园")
    page.locator(".ts-dropdown .option", has_text="C3").click()
    assert page.locator("#id_to_org").input_value() == "C3"
    page.screenshot(path="/tmp/picker.png")
    walker.collect()

    # A report with its action forms: dispatching it is a real round trip.
    report = walk_data["report"]
    walker.goto(reverse("reports:detail", args=[report.pk]))
    page.select_option("#id_dispatch-department", str(walk_data["station"].pk))
    page.locator("#action-dispatch button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    page.wait_for_selector("main")
    walker.collect()
    for name in ("reports:list", "reports:overdue", "reports:stats"):
        walker.goto(reverse(name))

    # The ledgers and their forms.
    for name in ("services:home", "services:visit-list", "services:visit-create", "services:pledge-create",
                 "services:needy-create", "services:demand-create", "services:stats"):
        walker.goto(reverse(name))
    walker.goto(reverse("volunteers:home"))

    # An import still running: its progress bar is drawn and refreshed by a static script.
    walker.goto(reverse("imports:job", args=[walk_data["job"].pk]), "#job-progress")
    page.wait_for_function("() => document.querySelector('#job-progress .progress-bar').style.width === '40%'")
    walker.collect()
    walker.goto(reverse("imports:upload"))
    walker.goto(reverse("password-change"))

    # The API docs: Swagger UI renders the schema under the strict policy; Redoc under its own.
    # Both parse the whole schema in the browser, slow on a busy machine.
    walker.goto(reverse("api-docs"), ".swagger-ui .opblock", timeout=45_000)
    walker.goto(reverse("api-redoc"), ".api-content", timeout=45_000)

    problems = [p for p in walker.problems if REDOCLY_LOGO not in p]
    assert problems == [], "\n".join(problems)
    assert len(walker.visited) >= 20
    walker.context.close()


def test_admin_pages_raise_no_csp_violation(browser, live_server, walk_data, dana):
    dana.is_staff = True
    dana.save(update_fields=["is_staff"])
    walker = Walker(browser, live_server)
    walker.login("dana")
    member = walk_data["member"]
    for url in ("/admin/", "/admin/organizations/member/", f"/admin/organizations/member/{member.pk}/change/",
                # The admin's Import and Export buttons lead to the portal's upload and export pages.
                f"/admin/accounts/user/{dana.pk}/change/", f"/admin/accounts/user/{dana.pk}/password/",
                "/admin/reports/open311key/add/"):
        walker.goto(url, "#content")
    walker.collect()
    assert walker.problems == [], "\n".join(walker.problems)
    walker.context.close()
