"""An open campaign on a 24-item bank with 6 twin pairs, and the employee's assignment."""

import pytest
from django.urls import reverse

from assessments.models import Assignment
from assessments.services import answering
from tests.factories import make_bank, make_campaign


@pytest.fixture
def version(db):
    return make_bank("ANS", n_items_per_scale=12, n_pairs=6)


@pytest.fixture
def campaign(version):
    return make_campaign(version, name="Answering 2026")


@pytest.fixture
def assignment(campaign, employee):
    return Assignment.objects.create(campaign=campaign, employee=employee.employee)


@pytest.fixture
def ready(assignment):
    """The employee's assignment with the notice acknowledged and the order fixed."""
    answering.acknowledge_notice(assignment)
    answering.start(assignment)
    return assignment


@pytest.fixture
def items(ready):
    """The assignment's items, in the order shown."""
    by_id = ready.campaign.bank_version.items.in_bulk()
    return [by_id[pk] for pk in ready.item_order]


def url(name, assignment, *args):
    return reverse(f"assessments:{name}", args=[assignment.pk, *args])


def autosave(client, assignment, item, value, sequence, **extra):
    data = {"item": getattr(item, "pk", item), "value": value, "sequence": sequence, **extra}
    return client.post(url("assignment_autosave", assignment), data, HTTP_HX_REQUEST="true")


def stored(assignment):
    """{item id: (value, sequence, seconds, language)} as stored."""
    return {a.item_id: (a.value, a.sequence, a.seconds, a.language)
            for a in assignment.answers.all()}
