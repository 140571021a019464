"""What the loopback benchmarks share (scripts/bench_answers.py, scripts/bench_rush.py and
scripts/rush/, scripts/bench_dashboards.py): a scratch PostgreSQL database beside the one
DATABASE_URL names, dropped afterwards whatever happens, and gunicorn on 127.0.0.1 run as
deployed (docker-compose.yml and the Dockerfile: `gunicorn -c config/gunicorn.py
config.wsgi`, sized as config/gunicorn.py reads the environment; `serving()` says how).

The scripts are run as `python scripts/<name>.py`, so this directory is on sys.path and
they import this module as `loopback`.
"""

import contextlib
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
WORKERS = 3  # as deployed: docker-compose.yml and the Dockerfile run gunicorn --workers 3


def is_postgres(url):
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


@contextlib.contextmanager
def scratch_database(url, suffix):
    """The URL of a fresh database `<name><suffix>` on DATABASE_URL's server; on the way
    out the Django connections of this process are closed and the database dropped."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    admin_conninfo = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    recreate_database(admin_conninfo, name)
    try:
        yield urlunsplit(parts._replace(path="/" + name))
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        drop_database(admin_conninfo, name)


def server_env(database_url, **extra):
    """The environment of a production-like server (DEBUG off) on the scratch database."""
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "False",
            **extra}


def migrate(env):
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
                   cwd=BASE_DIR, env=env, check=True)


def collectstatic(env):
    """The static files into STATIC_ROOT (staticfiles/, ignored by git), as the image's
    build does: with DEBUG off, a page that links to one needs the manifest."""
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                   cwd=BASE_DIR, env=env, check=True)


@contextlib.contextmanager
def gunicorn(env, workers=WORKERS):
    """gunicorn on a free loopback port (yielded), its workers booted; stopped (TERM,
    then KILL after 20 s) on the way out. `workers` None: as many as the environment
    says (GUNICORN_WORKERS and GUNICORN_THREADS, read by config/gunicorn.py)."""
    port = free_port()
    sizing = [] if workers is None else ["--workers", str(workers)]
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py",
         "config.wsgi", "--bind", f"127.0.0.1:{port}", *sizing,
         "--log-level", "warning", "--access-logfile", "/dev/null"],
        cwd=BASE_DIR, env=env, start_new_session=True,
    )
    try:
        _wait_for_port(port)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def serving():
    """What gunicorn runs with when the environment sizes it: config/gunicorn.py's own
    reading of it, so that its defaults are written in one place."""
    conf = runpy.run_path(str(BASE_DIR / "config" / "gunicorn.py"))
    threads = conf["threads"]
    kind = "sync" if threads == 1 else f"gthread, {threads} threads each"
    return f"{conf['workers']} workers ({kind})"


def percentile(values, fraction):
    """The value below which `fraction` of `values` lie (nearest rank); 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                time.sleep(1.0)  # the workers finish booting
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def recreate_database(admin_conninfo, name):
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(admin_conninfo, name):
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))
