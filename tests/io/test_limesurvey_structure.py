"""LimeSurvey survey structures (.lss, tab-separated .txt) -> draft codebook; response CSV headers."""

from __future__ import annotations

import codecs
import csv

import pytest
import yaml

from kosieval.errors import DataFormatError
from kosieval.io.limesurvey_structure import limesurvey_header, read_limesurvey_tsv, read_lss
from kosieval.model.codebook import Codebook

# -- helpers ------------------------------------------------------------------------------------


def _section(name, rows):
    fields = list(dict.fromkeys(key for row in rows for key in row))
    head = "".join(f"<fieldname>{f}</fieldname>" for f in fields)
    body = "".join(
        "<row>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in row.items()) + "</row>" for row in rows
    )
    return f" <{name}>\n  <fields>{head}</fields>\n  <rows>{body}</rows>\n </{name}>\n"


def _lss(tmp_path, version, languages, sections, name="survey.lss"):
    langs = "".join(f"<language>{lang}</language>" for lang in languages)
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<document>\n <LimeSurveyDocType>Survey</LimeSurveyDocType>\n'
        f" <DBVersion>{version}</DBVersion>\n <languages>{langs}</languages>\n"
        + "".join(_section(k, v) for k, v in sections.items())
        + "</document>\n"
    )
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _validates(draft):
    data = yaml.safe_load(draft.to_yaml())
    assert data["respondent_group"] == "TODO"
    data["respondent_group"] = "participants"
    return Codebook.model_validate(data)


def _by_id(draft):
    return {item.id: item for item in draft.items}


def _options(item):
    return [(o.code, o.export_code, o.column, o.label) for o in item.options]


# -- .lss fixtures ----------------------------------------------------------------------------


def test_old_layout_fixture(survey_fixture):
    path = survey_fixture("limesurvey/a_rather_interesting_questionnaire_for_testing.lss")
    before = path.read_bytes()
    draft = read_lss(path)
    assert path.read_bytes() == before
    assert draft.id == "a_rather_interesting_questionnaire_for_testing"
    assert draft.title == {"en": "A Rather Interesting Questionnaire for Testing"}
    assert draft.languages == ("en",)
    assert draft.source == "LimeSurvey .lss (DBVersion 261): a_rather_interesting_questionnaire_for_testing.lss"
    assert [(i.id, i.column, i.type) for i in draft.items] == [
        ("cob", "cob", "text"), ("yob", "yob", "numeric"), ("fcol", "fcol", "single"),
        ("fcol_other", "fcol[other]", "text"),
    ]
    items = _by_id(draft)
    assert items["cob"].text == {"en": "What is your country of birth?"}
    assert (items["yob"].min, items["yob"].max) == (1850.0, 2050.0)  # min_num_value_n / max_num_value_n
    colour = items["fcol"]
    assert [(o.code, o.label["en"], o.export_code) for o in colour.options] == [
        (1, "Red", None), (2, "Green", None), (3, "Blue", None), (4, "Yellow", None), (5, "Orange", None),
        (6, "Other", "-oth-"),  # other = Y: LimeSurvey writes -oth- into fcol
    ]
    assert any(n.startswith("fcol: has 'Other'") and "fcol[other]" in n for n in draft.notes)
    assert draft.mapping() == {"cob": "cob", "yob": "yob", "fcol": "fcol", "fcol[other]": "fcol_other"}
    assert draft.answer_codes() == {"fcol": {"-oth-": 6}}
    codebook = _validates(draft)
    assert codebook.item("fcol").label_for(2, "en") == "Green"


def test_new_layout_fixture(survey_fixture):
    path = survey_fixture("limesurvey/survey-one-question-two-languages.lss")
    draft = read_lss(path)
    assert draft.source == "LimeSurvey .lss (DBVersion 630): survey-one-question-two-languages.lss"
    # <languages> lists et first, but <surveys> says base language en, additional et
    assert draft.languages == ("en", "et")
    assert draft.title == {"en": "test-survey-1"}  # the et title is empty
    assert draft.id == "test_survey_1"
    assert [(i.id, i.column, i.type, i.text) for i in draft.items] == [("q1", "Q1", "text", {})]
    assert "no question text in 'en' for Q1" in draft.notes
    assert "no question text in 'et' for Q1" in draft.notes
    codebook = _validates(draft)
    assert codebook.item("q1").text.en == ""


# -- .lss synthetic: new layout (LimeSurvey 4-6) --------------------------------------------


NEW_LAYOUT = {
    "groups": [
        {"gid": "20", "sid": "111", "group_order": "2"},
        {"gid": "10", "sid": "111", "group_order": "1"},
    ],
    "group_l10ns": [
        {"id": "1", "gid": "10", "group_name": "Erste", "language": "de"},
        {"id": "2", "gid": "20", "group_name": "Zweite", "language": "de"},
    ],
    "questions": [
        {"qid": "1", "parent_qid": "0", "gid": "20", "type": "L", "title": "AG", "other": "N", "question_order": "1",
         "scale_id": "0"},
        {"qid": "2", "parent_qid": "0", "gid": "10", "type": "F", "title": "SE", "other": "N", "question_order": "2",
         "scale_id": "0"},
        {"qid": "3", "parent_qid": "0", "gid": "10", "type": "M", "title": "KAN", "other": "Y",
         "question_order": "1", "scale_id": "0"},
        {"qid": "4", "parent_qid": "0", "gid": "10", "type": "N", "title": "HRS", "other": "N",
         "question_order": "3", "scale_id": "0"},
        {"qid": "5", "parent_qid": "0", "gid": "20", "type": "X", "title": "INFO", "other": "N",
         "question_order": "2", "scale_id": "0"},
        {"qid": "6", "parent_qid": "0", "gid": "20", "type": "Y", "title": "YN", "other": "N",
         "question_order": "3", "scale_id": "0"},
        {"qid": "7", "parent_qid": "0", "gid": "20", "type": "P", "title": "PC", "other": "N",
         "question_order": "4", "scale_id": "0"},
        {"qid": "8", "parent_qid": "0", "gid": "20", "type": "1", "title": "DS", "other": "N",
         "question_order": "5", "scale_id": "0"},
    ],
    "subquestions": [
        {"qid": "22", "parent_qid": "2", "gid": "10", "type": "T", "title": "SQ002", "question_order": "2",
         "scale_id": "0"},
        {"qid": "21", "parent_qid": "2", "gid": "10", "type": "T", "title": "SQ001", "question_order": "1",
         "scale_id": "0"},
        {"qid": "31", "parent_qid": "3", "gid": "10", "type": "T", "title": "SQ001", "question_order": "1",
         "scale_id": "0"},
        {"qid": "32", "parent_qid": "3", "gid": "10", "type": "T", "title": "SQ002", "question_order": "2",
         "scale_id": "0"},
        {"qid": "71", "parent_qid": "7", "gid": "20", "type": "T", "title": "a", "question_order": "1",
         "scale_id": "0"},
        {"qid": "81", "parent_qid": "8", "gid": "20", "type": "T", "title": "r1", "question_order": "1",
         "scale_id": "0"},
    ],
    "question_l10ns": [
        {"id": "1", "qid": "1", "question": "<p>Welcher <b>Gruppe</b> gehören Sie an?&nbsp;&amp; warum</p>",
         "language": "de"},
        {"id": "2", "qid": "1", "question": "Which group do you belong to?", "language": "en"},
        {"id": "3", "qid": "2", "question": "Wie sicher sind Sie?", "language": "de"},
        {"id": "4", "qid": "2", "question": "How confident are you?", "language": "en"},
        {"id": "5", "qid": "21", "question": "Ich schaffe das.", "language": "de"},
        {"id": "6", "qid": "21", "question": "I can do it.", "language": "en"},
        {"id": "7", "qid": "22", "question": "Ich finde Wege.", "language": "de"},
        {"id": "8", "qid": "3", "question": "Welche Kanäle?", "language": "de"},
        {"id": "9", "qid": "31", "question": "Mail", "language": "de"},
        {"id": "10", "qid": "32", "question": "Telefon", "language": "de"},
        {"id": "11", "qid": "4", "question": "Stunden pro Woche", "language": "de"},
        {"id": "12", "qid": "6", "question": "Ja oder nein?", "language": "de"},
        {"id": "13", "qid": "7", "question": "Mit Kommentar", "language": "de"},
        {"id": "14", "qid": "71", "question": "Option a", "language": "de"},
        {"id": "15", "qid": "8", "question": "Zwei Skalen", "language": "de"},
        {"id": "16", "qid": "81", "question": "Zeile 1", "language": "de"},
    ],
    "answers": [
        {"aid": "102", "qid": "1", "code": "A2", "sortorder": "2", "scale_id": "0"},
        {"aid": "101", "qid": "1", "code": "A1", "sortorder": "1", "scale_id": "0"},
        {"aid": "103", "qid": "1", "code": "A9", "sortorder": "3", "scale_id": "0"},
        *({"aid": str(200 + n), "qid": "2", "code": str(n), "sortorder": str(n), "scale_id": "0"} for n in range(1, 6)),
        {"aid": "301", "qid": "8", "code": "1", "sortorder": "1", "scale_id": "0"},
        {"aid": "302", "qid": "8", "code": "2", "sortorder": "2", "scale_id": "0"},
        {"aid": "311", "qid": "8", "code": "x", "sortorder": "1", "scale_id": "1"},
        {"aid": "312", "qid": "8", "code": "y", "sortorder": "2", "scale_id": "1"},
        {"aid": "313", "qid": "8", "code": "z", "sortorder": "3", "scale_id": "1"},
    ],
    "answer_l10ns": [
        {"id": "1", "aid": "101", "answer": "Verwaltung", "language": "de"},
        {"id": "2", "aid": "101", "answer": "Administration", "language": "en"},
        {"id": "3", "aid": "102", "answer": "Zivilgesellschaft", "language": "de"},
        {"id": "4", "aid": "102", "answer": "Civil society", "language": "en"},
        {"id": "5", "aid": "103", "answer": "keine Angabe", "language": "de"},
        *({"id": str(10 + n), "aid": str(200 + n), "answer": f"Stufe {n}", "language": "de"} for n in range(1, 6)),
        {"id": "30", "aid": "301", "answer": "links", "language": "de"},
        {"id": "31", "aid": "302", "answer": "rechts", "language": "de"},
        {"id": "32", "aid": "311", "answer": "oben", "language": "de"},
    ],
    "question_attributes": [
        {"qid": "4", "attribute": "min_num_value_n", "value": "0", "language": ""},
        {"qid": "4", "attribute": "max_num_value_n", "value": "80", "language": ""},
    ],
    "surveys": [{"sid": "111", "language": "de", "additional_languages": "en"}],
    "surveys_languagesettings": [
        {"surveyls_survey_id": "111", "surveyls_language": "de", "surveyls_title": "Befragung Größe"},
        {"surveyls_survey_id": "111", "surveyls_language": "en", "surveyls_title": "Survey size"},
    ],
}


def test_new_layout_types_order_and_languages(tmp_path):
    draft = read_lss(_lss(tmp_path, 640, ["de", "en"], NEW_LAYOUT))
    assert draft.id == "befragung_groesse"
    assert draft.title == {"de": "Befragung Größe", "en": "Survey size"}
    assert draft.languages == ("de", "en")
    # group 10 (order 1) first, questions by question_order; INFO (X) skipped
    assert [(i.id, i.column, i.type) for i in draft.items] == [
        ("kan", None, "multi"), ("kan_other", "KAN[other]", "text"),
        ("se_sq001", "SE[SQ001]", "likert"), ("se_sq002", "SE[SQ002]", "likert"),
        ("hrs", "HRS", "numeric"),
        ("ag", "AG", "single"), ("yn", "YN", "single"), ("pc", None, "multi"),
        ("ds_r1_1", "DS[r1][1]", "likert"), ("ds_r1_2", "DS[r1][2]", "likert"),
    ]
    items = _by_id(draft)
    # HTML removed, entities unescaped, both languages
    assert items["ag"].text == {"de": "Welcher Gruppe gehören Sie an? & warum", "en": "Which group do you belong to?"}
    # non-integer answer codes: 1..n in sortorder, LimeSurvey code as export_code
    assert _options(items["ag"]) == [
        (1, "A1", None, {"de": "Verwaltung", "en": "Administration"}),
        (2, "A2", None, {"de": "Zivilgesellschaft", "en": "Civil society"}),
        (3, "A9", None, {"de": "keine Angabe"}),
    ]
    assert "AG: option 3 (keine Angabe) may be a missing code; if so, move it to missing_codes" in draft.notes
    assert draft.answer_codes()["ag"] == {"A1": 1, "A2": 2, "A9": 3}
    # array: sub-question order from question_order, text "question [sub-question]"
    assert items["se_sq001"].text == {"de": "Wie sicher sind Sie? [Ich schaffe das.]",
                                      "en": "How confident are you? [I can do it.]"}
    assert items["se_sq002"].text == {"de": "Wie sicher sind Sie? [Ich finde Wege.]", "en": "How confident are you?"}
    assert [(o.code, o.label["de"]) for o in items["se_sq001"].options] == [(n, f"Stufe {n}") for n in range(1, 6)]
    # multiple choice: one option per sub-question with its column; other -> text column
    assert _options(items["kan"]) == [(1, None, "KAN[SQ001]", {"de": "Mail"}),
                                      (2, None, "KAN[SQ002]", {"de": "Telefon"})]
    assert draft.mapping()["KAN[SQ002]"] == "kan.2" and draft.mapping()["KAN[other]"] == "kan_other"
    assert (items["hrs"].min, items["hrs"].max) == (0.0, 80.0)
    assert [(o.code, o.export_code, o.label["en"]) for o in items["yn"].options] == [(1, "Y", "Yes"), (2, "N", "No")]
    assert "PC: the comment columns PC[<sub-question>comment] were left out" in draft.notes
    assert [(o.code, o.export_code) for o in items["ds_r1_2"].options] == [(1, "x"), (2, "y"), (3, "z")]
    assert items["ds_r1_1"].text == {"de": "Zwei Skalen [Zeile 1] [Scale 1]"}
    assert any(n.startswith("INFO: question type X (text display) skipped") for n in draft.notes)
    assert draft.notes[-1] == "no question text in 'en' for KAN, KAN[other], HRS, YN, PC, DS[r1][1], DS[r1][2]"
    codebook = _validates(draft)
    assert codebook.item("ag").label_for(2, "en") == "Civil society"
    assert codebook.item("kan").codes == (1, 2)


def test_l10n_rows_keyed_by_question_and_code(tmp_path):
    # some tools write <answer_l10ns> with qid + code instead of aid
    sections = {
        "questions": [{"qid": "1", "parent_qid": "0", "gid": "1", "type": "!", "title": "Q1", "question_order": "1"}],
        "question_l10ns": [{"qid": "1", "question": "Farbe?", "language": "de"}],
        "answers": [{"qid": "1", "code": "r", "sortorder": "1"}, {"qid": "1", "code": "g", "sortorder": "2"}],
        "answer_l10ns": [{"qid": "1", "code": "r", "answer": "rot", "language": "de"},
                         {"qid": "1", "code": "g", "answer": "grün", "language": "de"}],
        "surveys": [{"sid": "5", "language": "de"}],
    }
    draft = read_lss(_lss(tmp_path, 500, ["de"], sections))
    assert draft.id == "limesurvey_5"  # no title: from the survey id
    assert _options(draft.items[0]) == [(1, "r", None, {"de": "rot"}), (2, "g", None, {"de": "grün"})]


# -- .lss synthetic: old layout (LimeSurvey 2/3), every other type -----------------------------


def _q(qid, type_, title, order, text, *, other="N", language="de", parent="0", scale="0"):
    return {"qid": qid, "parent_qid": parent, "sid": "9", "gid": "1", "type": type_, "title": title,
            "question": text, "other": other, "question_order": str(order), "language": language,
            "scale_id": scale}


def _a(qid, code, order, text, *, language="de", scale="0"):
    return {"qid": qid, "code": code, "answer": text, "sortorder": str(order), "language": language,
            "scale_id": scale}


OLD_LAYOUT = {
    "answers": [
        _a("1", "1", 1, "ja"), _a("1", "1", 1, "yes", language="en"), _a("1", "2", 2, "nein"),
        _a("1", "2", 2, "no", language="en"), _a("1", "0", 3, "möchte ich nicht sagen"),
        _a("5", "b", 2, "B"), _a("5", "a", 1, "A"),
        _a("6", "1", 1, "eins"), _a("6", "2", 2, "zwei"),
    ],
    "groups": [{"gid": "1", "sid": "9", "group_name": "G", "group_order": "0", "language": "de"},
               {"gid": "1", "sid": "9", "group_name": "G", "group_order": "0", "language": "en"}],
    "questions": [
        _q("1", "L", "Q1", 1, "Frage <i>eins</i>"), _q("1", "L", "Q1", 1, "Question one", language="en"),
        _q("2", "5", "FIVE", 2, "Fünf Punkte"),
        _q("3", "A", "ARR", 3, "Array fünf"),
        _q("4", "K", "NUM", 4, "Zahlen"),
        _q("5", "O", "COM", 5, "Liste mit Kommentar"),
        _q("6", "R", "RANK", 6, "Rangfolge"),
        _q("7", "D", "DAT", 7, "Datum"),
        _q("8", "G", "GEN", 8, "Geschlecht"),
        _q("9", ";", "TXT", 9, "Texte"),
        _q("10", "*", "EQ", 10, "{1+1}"),
        _q("11", "|", "UP", 11, "Hochladen"),
        _q("12", "C", "YUN", 12, "Ja/Unsicher/Nein"),
        _q("13", "Q", "MST", 13, "Kurztexte"),
        _q("14", "Z", "ODD", 14, "Unbekannt"),
        _q("15", "F", "EMPTY", 15, "Array ohne Zeilen"),
    ],
    "subquestions": [
        _q("31", "T", "s1", 1, "Zeile", parent="3"), _q("31", "T", "s1", 1, "Row", parent="3", language="en"),
        _q("41", "T", "n1", 1, "Erwachsene", parent="4"), _q("42", "T", "n2", 2, "Kinder", parent="4"),
        _q("91", "T", "y1", 1, "Y1", parent="9"), _q("92", "T", "y2", 2, "Y2", parent="9"),
        _q("93", "T", "x1", 1, "X1", parent="9", scale="1"),
        _q("131", "T", "t1", 1, "T1", parent="13"),
    ],
    "question_attributes": [
        {"qid": "4", "attribute": "min_num_value_n", "value": "0", "language": ""},
        {"qid": "4", "attribute": "max_num_value_n", "value": "12", "language": ""},
    ],
    "surveys": [{"sid": "9", "language": "de", "additional_languages": "en"}],
    "surveys_languagesettings": [{"surveyls_survey_id": "9", "surveyls_language": "de",
                                  "surveyls_title": "Alte Umfrage"}],
}


def test_old_layout_types(tmp_path):
    draft = read_lss(_lss(tmp_path, 355, ["de", "en"], OLD_LAYOUT))
    assert draft.source == "LimeSurvey .lss (DBVersion 355): survey.lss"
    assert draft.languages == ("de", "en")
    assert draft.title == {"de": "Alte Umfrage"}
    items = _by_id(draft)
    # texts of both languages come from the per-language rows
    assert items["q1"].text == {"de": "Frage eins", "en": "Question one"}
    assert items["arr_s1"].text == {"de": "Array fünf [Zeile]", "en": "Row"}
    # integer codes keep their number, 0 included (noted as a possible missing code)
    assert [(o.code, o.label) for o in items["q1"].options] == [
        (1, {"de": "ja", "en": "yes"}), (2, {"de": "nein", "en": "no"}), (0, {"de": "möchte ich nicht sagen"}),
    ]
    assert "Q1: option 0 (möchte ich nicht sagen) may be a missing code; if so, move it to missing_codes" in draft.notes
    assert [(o.code, o.label) for o in items["five"].options][:2] == [(1, {"de": "1", "en": "1"}),
                                                                     (2, {"de": "2", "en": "2"})]
    assert [o.code for o in items["five"].options] == [1, 2, 3, 4, 5]
    assert [o.code for o in items["arr_s1"].options] == [1, 2, 3, 4, 5]
    assert items["num_n2"].text == {"de": "Zahlen [Kinder]"}
    assert (items["num_n2"].min, items["num_n2"].max) == (0.0, 12.0)
    # answers sorted by sortorder, not by file order
    assert [(o.code, o.export_code) for o in items["com"].options] == [(1, "a"), (2, "b")]
    assert items["com_comment"].text == {"de": "Liste mit Kommentar [Comment]"}
    assert items["rank_2"].text == {"de": "Rangfolge [Rank 2]"}
    assert [o.code for o in items["rank_2"].options] == [1, 2]
    assert [(o.code, o.export_code, o.label["de"]) for o in items["gen"].options] == [
        (1, "F", "weiblich"), (2, "M", "männlich")]
    assert items["txt_y1_x1"].text == {"de": "Texte [Y1][X1]"}
    assert items["mst_t1"].text == {"de": "Kurztexte [T1]"}
    notes = "\n".join(draft.notes)
    assert "EQ: question type * (equation) skipped" in notes
    assert "UP: question type | (file upload) skipped" in notes and "UP[filecount]" in notes
    assert "ODD: unknown LimeSurvey question type 'Z'; skipped" in notes
    assert "EMPTY: question type F (array) has no sub-questions in the file; skipped" in notes
    assert "YUN: question type C (array yes/uncertain/no) has no sub-questions in the file; skipped" in notes
    assert "RANK: ranking; each column RANK[1] ... RANK[2] holds the option at that rank" in notes


def test_old_layout_item_list(tmp_path):
    draft = read_lss(_lss(tmp_path, 355, ["de", "en"], OLD_LAYOUT))
    assert [i.id for i in draft.items] == [
        "q1", "five", "arr_s1", "num_n1", "num_n2", "com", "com_comment", "rank_1", "rank_2", "dat", "gen",
        "txt_y1_x1", "txt_y2_x1", "mst_t1",
    ]
    assert _by_id(draft)["dat"].type == "date"


def test_array_yes_uncertain_no(tmp_path):
    sections = {
        "questions": [_q("1", "C", "YUN", 1, "Stimmt das?"), _q("2", "E", "ISD", 2, "Mehr oder weniger?")],
        "subquestions": [_q("11", "T", "a", 1, "A", parent="1"), _q("21", "T", "b", 1, "B", parent="2")],
        "surveys": [{"sid": "9", "language": "de"}],
    }
    draft = read_lss(_lss(tmp_path, 355, ["de"], sections))
    items = _by_id(draft)
    assert [(i.id, i.column, i.type) for i in draft.items] == [("yun_a", "YUN[a]", "single"),
                                                               ("isd_b", "ISD[b]", "single")]
    assert [(o.code, o.export_code) for o in items["yun_a"].options] == [(1, "Y"), (2, "U"), (3, "N")]
    assert [(o.code, o.export_code, o.label["en"]) for o in items["isd_b"].options] == [
        (1, "I", "Increase"), (2, "S", "Same"), (3, "D", "Decrease")]
    assert draft.answer_codes() == {"yun_a": {"Y": 1, "U": 2, "N": 3}, "isd_b": {"I": 1, "S": 2, "D": 3}}
    _validates(draft)


# -- .lss: what goes wrong ---------------------------------------------------------------------


def test_entity_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.lss"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE document [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
        "<document><LimeSurveyDocType>&lol3;</LimeSurveyDocType></document>\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFormatError) as info:
        read_lss(path)
    assert "entity bomb or an external entity" in info.value.message
    assert "EntitiesForbidden" in info.value.message
    assert info.value.path == path


def test_external_entity_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim", encoding="utf-8")
    path = tmp_path / "xxe.lss"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        "<document><LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>&xxe;</DBVersion></document>\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFormatError) as info:
        read_lss(path)
    assert "entities" in info.value.message and "geheim" not in str(info.value)


def test_broken_xml_names_line_and_column(tmp_path):
    path = tmp_path / "broken.lss"
    path.write_text("<document>\n <LimeSurveyDocType>Survey</LimeSurveyDocType>\n <questions>\n</document>\n",
                    encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        read_lss(path)
    assert info.value.line == 4
    assert info.value.column == "Zeichen/character 3"
    assert "mismatched tag" in info.value.message
    assert "Zeile/row 4" in str(info.value)


def test_not_xml_at_all(survey_fixture):
    with pytest.raises(DataFormatError) as info:
        read_lss(survey_fixture("limesurvey/testing-multilingual-export.txt"))
    assert info.value.line == 1 and "not well-formed XML" in info.value.message


def test_other_xml_says_it_is_not_limesurvey(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?>\n<survey><question id="1"/></survey>\n', encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        read_lss(path)
    assert "not a LimeSurvey survey structure" in info.value.message and "<survey>" in info.value.message


def test_question_export_is_not_a_survey(tmp_path):
    path = tmp_path / "q.lsq"
    path.write_text("<document><LimeSurveyDocType>Question</LimeSurveyDocType></document>", encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        read_lss(path)
    assert "'Question' export" in info.value.message
    assert "Survey structure (.lss)" in info.value.hint


# -- tab-separated structure export: fixtures -------------------------------------------------


def test_tsv_multilingual_fixture(survey_fixture):
    path = survey_fixture("limesurvey/testing-multilingual-export.txt")
    draft = read_limesurvey_tsv(path)
    assert draft.source == "LimeSurvey tab-separated structure export: testing-multilingual-export.txt"
    assert draft.languages == ("en", "nl")
    assert draft.title == {"en": "Test Survey", "nl": "Uittestvragenlijst"}
    assert draft.id == "test_survey"
    assert len(draft.items) == 1
    item = draft.items[0]
    assert (item.id, item.column, item.type) == ("onlyquestion", "onlyQuestion", "single")
    assert item.text == {"en": "This is the question text of the only question in this survey.", "nl": "Vraagtekst"}
    assert _options(item) == [
        (1, None, None, {"en": "This is the first answer option", "nl": "Dit is antwoordoptie 1"}),
        (2, None, None, {"en": "This is the second answer option", "nl": "Antwoordoptie 2"}),
    ]
    assert draft.notes == ()
    assert draft.answer_codes() == {}
    _validates(draft)


def test_tsv_minimal_survey_fixture(survey_fixture):
    draft = read_limesurvey_tsv(survey_fixture("limesurvey/export-of-minimal-survey-as-tsv.txt"))
    assert draft.languages == ("en", "nl")
    assert draft.title == {"en": "Your COVID-19 Risk: minimal survey"}  # nl title empty
    assert draft.id == "your_covid_19_risk_minimal_survey"
    assert [(i.column, i.type) for i in draft.items] == [
        ("country", "single"), ("age", "single"), ("gender", "single"), ("gender[other]", "text"),
        (None, "multi"), (None, "multi"), (None, "multi"), ("siTrigger[other]", "text"),
        (None, "multi"), ("siIntention[other]", "text"), ("proximity", "single"), (None, "multi"),
        (None, "multi"), ("nrOfDMQs[nr]", "numeric"), ("AttExExWeird", "single"), ("AttExEvWeird", "single"),
        ("AttExExLonely", "single"), ("AttExEvLonely", "single"),
    ]
    items = _by_id(draft)
    assert items["country"].text == {"en": "Where are you now?", "nl": "Waar ben je nu?"}
    # 0 = "I prefer not to say" keeps its number, listed where the file has it
    assert [(o.code, o.label["en"]) for o in items["age"].options][-2:] == [(8, "80 or older"),
                                                                           (0, "I prefer not to say")]
    assert "age: option 0 (I prefer not to say) may be a missing code; if so, move it to missing_codes" in draft.notes
    # text codes -> 1..n, and other = Y adds the -oth- option and the gender[other] column
    assert [(o.code, o.export_code) for o in items["gender"].options] == [
        (1, "fem"), (2, "male"), (3, "enby"), (4, "unknw"), (5, "-oth-")]
    assert items["gender"].text == {}  # the question has no text in either language
    assert draft.answer_codes() == {"gender": {"fem": 1, "male": 2, "enby": 3, "unknw": 4, "-oth-": 5}}
    work = items["work"]
    assert _options(work)[0] == (1, None, "work[ptnts]", {"en": "Yes, with patients or other vulnerable people",
                                                          "nl": "Ja, met patienten of andere kwetsbare mensen"})
    assert [o.column for o in work.options] == ["work[ptnts]", "work[chldr]", "work[publc]", "work[home]"]
    assert items["sitrigger_other"].column == "siTrigger[other]"
    # answers in the file's order (5 ... 0), integer codes kept; nl texts were "Array"
    assert [(o.code, o.label) for o in items["attexexweird"].options][:2] == [(5, {"en": "very weird 5)"}),
                                                                             (4, {"en": "(4)"})]
    assert items["nrofdmqs_nr"].text == {"en": "How many questions would you like?"}
    assert ("LimeSurvey wrote the placeholder 'Array' instead of 29 texts in 'nl' (missing translations); "
            "they were left out") in draft.notes
    skipped = [n for n in draft.notes if "question type * (equation) skipped" in n]
    assert [n.split(":")[0] for n in skipped] == ["localDistance", "AttExWeirdSeq", "AttExLonelySeq"]
    mapping = draft.mapping()
    assert len(mapping) == 42 and mapping["hwFrequency[never]"] == "hwfrequency.7"
    codebook = _validates(draft)
    assert len(codebook.items) == 18
    assert codebook.item("gender").label_for(5, "de") == "Sonstiges"


# -- tab-separated structure export: synthetic -----------------------------------------------

TSV_HEADER = ["id", "related_id", "class", "type/scale", "name", "relevance", "text", "help", "language",
              "validation", "mandatory", "other", "default", "same_default", "max_num_value_n",
              "min_num_value_n"]


def _tsv(tmp_path, rows, *, bom=False, header=TSV_HEADER, name="structure.txt"):
    lines = ["\t".join(header)]
    for row in rows:
        values = dict(row)
        lines.append("\t".join(values.get(column, "") for column in header))
    path = tmp_path / name
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + ("\n".join(lines) + "\n").encode("utf-8"))
    return path


TSV_ROWS = [
    {"class": "S", "name": "language", "text": "de"},
    {"class": "S", "name": "additional_languages", "text": "en"},
    {"class": "SL", "name": "surveyls_title", "text": "Laborbefragung", "language": "de"},
    {"class": "SL", "name": "surveyls_title", "text": "Lab survey", "language": "en"},
    {"class": "G", "type/scale": "0", "name": "Gruppe", "language": "de"},
    {"class": "Q", "type/scale": "N", "name": "HRS", "text": "<b>Stunden</b>", "language": "de",
     "min_num_value_n": "0", "max_num_value_n": "60"},
    {"class": "Q", "type/scale": "F", "name": "SE", "text": "Zustimmung", "language": "de"},
    {"class": "SQ", "name": "SQ001", "text": "Ich schaffe das", "language": "de"},
    {"class": "A", "type/scale": "0", "name": "A1", "text": "gar nicht", "language": "de"},
    {"class": "A", "type/scale": "0", "name": "A2", "text": "völlig", "language": "de"},
    {"class": "G", "type/scale": "0", "name": "Group", "language": "en"},
    {"class": "Q", "type/scale": "N", "name": "HRS", "text": "Hours", "language": "en"},
    {"class": "Q", "type/scale": "F", "name": "SE", "text": "Agreement", "language": "en"},
    {"class": "SQ", "name": "SQ001", "text": "I can do it", "language": "en"},
    {"class": "A", "type/scale": "0", "name": "A1", "text": "not at all", "language": "en"},
    {"class": "A", "type/scale": "0", "name": "A2", "text": "Array", "language": "en"},
]


@pytest.mark.parametrize("bom", [False, True])
def test_tsv_with_and_without_bom(tmp_path, bom):
    draft = read_limesurvey_tsv(_tsv(tmp_path, TSV_ROWS, bom=bom))
    assert draft.languages == ("de", "en")
    assert draft.title == {"de": "Laborbefragung", "en": "Lab survey"}
    assert [(i.id, i.column, i.type) for i in draft.items] == [("hrs", "HRS", "numeric"),
                                                               ("se_sq001", "SE[SQ001]", "likert")]
    hours, agree = draft.items
    assert hours.text == {"de": "Stunden", "en": "Hours"} and (hours.min, hours.max) == (0.0, 60.0)
    assert agree.text == {"de": "Zustimmung [Ich schaffe das]", "en": "Agreement [I can do it]"}
    assert _options(agree) == [(1, "A1", None, {"de": "gar nicht", "en": "not at all"}),
                               (2, "A2", None, {"de": "völlig"})]
    assert draft.notes == ("LimeSurvey wrote the placeholder 'Array' instead of 1 texts in 'en' (missing "
                           "translations); they were left out",)
    _validates(draft)


def test_tsv_without_class_column(tmp_path):
    header = [c for c in TSV_HEADER if c != "class"]
    path = _tsv(tmp_path, [{"name": "Q1", "text": "x"}], header=header)
    with pytest.raises(DataFormatError) as info:
        read_limesurvey_tsv(path)
    assert info.value.line == 1 and info.value.column == "class"
    assert "not LimeSurvey's tab-separated structure export" in info.value.message


def test_tsv_comma_separated_is_refused(tmp_path):
    path = tmp_path / "structure.txt"
    path.write_text("id,class,name\n1,Q,Q1\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        read_limesurvey_tsv(path)
    assert info.value.line == 1 and "comma" in info.value.message


def test_tsv_answer_row_without_question(tmp_path):
    rows = [{"class": "G", "name": "G"}, {"class": "A", "name": "1", "text": "ja", "language": "de"}]
    with pytest.raises(DataFormatError) as info:
        read_limesurvey_tsv(_tsv(tmp_path, rows))
    assert info.value.line == 3 and info.value.column == "class"
    assert "without a question (class Q) above it" in info.value.message


def test_tsv_question_without_code(tmp_path):
    rows = [{"class": "Q", "type/scale": "T", "name": "", "text": "Was noch?", "language": "de"}]
    with pytest.raises(DataFormatError) as info:
        read_limesurvey_tsv(_tsv(tmp_path, rows))
    assert info.value.line == 2 and info.value.column == "name"


# -- response CSV headers ---------------------------------------------------------------------


def test_full_text_header_fixture(survey_fixture):
    path = survey_fixture("limesurvey/survey_998192_R_data_file.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    result = limesurvey_header(header)
    assert result.style == "full_text"
    assert len(result.codes) == 71
    assert result.codes[:7] == ("id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp")
    assert result.codes[9] is None  # "How do you identify?"
    assert result.codes[51] == "interviewtime"  # "Total time"
    assert result.codes[52] is None  # "Group time: The very first question group"
    assert result.codes[56] == "genderTime"  # "Question time: gender"
    # read without removing the BOM, the first field keeps its quotes: still recognised
    with path.open(encoding="utf-8", newline="") as handle:
        raw = next(csv.reader(handle))
    assert raw[0] == '\ufeff"Response ID"' and limesurvey_header(raw).codes[0] == "id"


def test_code_header_fixture(survey_fixture):
    path = survey_fixture("limesurvey/results-survey945827-202004302207-codes_freetext-blanked.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    result = limesurvey_header(header)
    assert result.style == "codes"
    assert result.codes == tuple(header)
    assert result.codes[12] == "LikertTypePage1[1]"


def test_code_header_synthetic():
    header = ["\ufeffid", "submitdate", "lastpage", "startlanguage", "seed", "G01Q01", "Q2[SQ001]",
              "Q2[SQ001comment]", "Q3[other]", "DS[SQ001][1]", "G01Q01Time", "interviewtime"]
    result = limesurvey_header(header)
    assert result.style == "codes"
    assert result.codes[0] == "id" and result.codes[6:10] == ("Q2[SQ001]", "Q2[SQ001comment]", "Q3[other]",
                                                              "DS[SQ001][1]")


def test_code_and_text_header_default_separator():
    header = ["id. Response ID", "submitdate. Date submitted", "lastpage. Last page", "startlanguage. Start language",
              "seed. Seed", "G01Q01. How old are you?", "Q2[SQ001]. Rate: [Tea]", "Q2[SQ002]. Rate: [Coffee. Black]",
              "Q3[other]. Colour? [Other]", "G01Q01Time. Question time: G01Q01"]
    result = limesurvey_header(header)
    assert result.style == "code_and_text"
    assert result.codes == ("id", "submitdate", "lastpage", "startlanguage", "seed", "G01Q01", "Q2[SQ001]",
                            "Q2[SQ002]", "Q3[other]", "G01Q01Time")


def test_code_and_text_header_own_separator():
    header = ["id - Response ID", "submitdate - Date submitted", "AGE - How old are you?", "Free text without code"]
    result = limesurvey_header(header)
    assert result.style == "code_and_text"
    assert result.codes == ("id", "submitdate", "AGE", None)


def test_full_text_with_underscores_is_not_codes():
    # "Convert spaces in question text to underscores" makes full texts look like codes
    result = limesurvey_header(["Response_ID", "Date_submitted", "Last_page", "How_old?", "Age"])
    assert result.style == "full_text"
    assert result.codes == ("id", "submitdate", "lastpage", None, None)


def test_empty_header():
    with pytest.raises(DataFormatError) as info:
        limesurvey_header(["", " "])
    assert info.value.line == 1 and "empty" in info.value.message
