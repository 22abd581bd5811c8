"""REFI-QDA projects (.qdpx/.qde) and codebooks (.qdc): real exports, quirks, hostile archives.

The real files are the shared QDA fixtures (NVivo 12 Windows, NVivo 15 Mac, the qc tool,
f4, an openQDA codebook and its defective twin) and the example study's interviews.qdpx;
every quirk and every hostile input is also written here as a small synthetic project.
"""

from __future__ import annotations

import codecs
import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from kosieval.errors import DataFormatError
from kosieval.io.archive import unsafe_member_name
from kosieval.io.refi_qda import read_refi_qda

EXAMPLE = Path(__file__).resolve().parents[2] / "surveys" / "example" / "data" / "interviews.qdpx"




# -- synthetic projects -------------------------------------------------------------------------------

NS = "urn:QDA-XML:project:1.0"
CODES = """
  <Users><User guid="u-a" name="Anna" id="A"/><User guid="u-b" name="Ben"/></Users>
  <CodeBook><Codes>
    <Code guid="k1" name="Zusammenarbeit" isCodable="false" color="#0072b2">
      <Description> Wie man zusammenarbeitet. </Description>
      <Code guid="k2" name="Augenhöhe" isCodable="true"/>
    </Code>
    <Code guid="k3" name="Zeit" isCodable="true" color="red"/>
  </Codes></CodeBook>"""


def _project(sources, *, ns=NS, extra="", base=""):
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{ns}" name="t" origin="test"{base}>'
            f"{CODES}{extra}\n<Sources>{sources}</Sources>\n</Project>\n")


def _selection(start, end, *codes, user="u-a", guid="s"):
    codings = "".join(f'<Coding guid="c-{guid}-{c}" creatingUser="{user}"><CodeRef targetGUID="{c}"/></Coding>'
                      for c in codes)
    return (f'\n<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}">{codings}'
            "</PlainTextSelection>")


def _source(guid, path, selections="", name=None, inner=""):
    name_attr = f' name="{name or guid}"'
    return f'\n<TextSource guid="{guid}"{name_attr} plainTextPath="{path}">{inner}{selections}</TextSource>'


def _qdpx(tmp_path, qde, files=(), *, inner="project.qde", name="p.qdpx"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(inner, qde)
        for member, data in dict(files).items():
            archive.writestr(member, data)
    return path


# -- real exports ---------------------------------------------------------------------------------------


def test_nvivo12_windows_utf16_offsets_over_crlf_text_with_bom(qda_fixture):
    corpus, log = read_refi_qda(qda_fixture("nvivo12win_oltas0517.qdpx"))
    assert corpus.summary() == {"codes": 152, "codable_codes": 151, "documents": 2, "documents_with_text": 2,
                                "segments": 303, "coders": 2}
    assert corpus.detected["origin"] == "NVivo for Windows 12.6"
    assert corpus.detected["sources_folder"] == "Sources"
    doc = "68bbdc14-c361-4432-b4dd-ae1dbfc12890"
    assert corpus.detected[f"offset_unit:{doc}"] == "utf16"
    assert corpus.detected[f"offset_check:{doc}"].startswith("300/303 selections on word boundaries")
    assert "code_points 49" in corpus.detected[f"offset_check:{doc}"]
    codes = corpus.codes.set_index("id")
    assert codes.loc["7142c1bf-1bbe-4073-88dd-ae1dbfec9f8f", "path"] == "1. Oltás típusa > COVID"
    assert codes.loc["5067d381-1dc9-4816-81dd-ae1dbfea2ad7", "description"] == "COVID vay nem COVID"
    assert set(corpus.coders["name"]) == {"Gergo", "floriansipos"}
    text = corpus.documents.set_index("id").loc[doc, "text"]
    assert not text.startswith("\ufeff") and text.count("\r\n") == 15273
    segments = corpus.segments
    # one selection per code: identical ranges repeat, each is a segment (up to 7 on one range)
    assert segments.groupby(["start", "end"]).size().max() == 7
    assert len(segments[["start", "end"]].drop_duplicates()) == 188
    assert (segments["text"] == [text[s:e] for s, e in zip(segments["start"], segments["end"])]).all()
    # five texts read in the source file: whole comments, the emoji counted once after conversion
    rows = {(s, e): t for s, e, t in segments[["start", "end", "text"]].itertuples(index=False)}
    assert rows[(3132, 3279)] == ("Senkit nem lehet kötelezni oltásra, ilyet csak ostoba korlátolt agyi kapacitással "
                                  "rendelkező emberhulladék hozhat aki nem szaporodhat és nem élhet.")
    assert rows[(2560, 2613)] == "Mi az a fityesznek? Akkor írják át amikor akarják 🤣🤣🤣"
    assert rows[(45757, 45797)] == "hatékony a lófaszt. a főlótetű is él még"
    assert rows[(33458, 33516)] == "Anyátoknak a picsaja az azért hal meg annyi oltott idióták"
    assert rows[(50607, 50657)] == "@@szilagyitamas2823 És milyen igazad lett!☝️👌👍👍👍\r\n"
    assert [e.action for e in log] == ["offsets converted"]


def test_qualcoder_demo_plain_file_names_and_whole_ascii_lines(qda_fixture):
    corpus, log = read_refi_qda(qda_fixture("qc132_demo_nonconformant.qdpx"))
    assert corpus.detected["origin"] == "qc 1.3.2"
    assert corpus.detected["selections"] == "158" and corpus.detected["codings"] == "205"
    assert len(corpus.segments) == 205 and len(corpus.codes) == 262
    assert list(corpus.documents["name"]) == ["board_2017", "admin-1"]  # no name: taken from the file
    assert [e.action for e in log] == ["name taken from the file"] * 2
    board = corpus.documents["text"].iloc[0]
    assert len(board) == 52543
    segments = corpus.segments
    assert corpus.detected[f"offset_unit:{segments['document'].iloc[0]}"] == "code_points"
    # each selection ("line:N") is one whole line: starts after a line end, ends with its LF
    assert segments["text"].map(str.isascii).all()
    assert segments["text"].str.endswith("\n").all() and (segments["text"].str.count("\n") == 1).all()
    assert all(board[s - 1] == "\n" for s in segments["start"])
    first = segments.iloc[0]
    assert (first["start"], first["end"]) == (320, 400)
    assert first["text"] == "This district goal is engage every student in joyful, purposeful learning that \n"
    assert set(segments["coder"]) == {"39633935-3331-3962-6632-373436373264"}


def test_nvivo15_mac_codebook_only_project(qda_fixture):
    corpus, log = read_refi_qda(qda_fixture("nvivo15mac_codebook_only.qdpx"))
    assert corpus.summary() == {"codes": 262, "codable_codes": 262, "documents": 2, "documents_with_text": 2,
                                "segments": 0, "coders": 2}
    assert list(corpus.documents["text"]) == ["\n", "\n"]
    assert corpus.detected["sources_folder"] == "sources"
    assert list(corpus.coders["user_id"]) == ["CP", "C"]
    codes = corpus.codes.set_index("id")
    assert codes.loc["36636563-3863-6264-3638-303637613863", "path"] == "rq1_definition > competencies > programming"
    assert log == []


def test_f4_project_with_absent_sources_keeps_segments_unchecked(qda_fixture):
    corpus, log = read_refi_qda(qda_fixture("f4_2025_project.qde"))
    assert corpus.detected["origin"] == "f4 2025.2.9"
    assert len(corpus.documents) == 4 and corpus.documents["text"].isna().all()
    missing = [e for e in log if e.action == "source missing"]
    assert len(missing) == 4 and {e.severity for e in missing} == {"warning"}
    assert missing[0].row == 12 and missing[0].value == "internal://333e1cde-f6c3-46c8-98cb-6e92eb1169a1.txt"
    unchecked = [e for e in log if e.action == "segments not checked"]
    assert len(unchecked) == 1 and "could not be checked" in unchecked[0].reason
    assert "2 coded selections" in unchecked[0].reason
    segments = corpus.segments
    assert list(zip(segments["start"], segments["end"])) == [(320, 416), (995, 1260)]  # as written
    assert segments["text"].isna().all() and segments["coder"].isna().all()
    assert set(segments["code"]) == {"206750b8-d3c8-4bc6-a922-5c8c1475f36f"}
    # the memo selections (no Coding) are not segments, but counted
    assert corpus.detected["selections"] == "4" and corpus.detected["selections_without_coding"] == "2"
    assert corpus.detected["notes"] == "3"
    assert corpus.codes["color"].tolist() == ["#044B9B"]


def test_qdc_codebook(qda_fixture):
    corpus, log = read_refi_qda(qda_fixture("openqda_example_codebook.qdc"))
    assert corpus.detected["kind"] == "codebook"
    assert corpus.detected["namespace"] == "urn:QDA-XML:codebook:1.0"
    codes = corpus.codes
    assert len(codes) == 44  # 4 parents with 40 children
    parents = codes[codes["parent"].isna()]
    assert list(parents["name"]) == ["Negativ/Aufgeregt", "Negativ/Ruhig", "Positiv/Aufgeregt", "Positiv/Ruhig"]
    assert (codes["parent"].notna()).sum() == 40
    first = codes.set_index("id").loc["c001"]  # GUIDs not GUID-shaped: accepted
    assert first["color"] == "#E57373"
    assert first["description"] == "All emotions with negative valence and positive arousal."
    assert codes.set_index("id").loc["c21", "path"] == "Negativ/Aufgeregt > Rage"
    assert corpus.documents.empty and corpus.segments.empty and corpus.coders.empty
    assert log == []


def test_defect_qdc_names_line_132(qda_fixture):
    with pytest.raises(DataFormatError) as caught:
        read_refi_qda(qda_fixture("openqda_example_codebook_defect.qdc"))
    assert caught.value.line == 132
    assert "openqda_example_codebook_defect.qdc" in str(caught.value)
    assert "not well-formed XML (mismatched tag)" in str(caught.value)


def test_example_interviews_qdpx():
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} not found")
    corpus, log = read_refi_qda(EXAMPLE, file="data/interviews.qdpx")
    assert log == []
    assert corpus.file == "data/interviews.qdpx" and corpus.format == "refi_qda"
    assert corpus.summary() == {"codes": 15, "codable_codes": 11, "documents": 14, "documents_with_text": 14,
                                "segments": 290, "coders": 2}
    assert corpus.detected["selections"] == "283"
    assert list(corpus.coders["name"]) == ["Coder A", "Coder B"] and list(corpus.coders["user_id"]) == ["A", "B"]
    assert corpus.attributes == ("actor_group", "city", "consent_quote")
    docs = corpus.documents.set_index("name")
    assert len(docs.loc["Interview 01", "text"]) == 2997 and len(docs.loc["Interview 14", "text"]) == 2171
    assert docs["actor_group"].value_counts().to_dict() == {
        "Zivilgesellschaft": 5, "Verwaltung": 3, "Politik": 2, "Wirtschaft": 2, "Wissenschaft": 2}
    assert set(docs["city"]) == {"Musterstadt"}
    assert sorted(docs.index[~docs["consent_quote"].astype(bool)]) == ["Interview 07", "Interview 10", "Interview 14"]
    joined = corpus.segments_with("actor_group")
    names = dict(zip(corpus.coders["id"], corpus.coders["name"]))
    assert joined["coder"].map(names).value_counts().to_dict() == {"Coder A": 145, "Coder B": 145}
    first = joined.iloc[0]
    assert (first["start"], first["end"], first["code_path"]) == (524, 646, "Ressourcen > Zeit")
    assert first["text"] == ("Das klingt negativer, als es ist, aber es bedeutete, dass ich das Lab zusätzlich zu "
                             "meinen normalen Aufgaben gemacht habe.")
    second, third = joined.iloc[1], joined.iloc[2]
    assert second["text"].startswith("In den Workshops saß ich am selben Tisch")
    assert third["text"].startswith("den Workshops saß ich")  # coder B's boundary shifted by a word
    assert second["code_path"] == third["code_path"] == "Zusammenarbeit > Augenhöhe"


# -- quirks (synthetic) ------------------------------------------------------------------------------------


def test_nvivo_style_utf16_units_over_crlf_with_bom(tmp_path):
    text = "Erste Zeile 😀 mit Emoji\r\nZweite 🎉🎉 Zeile hier\r\nDritte Zeile ende\r\n"
    units = text.encode("utf-16-le")

    def u16(index):
        return len(text[:index].encode("utf-16-le")) // 2

    words = ["Emoji", "Zeile hier", "Dritte", "ende"]
    ranges = [(u16(text.index(w)), u16(text.index(w) + len(w))) for w in words]
    assert len(units) // 2 > len(text)
    sels = "".join(_selection(s, e, "k2", guid=f"s{i}") for i, (s, e) in enumerate(ranges))
    qde = _project(_source("d1", "internal://d1.txt", sels))
    path = _qdpx(tmp_path, qde, {"Sources/d1.txt": codecs.BOM_UTF8 + text.encode("utf-8")})
    corpus, log = read_refi_qda(path)
    assert corpus.detected["offset_unit:d1"] == "utf16"
    assert list(corpus.segments["text"]) == words
    assert corpus.documents["text"].iloc[0] == text  # BOM removed, CRLF kept
    assert [(e.action, e.severity) for e in log] == [("colour dropped", "warning"), ("offsets converted", "info")]


def test_atlas_style_crlf_counted_as_one(tmp_path):
    text = "Eins zwei drei\r\nvier fünf sechs\r\nsieben acht neun\r\nzehn elf zwölf\r\n"
    flat = text.replace("\r\n", "\n")
    words = ["vier", "sechs", "acht neun", "zehn", "zwölf"]
    sels = "".join(_selection(flat.index(w), flat.index(w) + len(w), "k2", guid=f"s{i}") for i, w in enumerate(words))
    path = _qdpx(tmp_path, _project(_source("d1", "internal://d1.txt", sels)), {"sources/d1.txt": text.encode()})
    corpus, _ = read_refi_qda(path)
    assert corpus.detected["offset_unit:d1"] == "crlf_as_one"
    assert list(corpus.segments["text"]) == words
    assert corpus.segments["start"].iloc[0] == text.index("vier") == 16


def test_code_points_preferred_on_ties_and_bad_selections_logged(tmp_path):
    text = "I: Wie war es? B: Gut, auf Augenhöhe.\n"
    sels = (_selection(text.index("Gut"), text.index("Gut") + 3, "k2", "k3", guid="s1")
            + _selection(30, 500, "k2", guid="s2")           # beyond the text
            + _selection(10, 10, "k2", guid="s3")            # empty
            + _selection(0, 2, "nope", guid="s4")            # unknown code
            + _selection(3, 6, guid="s5")                    # memo only
            + _selection(3, 6, "k3", user="u-x", guid="s6"))  # unknown user
    path = _qdpx(tmp_path, _project(_source("d1", "internal://d1.txt", sels)), {"SOURCES/d1.txt": text.encode()})
    corpus, log = read_refi_qda(path)
    assert corpus.detected["offset_unit:d1"] == "code_points"
    assert corpus.detected["sources_folder"] == "SOURCES"
    segments = corpus.segments
    assert list(zip(segments["code"], segments["text"])) == [("k2", "Gut"), ("k3", "Gut"), ("k3", "Wie")]
    assert corpus.detected["selections_without_coding"] == "1"
    errors = [e for e in log if e.severity == "error"]
    assert [e.action for e in errors] == ["selection dropped", "segment dropped", "segment dropped"]
    assert errors[0].value.startswith("10-10") and errors[0].row is not None
    assert "outside the text" in errors[1].reason and "not in the code book" in errors[2].reason
    assert "u-x" in set(corpus.coders["id"])
    assert any(e.action == "coder added" for e in log)
    codes = corpus.codes.set_index("id")
    assert codes.loc["k1", "color"] == "#0072B2" and not codes.loc["k1", "codable"]
    assert codes.loc["k1", "description"] == "Wie man zusammenarbeitet."
    assert codes.loc["k2", "path"] == "Zusammenarbeit > Augenhöhe" and codes.loc["k2", "parent"] == "k1"
    assert pd.isna(codes.loc["k3", "color"]) and any(e.action == "colour dropped" for e in log)


def test_other_qde_name_namespace_variant_and_plain_text_content(tmp_path):
    content = "<PlainTextContent>Ein Augenhöhe-Text</PlainTextContent>"
    source = _source("d1", "", _selection(4, 9, "k2"), inner=content).replace(' plainTextPath=""', "")
    qde = _project(source, ns="urn:QDA-XML:project:0:4")
    path = _qdpx(tmp_path, qde, inner="Trial.qde")
    corpus, _ = read_refi_qda(path)
    assert corpus.detected["inner_file"] == "Trial.qde"
    assert corpus.detected["namespace"] == "urn:QDA-XML:project:0:4"
    assert corpus.segments["text"].tolist() == ["Augen"]


def test_bare_qde_with_relative_paths_inside_and_escaping(tmp_path):
    project = tmp_path / "projekt"
    (project / "texte").mkdir(parents=True)
    (project / "texte" / "a.txt").write_text("Hallo Welt", encoding="utf-8")
    (tmp_path / "geheim.txt").write_text("geheim", encoding="utf-8")
    sources = (_source("d1", "relative://texte/a.txt", _selection(6, 10, "k2"))
               + _source("d2", "relative://../geheim.txt", _selection(0, 6, "k2", guid="s2"))
               + _source("d3", "absolute://C:/daten/b.txt"))
    path = project / "p.qde"
    path.write_text(_project(sources), encoding="utf-8")
    corpus, log = read_refi_qda(path)
    docs = corpus.documents.set_index("id")
    assert docs.loc["d1", "text"] == "Hallo Welt"
    assert docs["text"].isna().tolist() == [False, True, True]
    refused = [e for e in log if e.value == "relative://../geheim.txt"]
    assert len(refused) == 1 and refused[0].severity == "error" and "outside the project's folder" in refused[0].reason
    assert corpus.segments["text"].iloc[0] == "Welt"
    assert pd.isna(corpus.segments["text"].iloc[1])  # d2's segment kept unchecked
    assert any("not followed" in e.reason for e in log)


def test_cases_variables_and_sets_become_document_attributes(tmp_path):
    extra = """
  <Variables>
    <Variable guid="v1" name="actor_group" typeOfVariable="Text"/>
    <Variable guid="v2" name="consent_quote" typeOfVariable="Boolean"/>
    <Variable guid="v3" name="age" typeOfVariable="Integer"/>
  </Variables>
  <Cases>
    <Case guid="case1" name="Person 1">
      <VariableValue><VariableRef targetGUID="v1"/><TextValue>Verwaltung</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="v3"/><IntegerValue>47</IntegerValue></VariableValue>
      <SourceRef targetGUID="d1"/>
    </Case>
  </Cases>"""
    sets = """
  <Sets><Set guid="set1" name="Welle 1"><MemberSource targetGUID="d2"/></Set></Sets>"""
    d1_values = '<VariableValue><VariableRef targetGUID="v2"/><BooleanValue>false</BooleanValue></VariableValue>'
    d2_values = ('<VariableValue><VariableRef targetGUID="v2"/><BooleanValue>true</BooleanValue></VariableValue>'
                 '<VariableValue><VariableRef targetGUID="v3"/><IntegerValue>x</IntegerValue></VariableValue>')
    sources = (f'<TextSource guid="d1" name="I1"><PlainTextContent>eins</PlainTextContent>{d1_values}</TextSource>'
               f'<TextSource guid="d2" name="I2"><PlainTextContent>zwei</PlainTextContent>{d2_values}</TextSource>')
    qde = _project(sources, extra=extra).replace("</Sources>", "</Sources>" + sets)
    path = tmp_path / "p.qde"
    path.write_text(qde, encoding="utf-8")
    corpus, log = read_refi_qda(path)
    docs = corpus.documents.set_index("name")
    assert corpus.attributes == ("actor_group", "consent_quote", "age", "case", "set:Welle 1")
    assert docs.loc["I1", "actor_group"] == "Verwaltung" and docs.loc["I1", "age"] == 47
    assert docs.loc["I1", "case"] == "Person 1" and not docs.loc["I1", "consent_quote"]
    assert docs.loc["I2", "age"] == "x" and any(e.action == "kept as text" for e in log)
    assert docs["set:Welle 1"].tolist() == [False, True]
    assert corpus.detected["cases"] == "1" and corpus.detected["sets"] == "1"


# -- hostile and broken input ----------------------------------------------------------------------------


BOMB = """<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>&xxe;</Description></Project>"""


def test_billion_laughs_in_the_qde(tmp_path):
    with pytest.raises(DataFormatError) as caught:
        read_refi_qda(_qdpx(tmp_path, BOMB))
    assert "declares entities" in str(caught.value) and "p.qdpx::project.qde" in str(caught.value)


def test_external_entity(tmp_path):
    path = tmp_path / "x.qde"
    path.write_text(EXTERNAL, encoding="utf-8")
    with pytest.raises(DataFormatError, match="x.qde.*declares entities"):
        read_refi_qda(path)


@pytest.mark.parametrize("member", ["../evil.txt", "Sources/../../evil.txt", "/etc/evil.txt", "C:/evil.txt"])
def test_unsafe_member_names(tmp_path, member):
    path = _qdpx(tmp_path, _project(""), {member: b"boo"})
    with pytest.raises(DataFormatError, match="unsafe path") as caught:
        read_refi_qda(path)
    assert caught.value.column == member
    assert not (tmp_path.parent / "evil.txt").exists()


def test_unsafe_member_name_rule():
    assert unsafe_member_name("..\\evil.txt") and unsafe_member_name("\\abs.txt")
    assert not unsafe_member_name("Sources/a..b.txt") and not unsafe_member_name("project.qde")


def _bomb_qdpx(tmp_path, member, *, size=4_000_000):
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if member != "project.qde":
            archive.writestr("project.qde", _project(_source("d1", "internal://big.txt", _selection(0, 3, "k2"))))
        with archive.open(member, "w", force_zip64=True) as out:  # streamed: never whole in memory
            chunk = b"a" * 100_000
            for _ in range(size // len(chunk)):
                out.write(chunk)
    assert path.stat().st_size < 100_000
    return path


@pytest.mark.parametrize("member", ["project.qde", "Sources/big.txt"])
def test_zip_bomb_over_max_bytes(tmp_path, member):
    with pytest.raises(DataFormatError, match="zip bomb") as caught:
        read_refi_qda(_bomb_qdpx(tmp_path, member), max_bytes=1_000_000)
    assert caught.value.column == member and "max_bytes" in caught.value.hint


def test_zip_entry_larger_than_its_header_says(tmp_path):
    qde = _project(_source("d1", "internal://big.txt", _selection(0, 3, "k2")))
    path = _qdpx(tmp_path, qde, {"Sources/big.txt": b"a" * 50_000})
    data = bytearray(path.read_bytes())
    # local header: size at +22, name length at +26, name at +30; central directory: +24, +28, +46
    for signature, size_at, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = data.find(signature)
        while start >= 0:
            length = struct.unpack_from("<H", data, start + length_at)[0]
            if bytes(data[start + name_at:start + name_at + length]) == b"Sources/big.txt":
                struct.pack_into("<I", data, start + size_at, 100)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("Sources/big.txt").file_size == 100
    with pytest.raises(DataFormatError, match="is damaged") as caught:
        read_refi_qda(path)
    assert caught.value.column == "Sources/big.txt"


def test_too_many_entries(tmp_path):
    files = {f"Sources/{i}.txt": b"x" for i in range(6)}
    with pytest.raises(DataFormatError, match="7 entries, at most 5"):
        read_refi_qda(_qdpx(tmp_path, _project(""), files), max_entries=5)


def test_archive_without_or_with_several_qde(tmp_path):
    path = tmp_path / "none.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Sources/a.txt", "x")
    with pytest.raises(DataFormatError, match="0 .qde files"):
        read_refi_qda(path)
    two = _qdpx(tmp_path, _project(""), {"b/x.qde": _project(""), "c/y.qde": _project("")})
    corpus, _ = read_refi_qda(two)  # one at the root wins
    assert corpus.detected["inner_file"] == "project.qde"


def test_not_a_project_and_broken_xml(tmp_path):
    other = tmp_path / "other.qde"
    other.write_text('<?xml version="1.0"?><html><body/></html>', encoding="utf-8")
    with pytest.raises(DataFormatError, match="<html>"):
        read_refi_qda(other)
    broken = tmp_path / "broken.qde"
    broken.write_text('<Project name="x">\n<Users>\n<User guid="a">\n</Users></Project>', encoding="utf-8")
    with pytest.raises(DataFormatError) as caught:
        read_refi_qda(broken)
    assert caught.value.line == 4 and caught.value.column == "Zeichen/character 3"
    with pytest.raises(DataFormatError, match="does not exist"):
        read_refi_qda(tmp_path / "missing.qdpx")


def test_source_not_utf8_is_read_as_cp1252_with_a_warning(tmp_path):
    text = "Straße „Mitte“ – 5 €"
    qde = _project(_source("d1", "internal://d1.txt", _selection(0, 6, "k2")))
    corpus, log = read_refi_qda(_qdpx(tmp_path, qde, {"Sources/d1.txt": text.encode("cp1252")}))
    assert corpus.documents["text"].iloc[0] == text and corpus.segments["text"].iloc[0] == "Straße"
    decoding = [e for e in log if e.action == "decoding"]
    assert len(decoding) == 1 and decoding[0].severity == "warning" and "Windows-1252" in decoding[0].reason
