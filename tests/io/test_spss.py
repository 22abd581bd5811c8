"""SPSS/Stata files through pyreadstat: values, labels, user-missing codes, sets, drafts, errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import sys

import pandas as pd
import pyreadstat
import pytest
import yaml

from kosieval.errors import DataFormatError
from kosieval.io.raw import MissingRange
from kosieval.io.spss import draft_from_spss, read_spss
from kosieval.model.codebook import Codebook

FIXTURES = (
    "pyreadstat_sample.sav", "pyreadstat_sample.zsav", "pyreadstat_sample.dta", "pyreadstat_sample_missing.sav",
    "pyreadstat_missing_test.sav", "pyreadstat_missing_test.dta", "pyreadstat_missing_char.sav",
    "pyreadstat_simple_alltypes.sav", "pyreadstat_ordered_category.sav", "haven_umlauts.sav",
    "haven_labelled-num-na.sav", "haven_labelled-str.sav", "haven_tagged-na-double.dta",
)


def _fixture(survey_fixture, name):
    return survey_fixture(f"spss_stata/{name}")


def _validated(draft):
    """The draft's YAML as the Codebook model sees it (respondent_group set by hand)."""
    loaded = yaml.safe_load(draft.to_yaml())
    loaded["respondent_group"] = "participants"
    for item in loaded["items"]:
        if item["type"] == "date":  # the Codebook model does not know "date" yet
            item["type"] = "text"
    return Codebook.model_validate(loaded)


def _item(draft, item_id):
    return next(i for i in draft.items if i.id == item_id)


# -- the shared fixtures --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pyreadstat_sample.sav", "pyreadstat_sample.zsav", "pyreadstat_sample.dta"])
def test_sample_matches_the_expected_values(survey_fixture, name):
    raw = read_spss(_fixture(survey_fixture, name))
    expected = pd.read_csv(_fixture(survey_fixture, "pyreadstat_sample.csv"), encoding="utf-8-sig")
    data = raw.data
    assert list(data.index) == [1, 2, 3, 4, 5] and data.index.name == "line"
    assert raw.columns == ("mychar", "mynum", "mydate", "dtime", "mylabl", "myord", "mytime")
    assert list(data["mychar"]) == ["a", "b", "c", "d", "e"]
    assert list(data["mynum"]) == list(expected["mynum"])
    assert list(data["mylabl"]) == [1.0, 2.0, 1.0, 2.0, 1.0] and data["mylabl"].dtype == "float64"
    assert list(data["myord"]) == [1.0, 2.0, 3.0, 1.0, 1.0] and data["myord"].dtype == "float64"
    assert list(data["mydate"][:4]) == [dt.date(2018, 5, 6), dt.date(1880, 5, 6), dt.date(1960, 1, 1),
                                        dt.date(1583, 1, 1)]
    assert pd.isna(data.loc[5, "mydate"])
    assert data.loc[1, "dtime"] == pd.Timestamp("2018-05-06 10:10:10")
    assert raw.labels["mylabl"] == "labeled" and raw.labels["mytime"] == "time"
    assert dict(raw.value_labels["mylabl"]) == {1.0: "Male", 2.0: "Female"}
    assert dict(raw.value_labels["myord"]) == {1.0: "low", 2.0: "medium", 3.0: "high"}
    assert raw.column_missing == {} and raw.multi_sets == {} and raw.metadata_columns == frozenset()
    assert raw.detected["cases"] == "5" and raw.detected["variables"] == "7"


def test_format_and_encoding_are_named(survey_fixture):
    sav = read_spss(_fixture(survey_fixture, "pyreadstat_sample.sav"))
    zsav = read_spss(_fixture(survey_fixture, "pyreadstat_sample.zsav"))
    dta = read_spss(_fixture(survey_fixture, "pyreadstat_sample.dta"))
    assert (sav.format, zsav.format, dta.format) == ("spss", "spss", "stata")
    assert sav.detected["format"] == "SPSS .sav (compressed)"
    assert zsav.detected["format"] == "SPSS .zsav"
    assert dta.detected["format"] == "Stata .dta (version 117, Stata 13)"
    assert sav.detected["encoding"] == "windows-1252"
    assert sav.detected["written by"] == "IBM SPSS STATISTICS 64-bit MS Windows 25.0.0.0"
    assert sav.detected["measure levels"] == (
        "nominal: mychar; ordinal: myord; scale: mynum, mydate, dtime, mylabl, mytime"
    )
    tagged = read_spss(_fixture(survey_fixture, "haven_tagged-na-double.dta"))
    assert tagged.detected["format"] == "Stata .dta (version 118, Stata 14 or later)"
    assert tagged.detected["encoding"] == "UTF-8"


def test_user_missing_values_and_ranges_stay_as_given(survey_fixture):
    raw = read_spss(_fixture(survey_fixture, "pyreadstat_sample_missing.sav"))
    data = raw.data
    assert len(data) == 7
    assert data.loc[7, "mynum"] == 2500.0  # inside the range 2000–3000, kept as given
    assert data.loc[6, "mynum"] == -1.0
    assert data.loc[6, "mylabl"] == -1.0 and pd.isna(data.loc[7, "mylabl"])  # -1 user-missing, then system-missing
    assert data.loc[7, "myord"] == -3.0
    assert data.loc[6, "mychar"] == "Z" and pd.isna(data.loc[7, "mychar"])  # "" -> NA
    assert raw.column_missing["mynum"] == (MissingRange(2000.0, 3000.0), -1.0)
    assert raw.column_missing["mylabl"] == (-1.0,)
    assert raw.column_missing["myord"] == (-1.0, -2.0, -3.0)
    assert raw.value_labels["mylabl"][-1.0] == "undetermined"
    assert raw.value_labels["myord"][-1.0] == "missing"


def test_labelled_missing_nine_stays_nine(survey_fixture):
    raw = read_spss(_fixture(survey_fixture, "haven_labelled-num-na.sav"))
    assert list(raw.data["VAR00002"]) == [1.0, 9.0]
    assert raw.column_missing == {"VAR00002": (9.0,)}
    assert 9 in raw.column_missing["VAR00002"]
    assert raw.labels == {"VAR00002": "Only one value"}
    assert dict(raw.value_labels["VAR00002"]) == {1.0: "This is one"}
    draft = draft_from_spss(_fixture(survey_fixture, "haven_labelled-num-na.sav"))
    item = _item(draft, "var00002")
    assert item.type == "single" and [o.code for o in item.options] == [1]
    assert "9" in item.note  # user-missing without a label: named, not an option
    assert draft.missing_codes == ()


def test_discrete_missing_with_label_becomes_missing_code(survey_fixture):
    path = _fixture(survey_fixture, "pyreadstat_missing_test.sav")
    raw = read_spss(path)
    assert list(raw.data["var1"]) == [1.0, 2.0]
    assert raw.column_missing == {"var1": (1.0,)}
    draft = draft_from_spss(path)
    assert [(m.code, m.label) for m in draft.missing_codes] == [(1, {"und": "missing"})]
    assert _item(draft, "var1").type == "numeric"  # its only label is a missing code


def test_string_user_missing(survey_fixture):
    raw = read_spss(_fixture(survey_fixture, "pyreadstat_missing_char.sav"))
    assert list(raw.data["mychar"]) == ["Z", "a"]
    assert raw.column_missing == {"mychar": ("Z",)}
    assert dict(raw.value_labels["mychar"]) == {"a": "labeled"}


def test_stata_extended_missing_are_kept_as_dot_letters(survey_fixture):
    raw = read_spss(_fixture(survey_fixture, "pyreadstat_missing_test.dta"))
    assert len(raw.data) == 1
    row = raw.data.loc[1]
    assert [row[f"var{i}"] for i in range(1, 7)] == [".a", ".b", ".c", ".x", ".y", ".z"]
    assert pd.isna(row["var7"]) and pd.isna(row["var8"]) and row["var9"] == 1.0
    assert raw.column_missing["var1"] == (".a",) and raw.column_missing["var6"] == (".z",)
    assert dict(raw.value_labels["var1"]) == {".a": "missing"}

    tagged = read_spss(_fixture(survey_fixture, "haven_tagged-na-double.dta"))
    assert list(tagged.data["x"]) == [1.0, 2.0, 3.0, 4.0, 5.0, ".a", ".h", ".z"]
    assert tagged.column_missing == {"x": (".a", ".h", ".z")}
    assert dict(tagged.value_labels["x"]) == {".a": "apple", ".z": ".zebra"}
    assert tagged.detected["extended missing values"].startswith(".a, .h, .z")
    draft = draft_from_spss(_fixture(survey_fixture, "haven_tagged-na-double.dta"))
    assert _item(draft, "x").type == "numeric" and ".h" in _item(draft, "x").note
    assert any(".a (apple)" in n for n in draft.notes) and draft.missing_codes == ()


def test_multiple_response_sets(survey_fixture):
    path = _fixture(survey_fixture, "pyreadstat_simple_alltypes.sav")
    raw = read_spss(path)
    assert len(raw.data) == 6
    assert raw.multi_sets == {"mymrset": ("bool1", "bool2", "bool3")}
    box = raw.checkboxes["bool1"]
    assert "1" in box.ticked and "0" in box.unticked and "1" not in box.unticked
    assert set(raw.checkboxes) == {"bool1", "bool2", "bool3"}
    assert raw.detected["categorical multiple-response sets"] == (
        "categorical_array: ca_subvar_1, ca_subvar_2, ca_subvar_3"
    )
    assert [e.value for e in raw.log] == ["categorical_array"] and raw.log[0].severity == "info"
    assert raw.column_missing["x"] == (7.0, 8.0, 99.0)
    assert raw.column_missing["z"] == (MissingRange(-999.0, 0.0), 999.0)
    assert raw.data.loc[5, "x"] == 8.0 and raw.data.loc[4, "z"] == 999.0

    draft = draft_from_spss(path)
    multi = _item(draft, "mymrset")
    assert multi.type == "multi" and multi.column is None
    assert multi.text == {"und": "My multiple response set"}
    assert [(o.code, o.column, o.label["und"]) for o in multi.options] == [
        (1, "bool1", "Response #1"), (2, "bool2", "Response #2"), (3, "bool3", "Response #3")]
    ids = [i.id for i in draft.items]
    assert "bool1" not in ids and ids.index("mymrset") == ids.index("str") + 1
    assert [(m.code, m.label["und"]) for m in draft.missing_codes] == [(999, "skipped")]
    x = _item(draft, "x")
    assert x.type == "single" and [o.code for o in x.options] == [1, 2, 3]
    assert "(4, 9)" in x.note  # data values without a label; 8 is user-missing
    assert _item(draft, "y").type == "date" and _item(draft, "quarter").type == "numeric"
    assert any("categorical_array" in n for n in draft.notes)
    assert draft.mapping()["bool2"] == "mymrset.2"


def test_ordinal_with_three_labels_stays_single(survey_fixture):
    path = _fixture(survey_fixture, "pyreadstat_ordered_category.sav")
    raw = read_spss(path)
    assert list(raw.data["Col1"]) == [1.0, 2.0, 3.0, 2.0]
    assert raw.detected["measure levels"] == "ordinal: Col1"
    item = _item(draft_from_spss(path), "col1")
    assert item.type == "single" and [o.label["und"] for o in item.options] == ["high", "low", "medium"]


def test_umlauts_in_labels(survey_fixture):
    path = _fixture(survey_fixture, "haven_umlauts.sav")
    raw = read_spss(path)
    assert raw.labels["var1"] == "This is an ä-umlaut"
    assert dict(raw.value_labels["var1"]) == {1.0: "the ä umlaut", 2.0: "the ü umlaut", 3.0: "the ö umlaut"}
    assert list(raw.data["var1"]) == [1.0, 2.0, 1.0, 3.0]
    text = draft_from_spss(path).to_yaml()
    assert "This is an ä-umlaut" in text and "the ö umlaut" in text


def test_string_value_labels(survey_fixture):
    path = _fixture(survey_fixture, "haven_labelled-str.sav")
    raw = read_spss(path)
    assert list(raw.data["gender"]) == ["M", "F"]
    assert dict(raw.value_labels["gender"]) == {"F": "Female", "M": "Male"}
    item = _item(draft_from_spss(path), "gender")
    assert item.type == "text" and "F = Female" in item.note


def test_draft_of_sample(survey_fixture):
    draft = draft_from_spss(_fixture(survey_fixture, "pyreadstat_sample.sav"))
    types = {i.id: i.type for i in draft.items}
    assert types == {"mychar": "text", "mynum": "numeric", "mydate": "date", "dtime": "date",
                     "mylabl": "single", "myord": "single", "mytime": "text"}
    assert draft.id == "pyreadstat_sample" and draft.source == "SPSS .sav (compressed): pyreadstat_sample.sav"
    assert _item(draft, "mylabl").text == {"und": "labeled"}


@pytest.mark.parametrize("name", FIXTURES)
def test_every_draft_validates_as_codebook(survey_fixture, name):
    draft = draft_from_spss(_fixture(survey_fixture, name))
    codebook = _validated(draft)
    assert len(codebook.items) == len(draft.items)


@pytest.mark.parametrize("name", FIXTURES)
def test_reading_leaves_the_file_alone_and_is_repeatable(survey_fixture, name):
    path = _fixture(survey_fixture, name)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    first, second = read_spss(path), read_spss(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    pd.testing.assert_frame_equal(first.data, second.data)
    assert first.column_missing == second.column_missing and first.value_labels == second.value_labels


# -- synthetic files --------------------------------------------------------------------------


LOWEST = math.nextafter(-sys.float_info.max, 0.0)  # what SPSS writes for LO in "LO THRU -1"


def _scale_file(tmp_path, name="scales.sav", **kwargs):
    frame = pd.DataFrame({
        "agree": [1.0, 5.0, -9.0, 3.0],
        "ends": [1.0, 7.0, 4.0, -9.0],
        "colour": [1.0, 2.0, 2.0, 1.0],
        "age": [34.0, -1.0, 71.0, -5.0],
        "comment": ["gut", "", "   ", "schön"],
    })
    path = tmp_path / name
    pyreadstat.write_sav(
        frame, path,
        column_labels={"agree": "Ich stimme zu", "ends": "Zufriedenheit", "colour": "Farbe", "age": "Alter"},
        variable_value_labels={
            "agree": {1: "gar nicht", 2: "eher nicht", 3: "teils", 4: "eher", 5: "völlig", -9: "keine Angabe"},
            "ends": {1: "unzufrieden", 7: "zufrieden", -9: "keine Angabe"},
            "colour": {1: "rot", 2: "grün"},
        },
        missing_ranges={"agree": [-9], "ends": [-9], "age": [{"lo": LOWEST, "hi": -1.0}]},
        variable_measure={"agree": "ordinal", "ends": "ordinal", "colour": "nominal", "age": "scale"},
        **kwargs,
    )
    return path


def test_synthetic_scales_and_missing(tmp_path):
    path = _scale_file(tmp_path)
    raw = read_spss(path)
    assert raw.detected["format"] == "SPSS .sav (uncompressed)"
    assert raw.data.loc[3, "agree"] == -9.0 and raw.column_missing["agree"] == (-9.0,)
    assert raw.column_missing["age"] == (MissingRange(-math.inf, -1.0),)  # SPSS "LO THRU -1"
    assert -5.0 in raw.column_missing["age"][0]
    assert list(raw.data["comment"].isna()) == [False, True, True, False]  # empty and blank -> NA

    draft = draft_from_spss(path)
    agree = _item(draft, "agree")
    assert agree.type == "likert" and [o.code for o in agree.options] == [1, 2, 3, 4, 5]
    ends = _item(draft, "ends")
    assert ends.type == "likert" and [o.code for o in ends.options] == [1, 2, 3, 4, 5, 6, 7]
    assert [o.label["und"] for o in ends.options] == ["unzufrieden", "", "", "", "", "", "zufrieden"]
    assert "2, 3, 4, 5, 6" in ends.note
    assert _item(draft, "colour").type == "single"
    age = _item(draft, "age")
    assert age.type == "numeric" and "LO to -1" in age.note
    assert [(m.code, m.label["und"]) for m in draft.missing_codes] == [(-9, "keine Angabe")]
    assert _validated(draft).item("ends").codes == (1, 2, 3, 4, 5, 6, 7)


def test_missing_code_that_is_an_option_elsewhere_is_noted(tmp_path):
    frame = pd.DataFrame({"a": [1.0, 9.0], "b": [9.0, 1.0]})
    path = tmp_path / "clash.sav"
    labels = {"a": {1: "ja", 9: "weiß nicht"}, "b": {1: "eins", 9: "neun"}}
    pyreadstat.write_sav(frame, path, variable_value_labels=labels, missing_ranges={"a": [9]})
    draft = draft_from_spss(path)
    assert [m.code for m in draft.missing_codes] == [9]
    assert [o.code for o in _item(draft, "b").options] == [1, 9]
    assert any("code 9 is user-missing in a but a valid option of b" in n for n in draft.notes)


def test_compressed_and_zsav_written_by_pyreadstat(tmp_path):
    assert read_spss(_scale_file(tmp_path, "row.sav", row_compress=True)).detected["format"] == (
        "SPSS .sav (compressed)")
    assert read_spss(_scale_file(tmp_path, "z.zsav", compress=True)).detected["format"] == "SPSS .zsav"


def test_suffix_is_case_insensitive(tmp_path):
    path = _scale_file(tmp_path, "UPPER.SAV")
    assert read_spss(path).format == "spss"


def test_stata_integers_become_floats_and_version_is_named(tmp_path):
    frame = pd.DataFrame({"q": [1, 2, 4], "name": ["a", "b", ""]})
    path = tmp_path / "old.dta"
    pyreadstat.write_dta(frame, path, version=12, variable_value_labels={"q": {1: "eins", 2: "zwei", 3: "drei",
                                                                              4: "vier"}})
    raw = read_spss(path)
    assert raw.detected["format"] == "Stata .dta (version 115, Stata 12)"
    assert raw.data["q"].dtype == "float64" and list(raw.data["q"]) == [1.0, 2.0, 4.0]
    assert pd.isna(raw.data.loc[3, "name"])
    item = _item(draft_from_spss(path), "q")
    assert item.type == "single"  # Stata has no measure level, so no likert


def test_file_name_for_the_log(survey_fixture):
    raw = read_spss(_fixture(survey_fixture, "pyreadstat_simple_alltypes.sav"), file="data/wave1.sav")
    assert raw.log[0].file == "data/wave1.sav"


def test_unknown_suffix(tmp_path):
    path = tmp_path / "data.por"
    path.write_bytes(b"x")
    with pytest.raises(DataFormatError, match=r"\.dta, \.sav, \.zsav") as info:
        read_spss(path)
    assert info.value.path == path


@pytest.mark.parametrize(("name", "program"), [("garbage.sav", "SPSS"), ("garbage.dta", "Stata")])
def test_garbage_file(tmp_path, name, program):
    path = tmp_path / name
    path.write_bytes(b"name;age\nAnna;34\n" * 20)
    with pytest.raises(DataFormatError, match="pyreadstat cannot read the file") as info:
        read_spss(path)
    assert info.value.path == path
    assert f"really an {program} file? Save it again from {program}" in info.value.hint


def test_missing_and_empty_file(tmp_path):
    with pytest.raises(DataFormatError, match="does not exist"):
        read_spss(tmp_path / "nothing.sav")
    empty = tmp_path / "empty.sav"
    empty.write_bytes(b"")
    with pytest.raises(DataFormatError, match="empty"):
        read_spss(empty)


def test_wrong_encoding_asks_for_the_encoding(survey_fixture):
    path = _fixture(survey_fixture, "haven_umlauts.sav")
    with pytest.raises(DataFormatError, match="encoding 'ascii' was given") as info:
        read_spss(path, encoding="ascii")
    assert "pass the encoding" in info.value.hint
    assert read_spss(path, encoding="latin1").labels["var1"] == "This is an Ã¤-umlaut"  # wrong, but readable
