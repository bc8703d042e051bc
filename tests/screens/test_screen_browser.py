"""The big screen left running in Chromium: a hundred refreshes at a short interval, the figures
changing in place, the JS heap flat, the charts the same instances; then a new day reloads it.

The endpoint's cache is switched off so every refresh computes the figures again, as a wall of
screens does once a minute.

V8's optimising tiers are switched off for this browser: with them, the after-GC heap climbs for the
first ~200 refreshes as hot functions get compiled code (measured: 7.1 MB at cycle 10, 10.1 MB at
200, then flat, 10.1-10.3 MB up to cycle 600), which is code, not data the page keeps. Without them
the heap of a page that keeps nothing stays within a few hundred KB; each sample is the least of
three consecutive pauses between refreshes (a sample taken while an answer is being fetched or parsed reads
~0.5 MB higher)."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import PASSWORD
from tests.screens.conftest import file_report

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots-screen"
INTERVAL_MS = 200
CYCLES = 100
EARLY = 20
# After-GC heap may move a little (V8's code and inline caches settle); growth per refresh may not.
HEAP_TOLERANCE = 256 * 1024
CHARTS = 5


@pytest.fixture
def clock():
    """The screen runs on the real clock here (overrides the frozen one of the package's conftest)."""
    return None


@pytest.fixture
def browser():
    """Chromium without V8's optimising tiers and bytecode flushing (see the module's docstring)."""
    if not shutil.which(CHROMIUM):
        pytest.skip("needs Debian's chromium (make browser)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    flags = "--js-flags=--no-opt --no-maglev --no-sparkplug --no-flush-bytecode"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, flags])
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def no_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def running_data(transactional_db, tree, dana, reporter, category):
    now = timezone.now()
    for hours in range(1, 30):
        closed = now - timedelta(hours=hours - 1) if hours % 3 else None
        file_report(tree.grid1 if hours % 2 else tree.grid3, reporter, category, now - timedelta(hours=hours * 5),
                    closed_at=closed, overdue=hours % 7 == 0)
    return tree


def wait_cycles(page, n: int) -> None:
    page.wait_for_function(f"() => Number(document.body.dataset.cycles) >= {n}", timeout=120_000)


def heap_after_gc(page, cdp, cycle: int) -> int:
    """The least after-GC heap over refreshes ``cycle``, ``cycle + 1`` and ``cycle + 2``."""
    samples = []
    for n in range(cycle, cycle + 3):
        # Between two refreshes: no answer is being fetched or parsed.
        page.wait_for_function(
            f"() => Number(document.body.dataset.cycles) >= {n} && document.body.dataset.state === 'idle'",
            timeout=120_000)
        cdp.send("HeapProfiler.collectGarbage")
        cdp.send("HeapProfiler.collectGarbage")
        samples.append(int(cdp.send("Runtime.getHeapUsage")["usedSize"]))
    return min(samples)


# ECharts marks each container with its instance's id: a chart created again gets a new one.
CHART_IDS = ("() => Array.from(document.querySelectorAll('[_echarts_instance_]'))"
             ".map(e => e.getAttribute('_echarts_instance_'))")


def test_screen_runs_many_refreshes_without_growing(browser, live_server, running_data, no_cache, reporter,
                                                     category, record_property):
    tree = running_data
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(20_000)
    try:
        run_screen(context, live_server, tree, reporter, category, record_property)
    finally:
        # Before the settings fixture restores the cache and static storage the page is polling.
        context.close()


def run_screen(context, live_server, tree, reporter, category, record_property):
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto("/login/")
    page.fill("#id_username", "dana")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(reverse("screens:screen", args=[tree.district.pk]) + f"?interval={INTERVAL_MS}")
    page.evaluate("() => { window.loadedOnce = true; }")  # gone if the page reloads
    cdp = context.new_cdp_session(page)
    cdp.send("HeapProfiler.enable")

    today_new = page.locator('[data-figure="reports.today.new"]')

    def report_comes_in(at_cycle: int) -> None:
        """A report is filed; the figure follows at the next refresh, without a reload."""
        wait_cycles(page, at_cycle)
        before = int(today_new.inner_text().replace(",", ""))
        file_report(tree.grid1, reporter, category, timezone.now())
        page.wait_for_function(
            f"() => document.querySelector('[data-figure=\"reports.today.new\"]').textContent === '{before + 1}'")

    # The first change of the figures costs ECharts a one-off ~0.6 MB (measured: flat afterwards
    # through five more changes); it happens before the first sample so that the samples compare
    # steady states, while the figures keep changing between them.
    report_comes_in(5)
    early_heap = heap_after_gc(page, cdp, EARLY)
    early_charts = page.evaluate(CHART_IDS)
    early_nodes = page.evaluate("() => document.getElementsByTagName('*').length")
    assert len(early_charts) == CHARTS
    for cycle in (40, 60, 80):
        report_comes_in(cycle)

    late_heap = heap_after_gc(page, cdp, CYCLES)
    assert page.evaluate("() => window.loadedOnce") is True
    assert page.evaluate(CHART_IDS) == early_charts
    assert page.evaluate("() => document.querySelectorAll('canvas').length") == CHARTS
    assert page.evaluate("() => document.getElementsByTagName('*').length") == early_nodes
    assert page.locator("#ticker li:not([hidden])").count() <= int(page.evaluate("document.body.dataset.tickerSize"))
    record_property("terminal summary", ("big screen heap", f"after GC at cycle {EARLY}: {early_heap} B, "
                                         f"at cycle {CYCLES}: {late_heap} B ({late_heap - early_heap:+d} B)"))
    assert late_heap - early_heap < HEAP_TOLERANCE, (early_heap, late_heap)
    assert not page.locator("#screen-stale").is_visible()

    page.screenshot(path=f"{SHOTS}/screen-district.png")
    text = page.locator("#screen").inner_text()
    assert "王小明" not in text and "王**" in text

    # Midnight: the next answer names a new day; the page shows it and then reloads itself once.
    def next_day(route):
        response = route.fetch()
        data = response.json()
        data["today"] = "2099-01-01"
        route.fulfill(response=response, body=json.dumps(data))

    page.route("**/data/", next_day)
    page.wait_for_function("() => window.loadedOnce === undefined", timeout=20_000)
    page.wait_for_function("() => Number(document.body.dataset.cycles) >= 1")
    assert problems == []
