"""The read side has one cache rule (assessments/reports/page_cache.py): no other module
of reports/ or views/ reaches the cache, so every key is built in one place."""

import ast
from pathlib import Path

import assessments

ROOT = Path(assessments.__file__).parent
ALLOWED = {ROOT / "reports" / "page_cache.py"}


def _reaches_the_cache(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(alias.name.startswith("django.core.cache") for alias in node.names):
                return True
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("django.core.cache"):
                return True
            if node.module == "django.core" and any(a.name == "cache" for a in node.names):
                return True
    return "django.core.cache" in path.read_text(encoding="utf-8")


def test_no_report_or_view_but_the_page_cache_imports_the_cache():
    modules = sorted((ROOT / "reports").rglob("*.py")) + sorted((ROOT / "views").rglob("*.py"))
    assert len(modules) > 20  # the walk found the packages
    offenders = [str(p.relative_to(ROOT)) for p in modules
                 if p not in ALLOWED and _reaches_the_cache(p)]
    assert offenders == []


def test_the_page_cache_itself_is_seen_by_the_guard():
    assert all(_reaches_the_cache(p) for p in ALLOWED)
