"""Run by test_heavy_reads_go_to_the_read_replica.py in a process of its own, started with
DATABASE_REPLICA_URL naming a second connection to the same database: which alias each
query of a dashboard, an export and an API page went to, printed as JSON."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from assessments.services import exports  # noqa: E402
from talent.models import User  # noqa: E402
from talent.roles import HR_GROUP  # noqa: E402
from tests.factories import make_bank, make_campaign  # noqa: E402


def tables(captured):
    return sorted({q["sql"].split(" FROM ", 1)[1].split()[0].strip('"')
                   for q in captured.captured_queries if " FROM " in q["sql"]})


call_command("migrate", verbosity=0)
hr = User.objects.create_user("probe-hr")
hr.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
campaign = make_campaign(make_bank("PROBE"))
client = Client()
client.force_login(hr)
seen = {}
for name, act in (
    ("dashboard", lambda: client.get(f"/assessments/campaigns/{campaign.pk}/dashboard/")),
    ("people", lambda: client.get("/assessments/people/")),
    ("export", lambda: exports.build_job(
        exports.create_job(hr, {}, "everyone", "csv", 0).pk)),
):
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as replica:
        response = act()
    assert response is None or response.status_code == 200, (name, response.status_code)
    seen[name] = {"primary": tables(primary), "replica": tables(replica)}
print(json.dumps(seen))
