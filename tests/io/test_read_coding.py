"""read_coding: one entry point, the format detected from the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kosieval.errors import DataFormatError
from kosieval.io.coding import detect_coding_format, read_coding

EXAMPLE = Path(__file__).resolve().parents[2] / "surveys" / "example" / "data" / "interviews.qdpx"


def test_example_project_with_attributes_file(tmp_path):
    attributes = tmp_path / "attribute.csv"
    attributes.write_text("document;wave\nInterview 01;T1\nInterview 02;T1\n", encoding="utf-8")
    corpus, log = read_coding(EXAMPLE, attributes=attributes)
    assert corpus.format == "refi_qda"
    assert corpus.summary()["documents"] == 14 and corpus.summary()["segments"] == 290
    assert {"actor_group", "city", "consent_quote", "wave"} <= set(corpus.attributes)
    waves = corpus.documents.set_index("name")["wave"]
    assert waves["Interview 01"] == "T1" and waves.isna().sum() == 12
    # the 12 documents without a row in the attribute file are named in the log
    assert any("Interview 03" in str(e.value) or "Interview 03" in e.reason for e in log)


def test_detects_tables_by_their_headings(tmp_path):
    generic = tmp_path / "segments.csv"
    generic.write_text("document,code,coder,start,end,text\nI1,Vertrauen,A,0,5,Hallo\n", encoding="utf-8")
    assert detect_coding_format(generic) == "generic"
    maxqda = tmp_path / "codierte_segmente.csv"
    maxqda.write_text("Dokumentgruppe;Dokumentname;Code;Anfang;Ende;Segment\nG;I1;Vertrauen;1;1;Hallo\n",
                      encoding="utf-8")
    assert detect_coding_format(maxqda) == "maxqda"
    corpus, _ = read_coding(maxqda)
    assert corpus.format == "maxqda" and corpus.segments["text"].tolist() == ["Hallo"]
    qualcoder = tmp_path / "projekt.qda"
    qualcoder.mkdir()
    (qualcoder / "data.qda").write_bytes(b"")
    assert detect_coding_format(qualcoder) == "qualcoder"


def test_unknown_inputs_say_what_is_read(tmp_path):
    other = tmp_path / "notes.csv"
    other.write_text("Name;Datum\nA;1.2.2026\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="match no known coded-segment export: Name, Datum"):
        read_coding(other)
    with pytest.raises(DataFormatError, match="unknown coding format '.docx'"):
        read_coding(tmp_path / "interview.docx")
    with pytest.raises(ValueError, match="format: must be one of"):
        read_coding(EXAMPLE, format="nvivo")  # type: ignore[arg-type]


def test_unclear_consent_is_a_warning_naming_the_document(tmp_path):
    # consent_quote comes as text from a spreadsheet: "ja"/"nein" are clear, "vielleicht" is not
    attributes = tmp_path / "attribute.csv"
    attributes.write_text("document;consent_quote\nInterview 01;ja\nInterview 02;vielleicht\n", encoding="utf-8")
    corpus, log = read_coding(EXAMPLE, attributes=attributes)
    unclear = [e for e in log if e.action == "consent unclear"]
    assert [(e.severity, e.column, e.value) for e in unclear] == [("warning", "consent_quote", "vielleicht")]
    assert "'Interview 02'" in unclear[0].reason and "never quoted" in unclear[0].reason
    quoted = set(corpus.quotes("Augenhöhe")["document_name"])
    assert "Interview 01" in quoted and "Interview 02" not in quoted
