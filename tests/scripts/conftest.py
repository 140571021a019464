"""The benchmark scripts are run as `python scripts/<name>.py`, with scripts/ on the path
(they import `loopback` and the `rush` package from it); tests import them the same way,
e.g. script("rush.audit")."""

import importlib
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture
def script(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    return importlib.import_module


@pytest.fixture
def audit(script):
    """The rush benchmark's audit, which both its tests call."""
    return script("rush.audit").audit
