"""A criterion's published version is what ratings point at: it cannot be edited or
deleted by any write path, only retired; publishing reports every problem at once."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Criterion, CriterionVersion
from assessments.models.banks import PublishedVersionLocked
from assessments.services.criteria import publish_criterion, start_criterion_draft

from .conftest import publish


def test_a_published_version_refuses_every_write_but_retiring(db):
    version = publish("ops")
    version.definition = {"en": "Something else", "zh-hans": "别的"}
    with pytest.raises(PublishedVersionLocked):
        version.save()
    with pytest.raises(PublishedVersionLocked):
        CriterionVersion.objects.filter(pk=version.pk).update(scale_max=7)
    with pytest.raises(PublishedVersionLocked):
        CriterionVersion.objects.filter(pk=version.pk).delete()
    with pytest.raises(PublishedVersionLocked):
        CriterionVersion.objects.get(pk=version.pk).delete()
    CriterionVersion.objects.filter(pk=version.pk).update(status="retired")
    assert CriterionVersion.objects.get(pk=version.pk).scale_max == 5


def test_a_new_draft_copies_the_definition_and_can_change(db):
    version = publish("ops")
    draft = start_criterion_draft(version.criterion)
    assert (draft.number, draft.definition) == (2, version.definition)
    draft.scale_max = 7
    draft.save()
    assert publish_criterion(draft).status == "published"
    assert version.criterion.published_version().pk == draft.pk


def test_publishing_without_a_definition_in_every_language_lists_every_problem(db):
    criterion = Criterion.objects.create(code="empty", name={"en": "Only English"})
    # A draft may be saved with its English definition alone (one with no definition
    # at all is refused: test_a_criterion_without_a_definition_is_refused.py).
    draft = CriterionVersion.objects.create(criterion=criterion, number=1, scale_min=1,
                                            scale_max=5, definition={"en": "Rated yearly."})
    with pytest.raises(ValidationError) as refused:
        publish_criterion(draft)
    text = " ".join(refused.value.messages)
    assert "Definition" in text and "Name" in text
    assert CriterionVersion.objects.get(pk=draft.pk).status == "draft"
