"""One masking, in one module: a second copy is where the rules drifted and data leaked."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "tests", "static", "media", ".git"}
OWNER = ROOT / "partybuild" / "personal.py"


def _sources(*suffixes: str):
    for path in ROOT.rglob("*"):
        if path.suffix in suffixes and not SKIP & set(path.relative_to(ROOT).parts):
            yield path


def test_masks_are_called_only_through_partybuild_personal():
    copies = re.compile(r"\bmask_(phone|id_number)\b|show_personal_data|can_view_personal_data|PERSONAL_DATA_ROLES")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in _sources(".py") if p != OWNER
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if copies.search(line)]
    assert found == []


def test_templates_print_id_numbers_and_birth_dates_only_masked():
    raw = re.compile(r"\{\{[^}]*\.(id_number|birth_date)\b(?!\|age)[^}]*\}\}")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in _sources(".html")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if raw.search(line)]
    assert found == []
