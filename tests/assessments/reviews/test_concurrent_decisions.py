"""Two reviewers decide the same result from the same page: exactly one wins, the other
is told, and one decision is recorded. On PostgreSQL the two really run at once."""

import threading

import pytest
from django.db import connection, connections

from assessments.models import Result, ReviewDecision
from assessments.services import reviews

from .conftest import set_scored


def test_two_decisions_on_the_same_round_one_wins(scored, hr, manager):
    result = set_scored(scored(4)[0])
    reviews.confirm(result.pk, hr, 0)
    with pytest.raises(reviews.AlreadyDecided) as lost:
        reviews.withhold(result.pk, hr, "Retake due.", 0)
    assert "decided by Hr" in str(lost.value)
    result.refresh_from_db()
    assert (result.review_state, result.review_round) == ("released", 1)
    assert ReviewDecision.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_on_postgresql(scored, hr):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the race needs PostgreSQL")
    result = set_scored(scored(4)[0])
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(call):
        try:
            barrier.wait()
            call()
            outcomes.append("won")
        except reviews.AlreadyDecided:
            outcomes.append("told")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(lambda: reviews.confirm(result.pk, hr, 0),)),
        threading.Thread(target=decide, args=(
            lambda: reviews.withhold(result.pk, hr, "Retake due.", 0),)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["told", "won"]
    assert ReviewDecision.objects.filter(result=result).count() == 1
    result.refresh_from_db()
    assert result.review_round == 1
    assert result.review_state == {"confirm": "released", "withhold": "withheld"}[
        ReviewDecision.objects.get(result=result).decision]
    assert Result.objects.filter(review_round__gt=1).count() == 0
