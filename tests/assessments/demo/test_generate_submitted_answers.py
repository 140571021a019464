import numpy as np
import pytest
from django.db import connection

from assessments import bulk
from assessments.demo import generate_submitted_answers
from assessments.models import Answer
from talent.models import Employee
from tests.factories import make_bank, make_campaign


@pytest.fixture
def campaign(db):
    return make_campaign(make_bank("GEN", n_items_per_scale=6), name="Benchmark")


def answer_foreign_keys():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            ["assessments_answer"],
        )
        return cursor.fetchone()[0]


def test_simulated_people_get_submitted_assignments_and_answers(campaign):
    written = generate_submitted_answers(campaign, 30, np.random.default_rng(1), chunk_size=7)

    people = Employee.objects.filter(department__code="SIMULATED")
    assert people.count() == 30
    assert campaign.assignments.submitted().count() == 30
    answers = Answer.objects.for_campaign(campaign)
    assert answers.count() == written
    assert 30 * 12 * 0.9 < written <= 30 * 12
    assert not answers.filter(value__lt=1).exists() and not answers.filter(value__gt=5).exists()
    assert not answers.filter(seconds__isnull=True).exists()


def test_a_second_batch_continues_the_employee_numbers(campaign):
    generate_submitted_answers(campaign, 3, np.random.default_rng(1))
    generate_submitted_answers(campaign, 2, np.random.default_rng(2))

    ids = sorted(Employee.objects.values_list("employee_id", flat=True))
    assert ids == [f"SIM{campaign.pk}-{i:07d}" for i in range(1, 6)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's bulk path")
def test_a_bulk_load_puts_the_answer_foreign_keys_back(campaign, monkeypatch):
    monkeypatch.setattr(bulk, "BULK_ANSWERS", 1)
    before = answer_foreign_keys()

    generate_submitted_answers(campaign, 5, np.random.default_rng(3))

    assert before == 2
    assert answer_foreign_keys() == 2
    assert campaign.assignments.submitted().count() == 5
