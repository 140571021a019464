import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from assessments import engine_io, scoring
from assessments.models import Result, ScoringRun
from talent.csv_safety import escape_formula
from talent.models import Employee
from tests.factories import submitted_ids


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def campaign(simulated_campaign):
    return simulated_campaign("Autumn", submitted=24, pending=2)


def test_score_campaign_sync_scores_in_process(campaign):
    out, _ = _call("score_campaign", "Autumn", "--sync")
    run = ScoringRun.objects.get()
    assert run.status == ScoringRun.Status.FINISHED and run.done == 24
    assert Result.objects.count() == 24
    assert "24 of 24 scored" in out and "provisional" in out


def test_score_campaign_accepts_the_campaign_id(campaign):
    _call("score_campaign", str(campaign.pk), "--sync")
    assert Result.objects.count() == 24


@pytest.mark.django_db(transaction=True)
def test_score_campaign_wait_follows_the_run_to_its_end(campaign):
    # Committed for real, so the run is enqueued (and, eagerly, scored) on commit.
    out, _ = _call("score_campaign", "Autumn", "--wait", "--poll", "0")
    assert "24 of 24 scored, 0 failed (100%)" in out
    assert "finished: 24 of 24 scored, 0 failed." in out


def test_score_campaign_without_options_only_queues(campaign):
    out, _ = _call("score_campaign", "Autumn")
    assert "Queued scoring run" in out
    assert ScoringRun.objects.get().status == ScoringRun.Status.QUEUED


def test_score_campaign_refuses_an_unknown_campaign(db):
    with pytest.raises(CommandError, match="no campaign named 'Nope'"):
        _call("score_campaign", "Nope", "--sync")
    assert not ScoringRun.objects.exists()


def test_score_campaign_refuses_wait_and_sync_together(campaign):
    with pytest.raises(CommandError):
        _call("score_campaign", "Autumn", "--sync", "--wait")


def test_people_who_answered_nothing_get_invalid_results_not_a_failed_run(simulated_campaign):
    campaign = simulated_campaign("Empty", submitted=0, pending=3)
    for assignment in campaign.assignments.all():  # submitted without a single answer
        assignment.submit()
        assignment.save()
    out, _ = _call("score_campaign", "Empty", "--sync")
    run = ScoringRun.objects.get()
    assert run.status == ScoringRun.Status.FINISHED and run.norm_group.provisional
    assert "3 of 3 scored" in out and "provisional" in out
    results = Result.objects.all()
    assert [r.validity for r in results] == [Result.Validity.INVALID] * 3
    assert all("incomplete" in r.flags and r.role_family == "" for r in results)


def test_score_campaign_reports_a_failed_run_as_an_error_in_words(campaign, monkeypatch):
    def cannot_fit(*args, **kwargs):  # the engine's own safety net, made to trip
        raise ValueError("singular matrix")

    monkeypatch.setattr(scoring, "build_norms", cannot_fit)
    with pytest.raises(CommandError, match="The comparison group could not be computed"):
        _call("score_campaign", "Autumn", "--sync")
    assert ScoringRun.objects.get().status == ScoringRun.Status.FAILED


def test_a_tiny_campaign_is_scored_with_provisional_norms_and_no_family(simulated_campaign):
    simulated_campaign("Tiny", submitted=3)
    _call("score_campaign", "Tiny", "--sync")
    run = ScoringRun.objects.get()
    assert run.status == ScoringRun.Status.FINISHED and run.norm_group.provisional
    assert not Result.objects.exclude(role_family="").exists()
    assert not Result.objects.filter(probability_execution__isnull=False).exists()


def test_item_analysis_json_gives_per_scale_and_per_item_statistics(campaign, bank_version):
    out, _ = _call("item_analysis", "Autumn", "--json")
    report = json.loads(out)
    assert set(report) == {"EXE", "CMP"}
    exe = report["EXE"]
    assert {"alpha", "alpha_std", "omega_total", "n"} <= set(exe)
    assert exe["n"] == 24 and 0 < exe["alpha"] < 1
    assert len(exe["items"]) == 24
    assert set(next(iter(exe["items"].values()))) == {"r_drop", "alpha_if_deleted"}

    bank = engine_io.bank_layout(bank_version)
    X = engine_io.load_answers(submitted_ids(campaign), bank).X
    expected = scoring.reliability_report(scoring.key(X, bank.layout), bank.layout)
    assert exe["alpha"] == pytest.approx(expected["EXE"]["alpha"], abs=1e-12)


def test_item_analysis_prints_a_readable_table_without_json(campaign):
    out, _ = _call("item_analysis", "Autumn")
    assert "EXE: n=24 alpha=" in out and "r_drop=" in out


def test_export_results_streams_one_row_per_result_with_the_design_columns(campaign):
    _call("score_campaign", "Autumn", "--sync")
    out, _ = _call("export_results", "Autumn")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 24
    required = {"employee_id", "EXE_raw", "EXE_z", "EXE_t", "CMP_raw", "CMP_z", "CMP_t",
                "probability_execution", "role_family", "validity", *Result.INDICES,
                "spec_hash"}
    assert required <= set(rows[0])
    assert {r["spec_hash"] for r in rows} == {ScoringRun.objects.get().spec.hash}
    assert {r["role_family"] for r in rows} <= {"execution", "compression", "undetermined", ""}
    assert {r["norms_provisional"] for r in rows} == {"yes"}


def test_export_results_escapes_cells_a_spreadsheet_would_run_as_formulas(campaign):
    Employee.objects.filter(employee_id="AUT-0000").update(employee_id="=HYPERLINK(1)")
    Employee.objects.filter(employee_id="AUT-0001").update(employee_id="-2+3")
    Employee.objects.filter(employee_id="AUT-0002").update(employee_id="@SUM(A1)")
    _call("score_campaign", "Autumn", "--sync")
    out, _ = _call("export_results", "Autumn")
    ids = {r["employee_id"] for r in csv.DictReader(io.StringIO(out))}
    assert {"'=HYPERLINK(1)", "'-2+3", "'@SUM(A1)"} <= ids
    assert not any(i[:1] in "=+-@" for i in ids)


def test_export_cells_starting_with_tab_or_carriage_return_are_escaped():
    assert escape_formula("\tx") == "'\tx"
    assert escape_formula("\rx") == "'\rx"
    assert escape_formula("+1") == "'+1"
    assert escape_formula("plain") == "plain"
    assert escape_formula(-1.5) == -1.5  # numbers are data, never formulas


def test_export_results_of_an_unscored_campaign_is_just_the_header(campaign):
    out, _ = _call("export_results", "Autumn")
    assert out.count("\n") == 1 and out.startswith("employee_id,")


def test_export_results_refuses_an_unknown_spec(campaign):
    with pytest.raises(CommandError, match="no scoring spec"):
        _call("export_results", "Autumn", "--spec", "deadbeef")
