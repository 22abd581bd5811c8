"""The data-quality appendix: import log by category, the data errors, missingness per scale;
no respondent id, free text or personal value reaches the section."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kosieval
from kosieval.reflections import data_quality
from tests.reflections.tiny_study import instrument, load, write_study

NA = None
SECRET = "mail me at a.b@example.org <script>alert(2)</script>"


def _html(section) -> str:
    return section._repr_html_() + " ".join(section.summary) + " ".join(section.key_figures.values())


def _cells(section) -> list[str]:
    return [cell for t in section.tables for row in t.rows for cell in row]


def _table(section, table_id):
    return next(t for t in section.tables if t.id == table_id)


# -- tiny study with planted problems ----------------------------------------------------------


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data_quality")
    inst = instrument("dq", waves=["T0"], scales={"s": ["q1", "q2", "q3"]},
                      extra_items=[{"id": "comment", "type": "text", "text": {"de": "Kommentar", "en": "Comment"}}])
    inst["scales"][0]["min_valid"] = 2
    frame = pd.DataFrame({
        "id": ["r01", "r02", "r03", "r04", "r05", "r02", "r06"],
        "actor_group": [1, 1, 5, 5, 5, 1, 5],
        "q1": [3, 7, 2, -9, 4, 5, 3],      # line 3: 7 out of range; line 5: -9
        "q2": [4, 4, 0, -9, NA, 5, 3],     # line 4: 0 out of range; line 5: -9; line 6: blank
        "q3": [5, -9, 3, 2, 4, 5, 3],      # line 3: -9
        "comment": ["gut", NA, NA, NA, NA, NA, SECRET],
        "email": ["x@example.org"] * 7,    # personal column: dropped on import
    }).astype({"q2": "Int64"})
    # line 7 repeats the id of line 3 (r02): dropped as a duplicate
    write_study(folder, instruments=[inst], surveys=[("t0", "dq", "T0", frame)])
    study = load(folder)
    return study, kosieval.analyze(study, "data_quality")


def test_tiny_log_categories(tiny):
    _, result = tiny
    counts = result.counts.set_index("category")
    assert counts.loc["out_of_range", "cases"] == 2
    assert counts.loc["out_of_range", "severity"] == "error"
    assert counts.loc["duplicate", "cases"] == 1
    assert counts.loc["missing_code", "cases"] == 3  # three -9 cells (one log entry per column)
    assert counts.loc["personal_column", "cases"] == 1
    assert result.n_excluded == 1
    errors = result.errors
    assert sorted(zip(errors["row"].astype(int), errors["column"])) == [(3, "q1"), (4, "q2"), (7, "id")]


def test_tiny_missingness_by_hand(tiny):
    _, result = tiny
    (scale,) = result.scales
    # after dropping the duplicate (line 7), 6 responses; NaN = missing for any reason
    answers = np.array([[3, 4, 5], [np.nan, 4, np.nan], [2, np.nan, 3], [np.nan, np.nan, 2], [4, np.nan, 4],
                        [3, 3, 3]])
    shares = np.isnan(answers).mean(axis=0)  # [2/6, 3/6, 1/6]
    assert scale.n == 6
    assert scale.item_missing.tolist() == pytest.approx(shares.tolist())
    assert scale.mean_missing == pytest.approx(1 / 3)
    assert scale.max_missing == pytest.approx(0.5)
    assert scale.n_without_score == int(((~np.isnan(answers)).sum(axis=1) < 2).sum()) == 2
    # -9 in q1, q2 (line 5) and q3 (line 3); blank or invalid: q1 line 3 (7), q2 line 4 (0), q2 line 6
    assert scale.codes == {-9: 3, None: 3}
    frame = result.to_frame()
    assert frame.loc[0, "code_-9"] == 3 and frame.loc[0, "blank"] == 3


def test_tiny_items_exclude_free_text_and_attributes(tiny):
    _, result = tiny
    assert list(result.items["item"]) == ["q1", "q2", "q3"]
    section = data_quality.present(result, "de")
    items = _table(section, "tab-data_quality-items")
    assert [r[1].split(":")[0] for r in items.rows] == ["q2", "q1", "q3"]  # highest missing share first
    assert items.rows[0][2:4] == ("3", "50,0\u202f%")


def test_tiny_present_de(tiny):
    _, result = tiny
    section = data_quality.present(result, "de")
    assert section.id == "data_quality" and section.title == "Datenqualität"
    assert data_quality.SPEC.placement == "appendix"
    ids = [t.id for t in section.tables]
    assert ids == ["tab-data_quality-log", "tab-data_quality-errors", "tab-data_quality-scales",
                   "tab-data_quality-items"]
    errors = _table(section, "tab-data_quality-errors")
    rows = {r[1]: r for r in errors.rows}
    assert rows["3"][2:4] == ("q1", "7")
    assert "gültig: 1, 2, 3, 4, 5" in rows["3"][4]
    assert rows["7"][2:] == ("id", "(ID)", "Doppelte Befragten-ID: diese spätere Antwort ausgeschlossen "
                                           "(erste Antwort in Zeile 3 behalten)")
    scales = _table(section, "tab-data_quality-scales")
    assert scales.rows[0][3:6] == ("33,3\u202f%", "50,0\u202f%", "2 (33\u202f%)")
    assert scales.rows[0][6] == "−9 keine Angabe 3; leer 3"
    log = _table(section, "tab-data_quality-log")
    labels = [r[1] for r in log.rows]
    assert "Werte außerhalb des gültigen Bereichs als fehlend behandelt" in labels
    assert "doppelte Befragten-ID: spätere Antwort ausgeschlossen" in labels
    assert "persönliche Spalten entfernt" in labels
    assert section.key_figures == {"n_entries": str(len(result.log)), "n_errors": "3", "n_warnings": "0",
                                   "n_excluded": "1", "n_out_of_range": "2", "n_duplicates": "1",
                                   "n_incomplete": "0", "n_test_runs": "0"}
    assert section.highlights == ()


def test_tiny_present_en(tiny):
    _, result = tiny
    section = data_quality.present(result, "en")
    assert section.title == "Data quality"
    scales = _table(section, "tab-data_quality-scales")
    assert scales.rows[0][3:5] == ("33.3%", "50.0%")
    assert scales.rows[0][6] == "−9 no answer 3; blank 3"


def test_tiny_nothing_leaks(tiny):
    _, result = tiny
    for locale in ("de", "en"):
        text = _html(data_quality.present(result, locale))
        for secret in ("a.b@example.org", "x@example.org", "script", "alert", "gut", "r02", "r01"):
            assert secret not in text, (locale, secret)


def test_shown_value_respects_privacy_settings(tiny):
    _, result = tiny
    assert data_quality.shown_value("Anna", "text", result, "de") == "(Freitext)"
    assert data_quality.shown_value("a@b.de", "personal", result, "en") == "(personal)"
    assert data_quality.shown_value("KI29E5", "id", result, "de") == "(ID)"
    assert data_quality.shown_value("7", "", result, "de") == "7"
    from dataclasses import replace

    allowed = replace(result, allow_free_text=True, allow_personal_columns=True)
    assert data_quality.shown_value("Anna", "text", allowed, "de") == "Anna"
    assert data_quality.shown_value("a@b.de", "personal", allowed, "de") == "a@b.de"
    assert data_quality.shown_value("KI29E5", "id", allowed, "de") == "(ID)"  # ids never


def test_category_mapping_and_fallback():
    assert data_quality.category("row dropped", "test run of the questionnaire, not a respondent", "info") == "test_run"
    assert data_quality.category("row dropped", "interview not finished; set ...", "info") == "incomplete"
    assert data_quality.category("recoded to missing", "not a number", "error") == "invalid_value"
    assert data_quality.category("something new", "why", "warning") == "something new"
    assert data_quality.category_label("something new", "de") == "something new"


# -- example study -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_sections(example_study):
    result = kosieval.analyze(example_study, "data_quality")
    return result, data_quality.present(result, "de"), data_quality.present(result, "en")


def test_example_planted_errors_listed(example_sections, planted):
    result, de, _ = example_sections
    rows = {(r[0], r[1]): r for r in _table(de, "tab-data_quality-errors").rows}
    assert len(rows) == len(planted["errors"]) == 4
    for error in planted["errors"]:
        line = error["lines"][1] if error["kind"] == "duplicate_respondent" else error["line"]
        row = rows[(error["file"], str(line))]
        assert row[2] == error["column"]
        if error["kind"] == "out_of_range":
            assert row[3] == error["value"] and "außerhalb" in row[4]
        else:
            assert row[3] == "(ID)" and f"Zeile {error['lines'][0]}" in row[4]
    assert de.key_figures["n_errors"] == "4"
    assert de.key_figures["n_duplicates"] == "1"
    p = planted["participants"]
    excluded = (p["t0_incomplete_rows"] + 1 + p["t1_incomplete_rows"] + planted["team"]["test_runs"]
                + planted["team"]["unfinished"])
    assert result.n_excluded == excluded == 17


def test_example_team_missing_codes(example_sections):
    result, _, _ = example_sections
    sdm = next(s for s in result.scales if s.scale == "shared_decision_making")
    # -1 "weiß nicht" and -9 "keine Angabe" as kept in Survey.missing_codes
    assert sdm.codes == {-9: 4, -1: 17}
    assert result.cases("missing_code") == 37


def test_example_nothing_leaks(example_sections, example_study, planted):
    _, de, en = example_sections
    ids = set()
    for survey_id in ("participants_t0", "participants_t1"):
        ids |= set(example_study.surveys[survey_id].responses["respondent"])
    for section in (de, en):
        text = _html(section)
        for special in planted["special_comments"]:
            assert special["value"][:20] not in text
        for secret in ("m.muster@example.org", "<script>", "alert(1)", "KI29E5", "HYPERLINK"):
            assert secret not in text
        assert not [i for i in ids if i in text]
        cells = _cells(section)
        assert "(ID)" in cells
