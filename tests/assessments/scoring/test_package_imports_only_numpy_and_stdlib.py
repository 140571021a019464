import ast
import sys
from pathlib import Path

import assessments.scoring

PACKAGE_DIR = Path(assessments.scoring.__file__).parent
ALLOWED_THIRD_PARTY = {"numpy"}


def _imported_roots(tree: ast.AST) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module.split(".")[0], node.lineno))
    return found


def test_scoring_package_imports_nothing_but_numpy_the_standard_library_and_itself():
    sources = sorted(PACKAGE_DIR.glob("*.py"))
    assert sources, "no sources found"
    bad = []
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for root, line in _imported_roots(tree):
            if root in ALLOWED_THIRD_PARTY or root in sys.stdlib_module_names:
                continue
            if root == "assessments":       # absolute import of its own modules
                continue
            bad.append(f"{path.name}:{line} imports {root}")
    assert not bad, bad


def test_the_import_check_would_catch_django_scipy_and_pandas():
    tree = ast.parse("import django\nfrom scipy import stats\nimport pandas as pd\n")
    roots = {r for r, _ in _imported_roots(tree)}
    assert roots == {"django", "scipy", "pandas"}
    assert not roots & (ALLOWED_THIRD_PARTY | set(sys.stdlib_module_names))
