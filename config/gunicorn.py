"""gunicorn's settings, from the environment (`gunicorn -c config/gunicorn.py config.wsgi`;
the Dockerfile and docker-compose.yml use it). How to size them: docs/operations.md,
"Serving"."""

import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 (inside the container)
# 3 processes keep a 2-core host busy without thrashing. WEB_CONCURRENCY, the name many
# hosts set, when GUNICORN_WORKERS is not.
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", 3))
# 4 threads each (the gthread worker): with one, a slow page held a whole process while
# autosaves queued behind it, and the deadline rush topped out at 100 people answering
# at once per core with the cores half idle; with four, 275 (`make bench-rush`,
# docs/operations.md "Serving"). Each thread holds its own database connection.
threads = _int("GUNICORN_THREADS", 4)
# gunicorn's default of 30 s cut off a large org import's confirmation (answered 500);
# a request longer than this is a bug to move to a task, not a request to kill quietly.
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Recycle each worker after this many requests (with jitter, so they do not all restart
# at once): memory a long-lived process keeps is given back.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max(1, max_requests // 10))
accesslog = "-"
errorlog = "-"
# Behind the reverse proxy on the same host (docs/operations.md).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
