"""Setting ORG_SYNC_DROP_DIR is all it takes for beat to read the drop folder: the
schedule the Celery application loads carries the sync, every ORG_SYNC_DROP_MINUTES, and
names a task the worker knows. Without the setting, beat never looks for a folder."""

import json

from tests.config.test_settings_from_environment import run_probe

PROBE = """
import json, django
django.setup()
from config.celery import app
app.loader.import_default_modules()
entry = app.conf.beat_schedule.get("sync-organisation-from-drop-folder")
print(json.dumps(entry and {
    "task": entry["task"], "known": entry["task"] in app.tasks,
    "minutes": sorted(entry["schedule"].minute), "hours": len(entry["schedule"].hour),
}))
"""


def beat_entry(**env):
    result = run_probe(PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_drop_folder_puts_the_org_sync_on_the_beat_schedule(tmp_path):
    entry = beat_entry(ORG_SYNC_DROP_DIR=str(tmp_path), ORG_SYNC_DROP_MINUTES="20")
    assert entry == {"task": "talent.tasks.sync_drop_folder", "known": True,
                     "minutes": [0, 20, 40], "hours": 24}


def test_without_a_drop_folder_beat_never_looks_for_one():
    assert beat_entry(ORG_SYNC_DROP_DIR="") is None
