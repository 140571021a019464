"""HR opens a result from the queue and decides it through the page's forms (no
JavaScript): every open is on record, bad input is a 400 with nothing written, a
stale form is told who decided."""

from django.urls import reverse

from assessments.models import AccessRecord, Contest, Result, ReviewDecision
from assessments.services import reviews

from .conftest import contest, set_scored


def _page(client, result):
    return client.get(reverse("assessments:review_result", args=[result.pk]))


def _decide(client, result, **data):
    data.setdefault("review_round", 0)
    return client.post(reverse("assessments:review_decide", args=[result.pk]), data)


def test_the_result_page_shows_scores_validity_flags_and_the_forms(scored, hr, client_for):
    result = set_scored(scored(4)[0], validity="questionable", family="undetermined",
                        probability=0.55)
    Result.objects.filter(pk=result.pk).update(flags=["longstring"])
    page = _page(client_for(hr), result).content.decode()
    assert result.assignment.employee.name in page
    assert "Questionable" in page and "Long runs of the same answer" in page and "0.55" in page
    assert 'data-table="scores"' in page
    assert 'name="review_round" value="0"' in page
    for form in ("confirm", "override", "withhold"):
        assert f'data-form="{form}"' in page
    assert 'data-empty="contest"' in page and 'data-empty="decisions"' in page


def test_an_invalid_result_offers_no_override(scored, hr, client_for):
    result = set_scored(scored(4)[0], validity="invalid")
    page = _page(client_for(hr), result).content.decode()
    assert 'data-form="override"' not in page and 'data-form="confirm"' in page


def test_every_hr_open_of_a_result_is_recorded(scored, hr, client_for):
    result = scored(4)[0]
    client = client_for(hr)
    _page(client, result)
    _page(client, result)
    records = AccessRecord.objects.filter(action="view_result")
    assert records.count() == 2
    assert {(r.actor, r.employee) for r in records} == {(hr, result.assignment.employee)}


def test_the_page_shows_the_persons_contest_and_the_history(scored, hr, client_for):
    result = set_scored(scored(4)[0])
    reviews.confirm(result.pk, hr, 0)
    result.refresh_from_db()
    contest(result, comment="I plan more than I execute.")
    page = _page(client_for(hr), result).content.decode()
    assert "I plan more than I execute." in page
    assert 'data-decision="confirm"' in page


def test_confirming_from_the_page_releases_and_returns_to_the_queue(scored, hr, client_for):
    result = set_scored(scored(4)[0])
    response = _decide(client_for(hr), result, decision="confirm", back="validity=valid")
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:review_queue") + "?validity=valid"
    result.refresh_from_db()
    assert result.review_state == "released"


def test_overriding_from_the_page_needs_a_reason(scored, hr, client_for):
    result = set_scored(scored(4)[0])
    response = _decide(client_for(hr), result, decision="override", family="compression",
                       reason="")
    assert response.status_code == 400
    assert "Give the reason for overriding" in response.content.decode()
    result.refresh_from_db()
    assert result.review_state == "pending" and not ReviewDecision.objects.exists()


def test_a_bad_family_or_decision_is_a_400_and_writes_nothing(scored, hr, client_for):
    result = set_scored(scored(4)[0])
    client = client_for(hr)
    for data in ({"decision": "override", "family": "gifted", "reason": "x"},
                 {"decision": "promote"}, {"decision": "confirm", "review_round": "abc"}):
        assert _decide(client, result, **data).status_code == 400
    result.refresh_from_db()
    assert result.review_state == "pending" and not ReviewDecision.objects.exists()


def test_a_second_reviewer_is_told_the_result_was_decided(scored, hr, client_for, org):
    from talent.roles import HR_GROUP
    from tests.conftest import make_user

    other = make_user("hr2", org, department="HQ", group=HR_GROUP, staff=True)
    result = set_scored(scored(4)[0])
    assert _decide(client_for(hr), result, decision="confirm").status_code == 302
    response = _decide(client_for(other), result, decision="withhold", reason="Retake.")
    assert response.status_code == 409
    assert "This result was decided by Hr at" in response.content.decode()
    assert ReviewDecision.objects.count() == 1
    result.refresh_from_db()
    assert result.review_state == "released"
    assert not Contest.objects.exists()
