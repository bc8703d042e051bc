"""Browser fixtures: Debian's Chromium driven by Playwright's sync API against pytest-django's live server.

Never run ``playwright install``: it downloads a browser, and these machines use /usr/bin/chromium.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module.

    Playwright's sync API keeps an event loop running in the test thread, which trips Django's
    async-unsafe guard on every ORM call the test makes (fixtures, assertions); the ORM is still
    used from this one thread, so the guard is lifted while the browser lives. Module scope and
    the restore matter: the variable must not leak into later tests (``check --deploy`` refuses it).
    """
    if not shutil.which(CHROMIUM):
        pytest.skip("needs Debian's chromium (make browser)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) on the live server; every step waits at most 10 s."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
