"""What docker-compose.yml promises the operator (docs/operations.md)."""

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
APP = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def services():
    return YAML(typ="safe").load((ROOT / "docker-compose.yml").read_text())["services"]


def seconds(duration):
    return sum(int(n) * {"s": 1, "m": 60, "h": 3600}[u]
               for n, u in re.findall(r"(\d+)([smh])", duration))


def test_migrations_run_once_in_their_own_service_before_the_app_starts(services):
    command = services["migrate"]["command"]
    assert command[:2] == ["sh", "-c"]
    assert command[2].endswith("&& exec python manage.py migrate --no-input")
    assert services["migrate"]["restart"] == "no"
    for name in APP:
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"}
        assert "migrate" not in str(services[name].get("command"))


def test_the_site_is_published_on_loopback_only_for_the_tls_proxy(services):
    for name, service in services.items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)
    assert services["web"]["ports"]


def test_the_beat_health_check_looks_at_a_recent_heartbeat_not_a_file_existing(services):
    test = services["beat"]["healthcheck"]["test"]
    assert test[:4] == ["CMD", "python", "-m", "config.beat"] and "--check" in test
    assert "beat" in services["beat"]["command"] and "--beat" not in services["worker"]["command"]


def test_a_stopped_worker_has_time_to_finish_its_chunk(services):
    from django.conf import settings

    worker = services["worker"]
    assert worker["environment"]["REMAP_SIGTERM"] == "SIGQUIT"
    assert seconds(worker["stop_grace_period"]) > settings.CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT


def test_state_lives_in_named_volumes(services):
    assert "private:/app/var/private" in services["web"]["volumes"]
    assert services["web"]["environment"]["PRIVATE_MEDIA_ROOT"] == "/app/var/private"
    assert "beat:/app/var/beat" in services["beat"]["volumes"]
    assert "redisdata:/data" in services["redis"]["volumes"]
