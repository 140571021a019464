"""A criterion rated only for people placed in such a role says on its page, in both
languages, that the comparison leaves out everyone not placed there (range restriction);
a criterion rated for everyone says nothing of the kind."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.assessments.evidence.conftest import publish

NOTE = 'data-test="range-restriction"'


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Only people placed in such a role are rated on this criterion"),
    ("zh-hans", "只有被安排在此类岗位上的人才会按此标准评分"),
])
def test_a_criterion_rated_only_in_role_states_its_range_restriction(
        org, hr, client_for, language, words):
    placed = publish("capital", family="compression", placed_only=True).criterion
    everyone = publish("tenure").criterion
    client = client_for(hr)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    def page(criterion):
        answer = client.get(reverse("assessments:criterion_evidence", args=[criterion.pk]))
        assert answer.status_code == 200
        return answer.content.decode()

    restricted = page(placed)
    assert NOTE in restricted and words in restricted
    plain = page(everyone)
    assert NOTE not in plain and words not in plain
