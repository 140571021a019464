"""The people pages' cast (a campaign, results written directly, two positions) for the
read side's tests, with the organisation their people sit in."""

import pytest

from tests.assessments.people.conftest import campaign, make_result, positions  # noqa: F401


@pytest.fixture(autouse=True)
def _the_organisation(org):
    """make_result places people in the organisation's departments."""
    return org
