"""DASHBOARD_MIN_CELL, the smallest group any figure about people is shown for, may be
raised but never set below 5: a lower value fails the system check, so a deployment
cannot quietly show figures about two or three colleagues."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from assessments.checks import check_smallest_group


@pytest.mark.parametrize(("min_cell", "refused"), [(0, True), (3, True), (4, True),
                                                    (5, False), (20, False)])
def test_a_smallest_group_below_five_fails_the_system_check(settings, min_cell, refused):
    settings.DASHBOARD_MIN_CELL = min_cell
    settings.EVIDENCE_MIN_PER_FAMILY = 100
    errors = check_smallest_group(None)
    assert bool(errors) == refused
    if refused:
        assert errors[0].id == "assessments.E002"
        assert "Set DASHBOARD_MIN_CELL to 5 or more" in errors[0].hint


def test_manage_py_check_stops_on_it(db, settings):
    # `db`: the model checks ask the database whether it supports JSON fields, and a
    # test process that has not connected yet must be allowed to (it failed alone).
    settings.DASHBOARD_MIN_CELL = 3
    with pytest.raises(SystemCheckError, match="assessments.E002"):
        call_command("check")
