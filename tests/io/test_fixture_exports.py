"""Every real export in ../shared/fixtures/surveys through the one entry point ``read_survey``.

Without a codebook, one is inferred from the file; the checks are on what the files hold
(counted by hand or with the platform's own tool, noted beside each value). Skips when the
shared folder is absent.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kosieval.io.survey import detect_format, read_survey

CASES = [
    # file, detected format, responses kept, reader's dropped rows
    ("limesurvey/results-survey945827-202004302207-codes_freetext-blanked.csv", "limesurvey_csv", 25, 40),
    ("limesurvey/survey_998192_R_data_file.csv", "limesurvey_csv", 2, 5),
    ("sosci/data_armandia_2015-02-24.csv", "sosci_csv", 0, 20),  # all 20 are MODE orgtest
    ("qualtrics/sample.csv", "qualtrics_csv", 1, 0),
    ("qualtrics/sample_legacy.csv", "qualtrics_csv", 1, 0),
    ("kobo_xlsform/kpi_csv_export_hierarchy_in_labels_expected.csv", "kobo_csv", 2, 0),
    ("spss_stata/pyreadstat_sample.sav", "spss", 5, 0),
    ("spss_stata/pyreadstat_sample.zsav", "spss", 5, 0),
    ("spss_stata/pyreadstat_sample.dta", "stata", 5, 0),
    ("spss_stata/pyreadstat_sample_missing.sav", "spss", 7, 0),
    ("spss_stata/haven_labelled-num-na.sav", "spss", 2, 0),
    ("spss_stata/haven_tagged-na-double.dta", "stata", 8, 0),
    ("spss_stata/pyreadstat_sample.csv", "csv", 5, 0),
]


@pytest.mark.parametrize(("relative", "fmt", "kept", "dropped"), CASES)
def test_each_fixture_is_detected_and_read_without_errors(survey_fixture, relative, fmt, kept, dropped):
    path = survey_fixture(relative)
    assert detect_format(path) == fmt
    before = path.read_bytes()
    survey, log = read_survey(path)
    again, _ = read_survey(path)
    assert path.read_bytes() == before
    pd.testing.assert_frame_equal(survey.responses, again.responses)
    assert survey.n == kept
    assert sum(e.action == "row dropped" for e in log) == dropped
    assert [e for e in log if e.severity == "error"] == []
    assert survey.detected


def test_spss_user_missing_values_become_na_with_the_code_kept(survey_fixture):
    # pyreadstat.read_sav(..., user_missing=True): mynum 2000-3000 and -1 are user-missing,
    # row 7 holds 2500 and row 6 holds -1; myord row 7 holds -3 (declared -1, -2, -3).
    survey, log = read_survey(survey_fixture("spss_stata/pyreadstat_sample_missing.sav"))
    assert pd.isna(survey.responses.loc[7, "mynum"]) and survey.missing_codes.loc[7, "mynum"] == 2500
    assert survey.missing_codes.loc[6, "mynum"] == -1 and survey.missing_codes.loc[7, "myord"] == -3
    assert survey.responses.loc[3, "mynum"] == pytest.approx(-1000.3)  # outside the range: a real value
    summary = next(e for e in log if e.column == "mynum" and e.action == "recoded to missing")
    assert summary.value == "-1 ×1, 2500 ×1"
    assert survey.codebook.item("mylabl").label_for(2, "de") == "Female"


def test_stata_extended_missing_values_are_missing_not_errors(survey_fixture):
    survey, log = read_survey(survey_fixture("spss_stata/haven_tagged-na-double.dta"))
    assert survey.responses["x"].tolist()[:5] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert survey.responses["x"].iloc[5:].isna().all()
    summary = next(e for e in log if e.column == "x" and e.action == "recoded to missing")
    assert summary.value == ".a ×1, .h ×1, .z ×1" and "text codes" in summary.reason


def test_kobo_select_multiple_becomes_option_columns(survey_fixture):
    survey, _ = read_survey(survey_fixture("kobo_xlsform/kpi_csv_export_hierarchy_in_labels_expected.csv"))
    options = [c for c in survey.responses.columns if c.startswith("external_characteristics_what_kind")]
    # the expected export: row _index 1 "Spherical Radial Bilateral" (1,1,1), row _index 3 "Bilateral" (0,0,1)
    assert len(options) == 3
    assert survey.responses[options].to_numpy().tolist() == [[1, 1, 1], [0, 0, 1]]


def test_limesurvey_incomplete_responses_are_logged_with_their_line(survey_fixture):
    survey, log = read_survey(survey_fixture(
        "limesurvey/results-survey945827-202004302207-codes_freetext-blanked.csv"))
    dropped = [e for e in log if e.action == "row dropped"]
    assert all(e.column == "submitdate" and e.row >= 2 for e in dropped)
    assert survey.detected["encoding"] == "UTF-8 mit BOM / with BOM"
    kept, _ = read_survey(survey_fixture("limesurvey/results-survey945827-202004302207-codes_freetext-blanked.csv"),
                          include_incomplete=True)
    assert kept.n == 65
