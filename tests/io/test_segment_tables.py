"""Coded-segment tables (MAXQDA, ATLAS.ti, generic CSV) and document attribute tables, written in tmp_path."""

from __future__ import annotations

import unicodedata

import openpyxl
import pytest

from kosieval.errors import DataFormatError
from kosieval.io.document_attributes import join_document_attributes
from kosieval.io.segment_tables import RECONSTRUCTED, read_segment_table

# MAXQDA 2022+ "Codierte Segmente" export (German headings). With document variables MAXQDA repeats
# "Dokumentgruppe" and "Dokumentname" before the variable columns.
MAXQDA_DE = ["Farbe", "Dokumentgruppe", "Dokumentname", "Code", "Anfang", "Ende", "Gewicht", "Segment",
             "Kommentar", "Erstellt von", "Erstellt am", "Fläche", "Abdeckungsgrad %", "Dokumentgruppe",
             "Dokumentname", "Stadt"]

INTERVIEW_A = ("I: Wie haben Sie das Labor erlebt?\n"
               "B: Wir haben neue Leute kennengelernt.\n"
               "\n"
               "B: Die Verwaltung war zuerst skeptisch.\n"
               "B: Wir haben neue Leute kennengelernt.")


def _xlsx(path, header, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Codierte Segmente"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _maxqda_rows():
    return [
        [None, "Zivilgesellschaft", "Interview A", "Wirkungen\\Vernetzung", 2, 2, 0,
         "Wir haben neue Leute kennengelernt.", "", "anna", "01.05.2024 10:00", 35, 12.5, "Zivilgesellschaft",
         "Interview A", "Leipzig"],
        # same passage, second code (newer MAXQDA writes " > ")
        [None, "Zivilgesellschaft", "Interview A", "Wirkungen > Beteiligung", 2, 2, 0,
         "Wir haben neue Leute kennengelernt.", "", "ben", "01.05.2024 10:05", 35, 12.5, "Zivilgesellschaft",
         "Interview A", "Leipzig"],
        [None, "Zivilgesellschaft", "Interview A", "Skepsis", 4, 4, 0, "Die Verwaltung war zuerst skeptisch.",
         "", "anna", "01.05.2024 10:06", 36, 13.0, "Zivilgesellschaft", "Interview A", "Leipzig"],
        # the parent code carries a segment of its own
        [None, "Zivilgesellschaft", "Interview A", "Wirkungen", 5, 5, 0, "Wir haben neue Leute kennengelernt.",
         "", "anna", "01.05.2024 10:07", 35, 12.5, "Zivilgesellschaft", "Interview A", "Leipzig"],
        [None, "Verwaltung", "Interview B", "Skepsis", "x", 1, 0, "Das dauert alles zu lange.", "", "ben",
         "02.05.2024 09:00", 26, 40.0, "Verwaltung", "Interview B", "Halle"],
        [None, "Verwaltung", "Interview B", None, 2, 2, 0, "Ohne Code.", "", "ben", None, 10, 1.0, "Verwaltung",
         "Interview B", "Halle"],
        [None, "Verwaltung", "Interview B", "Skepsis", 3, 3, 0, None, "", "ben", None, None, None, "Verwaltung",
         "Interview B", "Halle"],
    ]


def test_maxqda_xlsx_without_texts_reconstructs_documents(tmp_path):
    path = _xlsx(tmp_path / "Codierte Segmente.xlsx", MAXQDA_DE, _maxqda_rows())
    corpus, log = read_segment_table(path)
    assert corpus.format == "maxqda"
    assert corpus.detected["offsets"] == RECONSTRUCTED
    assert corpus.detected["language"] == "German headings"
    assert corpus.detected["sheet"] == "Codierte Segmente"

    codes = corpus.codes.set_index("id")
    assert list(codes.index) == ["Wirkungen", "Wirkungen > Vernetzung", "Wirkungen > Beteiligung", "Skepsis"]
    assert codes.loc["Wirkungen > Vernetzung", "parent"] == "Wirkungen"
    assert codes.loc["Wirkungen > Vernetzung", "name"] == "Vernetzung"
    assert codes["codable"].all()  # "Wirkungen" has a segment of its own (line 5)

    docs = corpus.documents.set_index("id")
    assert docs.loc["Interview A", "text"] == ("Wir haben neue Leute kennengelernt.\n\n"
                                               "Die Verwaltung war zuerst skeptisch.\n\n"
                                               "Wir haben neue Leute kennengelernt.")
    assert docs.loc["Interview B", "text"] == "Das dauert alles zu lange."
    assert docs["document_group"].to_dict() == {"Interview A": "Zivilgesellschaft", "Interview B": "Verwaltung"}

    seg = corpus.segments
    assert len(seg) == 5
    first_two = seg.iloc[:2]
    assert first_two["start"].tolist() == [0, 0] and first_two["end"].tolist() == [35, 35]  # one passage, 2 codes
    assert seg.iloc[3][["start", "end"]].tolist() == [75, 110]
    for row in seg.itertuples():
        assert docs.loc[row.document, "text"][row.start:row.end] == row.text
    assert corpus.coders["id"].tolist() == ["anna", "ben"]

    by_row = {(e.row, e.action): e for e in log}
    assert by_row[(1, "column renamed")].new_value == "Dokumentname (2)"
    assert by_row[(6, "position ignored")].value == "x"
    assert by_row[(7, "row dropped")].column == "Code"
    assert by_row[(8, "row dropped")].column == "Segment" and by_row[(8, "row dropped")].severity == "error"


def test_maxqda_csv_english_with_document_texts(tmp_path):
    header = "Color;Document group;Document name;Code;Begin;End;Weight score;Segment;Comment;Created by"
    lines = [
        header,
        ';Civil society;Interview A;Networking;5;5;0;"Wir haben neue\nLeute kennengelernt.";;anna',
        ";Civil society;Interview A;Scepticism;4;4;0;Die Verwaltung war zuerst skeptisch.;;anna",
        ";Civil society;Interview A;Scepticism;1;1;0;Nicht im Text.;;anna",
        ";Behörde;Interview B;Scepticism;1;1;0;Das dauert.;;ben",
    ]
    path = tmp_path / "segments.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    texts = {"Interview A": INTERVIEW_A, "Interview C": "Niemand hat das codiert."}
    corpus, log = read_segment_table(path, documents=texts)
    assert corpus.detected["language"] == "English headings"
    assert corpus.detected["separator"] == "semicolon"
    docs = corpus.documents.set_index("id")
    assert docs.loc["Interview A", "text"] == INTERVIEW_A
    assert docs.loc["Interview C", "text"] == "Niemand hat das codiert."  # given, without segments
    assert docs.loc["Interview B", "text"] == "Das dauert."  # not given: reconstructed
    seg = corpus.segments.set_index("code")
    # paragraph 5 (counting every line) picks the second occurrence; the line break in the cell is a space in the text
    assert INTERVIEW_A[seg.loc["Networking", "start"]:seg.loc["Networking", "end"]] == (
        "Wir haben neue Leute kennengelernt.")
    assert seg.loc["Networking", "start"] == INTERVIEW_A.rindex("Wir haben")
    assert len(corpus.segments) == 3
    assert docs.loc["Interview B", "document_group"] == "Behörde"
    assert any(e.action == "encoding guessed" for e in log)
    dropped = [e for e in log if e.action == "row dropped"]
    assert [(e.row, e.value) for e in dropped] == [(5, "Nicht im Text.")]
    assert any(e.action == "text reconstructed" and e.value == "Interview B" for e in log)


def test_documents_from_a_folder_with_decomposed_names(tmp_path):
    folder = tmp_path / "texte"
    folder.mkdir()
    name = unicodedata.normalize("NFD", "Bürgerin")  # macOS writes file names decomposed
    (folder / f"{name}.txt").write_text("Erste Zeile.\nDas Labor hilft.", encoding="utf-8-sig")
    path = _xlsx(tmp_path / "seg.xlsx", ["Dokumentname", "Code", "Anfang", "Ende", "Segment"],
                 [["Bürgerin", "Nutzen", 2, 2, "Das Labor hilft."]])
    corpus, log = read_segment_table(path, documents=folder)
    seg = corpus.segments.iloc[0]
    assert (seg["start"], seg["end"]) == (13, 29)
    assert corpus.documents["text"].iloc[0] == "Erste Zeile.\nDas Labor hilft."
    assert corpus.detected["offsets"] == "located by segment text in the given document texts"
    assert log == []


ATLAS = ["ID", "Quotation Name", "Document", "Document Groups", "Codes", "Number of Codes", "Comment",
         "Start", "End", "Extent", "Reference", "Quotation Content", "Created by", "Created"]


def test_atlasti_quotations(tmp_path):
    rows = [
        ["1:1", "", "D 1: Interview A", "Stadt Leipzig\nWelle 1", "Vernetzung\nBeteiligung", 2, "", 2, 2, 1,
         "1:1 ¶ 2 in Interview A", "Wir haben neue Leute kennengelernt.", "anna", "2024-05-01"],
        ["1:2", "", "D 1: Interview A", "Stadt Leipzig\nWelle 1", "Skepsis", 1, "", None, None, None,
         "1:2 ¶ 4 – 4 in Interview A", "Die Verwaltung war zuerst skeptisch.", "ben", "2024-05-01"],
        ["1:3", "", "D 1: Interview A", "Stadt Leipzig\nWelle 1", None, 0, "", 1, 1, 1, "¶ 1",
         "I: Wie haben Sie das Labor erlebt?", "anna", "2024-05-01"],
        ["2:1", "", "D 2: Interview B", "", "Skepsis, Zeit", 2, "", 1, 1, 1, "¶ 1", "Das dauert.", "ben",
         "2024-05-02"],
    ]
    path = _xlsx(tmp_path / "quotations.xlsx", ATLAS, rows)
    corpus, log = read_segment_table(path, format="atlasti", documents={"Interview A": INTERVIEW_A})
    assert corpus.detected["format"] == "ATLAS.ti coded segments"
    seg = corpus.segments
    assert seg["code"].tolist() == ["Vernetzung", "Beteiligung", "Skepsis", "Skepsis", "Zeit"]
    assert seg.iloc[0]["start"] == INTERVIEW_A.index("Wir haben")  # paragraph 2: the first occurrence
    assert seg.iloc[2]["text"] == "Die Verwaltung war zuerst skeptisch."
    docs = corpus.documents.set_index("id")
    assert docs.loc["D 1: Interview A", "text"] == INTERVIEW_A
    assert docs.loc["D 1: Interview A", "document_group"] == "Stadt Leipzig; Welle 1"
    assert docs.loc["D 2: Interview B", "text"] == "Das dauert."
    skipped = [e for e in log if e.action == "row skipped"]
    assert [(e.row, e.severity) for e in skipped] == [(4, "info")]


def test_generic_with_offsets_and_code_separator(tmp_path):
    text = "Wir haben neue Leute kennengelernt. Es war gut."
    path = tmp_path / "generic.csv"
    path.write_text(
        "document,code,coder,start,end,text\n"
        "A,Wirkungen/Vernetzung,anna,0,35,Wir haben neue Leute kennengelernt.\n"
        "A,Wirkungen,ben,36,47,Es war gut.\n"
        "A,Wirkungen,ben,0,5,Falsch\n"
        "A,Wirkungen,ben,40,90,\n"
        "A,Wirkungen,ben,vier,9,\n"
        "B,Wirkungen,ben,3,9,nur so\n", encoding="utf-8")
    corpus, log = read_segment_table(path, format="generic", documents={"A": text}, code_separator="/")
    assert corpus.codes["id"].tolist() == ["Wirkungen", "Wirkungen > Vernetzung"]
    assert corpus.codes["codable"].tolist() == [True, True]
    seg = corpus.segments
    assert seg[["start", "end"]].values.tolist() == [[0, 35], [36, 47], [3, 9]]
    assert seg["text"].tolist() == ["Wir haben neue Leute kennengelernt.", "Es war gut.", "nur so"]
    docs = corpus.documents.set_index("id")
    assert docs.loc["B", "text"] is None
    errors = sorted((e.row, e.column) for e in log if e.severity == "error")
    assert errors == [(4, "text"), (5, "end"), (6, "start")]


def test_generic_without_offsets_or_texts(tmp_path):
    path = tmp_path / "generic.csv"
    path.write_text("document,code,text\nA,X,Eins.\nA,Y,Zwei.\n,X,Drei.\n", encoding="utf-8")
    corpus, log = read_segment_table(path, format="generic")
    assert corpus.documents["text"].tolist() == ["Eins.\n\nZwei."]
    assert [(e.row, e.column) for e in log] == [(4, "document")]


def test_missing_columns_name_found_and_expected(tmp_path):
    path = _xlsx(tmp_path / "x.xlsx", ["Dokument", "Kode", "Text"], [["A", "B", "C"]])
    with pytest.raises(DataFormatError) as info:
        read_segment_table(path)
    message = str(info.value)
    assert "Dokumentname / Document name" in message and "Segment" in message
    assert "Dokument, Kode, Text" in message
    with pytest.raises(DataFormatError, match="unknown format"):
        read_segment_table(path, format="nvivo")  # type: ignore[arg-type]


# -- document attributes ---------------------------------------------------------------------------------------


def _corpus(tmp_path):
    path = _xlsx(tmp_path / "seg.xlsx", MAXQDA_DE, _maxqda_rows())
    corpus, _ = read_segment_table(path)
    return corpus


def test_join_document_attributes_csv(tmp_path):
    corpus = _corpus(tmp_path)
    table = tmp_path / "attribute.csv"
    table.write_text("document;actor_group;wave;consent_quote;document_group\n"
                     "Interview A;civil society;1;ja;Zivilgesellschaft\n"
                     "Interview Z;administration;2;nein;\n", encoding="utf-8")
    joined, log = join_document_attributes(corpus, table)
    docs = joined.documents.set_index("id")
    assert docs.loc["Interview A", "actor_group"] == "civil society"
    assert docs.loc["Interview A", "wave"] == 1
    assert docs["consent_quote"].isna().tolist() == [False, True]
    assert docs.loc["Interview B", "document_group"] == "Verwaltung"  # kept from the export
    assert set(joined.attributes) == {"document_group", "actor_group", "wave", "consent_quote"}
    assert "actor_group" not in corpus.documents.columns  # the input corpus is unchanged
    warnings = [(e.row, e.value, e.action) for e in log]
    assert warnings == [(3, "Interview Z", "row not used"), (None, "Interview B", "attributes missing")]


def test_join_document_attributes_duplicates_and_key(tmp_path):
    corpus = _corpus(tmp_path)
    table = tmp_path / "attribute.csv"
    table.write_text("document,city\nInterview A,Leipzig\nInterview B,Halle\nInterview A,Halle\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"'Interview A': 2, 4"):
        join_document_attributes(corpus, table)
    with pytest.raises(DataFormatError, match="key column 'name' is missing"):
        join_document_attributes(corpus, table, key="name")


def test_join_document_attributes_xlsx_formula_stays_text(tmp_path):
    corpus = _corpus(tmp_path)
    path = _xlsx(tmp_path / "attribute.xlsx", ["Interview", "Stadt", "Link"],
                 [["Interview A", "Leipzig", '=HYPERLINK("http://example.org")'], ["Interview B", "Halle", None]])
    joined, log = join_document_attributes(corpus, path, key="Interview")
    docs = joined.documents.set_index("id")
    assert docs.loc["Interview A", "Link"] == '=HYPERLINK("http://example.org")'
    assert docs.loc["Interview B", "Stadt"] == "Halle"
    assert [e.action for e in log] == ["formula kept as text"]
