"""With SENTRY_DSN set, an error in a page or a Celery task reaches the error-reporting
service (here a real HTTP server on loopback that speaks the envelope protocol's
receiving end), with its stack, the page's path and the request id, and without the
person's data: no request body, no cookies, no query string, no user, no local
variables, no log lines. Without SENTRY_DSN nothing is started. Each case runs in a
process of its own, since the SDK patches Django and Celery for the whole process."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.processes import ROOT, database_url

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "private-answer-Quartermaine-42"

PAGE_ERROR = """
import io
import os
SECRET = os.environ["TEST_SECRET"]
import django
django.setup()
from django.contrib.auth.decorators import login_not_required
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

@csrf_exempt
@login_not_required
def broken(request):
    answers = {"EXE01": SECRET}  # a local variable that must not leave
    raise ZeroDivisionError("the page broke")

urlpatterns = [path("broken/", broken)]
body = ("answer=" + SECRET).encode()
environ = {
    "REQUEST_METHOD": "POST", "PATH_INFO": "/broken/", "QUERY_STRING": "name=" + SECRET,
    "SERVER_NAME": "talent.example", "SERVER_PORT": "80", "HTTP_HOST": "talent.example",
    "HTTP_COOKIE": "sessionid=" + SECRET, "CONTENT_TYPE": "application/x-www-form-urlencoded",
    "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
    "wsgi.url_scheme": "http", "wsgi.errors": io.StringIO(), "SERVER_PROTOCOL": "HTTP/1.1",
}
answered = {}
def start_response(status, headers, exc_info=None):
    answered["status"], answered["headers"] = status, dict(headers)
with override_settings(ROOT_URLCONF=__name__, DEBUG=False, ALLOWED_HOSTS=["talent.example"]):
    b"".join(get_wsgi_application()(environ, start_response))
print("status", answered["status"], "request id", answered["headers"].get("X-Request-ID"))
import sentry_sdk
sentry_sdk.flush(timeout=10)
"""

TASK_ERROR = """
import os
SECRET = os.environ["TEST_SECRET"]
import django
django.setup()
from config.celery import app

@app.task(name="tests.failing")
def failing(comment):
    raise ValueError("the task broke")

try:
    failing.apply(args=[SECRET])
except ValueError:
    pass  # eager tasks propagate their errors here; a worker would log it
import sentry_sdk
sentry_sdk.flush(timeout=10)
"""

IDLE = """
import django
django.setup()
import sys
print("sentry imported" if "sentry_sdk" in sys.modules else "sentry not imported")
"""


@pytest.fixture
def collector():
    """A loopback HTTP server that keeps every envelope posted to it."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server interface
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(body.decode("utf-8", errors="replace"))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://public-key@127.0.0.1:{server.server_port}/1", received
    server.shutdown()


def _run(script, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings",
                               "DATABASE_URL": database_url(), "TEST_SECRET": SECRET, **env})
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _events(received):
    events = []
    for envelope in received:
        for line in envelope.splitlines():
            if line.startswith("{") and '"exception"' in line:
                events.append(json.loads(line))
    return events


def test_a_page_error_arrives_with_its_stack_path_and_request_id_and_no_personal_data(
        collector):
    dsn, received = collector
    out = _run(PAGE_ERROR, SENTRY_DSN=dsn)
    request_id = out.split("request id ")[1].split()[0]
    assert "status 500" in out

    [event] = _events(received)
    assert event["exception"]["values"][-1]["type"] == "ZeroDivisionError"
    assert event["request"] == {"method": "POST", "url": "http://talent.example/broken/"}
    assert event["tags"]["request_id"] == request_id
    everything = "\n".join(received)
    assert SECRET not in everything and "Quartermaine" not in everything
    assert '"vars"' not in everything and "sessionid" not in everything


def test_a_task_error_arrives_without_the_tasks_arguments(collector):
    dsn, received = collector
    _run(TASK_ERROR, SENTRY_DSN=dsn)
    [event] = _events(received)
    assert event["exception"]["values"][-1]["type"] == "ValueError"
    assert event["extra"] == {"task": "tests.failing"}
    assert SECRET not in "\n".join(received)


def test_without_a_dsn_nothing_is_started(collector):
    dsn, received = collector
    assert _run(IDLE).strip() == "sentry not imported"
    assert received == []
