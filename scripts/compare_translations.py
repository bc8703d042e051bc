"""Check that moving strings between catalogues lost no translation.

``python scripts/compare_translations.py [REF]`` (REF defaults to ``main``) compares, for zh_Hans, what
Django would answer for each msgid with the compiled catalogues at REF and with those of the working
tree: the project catalogue (``locale/``, highest priority) over the apps' own catalogues in
``INSTALLED_APPS`` order, as ``django.utils.translation`` merges them. It prints every msgid that
was translated at REF and is no longer translated, or now translated differently, and exits
non-zero if there is any. It reads the ``.mo`` files: compile first.
"""

from __future__ import annotations

import ast
import gettext
import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "zh_Hans"
MO = f"locale/{LOCALE}/LC_MESSAGES/django.mo"


def _apps() -> list[str]:
    sys.path.insert(0, str(ROOT))
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")
    from django.conf import settings

    return [app for app in settings.INSTALLED_APPS if "." not in app and (ROOT / app / "apps.py").exists()]


def _catalogue(data: bytes | None) -> dict:
    if not data:
        return {}
    return {k: v for k, v in gettext.GNUTranslations(io.BytesIO(data))._catalog.items() if k and v}


def _at_ref(ref: str, path: str) -> bytes | None:
    result = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=ROOT, capture_output=True)
    return result.stdout if result.returncode == 0 else None


def _in_tree(path: str) -> bytes | None:
    file = ROOT / path
    return file.read_bytes() if file.exists() else None


def effective(read) -> tuple[dict, dict]:
    """(what Django answers for each msgid, the project catalogue alone)."""
    merged: dict = {}
    for app in reversed(_apps()):  # earlier apps win, as in Django
        merged.update(_catalogue(read(f"{app}/{MO}")))
    project = _catalogue(read(MO))
    merged.update(project)  # LOCALE_PATHS win over every app
    return merged, project


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)  # a .po string is a C string literal


def used_msgids() -> set[str]:
    """Every msgid (with its context) of the working tree's catalogues, translated or not."""
    found: set[str] = set()
    for po in ROOT.glob(f"**/{LOCALE}/LC_MESSAGES/django.po"):
        if ".venv" in po.parts:
            continue
        context, current, field = None, [], None
        for raw in [*po.read_text(encoding="utf-8").splitlines(), ""]:
            line = raw.strip()
            if line.startswith(('msgctxt ', 'msgid ', 'msgid_plural ', 'msgstr')) or not line:
                if field == "msgid" and current:
                    msgid = _unquote(current)
                    found.add(f"{context}\x04{msgid}" if context is not None else msgid)
                    context = None
                if field == "msgctxt":
                    context = _unquote(current)
                field, current = None, []
                if line.startswith("msgctxt "):
                    field, current = "msgctxt", [line[8:]]
                elif line.startswith("msgid "):
                    field, current = "msgid", [line[6:]]
            elif line.startswith('"') and field:
                current.append(line)
    return found


def main(ref: str) -> int:
    before, old_project = effective(lambda path: _at_ref(ref, path))
    after, _ = effective(_in_tree)
    used = used_msgids()
    gone = sorted((k for k in old_project if k not in after and (k[0] if isinstance(k, tuple) else k) not in used),
                  key=str)
    for key in gone:
        print(f"UNUSED   {key!r}: no longer in the code")
    lost = sorted((k for k in old_project if k not in after and k not in gone), key=str)
    changed = sorted((k for k in before if k in after and after[k] != before[k]), key=str)
    for key in lost:
        print(f"LOST     {key!r}: was {before[key]!r}")
    for key in changed:
        print(f"CHANGED  {key!r}: {before[key]!r} -> {after[key]!r}")
    print(f"{len(old_project)} msgids translated in the project catalogue at {ref}; "
          f"{len(lost)} lost their translation, {len(changed)} translate differently now.")
    return 1 if lost or changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "main"))
