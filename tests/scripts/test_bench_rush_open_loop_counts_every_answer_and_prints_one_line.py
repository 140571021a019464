"""The rush benchmark's open loop at a tiny size against the live server (three people
answering at once on a one-page bank of four items, the pauses cut to a few
milliseconds, steps of seconds): every answer the database holds is one the client
counted as acknowledged, with the value it counted, every submission it counted is
submitted, an answer gone afterwards is counted lost, and the run ends with the one line
the budget reads."""

import argparse
import re
from urllib.parse import urlsplit

import pytest
from django.db import connection

from assessments.models import Answer, Assignment
from tests.factories import make_bank

pytestmark = pytest.mark.django_db(transaction=True)

FINAL_LINE = re.compile(
    r"rush people_per_core=\d+(\.\d+)? autosave_p95_ms=\d+\.\d "
    r"page_p95_ms=\d+\.\d errors=0 lost=0 duplicated=0"
)
THINK = (0.015, 0.04)  # the 3-8 s pauses, scaled by 0.005


@pytest.fixture
def open_loop(script, monkeypatch):
    module = script("rush.open_loop")
    monkeypatch.setattr(module, "LOGINS", 1)  # one login through the form is enough here
    return module


@pytest.fixture
def port(live_server):
    return urlsplit(live_server.url).port


@pytest.fixture
def campaign(script):
    return script("rush.people").open_campaign(make_bank(n_items_per_scale=2, n_pairs=1))


def test_every_stored_answer_and_submission_is_one_the_client_counted(
    open_loop, audit, port, campaign
):
    step = open_loop.run_step(port, campaign, 3, THINK, step_seconds=6)

    assert (step.errors, step.lost, step.duplicated) == (0, 0, 0), step.failures
    stored = dict(
        ((a, i), v)
        for a, i, v in Answer.objects.filter(assignment_id__in=step.assignment_ids).values_list(
            "assignment_id", "item_id", "value"
        )
    )
    assert stored == step.acknowledged
    assert step.autosaves > 0
    submitted = set(
        Assignment.objects.filter(
            pk__in=step.assignment_ids, status=Assignment.Status.SUBMITTED
        ).values_list("pk", flat=True)
    )
    assert submitted == step.submitted
    assert step.submissions >= 1

    # An answer gone from the database (submitted answers are locked: below the ORM).
    (assignment_id, item_id), __ = next(iter(step.acknowledged.items()))
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Answer._meta.db_table} "  # noqa: S608 (our table)
            "WHERE assignment_id = %s AND item_id = %s",
            [assignment_id, item_id],
        )
    assert audit(step.acknowledged, step.submitted, step.assignment_ids) == (1, 0)


def test_the_run_prints_a_row_per_step_and_one_final_line(open_loop, port, campaign, capsys):
    options = argparse.Namespace(
        start=3, max_people=3, step_seconds=2, budget_minutes=0.1, think_scale=0.005, closed=False
    )

    open_loop.bench(port, campaign, options, cores=1)

    lines = capsys.readouterr().out.strip().splitlines()
    assert "session the bench made" in "\n".join(lines)
    header = next(k for k, line in enumerate(lines) if line.split()[:2] == ["people", "secs"])
    assert lines[header + 1].split()[0] == "3"
    assert [line for line in lines if line.startswith("rush ")] == [lines[-1]]
    # Whether 3 people meet the latency budget on a busy test machine is not the point:
    # the line reads the same either way when nothing was lost.
    last = lines[-1]
    if "people_per_core=0 " not in last:
        assert FINAL_LINE.fullmatch(last), last
    else:
        assert re.fullmatch(
            r"rush people_per_core=0 autosave_p95_ms=\S+ page_p95_ms=\S+ "
            r"errors=\d+ lost=0 duplicated=0",
            last,
        ), last
