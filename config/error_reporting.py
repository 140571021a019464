"""Optional error reporting to Sentry (or any service that speaks its protocol, such as
GlitchTip), started by settings when SENTRY_DSN is set; otherwise nothing here runs and
sentry_sdk is not even imported.

What leaves the site is the error, its stack and where it happened, never a person's
data: no request bodies (answers, contest comments, org files), no cookies or headers
that identify a session, no user, no local variables of the stack frames (a frame that
scores a person holds their answers), and no log lines as breadcrumbs (they may name
people). The request id (config/request_ids.py) is attached, so an operator can find the
request's lines in the site's own logs.
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

from . import request_ids

# Request fields Sentry would otherwise send; only the method and the path stay.
_REQUEST_KEEP = {"method", "url"}


def start(dsn, *, environment, release="", traces_sample_rate=0.0):
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration(),
                      LoggingIntegration(level=None, event_level="ERROR")],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        max_breadcrumbs=0,
        traces_sample_rate=traces_sample_rate,
        before_send=keep_no_personal_data,
    )


def keep_no_personal_data(event, hint):
    request = event.get("request")
    if request:
        event["request"] = {key: value for key, value in request.items()
                            if key in _REQUEST_KEEP}
        # The query string can carry filters naming people; the path cannot.
        event["request"]["url"] = str(event["request"].get("url", "")).split("?")[0]
    event.pop("user", None)
    # Extra data carries a task's arguments (a comment, ids) and the command line (a
    # command's arguments can name a person): only the task's name stays.
    job = (event.get("extra") or {}).get("celery-job") or {}
    event["extra"] = {"task": job["task_name"]} if job.get("task_name") else {}
    if request_ids.current():
        event.setdefault("tags", {})["request_id"] = request_ids.current()
    return event
