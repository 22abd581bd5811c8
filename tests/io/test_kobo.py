"""KoboToolbox: CSV data export, XLSForm workbooks and asset JSON as draft codebooks.

The real files are the shared fixtures (kpi's expected CSV export, pyxform's example
workbooks, formpack's asset JSON); every quirk and error path also has a small synthetic
file written here, following the layout of those fixtures.
"""

from __future__ import annotations

import json
import zipfile

import openpyxl
import pytest

from kosieval.errors import DataFormatError
from kosieval.io.kobo import draft_from_kobo_json, draft_from_xlsform, read_kobo_csv
from kosieval.io.raw import Checkbox

SYMMETRY = "External Characteristics/What kind of symmetry do you have?"

HEADER = ["start", "end", "grp/age", "diet", "diet/vegan", "diet/vegetarian", "comment", "location",
          "_location_latitude", "_location_longitude", "_location_altitude", "_location_precision", "deviceid",
          "phonenumber", "meta/instanceID", "_id", "_uuid", "_submission_time", "_submitted_by", "_index"]
ROWS = [
    ["2024-05-01T10:00:00", "2024-05-01T10:05:00", "34", "vegan vegetarian", "1", "1", "gut", "50.9 6.9 50 5",
     "50.9", "6.9", "50", "5", "ee:123", "015112345", "uuid:a1", "101", "a1", "2024-05-01T10:06:00", "anna", "1"],
    ["2024-05-02T10:00:00", "2024-05-02T10:05:00", "51", "", "0", "0", "Größe", "", "", "", "", "", "ee:124",
     "0049301", "uuid:a2", "102", "a2", "2024-05-02T10:06:00", "ben", "2"],
]


def _csv(rows, separator=";"):
    return "\n".join(separator.join(f'"{c}"' for c in row) for row in rows) + "\n"


def _write(tmp_path, text, name="kobo.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# --- the CSV export --------------------------------------------------------------------------


def test_kpi_export_with_labels_groups_hxl_and_select_multiple(survey_fixture):
    raw = read_kobo_csv(survey_fixture("kobo_xlsform/kpi_csv_export_hierarchy_in_labels_expected.csv"))
    assert raw.format == "kobo_csv"
    assert raw.data.shape == (2, 19)
    assert list(raw.data.index) == [3, 4]  # header and HXL row are lines 1 and 2
    assert list(raw.data["_index"]) == [1, 3]
    assert list(raw.data["_id"]) == ["61", "63"]
    assert raw.id_column == "_id"
    assert list(raw.data[SYMMETRY]) == ["Spherical Radial Bilateral", "Bilateral"]
    assert raw.multi_sets == {SYMMETRY: (f"{SYMMETRY}/Spherical", f"{SYMMETRY}/Radial", f"{SYMMETRY}/Bilateral")}
    assert raw.checkboxes[f"{SYMMETRY}/Radial"] == Checkbox(frozenset({"1"}), frozenset({"0"}))
    assert set(raw.checkboxes) == set(raw.multi_sets[SYMMETRY])
    assert list(raw.data[f"{SYMMETRY}/Radial"]) == [1, 0]
    assert raw.metadata_columns == {"start", "end", "_id", "_notes", "_status", "_submission_time", "_submitted_by",
                                    "_tags", "_uuid", "_validation_status", "_index"}
    assert raw.personal_columns == {"_submitted_by"}
    assert raw.detected["header"] == "labels, with group paths (group/question); second row: HXL hashtags"
    assert raw.detected["hxl"] == (f"{SYMMETRY} = #symmetry; External Characteristics/How many segments does your "
                                   "body have? = #segments; Do you have body fluids that occupy intracellular "
                                   "space? = #fluids")
    assert raw.detected["separator"] == "semicolon"
    assert raw.labels["How do you feel after all those questions?"] == "How do you feel after all those questions?"
    assert "_id" not in raw.labels
    assert raw.log == ()


def test_xml_names_groups_geopoint_and_personal_columns(tmp_path):
    raw = read_kobo_csv(_write(tmp_path, _csv([HEADER, *ROWS])))
    assert list(raw.data.index) == [2, 3]
    assert raw.detected["header"] == "XML names, with group paths (group/question)"
    assert "hxl" not in raw.detected
    assert raw.labels == {}
    assert raw.multi_sets == {"diet": ("diet/vegan", "diet/vegetarian")}
    assert raw.personal_columns == {"location", "_location_latitude", "_location_longitude", "_location_altitude",
                                    "_location_precision", "deviceid", "phonenumber", "_submitted_by"}
    assert {"meta/instanceID", "deviceid", "phonenumber", "start", "_index"} <= raw.metadata_columns
    assert "grp/age" not in raw.metadata_columns and "diet" not in raw.metadata_columns
    assert list(raw.data["phonenumber"]) == ["015112345", "0049301"]  # leading zeros kept
    assert list(raw.data["grp/age"]) == [34, 51]
    assert raw.data.loc[3, "comment"] == "Größe"


def test_option_columns_that_are_not_0_or_1_are_no_select_multiple(tmp_path):
    text = _csv([["q", "q/detail", "_id"], ["yes", "because", "1"], ["no", "", "2"]])
    raw = read_kobo_csv(_write(tmp_path, text))
    assert raw.multi_sets == {} and raw.checkboxes == {}


def test_true_false_option_columns_give_matching_checkboxes(tmp_path):
    text = _csv([["diet", "diet/vegan", "_id"], ["vegan", "True", "1"], ["", "False", "2"]])
    raw = read_kobo_csv(_write(tmp_path, text))
    assert raw.checkboxes["diet/vegan"] == Checkbox(frozenset({"True"}), frozenset({"False"}))


def test_cp1252_file_is_read_with_a_warning(tmp_path):
    raw = read_kobo_csv(_write(tmp_path, _csv([HEADER, *ROWS]), encoding="cp1252"), file="data/kobo.csv")
    assert raw.data.loc[3, "comment"] == "Größe"
    assert raw.detected["encoding"].startswith("Windows-1252")
    (warning,) = raw.log
    assert warning.severity == "warning" and warning.file == "data/kobo.csv" and warning.row is None
    assert "cp1252" in warning.reason and "encoding" in warning.reason


def test_utf16_file(tmp_path):
    raw = read_kobo_csv(_write(tmp_path, _csv([HEADER, *ROWS]), encoding="utf-16"))
    assert raw.data.shape == (2, 20)
    assert raw.detected["encoding"].startswith("UTF-16")
    assert raw.log == ()


def test_comma_separated_file_is_named_as_wrong_separator(tmp_path):
    path = _write(tmp_path, _csv([HEADER, *ROWS], separator=","))
    with pytest.raises(DataFormatError, match="semicolon, but the header uses comma") as info:
        read_kobo_csv(path)
    assert info.value.line == 1
    raw = read_kobo_csv(path, separator=",")
    assert raw.data.shape == (2, 20) and raw.detected["separator"] == "comma"


def test_separator_given_that_the_header_does_not_use(tmp_path):
    path = _write(tmp_path, _csv([HEADER, *ROWS]))
    with pytest.raises(DataFormatError, match="the header has no tab; it uses semicolon"):
        read_kobo_csv(path, separator="\t")


def test_switches_for_test_runs_and_incomplete_change_nothing(tmp_path):
    path = _write(tmp_path, _csv([HEADER, *ROWS]))
    raw = read_kobo_csv(path, include_incomplete=True, include_test_runs=True)
    assert list(raw.data.index) == list(read_kobo_csv(path).data.index) == [2, 3]
    assert "no test runs" in raw.detected["responses"]


def test_text_columns_keep_leading_zeros(tmp_path):
    text = _csv([["code", "_id"], ["007", "1"], ["010", "2"]])
    assert list(read_kobo_csv(_write(tmp_path, text)).data["code"]) == [7, 10]
    assert list(read_kobo_csv(_write(tmp_path, text), text_columns=["code"]).data["code"]) == ["007", "010"]


# --- XLSForm workbooks -----------------------------------------------------------------------


def test_pyxform_group(survey_fixture):
    draft = draft_from_xlsform(survey_fixture("kobo_xlsform/pyxform_group.xlsx"))
    assert [(i.id, i.column, i.type) for i in draft.items] == [
        ("family_name", "family_name", "text"), ("phone_number", "phone_number", "text"), ("age", "age", "numeric")]
    assert draft.languages == ("en",)
    assert draft.items[2].text == {"en": "How old is your father?"}
    assert "'father/age' when groups are included" in draft.items[2].note
    assert "in group" not in draft.items[0].note
    assert draft.source == "XLSForm workbook: pyxform_group.xlsx"
    assert draft.mapping() == {"family_name": "family_name", "phone_number": "phone_number", "age": "age"}


def test_pyxform_specify_other(survey_fixture):
    draft = draft_from_xlsform(survey_fixture("kobo_xlsform/pyxform_specify_other.xlsx"))
    sex, other = draft.items
    assert (sex.id, sex.column, sex.type) == ("sex", "sex", "single")
    assert [(o.code, o.export_code, o.label) for o in sex.options] == [
        (1, "male", {"english": "Male"}), (2, "female", {"english": "Female"}), (3, "other", {"english": "Other"})]
    assert (other.id, other.column, other.type) == ("sex_other", "sex_other", "text")
    assert "or specify other" in other.note
    assert draft.languages == ("english",)
    assert draft.answer_codes() == {"sex": {"male": 1, "female": 2, "other": 3}}


def test_pyxform_yes_or_no(survey_fixture):
    draft = draft_from_xlsform(survey_fixture("kobo_xlsform/pyxform_yes_or_no_question.xlsx"))
    (item,) = draft.items
    assert item.text == {"english": "have you had a good day today?"}
    assert [(o.code, o.export_code) for o in item.options] == [(1, "yes"), (2, "no")]
    assert item.note.startswith("select_one yes_or_no")


def _workbook(tmp_path, sheets, name="form.xlsx"):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


SURVEY = [
    ["type", "name", "label::Deutsch (de)", "label::English (en)", "constraint", "relevant", "appearance"],
    ["start", "start", None, None, None, None, None],
    ["note", "welcome", "Willkommen", "Welcome", None, None, None],
    ["begin_group", "person", "Person", "Person", None, None, None],
    ["integer", "age", "Alter", "Age", ". >= 0 and . <= 120", None, None],
    ["decimal", "hours", "Stunden", "Hours", ". > 0", None, None],
    ["end_group", None, None, None, None, None, None],
    ["select_one agree5", "trust", "Vertrauen", "Trust", None, "${age} > 17", "likert"],
    ["select_multiple topics", "topics", "Themen", "Topics", None, None, None],
    ["select_one mixed", "know", "Bekannt?", "Known?", None, None, None],
    ["date", "visit", "Besuch", "Visit", None, None, None],
    ["geopoint", "where", "Ort", "Place", None, None, None],
    ["calculate", "score", None, None, None, None, None],
    ["select_one nolist", "broken", "Kaputt", "Broken", None, None, None],
]
CHOICES = [
    ["list_name", "name", "label::Deutsch (de)", "label::English (en)"],
    *[["agree5", str(n), f"Stufe {n}", f"Level {n}"] for n in range(1, 6)],
    ["topics", "mobility", "Mobilität", "Mobility"],
    ["topics", "housing", "Wohnen", "Housing"],
    ["mixed", "1", "Ja", "Yes"],
    ["mixed", "2", "Nein", "No"],
    ["mixed", "dk", "Weiß nicht", "Don't know"],
]
SETTINGS = [["form_title", "form_id", "default_language"], ["Lab-Befragung", "lab_t0", "Deutsch (de)"]]


def test_synthetic_xlsform_with_translations_groups_and_constraints(tmp_path):
    draft = draft_from_xlsform(_workbook(tmp_path, {"survey": SURVEY, "choices": CHOICES, "settings": SETTINGS}))
    assert draft.id == "lab_t0" and draft.title == {"de": "Lab-Befragung"}
    assert draft.languages == ("de", "en")
    items = {i.id: i for i in draft.items}
    assert list(items) == ["age", "hours", "trust", "topics", "know", "visit"]
    assert (items["age"].min, items["age"].max) == (0, 120)
    assert items["age"].text == {"de": "Alter", "en": "Age"}
    assert "'person/age'" in items["age"].note
    assert (items["hours"].min, items["hours"].max) == (0, None)
    assert "excludes the bound" in items["hours"].note
    assert items["trust"].type == "likert"
    assert [(o.code, o.export_code) for o in items["trust"].options] == [(n, None) for n in range(1, 6)]
    assert "shown only if ${age} > 17" in items["trust"].note
    topics = items["topics"]
    assert (topics.type, topics.column) == ("multi", None)
    assert [(o.code, o.export_code, o.column) for o in topics.options] == [
        (1, "mobility", "topics/mobility"), (2, "housing", "topics/housing")]
    assert "separated by spaces ('mobility housing')" in topics.note
    assert [(o.code, o.export_code) for o in items["know"].options] == [(1, "1"), (2, "2"), (3, "dk")]
    assert items["visit"].type == "date"
    assert any("geopoint questions are not survey items" in n and "where" in n for n in draft.notes)
    assert any("choice list 'nolist' not found" in n for n in draft.notes)
    assert draft.mapping()["topics/housing"] == "topics.2"
    assert draft.answer_codes() == {"know": {"1": 1, "2": 2, "dk": 3}}
    assert "mapping:" in draft.to_yaml()


def test_plain_label_column_and_spaced_type_names(tmp_path):
    survey = [["type", "name", "label"], ["select one from yn", "ok", "OK?"], ["text", "why", "Why?"]]
    choices = [["list name", "name", "label"], ["yn", "1", "yes"], ["yn", "0", "no"]]
    draft = draft_from_xlsform(_workbook(tmp_path, {"survey": survey, "choices": choices}))
    assert draft.languages == ("default",)
    ok, why = draft.items
    assert [(o.code, o.label) for o in ok.options] == [(1, {"default": "yes"}), (0, {"default": "no"})]
    assert (why.type, why.text) == ("text", {"default": "Why?"})


def test_workbook_without_survey_sheet(tmp_path):
    path = _workbook(tmp_path, {"Umfrage": [["type", "name"]], "choices": [["list_name", "name"]]})
    with pytest.raises(DataFormatError, match=r"no sheet named 'survey' \(the workbook has: Umfrage, choices\)"):
        draft_from_xlsform(path)


def test_survey_sheet_without_name_column(tmp_path):
    path = _workbook(tmp_path, {"survey": [["type", "label"], ["text", "Q"]]})
    with pytest.raises(DataFormatError, match="needs the columns type and name"):
        draft_from_xlsform(path)


def _rewrite_sheet(source, target, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return target


def test_entity_declarations_are_refused(tmp_path):
    good = _workbook(tmp_path, {"survey": [["type", "name"], ["text", "q"]]})
    bomb = _rewrite_sheet(good, tmp_path / "bomb.xlsx", lambda d: d.replace(
        b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet', 1))
    with pytest.raises(DataFormatError, match="entity declarations"):
        draft_from_xlsform(bomb)


def test_broken_xml_names_line_and_column(tmp_path):
    good = _workbook(tmp_path, {"survey": [["type", "name"], ["text", "q"]]})
    broken = _rewrite_sheet(good, tmp_path / "broken.xlsx", lambda d: d.replace(b"</sheetData>", b"</sheetDat>", 1))
    with pytest.raises(DataFormatError, match="broken XML") as info:
        draft_from_xlsform(broken)
    assert info.value.line == 1 and info.value.column.startswith("XML character")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_text("type,name\ntext,q\n")
    with pytest.raises(DataFormatError, match="not a readable Excel workbook"):
        draft_from_xlsform(path)


# --- asset JSON ------------------------------------------------------------------------------


def test_formpack_dietary_needs(survey_fixture):
    draft = draft_from_kobo_json(survey_fixture("kobo_xlsform/formpack_dietary_needs_v1.json"))
    name, diet = draft.items
    assert (name.id, name.type, name.text) == ("restaurant_name", "text", {"default": "Restaurant name"})
    assert (diet.type, diet.column) == ("multi", None)
    assert [(o.code, o.export_code, o.column) for o in diet.options] == [
        (1, "gluten_free", "dietary_accommodations/gluten_free"),
        (2, "vegan", "dietary_accommodations/vegan"),
        (3, "vegetarian", "dietary_accommodations/vegetarian"),
        (4, "lactose_free", "dietary_accommodations/lactose_free"),
    ]
    assert "separated by spaces" in diet.note and "split" in diet.note
    assert draft.source == "KoboToolbox asset JSON: formpack_dietary_needs_v1.json"


def test_formpack_grouped_translated(survey_fixture):
    draft = draft_from_kobo_json(survey_fixture("kobo_xlsform/formpack_grouped_translated_v1.json"))
    assert draft.languages == ("english", "español")
    assert [(i.id, i.type) for i in draft.items] == [
        ("what_kind_of_symmetry_do_you_have", "multi"), ("how_many_segments_does_your_body_have", "numeric"),
        ("do_you_have_body_flu_intracellular_space", "single"), ("do_you_descend_from_unicellular_organism", "single")]
    symmetry = draft.items[0]
    assert symmetry.text["español"] == "¿Qué tipo de simetría tiene?"
    assert symmetry.options[0].label == {"english": "Spherical", "español": "Esférico"}
    assert symmetry.options[2].column == "What_kind_of_symmetry_do_you_have/bilateral"
    assert "'external_characteristics/How_many_segments_does_your_body_have'" in draft.items[1].note
    fluids = draft.items[2]
    assert [(o.code, o.export_code) for o in fluids.options] == [(1, "yes"), (2, "yes__and_some_"),
                                                                (3, "no___unsure")]


def test_bare_content_with_autonames(tmp_path):
    content = {"survey": [{"type": "integer", "$autoname": "n_people", "label": ["Personen", "People"],
                           "constraint": ". <= 12"}],
               "translations": ["Deutsch (de)", "English (en)"], "choices": []}
    path = tmp_path / "asset.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    (item,) = draft_from_kobo_json(path).items
    assert (item.id, item.column, item.max, item.text) == ("n_people", "n_people", 12, {"de": "Personen",
                                                                                     "en": "People"})


def test_invalid_json_names_line(tmp_path):
    path = tmp_path / "asset.json"
    path.write_text('{"content": {\n  "survey": [,]\n}}', encoding="utf-8")
    with pytest.raises(DataFormatError, match="not valid JSON") as info:
        draft_from_kobo_json(path)
    assert info.value.line == 2


def test_json_without_survey(tmp_path):
    path = tmp_path / "asset.json"
    path.write_text('{"name": "x", "content": {"choices": []}}', encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"no 'content.survey' list \(found: content, name\)"):
        draft_from_kobo_json(path)
