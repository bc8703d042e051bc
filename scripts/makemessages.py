"""Refresh every gettext catalogue, then compile them: what ``make messages`` runs.

The project catalogue (``locale/``) holds the foundation: accounts, organizations, grids, imports,
partybuild and the project-level templates. Apps with a ``locale/`` of their own (reports,
services, volunteers, audit, notifications) keep their strings there, beside their templates, so an app's
translations travel with it. Django's makemessages reads the current directory, so it runs once
at the root, skipping those apps, and once inside each of them.

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


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")
    import django
    from django.core.management import call_command

    django.setup()
    apps = sorted(p.parent.name for p in ROOT.glob("*/locale") if (p.parent / "apps.py").exists())
    os.chdir(ROOT)
    call_command("makemessages", locale=LOCALES, ignore_patterns=[*NEVER, *apps], verbosity=1)
    for app in apps:
        os.chdir(ROOT / app)
        call_command("makemessages", locale=LOCALES, ignore_patterns=NEVER, verbosity=1)
    os.chdir(ROOT)
    call_command("compilemessages", ignore_patterns=[".venv"], verbosity=1)


if __name__ == "__main__":
    main()
