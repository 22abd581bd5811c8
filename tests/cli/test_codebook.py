"""``kosieval codebook draft``: a draft instrument that validates once completed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kosieval.cli import cli
from kosieval.model.codebook import Codebook

FIXTURES = Path(os.environ.get("KOSIEVAL_FIXTURES", Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"))


def _utf16(path: Path, rows: list[str]) -> Path:
    path.write_bytes(b"\xff\xfe" + ("\r\n".join(rows) + "\r\n").encode("utf-16-le"))
    return path


def _completed(text: str) -> Codebook:
    data = yaml.safe_load(text)
    data["respondent_group"] = "participants"
    return Codebook.model_validate(data)


def test_sosci_pair_gives_a_valid_draft_with_the_mapping(tmp_path):
    _utf16(tmp_path / "variables_lab_2026-03-01.csv", [
        'VAR\tLABEL\tTYPE\tINPUT', 'CASE\t"Interview-Nummer"\tMETRIC\tSYSTEM',
        'SE01_01\t"Selbstwirksamkeit: Ich finde Lösungen"\tORDINAL\tSCALE',
        'SE01_02\t"Selbstwirksamkeit: Ich bleibe dran"\tORDINAL\tSCALE',
        'AG01\t"Akteursgruppe"\tNOMINAL\tSELECTION',
    ])
    _utf16(tmp_path / "values_lab_2026-03-01.csv", [
        'VAR\tRESPONSE\tMEANING', 'SE01_01\t1\t"trifft nicht zu"', 'SE01_01\t5\t"trifft zu"',
        'SE01_01\t-9\t"nicht beantwortet"', 'SE01_02\t1\t"trifft nicht zu"', 'SE01_02\t5\t"trifft zu"',
        'AG01\t1\t"Verwaltung"', 'AG01\t2\t"Politik"',
    ])
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(cli, ["codebook", "draft", str(tmp_path / "variables_lab_2026-03-01.csv"),
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    codebook = _completed(text)
    assert [i.id for i in codebook.items] == ["se01_01", "se01_02", "ag01"]
    assert codebook.item("se01_01").codes == (1, 2, 3, 4, 5)
    assert codebook.item("ag01").label_for(2) == "Politik"
    assert codebook.missing_code_values == frozenset({-9})
    assert "#   SE01_01: se01_01" in text  # the study.yaml mapping at the end
    again = CliRunner().invoke(cli, ["codebook", "draft", str(tmp_path / "variables_lab_2026-03-01.csv"),
                                     "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


@pytest.mark.parametrize("relative", [
    "surveys/limesurvey/a_rather_interesting_questionnaire_for_testing.lss",
    "surveys/limesurvey/survey-one-question-two-languages.lss",
    "surveys/limesurvey/export-of-minimal-survey-as-tsv.txt",
    "surveys/kobo_xlsform/pyxform_specify_other.xlsx",
    "surveys/kobo_xlsform/formpack_dietary_needs_v1.json",
    "surveys/spss_stata/pyreadstat_sample_missing.sav",
    "surveys/qualtrics/sample.csv",
])
def test_fixture_structures_give_drafts_that_validate(relative):
    path = FIXTURES / relative
    if not path.is_file():
        path = Path(__file__).resolve().parents[1] / "data" / relative
    if not path.is_file():
        pytest.skip(f"shared fixture {relative} not found under {FIXTURES}")
    result = CliRunner().invoke(cli, ["codebook", "draft", str(path)])
    assert result.exit_code == 0, result.output
    codebook = _completed(result.output)
    assert codebook.items


def test_broken_structure_file_is_a_data_error(tmp_path):
    path = tmp_path / "survey.lss"
    path.write_text("<document><LimeSurveyDocType>Survey</LimeSurveyDocType><questions>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["codebook", "draft", str(path)])
    assert result.exit_code == 1 and "survey.lss" in result.output
