import pytest
from django.core.exceptions import ValidationError

from assessments.models import Answer, Assignment
from tests.factories import make_bank, make_campaign, make_employees, submit_answers


@pytest.fixture
def assignment(db):
    campaign = make_campaign(make_bank("WIDE", minimum=0, maximum=10))
    return Assignment.objects.create(campaign=campaign, employee=make_employees(1)[0])


@pytest.mark.parametrize("value", [-1, 11, 100])
def test_an_answer_outside_its_items_range_is_invalid(assignment, value):
    item = assignment.campaign.bank_version.items.first()
    answer = Answer(assignment=assignment, item=item, value=value)

    with pytest.raises(ValidationError) as invalid:
        answer.full_clean()

    assert invalid.value.message_dict == {
        "value": [f"{value} is outside this item's range 0 to 10."]
    }


@pytest.mark.parametrize("value", [0, 5, 10])
def test_an_answer_inside_its_items_range_is_valid(assignment, value):
    item = assignment.campaign.bank_version.items.first()

    Answer(assignment=assignment, item=item, value=value).full_clean()


def test_the_test_factory_refuses_out_of_range_answers_too(assignment):
    campaign = assignment.campaign
    employee = make_employees(1, prefix="Q")[0]

    with pytest.raises(ValidationError):
        submit_answers(campaign, employee, {"EXE01": 11})
