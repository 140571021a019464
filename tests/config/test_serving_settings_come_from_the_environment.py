"""gunicorn's and Celery's serving settings come from the environment, with defaults that
do not cut off a long request or keep a bloated process for ever."""

import json
import logging
import runpy
from pathlib import Path

from config.logging import JsonFormatter
from config.request_ids import ContextFilter

GUNICORN = Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"


def gunicorn_settings(monkeypatch, **env):
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_TIMEOUT",
                 "GUNICORN_MAX_REQUESTS", "GUNICORN_MAX_REQUESTS_JITTER", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN))


def test_gunicorn_defaults_four_threads_outlast_its_30_s_default_and_recycle(monkeypatch):
    conf = gunicorn_settings(monkeypatch)
    assert conf["workers"] == 3 and conf["threads"] == 4
    assert conf["timeout"] >= 60
    assert conf["max_requests"] > 0 and 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["accesslog"] == "-"


def test_gunicorn_settings_are_read_from_the_environment(monkeypatch):
    conf = gunicorn_settings(monkeypatch, GUNICORN_WORKERS="5", GUNICORN_THREADS="1",
                             GUNICORN_TIMEOUT="300", GUNICORN_MAX_REQUESTS="500")
    assert (conf["workers"], conf["threads"], conf["timeout"]) == (5, 1, 300)
    assert conf["max_requests"] == 500 and conf["max_requests_jitter"] == 50


def test_web_concurrency_sets_the_workers_when_gunicorn_workers_is_not_set(monkeypatch):
    assert gunicorn_settings(monkeypatch, WEB_CONCURRENCY="4")["workers"] == 4
    assert gunicorn_settings(monkeypatch, WEB_CONCURRENCY="4",
                             GUNICORN_WORKERS="2")["workers"] == 2


def test_celery_recycles_children_and_cancels_tasks_whose_broker_went_away():
    from config.celery import app

    assert app.conf.worker_max_tasks_per_child == 200
    assert app.conf.worker_cancel_long_running_tasks_on_connection_loss is True


def test_a_json_log_line_carries_time_level_logger_and_message():
    record = logging.LogRecord("talent.accounts", logging.WARNING, __file__, 1,
                               "Login of employee %s not renamed", (42,), None)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING" and line["logger"] == "talent.accounts"
    assert line["message"] == "Login of employee 42 not renamed"
    assert line["time"].endswith("+00:00") and "T" in line["time"]


def test_a_text_log_line_carries_time_level_and_logger():
    from django.conf import settings

    pattern = settings.LOGGING["formatters"]["text"]["format"]
    record = logging.LogRecord("talent.views", logging.ERROR, __file__, 1, "down", (), None)
    ContextFilter().filter(record)
    line = logging.Formatter(pattern).format(record)
    assert " ERROR talent.views [-] down" in line and line[:4].isdigit()
