"""What a first `docker compose up` needs that tests in one process cannot see: every
file one container writes and another reads is on a volume both mount, the database
password cannot silently fall back to a default, logs are rotated, memory is bounded
and no process gains privileges."""

import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "docker-compose.yml").read_text()
# The directory settings a worker writes and the web reads (or the other way round).
SHARED = ("PRIVATE_MEDIA_ROOT",)


@pytest.fixture(scope="module")
def services():
    return YAML(typ="safe").load(TEXT)["services"]


def mounted(service, path):
    """The named volume mounted at `path` in a service, or None."""
    for volume in service.get("volumes", []):
        name, _, target = volume.partition(":")
        if target.split(":")[0] == path:
            return name
    return None


@pytest.mark.parametrize("setting", SHARED)
def test_every_shared_directory_is_one_named_volume_in_web_and_worker(services, setting):
    path = services["web"]["environment"][setting]
    assert services["worker"]["environment"][setting] == path
    web, worker = mounted(services["web"], path), mounted(services["worker"], path)
    assert web is not None and web == worker, (setting, web, worker)


def test_the_database_password_has_no_fallback(services):
    assert ":-talent" not in TEXT and "POSTGRES_PASSWORD:-" not in TEXT
    assert services["db"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?")
    assert "${POSTGRES_PASSWORD:?" in services["web"]["environment"]["DATABASE_URL"]


def test_every_service_rotates_its_logs_and_gains_no_privileges(services):
    for name, service in services.items():
        options = service["logging"]["options"]
        assert service["logging"]["driver"] == "json-file", name
        assert options["max-size"] and int(options["max-file"]) >= 2, name
        assert "no-new-privileges:true" in service["security_opt"], name


def test_long_running_services_have_a_memory_limit(services):
    for name in ("db", "redis", "cache", "web", "worker", "beat", "backup"):
        assert services[name].get("mem_limit"), name
    assert services["db"]["shm_size"] == "256mb"


def test_web_is_healthy_while_the_database_answers_whatever_redis_does(services):
    assert "/healthz/ready" in " ".join(services["web"]["healthcheck"]["test"])


def test_web_takes_its_serving_settings_from_the_gunicorn_config(services):
    assert services["web"]["command"] == ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
    assert 'CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]' in (
        ROOT / "Dockerfile").read_text()


def test_a_backup_service_dumps_the_database_to_its_own_volume_on_a_schedule(services):
    backup = services["backup"]
    assert backup["image"] == services["db"]["image"]  # client tools match the server
    assert "${POSTGRES_PASSWORD:?" in backup["environment"]["DATABASE_URL"]
    assert mounted(backup, "/backups") == "backups"
    assert "./scripts/backup-db:/opt/talent/scripts/backup-db:ro" in backup["volumes"]
    assert "./scripts/lib:/opt/talent/scripts/lib:ro" in backup["volumes"]
    loop = " ".join(backup["entrypoint"])
    assert "/opt/talent/scripts/backup-db" in loop and "$$BACKUP_INTERVAL_SECONDS" in loop


APP = ("migrate", "web", "worker", "beat")


def test_the_app_writes_only_to_its_volumes_and_to_memory(services):
    from django.conf import settings

    for name in APP:
        assert services[name]["read_only"] is True, name
        assert any(mount.startswith("/tmp:") for mount in services[name]["tmpfs"]), name
    # What the running app writes: private files (web, worker) and beat's store.
    for name in ("web", "worker"):
        assert mounted(services[name], services[name]["environment"]["PRIVATE_MEDIA_ROOT"])
    assert mounted(services["beat"], "/app/var/beat")
    assert str(settings.BEAT_HEARTBEAT_FILE).endswith("var/beat/heartbeat")


def test_the_cache_is_a_redis_of_its_own_that_evicts_and_the_broker_never_does(services):
    env = services["web"]["environment"]
    assert env["CACHE_URL"].startswith("redis://cache:")
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert services["worker"]["environment"]["CACHE_URL"] == env["CACHE_URL"]
    broker, cache = services["redis"]["command"], services["cache"]["command"]
    assert broker[broker.index("--maxmemory-policy") + 1] == "noeviction"
    assert cache[cache.index("--maxmemory-policy") + 1] == "allkeys-lru"
    assert "--maxmemory" in cache and "volumes" not in services["cache"]
    for name in APP:
        assert services[name]["depends_on"]["cache"] == {"condition": "service_healthy"}


@pytest.mark.parametrize("login", ["", "ops", "ops:", ":secret", "ops:change-me"])
def test_flower_refuses_to_start_without_a_login(services, login):
    # What the container's shell runs, with compose's $$ unescaped and Flower left out.
    script = services["flower"]["command"][2].replace("$$", "$")
    script = script.replace("exec celery", "echo started celery")
    ran = subprocess.run(["sh", "-c", script], env={"FLOWER_BASIC_AUTH": login},
                         capture_output=True, text=True, check=False)
    assert ran.returncode == 1 and "started" not in ran.stdout
    assert "set FLOWER_BASIC_AUTH=user:password" in ran.stderr
    ran = subprocess.run(["sh", "-c", script], env={"FLOWER_BASIC_AUTH": "ops:secret"},
                         capture_output=True, text=True, check=False)
    assert ran.returncode == 0 and "started celery" in ran.stdout


def test_flower_is_opt_in_on_loopback_behind_a_password(services):
    from django.conf import settings

    flower = services["flower"]
    assert flower["profiles"] == ["monitoring"]
    assert all(port.startswith("127.0.0.1:") for port in flower["ports"])
    assert "FLOWER_BASIC_AUTH" in flower["environment"]
    assert settings.CELERY_WORKER_SEND_TASK_EVENTS, "workers send the events Flower shows"
