"""The loopback benchmarks need PostgreSQL (a scratch database beside DATABASE_URL's):
on SQLite they stop at once and say what to set, before creating anything."""

import os
import subprocess
import sys

import pytest

from .conftest import SCRIPTS


@pytest.mark.parametrize("name", ["bench_rush", "bench_answers"])
def test_the_bench_refuses_sqlite_and_says_what_to_set(name, tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = subprocess.run([sys.executable, str(SCRIPTS / f"{name}.py")], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "needs PostgreSQL" in result.stderr
    assert f"<name>_{name}" in result.stderr
    assert not (tmp_path / "db.sqlite3").exists()
