"""The setup finds Python 3.12+ or says clearly what it needs."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_setup_without_python_312_or_newer_fails_with_a_clear_message(tmp_path):
    if any(Path(d, f"python3.{v}").exists() for d in ("/usr/bin", "/usr/local/bin")
           for v in (12, 13, 14)):
        pytest.skip("this machine has a system Python 3.12+, so absence can't be simulated")
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "bootstrap", project / "scripts" / "bootstrap")
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    # An old interpreter answering to every name the script tries.
    for name in ("python3", "python3.12", "python3.13"):
        script = fake_bin / name
        script.write_text("#!/bin/sh\nexec /usr/bin/env -i /bin/false\n")
        script.chmod(0o755)
    result = subprocess.run(
        ["bash", str(project / "scripts" / "bootstrap")],
        env={"PATH": f"{fake_bin}:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "Python 3.12 or newer is needed" in result.stderr
    assert not (project / ".venv").exists()


def test_setup_picks_an_interpreter_that_really_is_312_or_newer():
    version = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c",
         "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True, text=True, env={**os.environ}, check=True,
    )
    assert version.stdout.strip() == "True"
