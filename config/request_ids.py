"""A request or task id on every log line, so that one visit (or one Celery task) can be
followed through the logs of every process it touched.

The id of a request is the proxy's X-Request-ID when it sent a sane one (so the proxy's
access log and ours name the same id), or a new random one; the response carries it back
in X-Request-ID, so a person reporting a problem can quote it. It is set when Django
starts the request and cleared when the response is closed, so Django's own lines about
the response ("Not Found", "Bad Request") carry it too. A Celery task's lines carry the
task id. `ContextFilter` puts both on each record (the formatters in settings.LOGGING show
them); a line outside any request or task shows "-".
"""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_current = contextvars.ContextVar("request_id", default="")


def current():
    return _current.get()


def start(sender=None, environ=None, **kwargs):
    """request_started: take the proxy's id when it is sane, else make one."""
    given = (environ or {}).get("HTTP_X_REQUEST_ID", "")
    _current.set(given if _SANE.fullmatch(given) else uuid.uuid4().hex)


def finish(sender=None, **kwargs):
    _current.set("")


def middleware(get_response):
    """Sends the request's id back in the response."""

    def add_header(request):
        response = get_response(request)
        if current():
            response[HEADER] = current()
        return response

    return add_header


def _task_id():
    from celery import current_task

    request = getattr(current_task, "request", None)
    return getattr(request, "id", None) or ""


class ContextFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current() or "-"
        record.task_id = _task_id() or "-"
        record.context = (f"req={record.request_id}" if record.request_id != "-"
                          else f"task={record.task_id}" if record.task_id != "-" else "-")
        return True
