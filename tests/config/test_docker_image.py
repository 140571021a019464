"""What the Dockerfile promises (docker is not available to the test suite, so this reads
it): a supported Node LTS for the assets, no unused system packages, and application code
the running user cannot change."""

import re
from pathlib import Path

DOCKERFILE = (Path(__file__).resolve().parents[2] / "Dockerfile").read_text()
INSTRUCTIONS = [line for line in re.sub(r"\\\n", " ", DOCKERFILE).splitlines()
                if line.strip() and not line.lstrip().startswith("#")]


def test_the_asset_stage_uses_a_supported_node_lts():
    node = re.search(r"^FROM node:(\d+)-", DOCKERFILE, re.M)
    assert node and int(node.group(1)) in (22, 24)


def test_no_system_packages_are_installed_into_the_runtime_image():
    assert not any("apt-get install" in line for line in INSTRUCTIONS)


def test_the_code_belongs_to_root_and_only_var_to_the_user_that_runs_it():
    chowns = [line for line in INSTRUCTIONS if "chown" in line]
    assert chowns and all(re.search(r"chown -R app:app var\b", line) for line in chowns)
    assert not any(re.match(r"COPY --chown", line) for line in INSTRUCTIONS)
    assert [line for line in INSTRUCTIONS if line.startswith("USER")] == ["USER app"]
    assert INSTRUCTIONS.index("USER app") > max(
        i for i, line in enumerate(INSTRUCTIONS) if line.startswith(("COPY", "RUN")))
