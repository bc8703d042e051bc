"""No import cycles around the importer: ``imports`` depends on ``organizations`` and never the
other way round, and inside ``imports`` no module imports one that imports it back (``services``
enqueues ``tasks``; ``tasks`` run ``running``). Function-local imports count: they hide a cycle,
they do not remove it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules() -> dict[str, Path]:
    modules = {}
    for init in ROOT.glob("*/__init__.py"):
        if init.parent.name == "tests":
            continue
        for path in init.parent.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _targets(module: str, node: ast.AST, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def import_graph() -> dict[str, set[str]]:
    """First-party module → the first-party modules it imports anywhere in its body."""
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(name, node, path.name == "__init__.py"):
                    while target and target not in modules:
                        target = target.rpartition(".")[0]
                    if target and target != name:
                        deps.add(target)
        graph[name] = deps
    return graph


def _cycle_through(graph: dict[str, set[str]], start: str, allowed) -> list[str] | None:
    """A path start → … → start using only modules ``allowed`` accepts, if there is one."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for dep in graph.get(node, ()):
            if dep == start:
                return [*path, start]
            if dep not in seen and allowed(dep):
                seen.add(dep)
                stack.append((dep, [*path, dep]))
    return None


def test_organizations_never_imports_the_importer():
    graph = import_graph()
    offenders = sorted(f"{m} → {d}" for m, deps in graph.items() if m.split(".")[0] == "organizations"
                       for d in deps if d.split(".")[0] == "imports")
    assert offenders == []


def test_no_module_cycle_inside_the_importer():
    graph = import_graph()
    cycles = [
        cycle for module in graph if module.startswith("imports.")
        if (cycle := _cycle_through(graph, module, lambda m: m.startswith("imports.")))
    ]
    assert cycles == []


def test_the_graph_sees_function_local_imports():
    """Guards the two tests above against passing on a graph that misses imports."""
    graph = import_graph()
    assert "imports.running" in graph["imports.tasks"]
    assert "partybuild.celery" in graph["imports.services"]  # imported inside background_available()
    assert "imports.tasks" in graph["imports.services"]
