"""Every log line names the request or Celery task it belongs to, and the response gives
the request's id back (X-Request-ID), so a person can quote it and an operator can find
every line of that visit, in text or JSON logs (config/request_ids.py)."""

import json
import logging
import re

import pytest
from django.conf import settings
from django.urls import reverse

from config.celery import app
from config.logging import JsonFormatter
from config.request_ids import ContextFilter


@pytest.fixture
def lines():
    """The log lines as the console handler of settings.LOGGING writes them."""
    captured = []

    class Keep(logging.Handler):
        def emit(self, record):
            captured.append(self.format(record))

    handler = Keep()
    handler.addFilter(ContextFilter())
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["text"]["format"]))
    logging.getLogger().addHandler(handler)
    yield captured
    logging.getLogger().removeHandler(handler)


def test_a_response_names_a_new_request_id_and_djangos_own_lines_carry_it(client, lines):
    response = client.get("/no-such-page/")
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert any(f"[req={request_id}]" in line and "Not Found" in line for line in lines)
    assert client.get(reverse("login")).headers["X-Request-ID"] != request_id


def test_the_proxys_id_is_kept_when_sane_and_replaced_when_not(client):
    given = "proxy-7f3a9c1e-0001"
    assert client.get(reverse("login"), headers={"x-request-id": given}).headers[
        "X-Request-ID"] == given
    for bad in ("short", "has spaces in it", "x" * 200, "semi;colon;injected"):
        answered = client.get(reverse("login"), headers={"x-request-id": bad}).headers[
            "X-Request-ID"]
        assert answered != bad and re.fullmatch(r"[0-9a-f]{32}", answered)


def test_a_line_outside_any_request_or_task_says_so(lines):
    logging.getLogger("talent").warning("between requests")
    assert lines[-1].endswith("[-] between requests")


def test_a_tasks_lines_carry_its_task_id(lines):
    @app.task(name="tests.log_something")
    def log_something():
        logging.getLogger("assessments.tasks").warning("inside a task")

    result = log_something.apply(task_id="task-id-for-the-log-test")
    assert result.successful()
    assert any("[task=task-id-for-the-log-test] inside a task" in line for line in lines)


def test_json_lines_carry_the_ids_as_fields():
    record = logging.LogRecord("talent", logging.WARNING, __file__, 1, "hello", (), None)
    ContextFilter().filter(record)
    record.request_id = "abcdef0123456789"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request_id"] == "abcdef0123456789" and "task_id" not in entry
    assert "context" not in entry
