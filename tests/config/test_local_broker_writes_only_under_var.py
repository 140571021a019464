"""The filesystem broker of the local default keeps every file under var/ (gitignored),
wherever the worker or the web process is started from: nothing lands in the checkout."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USE_THE_BROKER = """
from config.celery import app
with app.connection_for_write() as conn:
    for queue in app.amqp.queues.values():   # what a worker declares on start
        queue(conn.default_channel).declare()
app.control.ping(timeout=0.2)                # the remote-control (pidbox) exchange
print(app.conf.broker_transport_options["control_folder"])
"""


def test_declaring_queues_and_remote_control_write_nothing_in_the_working_directory(
        tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_"))}
    env.update(PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run([sys.executable, "-c", USE_THE_BROKER], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []
    control = Path(result.stdout.strip())
    assert control.is_relative_to(ROOT / "var")
    assert (control / "celery.exchange").is_file()
    assert list(control.glob("*pidbox.exchange"))


def test_no_broker_state_is_committed():
    tracked = subprocess.run(["git", "ls-files", "control", "var"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    assert tracked == ""
