"""A criterion version with no definition (empty, or only blanks) is refused wherever
one is written, with a message saying what is missing and nothing stored: the model
(every write path), HR's admin forms (a new criterion is written with its first
version; a new version of its own), the service that starts a draft, and the outcome
import, which refuses ratings against a version stored before the rule. The API only
reads criteria (GET /api/v1/criteria/): it writes none."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Criterion, CriterionVersion, OutcomeRecord
from assessments.services import outcome_import
from assessments.services.criteria import start_criterion_draft
from tests.factories import make_employees

from .conftest import publish

MESSAGE = "A criterion needs a definition"
BLANKS = [{}, {"en": ""}, {"en": "   ", "zh-hans": "\u3000\n"}, {"en": None}]


@pytest.mark.parametrize("definition", BLANKS)
def test_the_model_refuses_a_version_without_a_definition(db, definition):
    criterion = Criterion.objects.create(code="ops", name={"en": "Ops"})
    with pytest.raises(ValidationError) as refused:
        CriterionVersion.objects.create(criterion=criterion, number=1, scale_min=1,
                                        scale_max=5, definition=definition)
    assert MESSAGE in " ".join(refused.value.messages)
    assert not CriterionVersion.objects.exists()


def test_a_draft_cannot_be_emptied_of_its_definition(db):
    draft = CriterionVersion.objects.create(
        criterion=Criterion.objects.create(code="ops", name={"en": "Ops"}), number=1,
        scale_min=1, scale_max=5, definition={"en": "Rated yearly."})
    draft.definition = {"en": " "}
    with pytest.raises(ValidationError, match=MESSAGE):
        draft.save()
    assert CriterionVersion.objects.get().definition == {"en": "Rated yearly."}


def test_the_first_draft_started_by_the_service_needs_a_definition(db):
    criterion = Criterion.objects.create(code="ops", name={"en": "Ops"})
    with pytest.raises(ValidationError, match=MESSAGE):
        start_criterion_draft(criterion)
    assert not CriterionVersion.objects.exists()
    draft = start_criterion_draft(criterion, definition={"en": "Rated yearly."})
    assert (draft.number, draft.definition) == (1, {"en": "Rated yearly."})


def _version_form(**changes):
    form = {"definition": '{"en": "Rated by the line manager."}', "scale_min": "1",
            "scale_max": "5", "scale_labels": "{}", "family": "execution"}
    return {**form, **changes}


@pytest.mark.parametrize("definition", ["{}", '{"en": "  "}'])
def test_hrs_admin_form_for_a_version_refuses_a_blank_definition(hr, client_for, definition):
    criterion = Criterion.objects.create(code="ops", name={"en": "Ops"})
    client = client_for(hr)
    page = client.post(reverse("admin:assessments_criterionversion_add"),
                       {"criterion": criterion.pk, "number": "1",
                        **_version_form(definition=definition)})
    assert page.status_code == 200 and MESSAGE in page.content.decode()
    assert not CriterionVersion.objects.exists()


def _criterion_form(definition):
    prefix = "versions"
    return {"code": "ops", "name": '{"en": "Ops"}', "description": "{}",
            f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "1", f"{prefix}-MAX_NUM_FORMS": "1",
            **{f"{prefix}-0-{k}": v for k, v in _version_form(definition=definition).items()}}


def test_a_new_criterion_in_the_admin_is_written_with_its_definition_or_not_at_all(
        hr, client_for):
    client = client_for(hr)
    url = reverse("admin:assessments_criterion_add")
    assert "First version (a draft)" in client.get(url).content.decode()

    refused = client.post(url, _criterion_form('{"en": " "}'))
    assert refused.status_code == 200 and MESSAGE in refused.content.decode()
    assert not Criterion.objects.exists() and not CriterionVersion.objects.exists()

    accepted = client.post(url, _criterion_form('{"en": "Rated by the line manager."}'))
    assert accepted.status_code == 302, accepted.content.decode()[:3000]
    version = CriterionVersion.objects.get(criterion__code="ops")
    assert (version.number, version.status) == (1, "draft")
    assert version.definition == {"en": "Rated by the line manager."}


def test_the_import_refuses_ratings_against_a_version_stored_without_one(db):
    make_employees(1)
    version = publish("ops")
    legacy = Criterion.objects.create(code="legacy", name={"en": "Legacy"})
    draft = CriterionVersion.objects.create(criterion=legacy, number=1, scale_min=1,
                                            scale_max=5, definition={"en": "x"})
    # A version stored before the rule: published with nothing in its definition.
    CriterionVersion.objects.filter(pk=draft.pk).update(
        definition={}, status="published", published_at=timezone.now())
    today = datetime.date(2026, 12, 1)
    plan = outcome_import.import_outcomes(io.BytesIO(
        b"employee_id,criterion,date,value\nP001,ops,2026-06-30,4\n"
        b"P001,legacy,2026-06-30,4\n"), today=today)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "criterion")]
    assert "legacy has no definition" in plan.errors[0].message
    assert not OutcomeRecord.objects.exists()
    assert version.records.count() == 0
