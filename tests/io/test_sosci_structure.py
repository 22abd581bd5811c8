"""SoSci Survey variables/values listings drafted into a codebook."""

from __future__ import annotations

import codecs
import hashlib

import pytest
import yaml

from kosieval.errors import DataFormatError
from kosieval.io.sosci_structure import draft_from_sosci
from kosieval.model.codebook import Codebook

VARIABLES = "sosci/variables_armandia_2015-02-24.csv"
VALUES = "sosci/values_armandia_2015-02-24.csv"
DATA = "sosci/data_armandia_2015-02-24.csv"


def _write(path, rows):
    """Write rows as SoSci Survey does: UTF-16 LE with BOM, TAB, CRLF, strings quoted, numbers not."""

    def field(value):
        return str(value) if isinstance(value, int) else '"' + value.replace('"', '""') + '"'

    text = "\r\n".join("\t".join(field(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    return path


def _validated(draft):
    loaded = yaml.safe_load(draft.to_yaml())
    loaded["respondent_group"] = "participants"
    for item in loaded["items"]:
        if item["type"] == "date":  # the Codebook model does not know "date" yet
            item["type"] = "text"
    return Codebook.model_validate(loaded)


def _item(draft, item_id):
    return next(i for i in draft.items if i.id == item_id)


# -- the armandia download ---------------------------------------------------------------------


def test_armandia_listing(survey_fixture):
    draft = draft_from_sosci(survey_fixture(VARIABLES), survey_fixture(VALUES))
    ids = [i.id for i in draft.items]
    assert len(ids) == 34
    assert ids[:5] == ["in01_01", "in02_01", "in03", "in04_01", "qu01"] and ids[-1] == "ra02_01"
    assert not {"case", "serial", "started", "time001", "time_sum", "finished", "degrade"} & set(ids)
    assert draft.notes[0].startswith("SoSci Survey system variables left out: CASE, SERIAL, REF, QUESTNNR")
    gender = _item(draft, "in03")
    assert gender.type == "single" and gender.column == "IN03" and gender.text == {"und": "gender"}
    assert [(o.code, o.label["und"]) for o in gender.options] == [(1, "Female"), (2, "Male")]
    assert [(o.code, o.label["und"]) for o in _item(draft, "qu03").options] == [(1, "Train"), (2, "Plane")]
    pleasant = _item(draft, "ra01_01")
    assert pleasant.type == "likert" and pleasant.text == {"und": "likert scale: pleasant"}
    assert [o.code for o in pleasant.options] == [1, 2, 3, 4, 5, 6, 7]
    assert [o.label["und"] for o in pleasant.options] == ["not appropriate", "", "", "", "", "", "very appropriate"]
    assert "codes 2–6 were added with empty labels" in pleasant.note
    assert _item(draft, "in02_01").type == "text" and _item(draft, "in02_01").text == {"und": "age"}
    assert _item(draft, "ra02_01").text == {"und": "feedback"}
    assert [(m.code, m.label["und"]) for m in draft.missing_codes] == [(-9, "Not answered")]
    assert draft.id == "armandia"
    assert draft.mapping()["RA01_23"] == "ra01_23"
    codebook = _validated(draft)
    assert codebook.item("ra01_05").codes == (1, 2, 3, 4, 5, 6, 7)
    assert codebook.missing_code_values == frozenset({-9})


def test_armandia_with_data_file_has_no_differences(survey_fixture):
    with_data = draft_from_sosci(survey_fixture(VARIABLES), survey_fixture(VALUES), data=survey_fixture(DATA))
    without = draft_from_sosci(survey_fixture(VARIABLES), survey_fixture(VALUES))
    assert with_data.notes == without.notes and len(with_data.notes) == 1


def test_armandia_without_values_file(survey_fixture):
    draft = draft_from_sosci(survey_fixture(VARIABLES))
    gender = _item(draft, "in03")
    assert gender.type == "numeric" and "no values file was given" in gender.note
    assert _item(draft, "ra01_01").type == "numeric"
    assert draft.missing_codes == ()
    _validated(draft)


def test_reading_leaves_the_files_alone(survey_fixture):
    paths = [survey_fixture(VARIABLES), survey_fixture(VALUES), survey_fixture(DATA)]
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    first = draft_from_sosci(paths[0], paths[1], data=paths[2])
    second = draft_from_sosci(paths[0], paths[1], data=paths[2])
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths] == before
    assert first == second


# -- synthetic listings ------------------------------------------------------------------------

HEADER = ["VAR", "LABEL", "TYPE", "INPUT"]
ROWS = [
    ["CASE", "Interview-Nummer (fortlaufend)", "METRIC", "SYSTEM"],
    ["STARTED", "Zeitpunkt zu dem das Interview begonnen hat", "TIME", "SYSTEM"],
    ["AB01", "Verkehrsmittel: Ausweichoption (negativ) oder Anzahl ausgewählter Optionen", "METRIC", "SYSTEM"],
    ["AB01_01", "Verkehrsmittel: Bus", "BOOL", "CHECKBOX"],
    ["AB01_02", "Verkehrsmittel: Fahrrad", "BOOL", "CHECKBOX"],
    ["AB01_04", "Verkehrsmittel: Sonstiges", "BOOL", "CHECKBOX"],
    ["AB01_04a", "Verkehrsmittel: Sonstiges: [Text]", "TEXT", "OPEN"],
    ["SK01_01", "Zufriedenheit: Angebot", "ORDINAL", "SCALE"],
    ["AG01_01", "Alter: [01]", "METRIC", "OPEN"],
    ["GE01", "Geschlecht", "NOMINAL", "SELECTION"],
    ["DA01_01", "Datum des Besuchs", "DATETIME", "OPEN"],
    ["XX01", "Schieberegler", "WEIRD", "SLIDER"],
    ["FINISHED", "Wurde die Befragung abgeschlossen?", "BOOL", "SYSTEM"],
]
QUESTIONS = {"AB01_01": "Womit kommen Sie ins Lab?", "AB01_02": "Womit kommen Sie ins Lab?",
             "AB01_04": "Womit kommen Sie ins Lab?", "SK01_01": "Wie zufrieden sind Sie?"}
VALUE_ROWS = [
    ["VAR", "RESPONSE", "MEANING"],
    ["SK01_01", 1, "gar nicht zufrieden"],
    ["SK01_01", 2, "eher nicht"],
    ["SK01_01", 3, "teils"],
    ["SK01_01", 4, "eher"],
    ["SK01_01", 5, "sehr zufrieden"],
    ["SK01_01", -1, "weiß nicht"],
    ["SK01_01", -9, "nicht beantwortet"],
    ["GE01", 1, "weiblich"],
    ["GE01", 2, "männlich"],
    ["GE01", 3, "divers"],
    ["GE01", -9, "keine Angabe"],
    ["ZZ99", 1, "Geisterfrage"],
    ["FINISHED", 0, "abgebrochen"],
    ["FINISHED", 1, "ausgefüllt"],
]


def _listing(tmp_path, *, newer=False):
    if newer:  # newer SoSci Survey versions: more columns, among them QUESTION
        rows = [HEADER + ["QUESTION", "SECTION"]] + [r + [QUESTIONS.get(r[0], ""), r[0][:2]] for r in ROWS]
    else:
        rows = [HEADER] + ROWS
    variables = _write(tmp_path / "variables_kosi-lab_2026-09-30.csv", rows)
    values = _write(tmp_path / "values_kosi-lab_2026-09-30.csv", VALUE_ROWS)
    return variables, values


@pytest.mark.parametrize("newer", [False, True])
def test_synthetic_listing(tmp_path, newer):
    draft = draft_from_sosci(*_listing(tmp_path, newer=newer))
    ids = [i.id for i in draft.items]
    assert ids == ["ab01", "ab01_04a", "sk01_01", "ag01_01", "ge01", "da01_01", "xx01"]
    multi = _item(draft, "ab01")
    assert multi.type == "multi" and multi.column is None
    assert [(o.code, o.label["und"], o.column) for o in multi.options] == [
        (1, "Bus", "AB01_01"), (2, "Fahrrad", "AB01_02"), (4, "Sonstiges", "AB01_04")]
    assert "1 = not chosen, 2 = chosen" in multi.note and "AB01 (the number of chosen options)" in multi.note
    assert multi.text == {"und": "Womit kommen Sie ins Lab?" if newer else "Verkehrsmittel"}
    other = _item(draft, "ab01_04a")
    assert other.type == "text" and other.note == "free text of option 04 of AB01"
    scale = _item(draft, "sk01_01")
    assert scale.type == "likert" and [o.code for o in scale.options] == [1, 2, 3, 4, 5]
    assert (scale.note or "").startswith("question text in SoSci Survey: Wie zufrieden") == newer
    assert _item(draft, "ag01_01").type == "numeric" and _item(draft, "ag01_01").text == {"und": "Alter"}
    gender = _item(draft, "ge01")
    assert gender.type == "single" and [o.label["und"] for o in gender.options] == ["weiblich", "männlich", "divers"]
    assert _item(draft, "da01_01").type == "date"
    weird = _item(draft, "xx01")
    assert weird.type == "text" and "WEIRD" in weird.note
    assert [(m.code, m.label["und"]) for m in draft.missing_codes] == [(-9, "nicht beantwortet"), (-1, "weiß nicht")]
    assert any("ZZ99" in n and "not in the variables file" in n for n in draft.notes)
    assert any("missing code -9 has different labels" in n for n in draft.notes)
    assert any(n.startswith("SoSci Survey system variables left out: CASE, STARTED, FINISHED") for n in draft.notes)
    assert draft.id == "kosi_lab"
    assert draft.mapping() == {"AB01_01": "ab01.1", "AB01_02": "ab01.2", "AB01_04": "ab01.4",
                               "AB01_04a": "ab01_04a", "SK01_01": "sk01_01", "AG01_01": "ag01_01",
                               "GE01": "ge01", "DA01_01": "da01_01", "XX01": "xx01"}
    codebook = _validated(draft)
    assert codebook.item("ab01").codes == (1, 2, 4)


def test_end_points_only_are_filled(tmp_path):
    variables = _write(tmp_path / "variables_x.csv", [HEADER, ["RA01_01", "Skala: freundlich", "ORDINAL", "SCALE"]])
    values = _write(tmp_path / "values_x.csv", [VALUE_ROWS[0], ["RA01_01", 1, "gar nicht"], ["RA01_01", 5, "sehr"]])
    item = draft_from_sosci(variables, values).items[0]
    assert [(o.code, o.label["und"]) for o in item.options] == [
        (1, "gar nicht"), (2, ""), (3, ""), (4, ""), (5, "sehr")]
    assert item.note == "the values file labels only 1, 5; codes 2–4 were added with empty labels: fill them in"


def test_data_file_is_compared(tmp_path):
    variables, values = _listing(tmp_path)
    data = _write(tmp_path / "data_kosi-lab_2026-09-30.csv", [
        ["CASE", "STARTED", "AB01", "AB01_01", "AB01_04", "AB01_04a", "SK01_01", "AG01_01", "GE01", "DA01_01",
         "XX01", "NEU01", "TIME001", "FINISHED"],
        [1, "2026-09-20 10:00:00", 1, 2, 1, "", 4, 34, 1, "2026-09-01", 3, 1, 20, 1],
    ])
    notes = draft_from_sosci(variables, values, data=data).notes
    assert "variables of the listing that are not columns of data_kosi-lab_2026-09-30.csv: AB01_02" in notes
    assert "columns of data_kosi-lab_2026-09-30.csv that are not in the variables listing: NEU01" in notes


def test_data_file_as_variables_listing(survey_fixture):
    with pytest.raises(DataFormatError, match="expected the columns VAR LABEL TYPE INPUT, found CASE, SERIAL") as info:
        draft_from_sosci(survey_fixture(DATA))
    assert info.value.line == 1 and "variables" in info.value.hint


def test_values_listing_as_variables_listing(survey_fixture):
    with pytest.raises(DataFormatError, match="not a SoSci Survey variables listing"):
        draft_from_sosci(survey_fixture(VALUES), survey_fixture(VALUES))


def test_variables_listing_as_values_listing(tmp_path):
    variables, _ = _listing(tmp_path)
    with pytest.raises(DataFormatError, match="expected the columns VAR RESPONSE MEANING, found VAR, LABEL"):
        draft_from_sosci(variables, variables)


def test_listing_saved_with_commas(tmp_path):
    path = tmp_path / "variables.csv"
    path.write_text("VAR,LABEL,TYPE,INPUT\r\nGE01,Geschlecht,NOMINAL,SELECTION\r\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="found VAR,LABEL,TYPE,INPUT") as info:
        draft_from_sosci(path)
    assert info.value.hint.startswith("the file is not TAB-separated")


def test_response_that_is_not_a_number(tmp_path):
    variables, _ = _listing(tmp_path)
    values = _write(tmp_path / "values.csv", [VALUE_ROWS[0], ["GE01", 1, "weiblich"], ["GE01", "zwei", "männlich"]])
    with pytest.raises(DataFormatError, match="RESPONSE is not a whole number: 'zwei'") as info:
        draft_from_sosci(variables, values)
    assert info.value.line == 3 and info.value.column == "RESPONSE"


def test_row_with_too_few_fields(tmp_path):
    variables = _write(tmp_path / "variables.csv", [HEADER, ["GE01", "Geschlecht", "NOMINAL", "SELECTION"],
                                                    ["AG01_01", "Alter"]])
    with pytest.raises(DataFormatError, match="2 fields instead of 4") as info:
        draft_from_sosci(variables)
    assert info.value.line == 3


def test_empty_listing(tmp_path):
    path = tmp_path / "variables.csv"
    path.write_bytes(codecs.BOM_UTF16_LE)
    with pytest.raises(DataFormatError, match="empty"):
        draft_from_sosci(path)


def test_lone_checkbox_becomes_multi_with_one_option(tmp_path):
    variables = _write(tmp_path / "variables.csv", [HEADER, ["EV01", "Einverständnis", "BOOL", "CHECKBOX"]])
    item = draft_from_sosci(variables).items[0]
    assert item.type == "multi" and [(o.code, o.column) for o in item.options] == [(1, "EV01")]
