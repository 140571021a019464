"""A valid result whose answers sat on the random side of the campaign's null has scores
but no probability and no family, and no flag says why (the engine's reason
"random_side" is not stored on the result).  The person reads that the answers did not
point clearly enough to compare the two scores, never that a scale was left unanswered
and never a word of blame; a result with a role scale not scored keeps that sentence."""

from django.utils import translation

from assessments.reports.person_report import person_report

from .conftest import release


def _withheld(make_result, scorable=True):
    result = make_result("execution")
    result.role_family, result.probability_execution = "", None
    if not scorable:
        scores = dict(result.scores)
        scores["EXE"] = {**scores["EXE"], "scorable": False}
        result.scores = scores
    result.save()
    with translation.override("en"):
        return person_report(release(result), "en")


def test_a_family_withheld_on_the_random_side_says_the_answers_did_not_point_clearly(
        make_result):
    report = _withheld(make_result)
    assert report["family"]["headline"] == "No family was named"
    explanation = report["family"]["explanation"]
    assert explanation.startswith("No family is named: taken together, your answers did not "
                                  "point clearly enough")
    assert "too few questions" not in explanation
    assert "random" not in explanation and "careless" not in explanation
    assert report["validity"]["label"] == "Your answers passed every check"
    assert {row["code"] for row in report["scores"]} == {"EXE", "CMP"}


def test_a_role_scale_not_scored_still_says_too_few_questions_were_answered(make_result):
    report = _withheld(make_result, scorable=False)
    assert report["family"]["explanation"] == (
        "No family is named: too few questions of one of the two scales were answered.")
