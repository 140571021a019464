"""The demo has reviewed results: `employee`'s is released, HR's queue holds a few of
every kind (valid with a family, questionable, invalid, undetermined), and seeding
again changes nothing."""

import io

from django.core.management import call_command

from assessments.demo import DEMO_CAMPAIGN, DEMO_PENDING_BULK
from assessments.models import Result, ReviewDecision


def test_seeding_releases_employees_result_and_fills_hrs_queue_once(db):
    call_command("seed_demo", employees=160, stdout=io.StringIO())
    results = Result.objects.filter(assignment__campaign__name=DEMO_CAMPAIGN)
    mine = results.get(assignment__employee__user__username="employee")
    assert mine.review_state == "released"
    assert mine.decisions.get().decision == "confirm"
    waiting = results.awaiting_review()
    assert waiting.bulk_confirmable().count() == DEMO_PENDING_BULK
    assert waiting.filter(validity="questionable").exists()
    assert waiting.filter(validity="invalid").exists()
    assert waiting.filter(role_family="undetermined").exists()
    before = (ReviewDecision.objects.count(),
              list(results.order_by("pk").values_list("review_state", "review_round")))

    call_command("seed_demo", employees=160, stdout=io.StringIO())
    assert (ReviewDecision.objects.count(),
            list(results.order_by("pk").values_list("review_state", "review_round"))) == before
