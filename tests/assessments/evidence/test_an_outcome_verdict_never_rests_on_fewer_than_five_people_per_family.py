"""EVIDENCE_MIN_PER_FAMILY can raise the number of people an outcome verdict needs, never
lower it below the k = 5 rule every outcome aggregate follows: a lower value fails the
system check, and the pages use 5 instead, so a verdict (which states the families'
difference in points) never rests on 2, 3 or 4 people."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from assessments.checks import check_evidence_minimum
from assessments.reports import evidence


@pytest.mark.parametrize(("minimum", "min_cell", "refused"), [
    (0, 5, True), (2, 5, True), (4, 5, True), (5, 5, False), (100, 5, False),
    (8, 10, True), (10, 10, False)])
def test_a_minimum_below_k_fails_the_system_check(settings, minimum, min_cell, refused):
    settings.EVIDENCE_MIN_PER_FAMILY = minimum
    settings.DASHBOARD_MIN_CELL = min_cell
    errors = check_evidence_minimum(None)
    assert bool(errors) == refused
    if refused:
        assert errors[0].id == "assessments.E001"
        assert f"Set EVIDENCE_MIN_PER_FAMILY to {max(5, min_cell)} or more" in errors[0].hint


def test_manage_py_check_stops_on_it(db, settings):
    # `db`: the model checks ask the database whether it supports JSON fields, and a
    # test process that has not connected yet must be allowed to (it failed alone).
    settings.EVIDENCE_MIN_PER_FAMILY = 2
    with pytest.raises(SystemCheckError, match="assessments.E001"):
        call_command("check")


def test_the_pages_use_five_people_when_the_setting_says_fewer(evidence_world, settings, hr,
                                                               client_for):
    settings.EVIDENCE_MIN_PER_FAMILY = 2
    world = evidence_world(n=9, effect=2.0, seed=4)
    report = evidence.criterion_evidence(world["criterion"])
    found = report["banks"][0]["found"]
    # Each family has 2 to 4 rated people: enough for the setting's 2, not for k = 5.
    assert 2 <= min(found.n["execution"], found.n["compression"]) < 5
    assert found.verdict == evidence.evidence.NOT_TESTED and found.min_per_family == 5
    assert report["min_per_family"] == 5

    page = client_for(hr).get(reverse("assessments:criterion_evidence",
                                      args=[world["criterion"].pk])).content.decode()
    assert "A verdict needs at least 5 people" in page
    assert 'data-verdict="not_tested"' in page and "Evidence of a difference" not in page
    sentence = evidence.track_record(world["version"], "execution")
    assert "not yet been tested against outcomes in this organisation" in sentence
