"""SPSS export: labels, user-missing codes as in the raw export, valid names, notes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from kosieval._resources import example_study_dir
from kosieval.errors import ConfigError
from kosieval.export import export_study
from kosieval.export.spss import clip, missing_declaration, spss_names
from kosieval.export.tables import Variable
from kosieval.model.codebook import Text
from kosieval.reflections.scales import scale_scores
from tests.reflections.tiny_study import instrument, load, write_study


@pytest.fixture(scope="module")
def exported(example_study, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sav")
    result = export_study(example_study, folder, format="sav")
    return folder, result


@pytest.fixture(scope="module")
def raw_team():
    """The SoSci export itself (UTF-16, tab), finished interviews only."""
    frame = pd.read_csv(example_study_dir() / "data" / "team_T1.csv", encoding="utf-16", sep="\t")
    return frame[(frame["MODE"] == "interview") & (frame["FINISHED"] == 1)]


def test_files_and_rows(exported, example_study):
    folder, result = exported
    assert [p.name for p in result.files] == ["participants_t0.sav", "participants_t1.sav", "team_t1.sav",
                                              "interview_segments.sav", "interview_documents.sav", "notes.txt",
                                              "export_manifest.json"]
    for name, survey in example_study.surveys.items():
        frame, meta = pyreadstat.read_sav(folder / f"{name}.sav", metadataonly=True)
        assert meta.number_rows == survey.n


def test_missing_codes_as_in_the_raw_export_declared_user_missing(exported, raw_team):
    folder, _ = exported
    frame, meta = pyreadstat.read_sav(folder / "team_t1.sav", user_missing=True)
    assert len(frame) == 41
    # the raw file: SD01_03 = -1 (weiß nicht) for five cases, -9 (not answered) for one
    raw = raw_team.set_index("CASE")["SD01_03"]
    expected_minus_one = sorted(raw.index[raw == -1])
    assert expected_minus_one == [12, 16, 20, 29, 46]
    by_case = frame.assign(case=frame["respondent"].astype(int)).set_index("case")["sdm3"]
    assert sorted(by_case.index[by_case == -1]) == expected_minus_one
    assert by_case.loc[22] == -9
    assert meta.missing_ranges["sdm3"] == [{"lo": -9.0, "hi": -9.0}, {"lo": -1.0, "hi": -1.0}]
    # read as SPSS treats them: missing
    plain, _ = pyreadstat.read_sav(folder / "team_t1.sav")
    plain_case = plain.assign(case=plain["respondent"].astype(int)).set_index("case")["sdm3"]
    assert plain_case.loc[[12, 16, 20, 22, 29, 46]].isna().all()
    assert plain_case.notna().sum() == 41 - 6


def test_value_and_variable_labels(exported):
    folder, _ = exported
    _, meta = pyreadstat.read_sav(folder / "team_t1.sav", metadataonly=True)
    assert meta.variable_value_labels["sdm3"] == {
        1.0: "stimme überhaupt nicht zu", 2.0: "stimme eher nicht zu", 3.0: "teils/teils", 4.0: "stimme eher zu",
        5.0: "stimme voll und ganz zu", -9.0: "keine Angabe", -1.0: "weiß nicht / kann ich nicht beurteilen"}
    assert meta.variable_value_labels["actor_group"][5.0] == "Zivilgesellschaft"
    labels = meta.column_names_to_labels
    assert labels["sdm3"] == "Es ist klar geregelt, wer im Lab worüber entscheidet."  # team.yaml, sdm3
    assert labels["partnership_synergy"].endswith("(Skalenwert)")
    assert meta.variable_measure["sdm3"] == "ordinal" and meta.variable_measure["actor_group"] == "nominal"
    assert meta.variable_measure["partnership_synergy"] == "scale"
    assert meta.original_variable_types["sdm3"] == "F8.0"
    assert "comment" not in meta.column_names  # free text not allowed in the example
    assert all(len(line.encode("utf-8")) <= 80 for line in meta.notes)
    assert any("team_t1.comment" in line for line in meta.notes)


def test_scale_scores_equal_the_reports(exported, example_study):
    folder, _ = exported
    frame, _ = pyreadstat.read_sav(folder / "team_t1.sav")
    survey = example_study.surveys["team_t1"]
    expected = scale_scores(survey, survey.codebook.scale("psychological_safety")).scores.to_numpy(dtype=float)
    np.testing.assert_allclose(frame["psychological_safety"].to_numpy(), expected, equal_nan=True)


def test_interview_tables(exported):
    folder, _ = exported
    documents, meta = pyreadstat.read_sav(folder / "interview_documents.sav")
    assert len(documents) == 14
    assert documents.loc[documents["document"] == "Interview 07", "consent_quote"].tolist() == [0.0]
    assert meta.variable_value_labels["consent_quote"] == {0.0: "nein", 1.0: "ja"}
    segments, _ = pyreadstat.read_sav(folder / "interview_segments.sav")
    assert len(segments) == 290
    assert (segments.loc[segments["document"] == "Interview 10", "text"] == "").all()


def test_spss_names():
    names = spss_names(["se1", "diet.1", "Akteursgruppe (Stadt)", "Größe", "1st", "to", "A", "a", "x_", "Ä" * 70])
    assert names["se1"] == "se1" and names["diet.1"] == "diet.1"
    assert names["Akteursgruppe (Stadt)"] == "Akteursgruppe__Stadt"
    assert names["Größe"] == "Groesse"
    assert names["1st"] == "v1st" and names["to"] == "to_v"
    assert names["A"] == "A" and names["a"] == "a_2"  # SPSS ignores case
    assert names["x_"] == "x"
    assert len(names["Ä" * 70]) == 64


def test_renamed_column_keeps_its_name_in_the_label(tmp_path):
    inst = instrument("mini", waves=["T0"], scales={"s": ["a1", "a2"]})
    responses = pd.DataFrame({"id": ["r1", "r2"], "actor_group": [1, 2], "a1": [1, 5], "a2": [2, 3]})
    segments = pd.DataFrame({"document": ["D1"], "code": ["A"], "coder": ["X"], "start": [0], "end": [5],
                             "text": [None]})
    attributes = pd.DataFrame({"document": ["D1"], "Rolle im Lab": ["Team"], "consent_quote": [True]})
    study = load(write_study(tmp_path / "study", instruments=[inst], surveys=[("s0", "mini", "T0", responses)],
                             interviews=segments, documents={"D1": "Hallo Welt"}, document_attributes=attributes))
    export_study(study, tmp_path / "out", format="sav")
    frame, meta = pyreadstat.read_sav(tmp_path / "out" / "interview_documents.sav")
    assert frame["Rolle_im_Lab"].tolist() == ["Team"]
    assert meta.column_names_to_labels["Rolle_im_Lab"] == "Rolle im Lab [Rolle im Lab]"


def _variable(missing, values=(1, 2, 3, 4, 5), valid_range=None):
    label = Text(de="x", en="x")
    return Variable("q", label, "likert", values=tuple((c, label) for c in values),
                    missing=tuple((c, label) for c in missing), valid_range=valid_range)


def test_missing_declaration_within_spss_limits():
    assert missing_declaration(_variable([-9, -1])) == [-9.0, -1.0]
    assert missing_declaration(_variable([-9, -8, -3, -2, -1])) == [{"lo": -9.0, "hi": -1.0}]
    assert missing_declaration(_variable([-9, -8, -1, 99])) == [{"lo": -9.0, "hi": -1.0}, 99.0]
    numeric = Variable("h", Text(de="h", en="h"), "numeric", missing=tuple((c, Text(de="m", en="m"))
                                                                        for c in (-99, -77, -66, -1)),
                       valid_range=(0.0, 200.0))
    assert missing_declaration(numeric) == [{"lo": -99.0, "hi": -1.0}]
    # no range fits between the valid codes: only the codes that occur are declared
    spread = _variable([-9, 0, 6, 99], values=(1, 2, 3, 4, 5))
    assert missing_declaration(spread, used=[-9, 99]) == [-9.0, 99.0]
    with pytest.raises(ConfigError, match="SPSS allows at most three"):
        missing_declaration(spread, used=[-9, 0, 6, 99])


def test_clip_counts_bytes():
    assert clip("ä" * 10, 120) == "ä" * 10
    clipped = clip("ä" * 100, 120)
    assert len(clipped.encode("utf-8")) <= 120 and clipped.endswith("…")
