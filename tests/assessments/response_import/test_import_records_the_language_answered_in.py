"""An optional `language` column records the language each person answered in, so that
the keying-by-language check compares imported answers too; a value that is not one of
the site's languages is refused by row, and nothing is written."""

import numpy as np
import pytest
from django.core.management import CommandError

from assessments import scoring
from assessments.models import Assignment
from assessments.reports.item_analysis import campaign_keying_by_language

HEADER = ["employee_id", "language", "EXE01", "CMP01"]


def _languages():
    return dict(Assignment.objects.values_list("employee__employee_id", "language"))


def test_the_site_codes_and_their_usual_spellings_are_stored_as_site_codes(
        bank, people, write_csv, run_import):
    path = write_csv([HEADER, ["P001", "en", 1, 2], ["P002", "zh-Hans", 3, 4],
                      ["P003", " ZH_HANS ", 5, 1]])
    run_import(path)
    assert _languages() == {"P001": "en", "P002": "zh-hans", "P003": "zh-hans"}


def test_a_bare_zh_or_en_in_any_case_names_the_site_language(
        bank, people, write_csv, run_import):
    path = write_csv([HEADER, ["P001", "EN", 1, 2], ["P002", "zh", 3, 4],
                      ["P003", "", 5, 1]])
    run_import(path)
    # An empty cell: the language is not known, as for answers imported without the column.
    assert _languages() == {"P001": "en", "P002": "zh-hans", "P003": ""}


def test_the_column_name_may_be_capitalised_but_not_given_twice(
        bank, people, write_csv, run_import, table_counts):
    run_import(write_csv([["employee_id", "Language", "EXE01"], ["P001", "zh", 1]]))
    assert _languages() == {"P001": "zh-hans"}
    before = table_counts()
    with pytest.raises(CommandError) as refused:
        run_import(write_csv([["employee_id", "language", "LANGUAGE", "EXE01"],
                              ["P002", "en", "en", 1]]), campaign="History 2025")
    assert 'row 1, column "LANGUAGE": the column appears twice.' in str(refused.value)
    assert table_counts() == before


def test_without_the_column_the_language_is_not_recorded(bank, people, write_csv, run_import):
    run_import(write_csv([["employee_id", "EXE01"], ["P001", 1]]))
    assert _languages() == {"P001": ""}


@pytest.mark.parametrize("value", ["fr", "zh-Hant", "Chinese", "zh-cn", "en-"])
def test_a_language_the_site_does_not_have_is_refused_by_row_and_nothing_is_written(
        bank, people, write_csv, run_import, table_counts, value):
    before = table_counts()
    path = write_csv([HEADER, ["P001", "en", 1, 2], ["P002", value, 3, 4]])
    with pytest.raises(CommandError) as refused:
        run_import(path)
    message = str(refused.value)
    assert "Nothing was imported: 1 problem." in message
    assert (f'row 3 (P002), column "language": "{value}" is not a language of this site '
            "(one of: en, zh-hans; leave the cell empty when the language is not known)."
            in message)
    assert table_counts() == before


def test_imported_languages_are_compared_by_the_keying_check(bank_version, write_csv,
                                                             run_import):
    # 71 people per language is the check's minimum on the 48-statement test bank.
    layout = bank_version.layout
    X = scoring.simulate(layout, 144, np.random.default_rng(8)).X
    reversed_item = 5
    X[72:, reversed_item] = layout.minimum[reversed_item] + layout.maximum[reversed_item] \
        - X[72:, reversed_item]
    rows = [["employee_id", "language", *layout.item_codes]]
    for i, answers in enumerate(X):
        rows.append([f"E{i:04d}", "en" if i < 72 else "zh-hans",
                     *("" if np.isnan(v) else int(v) for v in answers)])
    run_import(write_csv(rows), bank="CORE", campaign="Bilingual 2024",
               create_employees=True)
    campaign = Assignment.objects.first().campaign
    report = campaign_keying_by_language(campaign)
    assert [(c["code"], c["n"]) for c in report["compared"]] == [("en", 72), ("zh-hans", 72)]
    assert report["unrecorded"] == 0
    flagged = [item["code"] for item in report["items"] if item["flagged"]]
    assert layout.item_codes[reversed_item] in flagged
