"""Refresh every gettext catalogue, then compile them: what ``make messages`` runs.

Every app keeps its strings in its own ``<app>/locale/`` (accounts, organizations, grids, services,
reports, volunteers, imports, audit, notifications), beside its templates, so an app's translations
travel with it. The project catalogue (``locale/``) holds only what belongs to no app: the shared
mechanisms in ``partybuild/`` and the project-wide templates (``templates/``: base, home, forms,
registration, pagination). Django's makemessages reads the current directory, so it runs once at the
root, skipping the apps, and once inside each of them. A new app needs its
``locale/zh_Hans/LC_MESSAGES/`` and ``locale/en/LC_MESSAGES/`` folders before the first run.

The project catalogue wins over the apps' (LOCALE_PATHS), and among apps the one listed first in
``INSTALLED_APPS`` wins, so a msgid two apps share is translated alike; after moving strings between
catalogues, ``scripts/compare_translations.py`` says whether any lost or changed its translation.

It runs in-process because a plain ``manage.py`` started inside ``services/`` would import
``services/services.py`` as the top-level ``services`` package.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["zh_Hans", "en"]
NEVER = [".venv", "tests", "staticfiles", "scripts", "bench", "media"]


def main(only: list[str]) -> None:
    """Refresh every catalogue, or only the named apps' (``scripts/makemessages.py stars``), so work on
    one app does not rewrite the location comments of every other catalogue."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")
    import django
    from django.core.management import call_command

    django.setup()
    apps = sorted(p.parent.name for p in ROOT.glob("*/locale") if (p.parent / "apps.py").exists())
    os.chdir(ROOT)
    if only:
        apps = [app for app in apps if app in only]
    else:
        call_command("makemessages", locale=LOCALES, ignore_patterns=[*NEVER, *apps], verbosity=1)
    for app in apps:
        os.chdir(ROOT / app)
        call_command("makemessages", locale=LOCALES, ignore_patterns=NEVER, verbosity=1)
    os.chdir(ROOT)
    call_command("compilemessages", ignore_patterns=[".venv"], verbosity=1)
    # compilemessages skips a .mo that is not older than its .po; say what to commit.
    print("Commit the .po and .mo files of:", ", ".join(apps) if only else "every catalogue")


if __name__ == "__main__":
    main(sys.argv[1:])
