"""Export tables and CSV: rows, scale scores, missing codes, privacy, formula cells, manifest."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from importlib import metadata

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from kosieval.errors import ConfigError
from kosieval.export import export_study, study_tables
from kosieval.export.delimited import codebook_frame, neutralise, neutralise_frame
from kosieval.io.personal import is_personal
from kosieval.model.study import PrivacyConfig
from kosieval.reflections.scales import scale_scores
from tests.reflections.tiny_study import instrument, load, write_study

# -- the example study --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tables(example_study):
    return study_tables(example_study)


def _with_privacy(study, **privacy):
    config = study.config.model_copy(update={"privacy": PrivacyConfig(**privacy)})
    return dataclasses.replace(study, config=config)


def test_one_table_per_survey_with_the_imported_rows(example_study, tables):
    assert [t.name for t in tables.surveys] == ["participants_t0", "participants_t1", "team_t1"]
    for table in tables.surveys:
        assert len(table.data) == example_study.surveys[table.name].n
    assert [len(t.data) for t in tables.surveys] == [151, 115, 41]
    t0 = tables.surveys[0]
    assert list(t0.data.columns[:6]) == ["line", "respondent", "wave", "city", "actor_group", "role"]
    assert t0.data["line"].tolist()[:3] == [2, 3, 4]  # lines of the export, header = 1
    assert set(t0.data["wave"]) == {"T0"} and set(t0.data["city"]) == {"Musterstadt"}
    assert str(t0.data["se1"].dtype) == "Int64" and str(t0.data["self_efficacy"].dtype) == "Float64"


def test_scale_score_equals_the_reports_scoring(example_study, tables):
    t0 = tables.surveys[0]
    row = t0.data.index[t0.data["respondent"] == "TR30N1"][0]
    # it1 = it2 = it3 = 3; it3 reverse-keyed: 1 + 5 - 3 = 3; mean = 3.0
    assert t0.data.loc[row, "interpersonal_trust"] == pytest.approx(3.0)
    survey = example_study.surveys["participants_t0"]
    for scale in survey.codebook.scales:
        expected = scale_scores(survey, scale).scores.to_numpy(dtype=float)
        got = t0.data[scale.id].to_numpy(dtype=float, na_value=np.nan)
        np.testing.assert_allclose(got, expected, rtol=0, atol=0, equal_nan=True)
    team = tables.surveys[2]
    expected = scale_scores(example_study.surveys["team_t1"],
                            example_study.surveys["team_t1"].codebook.scale("partnership_synergy")).scores
    assert team.data["partnership_synergy"].to_numpy(dtype=float, na_value=np.nan) == pytest.approx(
        expected.to_numpy(), nan_ok=True)


def test_missing_codes_are_na_and_remembered(tables):
    team = tables.surveys[2]
    # team_T1.csv: SD01_03 (sdm3) is -1 (weiß nicht) for CASE 12, 16, 20, 29, 46 and -9 for CASE 22
    codes = team.missing_codes["sdm3"]
    assert sorted(team.data.loc[codes == -1, "respondent"].astype(int)) == [12, 16, 20, 29, 46]
    assert team.data.loc[codes == -9, "respondent"].tolist() == ["22"]
    assert team.data.loc[codes.notna(), "sdm3"].isna().all()
    assert [code for code, _ in team.variable("sdm3").missing] == [-9, -1]


def test_free_text_left_out_by_default_and_said_so(tables):
    for table in tables.surveys:
        assert "comment" not in table.data.columns
    assert {(e.table, e.column) for e in tables.excluded} >= {
        ("participants_t0", "comment"), ("participants_t1", "comment"), ("team_t1", "comment")}
    reasons = {e.reason.en for e in tables.excluded if e.column == "comment"}
    assert reasons == {"free text (privacy.allow_free_text is not set)"}


def test_segments_text_only_with_consent(example_study, tables):
    segments, documents = tables.coding
    assert len(segments.data) == len(example_study.interviews.segments) == 290
    no_consent = segments.data["document"].isin(["Interview 07", "Interview 10", "Interview 14"])
    assert no_consent.sum() > 0
    assert segments.data.loc[no_consent, "text"].isna().all()
    assert segments.data.loc[~no_consent, "text"].notna().all()
    assert tables.withheld_texts == int(no_consent.sum())
    assert segments.data["code_path"].iloc[0] == "Ressourcen > Zeit"
    assert set(segments.data["coder"]) == {"Coder A", "Coder B"}
    assert list(documents.data.columns) == ["document_id", "document", "actor_group", "city", "consent_quote"]
    assert "text" not in documents.data.columns


def test_csv_export_of_the_example(example_study, tmp_path):
    result = export_study(example_study, tmp_path / "out", format="csv")
    names = [p.name for p in result.files]
    assert names == ["participants_t0.csv", "participants_t1.csv", "team_t1.csv", "interview_segments.csv",
                     "interview_documents.csv", "codebook.csv", "notes.txt", "export_manifest.json"]
    frame = pd.read_csv(tmp_path / "out" / "team_t1.csv", keep_default_na=True)
    assert len(frame) == 41
    assert frame.loc[frame["respondent"] == 22, "sdm3"].isna().all()  # -9: empty
    raw = (tmp_path / "out" / "team_t1.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    codebook = pd.read_csv(tmp_path / "out" / "codebook.csv")
    sdm3 = codebook[(codebook["table"] == "team_t1") & (codebook["variable"] == "sdm3")].iloc[0]
    assert sdm3["missing_codes"] == "[-9] keine Angabe; [-1] weiß nicht / kann ich nicht beurteilen"
    assert sdm3["values_de"].startswith("[1] stimme überhaupt nicht zu; [2] stimme eher nicht zu")
    notes = (tmp_path / "out" / "notes.txt").read_text(encoding="utf-8")
    assert "team_t1.comment: Freitext" in notes and "interview_documents.text" in notes


def test_excel_dialect(example_study, tmp_path):
    export_study(example_study, tmp_path, format="csv", excel=True)
    raw = (tmp_path / "participants_t0.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfline;respondent;wave;city;")
    assert b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    first = next(r for r in rows if r["respondent"] == "TR30N1")
    assert first["interpersonal_trust"] == "3,0"


def test_formula_cells_neutralised_in_csv(example_study, tmp_path):
    study = _with_privacy(example_study, allow_free_text=True)
    result = export_study(study, tmp_path, format="csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "participants_t1.csv").read_text(encoding="utf-8"))))
    comment = next(r["comment"] for r in rows if r["line"] == "13")  # =HYPERLINK( in T1 line 13
    assert comment.startswith("'=HYPERLINK(")
    assert result.prefixed_cells >= 1
    assert f"(against Excel formulas): {result.prefixed_cells}." in (tmp_path / "notes.txt").read_text("utf-8")
    assert not any(r["comment"].startswith("=") for r in rows)


@pytest.mark.parametrize(("value", "expected"), [
    ("=SUM(A1:A3)", "'=SUM(A1:A3)"), ("+49 30 1234", "'+49 30 1234"), ("@home", "'@home"),
    ("-foo", "'-foo"), ("-3", "-3"), ("+1.5", "+1.5"), ("-2,5", "-2,5"), ("1e5", "1e5"), ("ok =1", "ok =1"),
    ("\t=1", "'\t=1"), ("", ""),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_neutralise_frame_counts_and_keeps_numbers():
    frame = pd.DataFrame({"s": pd.array(["=1+1", "x", None, "-7"], dtype="string"),
                          "n": pd.array([-1, 2, None, 3], dtype="Int64")})
    out, changed = neutralise_frame(frame)
    assert changed == 1
    assert out["s"].tolist()[:2] == ["'=1+1", "x"] and out["s"].iloc[3] == "-7"
    assert out["n"].tolist()[:2] == [-1, 2] and str(out["n"].dtype) == "Int64"


def test_manifest_hashes_outputs_and_inputs(example_study, tmp_path):
    result = export_study(example_study, tmp_path, format="csv")
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["kosieval_version"] == metadata.version("kosieval")
    for entry in manifest["files"]:
        assert hashlib.sha256((tmp_path / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert len(manifest["files"]) == len(result.files) - 1  # all but the manifest itself
    inputs = {e["path"]: e["sha256"] for e in manifest["inputs"]}
    # the SHA-256 surveys/example/README.md lists for the team export
    assert inputs["data/team_T1.csv"] == "d201755eb14082748741d6751f1ef2b26f53ea90f2b717940ba74dbd1620b95d"
    assert "instruments/participant.yaml" in inputs and "study.yaml" in inputs
    assert manifest["privacy"]["segment_texts_withheld"] == result.withheld_texts > 0
    again = export_study(example_study, tmp_path / "again", format="csv")
    assert again.manifest.read_bytes() == result.manifest.read_bytes()  # same inputs, same bytes


def test_codebook_frame_marks_absent_columns(tables):
    frame = codebook_frame(tables.surveys[:1])
    assert len(frame) == len(tables.surveys[0].variables)
    score = frame[frame["variable"] == "interpersonal_trust"].iloc[0]
    assert score["type"] == "score"
    assert "reverse-keyed (low + high - x): it3" in score["note"] and "fewer than 2 of 3" in score["note"]


# -- a tiny study with personal data ------------------------------------------------------------

EMAIL = "anna.muster@example.org"
EXTRA = [{"id": "comment", "type": "text", "text": {"de": "Kommentar", "en": "Comment"}},
         {"id": "email", "type": "text", "personal": True, "text": {"de": "E-Mail", "en": "E-mail"}}]


def _tiny(folder, *, privacy=None, survey_id="s0"):
    inst = instrument("mini", waves=["T0"], scales={"scale_a": ["a1", "a2"]}, reverse={"scale_a": ["a2"]},
                      extra_items=EXTRA)
    responses = pd.DataFrame({"id": ["r1", "r2", "r3"], "actor_group": [1, 2, -9], "a1": [1, 5, -9],
                              "a2": [2, 3, 4], "comment": ["=SUM(A1)", "ok", "-3"],
                              "email": [EMAIL, "b@example.org", ""]})
    segments = pd.DataFrame({"document": ["D1", "D2"], "code": ["A", "A"], "coder": ["X", "X"], "start": [0, 0],
                             "end": [5, 5], "text": [None, None]})
    attributes = pd.DataFrame({"document": ["D1", "D2"], "E-Mail": [EMAIL, "c@example.org"],
                               "consent_quote": [True, False]})
    return load(write_study(folder, instruments=[inst], surveys=[(survey_id, "mini", "T0", responses)],
                            interviews=segments, documents={"D1": "Hallo Welt", "D2": "Guten Tag"},
                            document_attributes=attributes, privacy=privacy))


def _all_content(folder):
    """Every file's bytes, plus the cells of Parquet and SPSS files read back (they may be compressed)."""
    parts = []
    for path in sorted(folder.rglob("*")):
        parts.append(path.read_bytes())
        if path.suffix == ".parquet":
            parts.append(pd.read_parquet(path).to_csv().encode())
        elif path.suffix == ".sav":
            parts.append(pyreadstat.read_sav(path)[0].to_csv().encode())
    return b"".join(parts)


def test_personal_data_reaches_no_output(tmp_path):
    study = _tiny(tmp_path / "study", privacy={"allow_free_text": True})
    assert EMAIL in study.surveys["s0"].responses["email"].tolist()  # the import kept the mapped item
    for fmt in ("csv", "parquet", "sav"):
        result = export_study(study, tmp_path / fmt, format=fmt, personal=is_personal)
        data = _all_content(tmp_path / fmt)
        assert EMAIL.encode() not in data and b"c@example.org" not in data, fmt
        assert ("s0", "email") in {(e.table, e.column) for e in result.excluded}
        assert ("interview_documents", "E-Mail") in {(e.table, e.column) for e in result.excluded}
    notes = (tmp_path / "csv" / "notes.txt").read_text(encoding="utf-8")
    assert "s0.email: persönliche Daten" in notes and "interview_documents.E-Mail" in notes
    rows = list(csv.DictReader(io.StringIO((tmp_path / "csv" / "s0.csv").read_text(encoding="utf-8"))))
    assert [r["comment"] for r in rows] == ["'=SUM(A1)", "ok", "-3"]
    assert [r["scale_a"] for r in rows] == ["2.5", "4.0", "2.0"]  # a2 reversed: 6 - x; r3: a1 = -9 missing
    segments = list(csv.DictReader(io.StringIO((tmp_path / "csv" / "interview_segments.csv").read_text("utf-8"))))
    assert [s["text"] for s in segments] == ["Hallo", ""]  # D2 has no consent to quote


def test_personal_columns_exported_only_when_allowed(tmp_path):
    study = _tiny(tmp_path / "study", privacy={"allow_personal_columns": True})
    tables = study_tables(study, personal=is_personal)
    # the e-mail is a text item: personal columns allowed, free text not
    assert "email" not in tables.surveys[0].data.columns and "comment" not in tables.surveys[0].data.columns
    assert tables.coding[1].data["E-Mail"].tolist() == [EMAIL, "c@example.org"]
    both = _tiny(tmp_path / "both", privacy={"allow_personal_columns": True, "allow_free_text": True})
    tables = study_tables(both, personal=is_personal)
    assert tables.surveys[0].data["email"].tolist()[:2] == [EMAIL, "b@example.org"]
    assert [(e.table, e.column) for e in tables.excluded] == [("interview_documents", "text")]
    pooled = study_tables(both, pooled=True, personal=is_personal)
    assert "email" not in pooled.surveys[0].data.columns and "comment" not in pooled.surveys[0].data.columns
    assert pooled.coding == ()


def test_missing_codes_of_attributes_kept(tmp_path):
    study = _tiny(tmp_path / "study")
    table = study_tables(study).surveys[0]
    codes = table.missing_codes["actor_group"]
    assert codes.iloc[2] == -9 and codes.iloc[:2].isna().all()
    assert table.data["actor_group"].isna().tolist() == [False, False, True]
    assert table.missing_codes["a1"].iloc[2] == -9


def test_export_refuses_to_overwrite_inputs(tmp_path):
    study = _tiny(tmp_path / "study")
    before = (tmp_path / "study" / "data" / "s0.csv").read_bytes()
    with pytest.raises(ConfigError, match="overwrite an input file") as info:
        export_study(study, tmp_path / "study" / "data", format="csv")
    assert "s0.csv" in str(info.value)
    assert (tmp_path / "study" / "data" / "s0.csv").read_bytes() == before


def test_reserved_survey_id_and_bad_options(tmp_path):
    study = _tiny(tmp_path / "study", survey_id="codebook")
    with pytest.raises(ConfigError, match="surveys.0.id"):
        export_study(study, tmp_path / "out", format="csv")
    other = _tiny(tmp_path / "other")
    with pytest.raises(ValueError, match="format: must be one of csv, parquet, sav"):
        export_study(other, tmp_path / "out", format="xlsx")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="excel: only for format='csv'"):
        export_study(other, tmp_path / "out", format="sav", excel=True)
