"""Every app of the project has the same layout (README, "How the code is organised"): a ``views/``
package, an ``api/`` package, ``services.py`` (writes), ``selectors.py`` (reads), ``demo.py`` (or a
``demo/`` package), ``templates/<app>/`` and ``locale/``. A deliberate exception is listed below
with its reason; a new app that misses a part fails here with the list of what to add."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
NOT_APPS = {"partybuild"}  # the project package: settings, urls and the shared mechanisms

# (app, part): why the app has none.
EXCEPTIONS = {
    ("imports", "api/"): "imports are a page with a progress bar, exports are files (test_record_types NOT_IN_API)",
    ("accounts", "demo.py"): "the demo accounts are created by organizations.demo with the nodes they are bound to",
    ("grids", "demo.py"): "grids, buildings and households are built with the tree by organizations.demo",
    ("grids", "views/"): "no pages of its own: grids, buildings and households show on the organisation pages",
    ("grids", "templates/"): "no pages of its own (see views/)",
    ("summaries", "views/"): "no pages of its own: its figures show on the coverage, statistics and ledger pages",
    ("summaries", "api/"): "read through the coverage and statistics endpoints of organizations and reports",
    ("screens", "api/"): "the big screen reads its figures from its own JSON endpoint (screens:data); no records",
    ("screens", "services.py"): "the big screen only reads: no writes",
    ("screens", "demo.py"): "no records of its own: the screen shows the other apps' demo rows",
}


def _has_package(path: Path) -> bool:
    return path.is_dir() and (path / "__init__.py").exists()


PARTS = {
    "views/": lambda app: _has_package(ROOT / app / "views") and not (ROOT / app / "views.py").exists(),
    "api/": lambda app: _has_package(ROOT / app / "api") and not (ROOT / app / "api.py").exists(),
    "services.py": lambda app: (ROOT / app / "services.py").is_file(),
    "selectors.py": lambda app: (ROOT / app / "selectors.py").is_file(),
    "demo.py": lambda app: (ROOT / app / "demo.py").is_file() or _has_package(ROOT / app / "demo"),
    "templates/": lambda app: (ROOT / app / "templates" / app).is_dir(),
    "locale/": lambda app: all((ROOT / app / "locale" / lang / "LC_MESSAGES" / "django.po").is_file()
                               for lang in ("zh_Hans", "en")),
}


def project_apps() -> list[str]:
    return sorted(p.parent.name for p in ROOT.glob("*/apps.py") if p.parent.name not in NOT_APPS)


def test_the_project_has_apps():
    assert {"accounts", "organizations", "grids", "imports", "volunteers"} <= set(project_apps())


@pytest.mark.parametrize("app", project_apps())
def test_app_follows_the_layout(app):
    missing = [part for part, present in PARTS.items() if not present(app) and (app, part) not in EXCEPTIONS]
    assert missing == [], f"{app} lacks {', '.join(missing)} (or an entry in EXCEPTIONS with the reason)"


def test_exceptions_are_still_needed():
    stale = [key for key in EXCEPTIONS if key[0] not in project_apps() or PARTS[key[1]](key[0])]
    assert stale == []


def test_project_templates_hold_only_project_wide_pages():
    # Django looks up the error pages (400/403/404/500, CSRF failure) at the root of the template search;
    # admin/ overrides the Django admin's own templates (the capped count of partybuild.pagination).
    allowed = {"admin", "base.html", "home.html", "_filter_fields.html", "_pagination.html", "forms", "registration",
               "drf_spectacular", "403.html", "403_csrf.html", "404.html", "500.html", "_error_card.html",
               "error_base.html"}
    assert sorted(p.name for p in (ROOT / "templates").iterdir() if p.name not in allowed) == []
