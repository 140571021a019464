"""What bounds the time a killed or stopped worker holds a scoring chunk (docs/operations.md,
"When a worker is killed"): the settings, read from the environment in a fresh interpreter."""

from .test_settings_from_environment import run_probe

PROBE = """
import json, django
django.setup()
from config.celery import app
c = app.conf
print(json.dumps({
    "visibility_timeout": c.broker_transport_options.get("visibility_timeout"),
    "soft": c.task_soft_time_limit, "hard": c.task_time_limit,
    "soft_shutdown": c.worker_soft_shutdown_timeout,
    "acks_late": c.task_acks_late, "reject_on_worker_lost": c.task_reject_on_worker_lost,
}))
"""


def conf(**env):
    import json

    result = run_probe(code=PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_on_redis_an_unacknowledged_chunk_is_delivered_again_within_minutes():
    c = conf(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert 60 <= c["visibility_timeout"] <= 15 * 60
    assert c["acks_late"] and c["reject_on_worker_lost"]


def test_a_chunk_is_stopped_before_it_could_be_delivered_twice():
    c = conf(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert 0 < c["soft"] < c["hard"] < c["visibility_timeout"]


def test_a_stopping_worker_lets_running_chunks_finish_for_a_while():
    assert conf()["soft_shutdown"] >= 30


def test_the_operator_sets_the_visibility_timeout_and_limits_from_the_environment():
    c = conf(CELERY_BROKER_URL="redis://127.0.0.1:6379/0", CELERY_VISIBILITY_TIMEOUT="900",
             CELERY_TASK_SOFT_TIME_LIMIT="500", CELERY_TASK_TIME_LIMIT="600",
             CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT="120")
    assert (c["visibility_timeout"], c["soft"], c["hard"], c["soft_shutdown"]) == (
        900, 500, 600, 120)
