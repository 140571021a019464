"""`manage.py rebuild_result_summaries` writes every summary from the results, their
assignments and their scales: it mends a damaged or emptied read model, writes the
same rows when run twice, and refuses bad arguments before writing anything."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from assessments.models import Result, ResultSummary

from .conftest import assert_read_model_matches_sources


def _rebuild(*args):
    out = StringIO()
    call_command("rebuild_result_summaries", *args, stdout=out)
    return out.getvalue()


def _damage(**values):
    """Change the stored summaries behind the model's back (as a bad restore might)."""
    table, qn = ResultSummary._meta.db_table, connection.ops.quote_name
    sets = ", ".join(f"{qn(column)} = %s" for column in values)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {qn(table)} SET {sets}", list(values.values()))  # noqa: S608


def _empty():
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ResultSummary._meta.db_table}")  # noqa: S608


def test_a_rebuild_writes_every_summary_again_in_chunks_and_says_how_far_it_got(
        launched_scored):
    launched_scored("First 2026", n=6)
    launched_scored("Second 2026", n=5, seed=9)
    _empty()
    assert not ResultSummary.objects.exists()

    out = _rebuild("--chunk", "4")

    assert out.splitlines() == ["4/11 results", "8/11 results", "11/11 results",
                                "Rebuilt 11 result summaries."]
    assert assert_read_model_matches_sources() == 11


def test_a_rebuild_mends_damaged_rows_and_a_second_one_changes_nothing(launched_scored):
    launched_scored(n=6)
    _damage(review_state="released", execution_t=-1.0, department_id=None)

    _rebuild()
    assert_read_model_matches_sources()
    before = list(ResultSummary.objects.order_by("pk").values())
    _rebuild()

    assert list(ResultSummary.objects.order_by("pk").values()) == before


def test_a_rebuild_of_one_campaign_leaves_the_others_alone(launched_scored):
    first = launched_scored("First 2026", n=4)
    second = launched_scored("Second 2026", n=3, seed=9)
    _damage(validity="invalid")

    out = _rebuild("--campaign", str(first.pk))

    assert out.splitlines()[-1] == "Rebuilt 4 result summaries."
    assert set(ResultSummary.objects.exclude(validity="invalid")
               .values_list("campaign_id", flat=True)) <= {first.pk}
    assert ResultSummary.objects.filter(campaign=second, validity="invalid").count() == 3
    _rebuild("--campaign", str(second.pk))
    assert_read_model_matches_sources()


def test_an_unknown_campaign_is_refused_by_its_id_and_nothing_is_written(launched_scored):
    campaign = launched_scored(n=3)
    _damage(review_state="withheld")

    with pytest.raises(CommandError, match=r"No campaign has the id 999999; nothing was "):
        _rebuild("--campaign", str(campaign.pk), "--campaign", "999999")

    assert set(ResultSummary.objects.values_list("review_state", flat=True)) == {"withheld"}


@pytest.mark.parametrize("args, message", [
    (["--chunk", "0"], "--chunk must be at least 1"),
    (["--campaign", "first"], "invalid int value"),
])
def test_bad_arguments_are_refused_with_a_clear_message(db, args, message):
    with pytest.raises(CommandError, match=message):
        _rebuild(*args)


def test_with_no_results_a_rebuild_writes_nothing_and_says_so(db):
    assert _rebuild().splitlines() == ["Rebuilt 0 result summaries."]
    assert not Result.objects.exists()
