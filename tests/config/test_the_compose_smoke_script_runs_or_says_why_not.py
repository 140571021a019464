"""scripts/compose-smoke brings the compose stack up and checks it where a Docker engine
runs; without one it says so plainly and exits 2 (never a silent pass)."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "compose-smoke"


def test_the_script_is_valid_bash():
    assert subprocess.run(["bash", "-n", str(SCRIPT)], capture_output=True).returncode == 0


def test_it_runs_where_docker_runs_and_says_why_not_elsewhere():
    engine = subprocess.run(["docker", "info"], capture_output=True).returncode == 0 if (
        subprocess.run(["which", "docker"], capture_output=True).returncode == 0) else False
    result = subprocess.run([str(SCRIPT)], capture_output=True, text=True, timeout=1800)
    if engine:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "all checks passed" in result.stdout
    else:
        assert result.returncode == 2
        assert "needs a running Docker engine" in result.stderr
