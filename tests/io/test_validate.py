"""The codebook step shared by every platform: multiple choice, answer texts, strict mode, inference.

Files are written by the tests; expected values are what was written.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kosieval.errors import ConfigError, ValidationError
from kosieval.io.survey import read_survey
from kosieval.model.codebook import Codebook

DIET = [{"code": 1, "label": {"de": "vegan", "en": "vegan"}},
        {"code": 2, "label": {"de": "vegetarisch", "en": "vegetarian"}},
        {"code": 7, "label": {"de": "halal", "en": "halal"}}]


@pytest.fixture()
def codebook() -> Codebook:
    return Codebook.model_validate({
        "id": "multi", "title": {"de": "M", "en": "M"}, "respondent_group": "p", "waves": ["T0"],
        "missing_codes": [{"code": -9, "label": {"de": "k. A.", "en": "n/a"}}],
        "items": [
            {"id": "diet", "type": "multi", "options": DIET, "text": {"de": "Ernährung", "en": "Diet"}},
            {"id": "agree", "type": "likert", "text": {"de": "Zustimmung", "en": "Agreement"},
             "options": [{"code": 1, "label": {"de": "gar nicht", "en": "not at all"}},
                         {"code": 2, "label": {"de": "eher nicht", "en": "rather not"}},
                         {"code": 3, "label": {"de": "eher ja", "en": "rather yes"}},
                         {"code": 4, "label": {"de": "voll", "en": "fully"}}]},
        ],
    })


def _csv(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_limesurvey_style_ticks_tell_not_shown_from_not_chosen(tmp_path, codebook):
    text = ('id,submitdate,D[1],D[2],D[7]\n'
            '1,2026-01-01,Y,,Y\n'       # chose 1 and 7 -> 2 was shown and not chosen
            '2,2026-01-01,,,\n'         # nothing at all -> not shown / unknown
            '3,2026-01-01,N,Y,\n')      # explicit N and an empty one in an answered question
    survey, log = read_survey(_csv(tmp_path, text), codebook=codebook, format="limesurvey_csv",
                              mapping={"D[1]": "diet.1", "D[2]": "diet.2", "D[7]": "diet.7"})
    frame = survey.responses.set_index("respondent")[["diet.1", "diet.2", "diet.7"]]
    assert frame.loc["1"].tolist() == [1, 0, 1]
    assert frame.loc["2"].isna().all()
    assert frame.loc["3"].tolist() == [0, 1, 0]
    assert str(frame["diet.1"].dtype) == "Int64"
    assert [e for e in log if e.severity == "error"] == []


def test_sosci_checkboxes_are_coded_one_and_two(tmp_path, codebook):
    header = "CASE\tQUESTNNR\tMODE\tDI01_01\tDI01_02\tDI01_07\tFINISHED"
    rows = ["1\tq\tinterview\t2\t1\t1\t1", "2\tq\tinterview\t-9\t-9\t-9\t1", "3\tq\tinterview\t1\t3\t2\t1"]
    path = tmp_path / "data_x.csv"
    path.write_bytes(b"\xff\xfe" + ("\r\n".join([header, *rows]) + "\r\n").encode("utf-16-le"))
    survey, log = read_survey(path, codebook=codebook,
                              mapping={"DI01_01": "diet.1", "DI01_02": "diet.2", "DI01_07": "diet.7"})
    frame = survey.responses.set_index("respondent")
    assert frame.loc["1", ["diet.1", "diet.2", "diet.7"]].tolist() == [1, 0, 0]
    assert frame.loc["2", ["diet.1", "diet.2", "diet.7"]].isna().all()
    assert survey.missing_codes.loc[3, "diet.1"] == -9
    bad = [e for e in log if e.severity == "error"]
    assert len(bad) == 1 and bad[0].row == 4 and bad[0].column == "DI01_02" and bad[0].value == "3"
    assert "expected one of: 1, 2" in bad[0].reason


@pytest.mark.parametrize(
    ("cells", "answer_codes"),
    [
        (['"1,7"', '"2"', '""', '"-9"', '"1, 9"'], None),
        (['"vegan halal"', "vegetarian", "", "-9", '"vegan fish"'],
         {"diet": {"vegan": 1, "vegetarian": 2, "halal": 7}}),
        (['"vegan;halal"', "vegetarisch", "", "-9", '"vegan;fish"'], None),  # labels of the codebook
    ],
)
def test_single_cell_lists_are_split(tmp_path, codebook, cells, answer_codes):
    text = "id,diet\n" + "\n".join(f"{i},{c}" for i, c in enumerate(cells, start=1)) + "\n"
    survey, log = read_survey(_csv(tmp_path, text), codebook=codebook, respondent_id="id",
                              mapping={"diet": "diet"}, answer_codes=answer_codes)
    frame = survey.responses.set_index("respondent")[["diet.1", "diet.2", "diet.7"]]
    assert frame.loc["1"].tolist() == [1, 0, 1]
    assert frame.loc["2"].tolist() == [0, 1, 0]
    assert frame.loc["3"].isna().all()  # empty: not shown
    assert frame.loc["4"].isna().all() and survey.missing_codes.loc[5, "diet.2"] == -9
    assert frame.loc["5"].isna().all()
    errors = [e for e in log if e.severity == "error"]
    assert len(errors) == 1 and errors[0].row == 6 and "options not in the codebook" in errors[0].reason


def test_answer_texts_are_translated_by_labels_and_answer_codes(tmp_path, codebook):
    text = "id,A\n1,eher ja\n2,Rather Not\n3,A4\n4,vielleicht\n"
    survey, log = read_survey(_csv(tmp_path, text), codebook=codebook, respondent_id="id", mapping={"A": "agree"},
                              answer_codes={"agree": {"A4": 4}})
    assert survey.responses["agree"].tolist()[:3] == [3, 2, 4]
    assert pd.isna(survey.responses["agree"].iloc[3])
    errors = [e for e in log if e.severity == "error"]
    assert [(e.row, e.value) for e in errors] == [(5, "vielleicht")]
    assert any(e.action == "answers translated" for e in log)


def test_strict_turns_problems_into_an_error_with_the_list(tmp_path, codebook):
    path = _csv(tmp_path, "id,A\n1,3\n2,9\n1,2\n")
    survey, log = read_survey(path, codebook=codebook, respondent_id="id", mapping={"A": "agree"})
    assert len([e for e in log if e.severity == "error"]) == 2  # code 9, duplicate id
    with pytest.raises(ValidationError) as info:
        read_survey(path, codebook=codebook, respondent_id="id", mapping={"A": "agree"}, strict=True)
    problems = info.value.problems
    assert set(problems.loc[problems.severity == "error", "row"]) == {3, 4}
    assert "data.csv" in str(info.value)


def test_mapping_to_unknown_option_is_a_config_error(tmp_path, codebook):
    with pytest.raises(ConfigError, match="diet.5"):
        read_survey(_csv(tmp_path, "id,x\n1,1\n"), codebook=codebook, respondent_id="id", mapping={"x": "diet.5"})
    with pytest.raises(ConfigError, match="not multiple choice"):
        read_survey(_csv(tmp_path, "id,x\n1,1\n"), codebook=codebook, respondent_id="id", mapping={"x": "agree.1"})


def test_without_mapping_columns_named_like_items_are_used(tmp_path, codebook):
    survey, log = read_survey(_csv(tmp_path, "id,AGREE,diet_1,diet_2,diet_7,other\n1,3,1,0,0,x\n"),
                              codebook=codebook, respondent_id="id")
    assert survey.responses.loc[2, ["agree", "diet.1", "diet.2", "diet.7"]].tolist() == [3, 1, 0, 0]
    assert [e.column for e in log if e.action == "column not used"] == ["other"]


def test_without_codebook_one_is_inferred_and_personal_columns_still_dropped(tmp_path):
    path = _csv(tmp_path, "Code;Alter;Zufriedenheit;E-Mail;Kommentar\nA1;34;4;a@b.de;gut\nA2;51;2;c@d.de;\n")
    survey, log = read_survey(path, respondent_id="Code")
    assert set(survey.responses.columns) == {"respondent", "wave", "city", "alter", "zufriedenheit", "kommentar"}
    assert survey.codebook.item("alter").type == "numeric"
    assert survey.responses["alter"].tolist() == [34, 51]
    assert [e.column for e in log if e.action == "column dropped"] == ["E-Mail"]


def test_no_id_column_numbers_responses_by_line(tmp_path, codebook):
    survey, log = read_survey(_csv(tmp_path, "A\n3\n4\n"), codebook=codebook, mapping={"A": "agree"})
    # the survey's id is part of an assigned id, so line 2 of T0 and line 2 of T1 never pair up
    assert survey.responses["respondent"].tolist() == ["(data, Zeile 2)", "(data, Zeile 3)"]
    assert any(e.action == "ids assigned" and e.severity == "warning" for e in log)
