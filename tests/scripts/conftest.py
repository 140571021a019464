"""The benchmark scripts are run as `python scripts/<name>.py`, with scripts/ on the path
(they import `loopback` from it); tests import them the same way."""

import importlib
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture
def script(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    return importlib.import_module
