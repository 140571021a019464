"""The report's words for each kind of result, as the person reads them."""

import pytest
from django.db import connection
from django.utils import translation

from assessments.models import ReviewDecision
from assessments.reports.person_report import own_result, person_report, statuses_for
from assessments.scoring import Spec

from .conftest import release


def _report(result, language="en"):
    with translation.override(language):
        return person_report(result, language)


def test_a_valid_execution_result_leads_with_strengths_and_gives_its_chance(make_result):
    report = _report(release(make_result("execution")))
    assert report["strengths"][0]["name"] == "Precise execution"
    assert report["strengths"][0]["description"].startswith("A preference for orderly, exact work")
    assert "reliable, valuable capability" in report["strengths"][0]["note"]
    assert "most people have it, and few believe they do" in report["strengths"][0]["note"]
    assert report["family"]["headline"] == "Likely precise execution: about 86 in 100"
    assert report["validity"]["label"] == "Your answers passed every check"
    assert {row["code"] for row in report["scores"]} == {"EXE", "CMP"}
    for row in report["scores"]:
        assert row["band_low"] < row["t"] < row["band_high"]
    assert report["chart"]["labels"] == [row["name"] for row in report["scores"]]
    assert report["change"]["certainty"] == (
        "The call is about 86 in 100 certain; a family is named at 80 in 100 or more.")
    assert any("score were about" in s and "lower, the call would become undetermined" in s
               for s in report["change"]["sentences"])


def test_precise_execution_is_described_as_valuable_even_when_it_is_not_the_lead(make_result):
    report = _report(release(make_result("compression")))
    assert report["family"]["headline"] == "Likely high compression: about 88 in 100"
    assert [s["name"] for s in report["strengths"]] == ["High compression", "Precise execution"]
    assert "reliable, valuable capability" in report["strengths"][1]["note"]


def test_undetermined_is_explained_as_a_valid_and_common_answer(make_result):
    report = _report(release(make_result("undetermined")))
    assert report["family"]["headline"] == "Undetermined"
    assert "Undetermined is a valid and common answer" in report["family"]["explanation"]
    assert "about 61 in 100" in report["family"]["explanation"]
    assert report["change"]["certainty"].startswith("Neither family reaches 80 in 100")
    becomes = {s.rsplit("become ", 1)[1] for s in report["change"]["sentences"]}
    assert becomes == {"precise execution.", "high compression."}


def test_a_questionable_result_says_which_check_it_met_without_blame(make_result):
    report = _report(release(make_result("questionable")))
    assert report["validity"]["kind"] == "questionable"
    assert "says nothing about you as a person" in report["validity"]["text"]
    assert report["validity"]["flags"] == [
        "The questions were answered faster than most people can read them."]
    assert report["family"]["chance"] == 86


def test_an_invalid_result_shows_no_family_no_chance_no_scores_and_offers_a_retake(make_result):
    report = _report(release(make_result("invalid")))
    assert report["family"]["headline"] == "No family this time"
    assert report["family"]["chance"] is None
    assert "HR may offer you a retake" in report["family"]["explanation"]
    assert report["validity"]["retake"] == "HR may offer you a retake."
    assert report["validity"]["flags"] == [
        "Many answers in a row were the same. That often happens when a questionnaire "
        "feels long."]
    assert "not a judgement of you" in report["validity"]["text"]
    assert report["strengths"] == [] and report["scores"] == [] and report["change"] is None
    assert report["chart"] is None


def test_an_overridden_family_says_so_with_the_reason_and_no_borrowed_chance(make_result, hr):
    result = release(make_result("execution"), family="undetermined",
                     reason="The answers were given during a reorganisation.",
                     reviewer=hr)
    report = _report(result)
    family = report["family"]
    assert family["headline"] == "Undetermined"
    assert family["explanation"] == "This is the family a reviewer released for you."
    assert family["chance"] is None
    assert family["override"]["text"] == (
        "A reviewer changed the family from “precise execution” to “undetermined”.")
    assert family["override"]["reason"] == "The answers were given during a reorganisation."
    assert "pointed to precise execution (about 86 in 100)" in family["override"]["explanation"]
    assert "describes the scoring, not the reviewer's decision" in \
        family["override"]["explanation"]
    assert report["change"]["of_scoring"] is True


def test_the_latest_override_gives_the_reason(make_result, hr):
    result = release(make_result("execution"), family="compression", reason="First.", reviewer=hr)
    result = release(result, family="undetermined", reason="Second look.", reviewer=hr)
    assert _report(result)["family"]["override"]["reason"] == "Second look."
    assert ReviewDecision.objects.filter(result=result).count() == 2


def test_provisional_norms_are_said_to_be_provisional_and_the_versions_listed(make_result):
    report = _report(release(make_result("provisional")))
    assert report["norms"]["provisional"] is True
    assert "provisional group of 40 people" in report["norms"]["text"]
    assert report["family"]["headline"] == "No family was named"
    assert "still small (40 people)" in report["family"]["explanation"]
    labels = dict(report["versions"])
    assert labels["Question bank"] == "Core work-style inventory, version 2"
    assert labels["Comparison group"].endswith("40 people")
    assert labels["Scoring method"].startswith(f"version {Spec().version}, of ")
    assert result_spec_hash_not_shown(labels)


def test_the_profile_note_is_said_in_words(make_result):
    report = _report(release(make_result("both_elevated")))
    assert report["profile_note"].startswith("Both of your scores are well above average")


def test_the_report_reads_in_chinese(make_result):
    report = _report(release(make_result("execution")), "zh-hans")
    assert report["strengths"][0]["name"] == "精准执行"
    assert "精准执行" in report["family"]["headline"] and "86" in report["family"]["headline"]
    assert report["strengths"][0]["description"].startswith("偏好有条理")


def test_a_pending_result_is_not_reported(make_result):
    with pytest.raises(ValueError):
        _report(make_result("execution"))


def test_building_the_report_only_reads(make_result, employee):
    result = release(make_result("undetermined"))

    def refuse_writes(execute, sql, params, many, context):
        verb = sql.lstrip().split(None, 1)[0].upper()
        assert verb in {"SELECT", "WITH", "SAVEPOINT", "RELEASE"}, f"the report wrote: {sql}"
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_writes):
        assignment, found = own_result(employee.employee, result.assignment_id)
        assert found == result
        assert _report(found)["change"]["sentences"]
        assert statuses_for([assignment])[assignment.pk].state == "released"


def test_an_override_never_says_the_answers_point_to_the_reviewers_family(make_result, hr):
    result = release(make_result("execution"), family="compression", reason="Research role.",
                     reviewer=hr)
    family = _report(result)["family"]
    assert family["headline"] == "High compression"
    assert "point more to high compression" not in family["explanation"]
    assert "pointed to precise execution" in family["override"]["explanation"]


def test_a_contested_result_keeps_the_family_shown_and_says_it_awaits_a_decision(
        make_result, employee):
    from assessments.services.contests import contest_result

    result = release(make_result("execution"))
    contest_result(result.pk, employee.employee, "I work on research.")
    result.refresh_from_db()
    report = _report(result)
    assert report["family"]["headline"] == "Likely precise execution: about 86 in 100"
    assert report["contest"]["contest"].comment == "I work on research."
    assert report["contest"]["decision"] is None
    assert report["contest"]["can_contest"] is False


def test_a_decided_contest_gives_the_decision_in_words(make_result, employee, hr):
    from assessments.services.contests import contest_result

    from .conftest import decide_contest

    result = release(make_result("execution"))
    contest_result(result.pk, employee.employee, "I work on research.")
    decide_contest(result, reason="The answers are clear.", reviewer=hr)
    report = _report(result)
    assert report["contest"]["decision_text"] == (
        "HR reviewed your objection and kept the result as it was.")
    assert report["contest"]["decision"].reason == "The answers are clear."
    assert report["contest"]["can_contest"] is False


def result_spec_hash_not_shown(labels):
    from assessments.models import ScoringSpec

    return all(spec.hash[:10] not in " ".join(map(str, labels.values()))
               for spec in ScoringSpec.objects.all())
