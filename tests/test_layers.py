"""The layer rules of docs/architecture.md, checked over every module of the project.

views -> tasks -> services -> models / engine_io / bulk -> scoring, never backwards:
the scoring engine imports no Django, reports import no service or task and write
nothing, services never import tasks, talent never imports assessments, and no two
project modules import each other in a cycle.
"""

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("assessments", "talent", "config", "api")


def _modules():
    """(dotted name, path) of every Python module of the apps, migrations excepted."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


MODULES = dict(_modules())


def _imports(name, path):
    """Project modules this module imports, at any depth of its code (function-level
    imports count: they are how cycles hide)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from x import y` imports x.y when y is a module, else x.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _under(name, package):
    return name == package or name.startswith(package + ".")


def test_every_module_imports():
    for name in MODULES:
        importlib.import_module(name)


def test_the_scoring_engine_imports_nothing_of_the_project_outside_itself():
    for name, targets in GRAPH.items():
        if _under(name, "assessments.scoring"):
            assert all(_under(t, "assessments.scoring") for t in targets), (name, targets)


def test_services_never_import_tasks_or_views():
    for name, targets in GRAPH.items():
        if _under(name, "assessments.services"):
            bad = [t for t in targets if _under(t, "assessments.tasks")
                   or _under(t, "assessments.views")]
            assert not bad, (name, bad)


def test_reports_import_no_service_task_view_or_bulk_writer():
    forbidden = ("assessments.services", "assessments.tasks", "assessments.views",
                 "assessments.bulk")
    for name, targets in GRAPH.items():
        if _under(name, "assessments.reports"):
            bad = [t for t in targets if any(_under(t, f) for f in forbidden)]
            assert not bad, (name, bad)


WRITING_CALLS = {"save", "delete", "create", "bulk_create", "bulk_update", "update",
                 "get_or_create", "update_or_create", "for_engine", "current"}


def test_reports_call_no_writing_method():
    for name, path in MODULES.items():
        if not _under(name, "assessments.reports"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in WRITING_CALLS, (name, node.lineno, node.func.attr)


def test_talent_never_imports_assessments():
    for name, targets in GRAPH.items():
        if _under(name, "talent"):
            bad = [t for t in targets if _under(t, "assessments")]
            assert not bad, (name, bad)


def test_views_reach_scoring_only_through_tasks_services_and_reports():
    for name, targets in GRAPH.items():
        if _under(name, "assessments.views"):
            bad = [t for t in targets if _under(t, "assessments.bulk")
                   or _under(t, "assessments.engine_io") or _under(t, "assessments.scoring")]
            assert not bad, (name, bad)


def test_no_two_project_modules_import_each_other_in_a_cycle():
    # A package's __init__ re-exporting its own modules is not a cycle of logic.
    def edges(name):
        return {t for t in GRAPH[name] if not (name.startswith(t + ".") and
                                                 MODULES[t].name == "__init__.py")}

    state, cycles = {}, []

    def visit(name, path):
        state[name] = "open"
        for target in edges(name):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert not cycles, cycles
