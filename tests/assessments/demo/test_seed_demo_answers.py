import pytest

from assessments.demo import DEMO_CAMPAIGN, seed_demo_answers
from assessments.models import Answer, Assignment, Campaign
from tests.factories import make_bank, make_employees


@pytest.fixture
def demo(db):
    version = make_bank("CORE", n_items_per_scale=8, n_pairs=4)
    make_employees(40)
    return version


def snapshot():
    return (
        list(Assignment.objects.order_by("pk").values_list("pk", "employee_id", "submitted_at")),
        list(Answer.objects.order_by("pk").values_list("pk", "value", "seconds")),
    )


def test_every_employee_gets_a_submitted_demo_assignment_with_timed_answers(demo):
    line = seed_demo_answers(demo)

    campaign = Campaign.objects.get(name=DEMO_CAMPAIGN)
    assert campaign.bank_version == demo
    assert campaign.assignments.submitted().count() == 40
    answers = list(Answer.objects.select_related("item", "assignment"))
    assert len(answers) > 40 * 16 * 0.9
    assert all(a.item.min_value <= a.value <= a.item.max_value for a in answers)
    assert all(a.seconds > 0 for a in answers)
    assert all(a.assignment.started_at <= a.answered_at <= a.assignment.submitted_at
               for a in answers)
    assert all(campaign.opens_at <= a.assignment.started_at < campaign.closes_at
               for a in answers)
    # Simulated people differ: not everyone gave the same answers.
    assert len({a.value for a in answers}) == 5
    assert "40 submitted assignments added" in line


def test_a_second_run_changes_nothing(demo):
    seed_demo_answers(demo)
    before = snapshot()

    line = seed_demo_answers(demo)

    assert snapshot() == before
    assert "nothing to add" in line


def test_people_added_later_get_answers_and_the_others_keep_theirs(demo):
    seed_demo_answers(demo)
    before = snapshot()
    make_employees(2, prefix="NEW")

    seed_demo_answers(demo)

    assignments, answers = snapshot()
    assert assignments[:40] == before[0]
    assert answers[: len(before[1])] == before[1]
    assert len(assignments) == 42


def test_a_demo_campaign_on_another_version_is_left_alone(demo):
    seed_demo_answers(demo)
    newer = make_bank("CORE", number=2)
    before = snapshot()

    line = seed_demo_answers(newer)

    assert snapshot() == before
    assert "left as it is" in line
