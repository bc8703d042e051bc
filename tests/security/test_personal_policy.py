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


def test_no_filter_set_filters_on_a_personal_field():
    """A ``?phone__startswith=`` style filter is the same oracle as a search by part of a number."""
    import importlib

    import django_filters

    from partybuild.personal import lookup_is_personal

    for app in ("organizations", "grids.api.views", "services", "volunteers", "reports", "audit"):
        for module in (f"{app}.filters", app) if "." not in app else (app,):
            try:
                importlib.import_module(module)
            except ModuleNotFoundError:
                continue
    pending, seen = [django_filters.FilterSet], []
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        seen.append(cls)
    checked = 0
    for filterset in seen:
        model = getattr(getattr(filterset, "_meta", None), "model", None)
        if model is None:
            continue
        for name, f in filterset.base_filters.items():
            checked += 1
            assert not (f.field_name and lookup_is_personal(model, f.field_name)), f"{filterset.__name__}.{name}"
    assert checked > 20
