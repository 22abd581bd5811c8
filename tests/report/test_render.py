"""Rendering a synthetic report: numbering, escaping, PDF structure, same bytes twice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sample_report import SCRIPT_TEXT, make_document

from kosieval import _resources
from kosieval.present.section import Paragraph, Section, Table
from kosieval.report.document import InputFile, ReportDocument
from kosieval.report.fetcher import RefusedURLError
from kosieval.report.labels import format_long_date
from kosieval.report.render import build_context, render_html, render_pdf, write_pdf


@pytest.fixture(scope="module")
def rendered(document: ReportDocument, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("render")
    first = render_pdf(document, folder / "bericht.pdf")
    second = render_pdf(document, folder / "bericht-2.pdf")
    return first, second


@pytest.fixture(scope="module")
def html(document: ReportDocument) -> str:
    return render_html(document)


@pytest.fixture(scope="module")
def reader(rendered: tuple[Path, Path]) -> PdfReader:
    return PdfReader(rendered[0])


@pytest.fixture(scope="module")
def text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", value)


# --------------------------------------------------------------------------- HTML


def test_html_escapes_paragraph_text(html: str) -> None:
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sonderzeichen." in html


def test_html_document_head(html: str) -> None:
    assert '<html lang="de">' in html
    assert "<title>Evaluation des KoSI-Labs Musterstadt</title>" in html
    assert '<meta name="dcterms.created" content="2026-11-24">' in html
    assert '<meta name="dcterms.modified" content="2026-11-24">' in html
    assert "<style" not in html  # CSS goes in as a file, never through Jinja


def test_figure_is_data_url_image_with_alt(html: str) -> None:
    assert '<img src="data:image/svg+xml;base64,' in html
    assert 'alt="Balkendiagramm: Mittelwerte der Zusammenarbeit' in html
    assert "<svg" not in html  # no inline SVG (slower, DESIGN.md §7)


def test_numbering_in_reading_order(document: ReportDocument) -> None:
    context = build_context(document)
    tables = [(entry.label, entry.caption) for entry in context["list_of_tables"]]
    assert tables == [
        ("Tabelle 1", "Befragungswellen"),
        ("Tabelle 2", "Reliabilität der Skalen zu T0"),
        ("Tabelle 3", "Zusammenarbeit nach Akteursgruppe"),
        ("Tabelle 4", "Itemkennwerte"),
        ("Tabelle 5", "Eingabedateien"),
        ("Tabelle 6", "Verwendete Software"),
    ]
    assert [(e.label, e.anchor) for e in context["list_of_figures"]] == [("Abbildung 1", "fig-collaboration-bar")]
    assert [(c.number, c.title) for c in context["chapters"]] == [
        ("1", "Reliabilität der Skalen"),
        ("2", "Zusammenarbeit auf Augenhöhe"),
    ]
    assert [(a.number, a.title) for a in context["appendices"]] == [("A", "Instrumente"), ("B", "Datenherkunft")]


def test_numeric_columns_are_marked_and_widths_sum_to_100(document: ReportDocument) -> None:
    table = build_context(document)["chapters"][0].blocks[1]
    assert [c.css_class for c in table.columns] == ["text", "num", "num", "num", "num", "num"]
    total = sum(float(c.width.rstrip("%")) for c in table.columns)
    assert total == pytest.approx(100, abs=0.05)


def test_english_labels_and_date() -> None:
    html = render_html(make_document(locale="en"))
    assert '<html lang="en">' in html
    for label in ("Contents", "List of tables", "List of figures", "Summary", "Methods", "Appendix",
                  "Data provenance", "Table 1:", "Figure 1:", "24 November 2026"):
        assert label in html, label
    assert 'data-page-label="Page" data-of-label="of"' in html


def test_transfer_kind_is_shorter() -> None:
    context = build_context(make_document(kind="transfer"))
    assert context["cover"]["kind_label"] == "Transferbericht"
    assert context["list_of_tables"] == () and context["list_of_figures"] == ()
    html = render_html(make_document(kind="transfer"))
    assert "Tabellenverzeichnis" not in html and "Transferbericht" in html


def test_duplicate_ids_are_rejected(document: ReportDocument) -> None:
    twice = dataclasses.replace(document, sections=(document.sections[0], document.sections[0]))
    with pytest.raises(ValueError, match="duplicate id"):
        render_html(twice)


def test_empty_parts_are_left_out(document: ReportDocument) -> None:
    bare = dataclasses.replace(document, summary=(), methods=(), appendices=())
    context = build_context(bare)
    assert [entry.title for entry in context["toc"]] == [
        "Reliabilität der Skalen",
        "Zusammenarbeit auf Augenhöhe",
        "Tabellenverzeichnis",
        "Abbildungsverzeichnis",
        "Anhang",
        "Datenherkunft",
    ]
    assert context["appendices"][0].number == "A"


def test_document_validation(document: ReportDocument) -> None:
    with pytest.raises(ValueError, match="kind"):
        dataclasses.replace(document, kind="brochure")
    with pytest.raises(ValueError, match="locale"):
        dataclasses.replace(document, locale="fr")
    with pytest.raises(ValueError, match="sha256"):
        InputFile("a.csv", "XYZ", 1)


def test_long_dates_with_babel() -> None:
    assert format_long_date(dt.date(2026, 11, 24), locale="de") == "24. November 2026"
    assert format_long_date(dt.date(2026, 3, 1), locale="de") == "1. März 2026"


# --------------------------------------------------------------------------- PDF


@pytest.mark.slow
def test_same_bytes_on_second_render(rendered: tuple[Path, Path]) -> None:
    first, second = rendered
    assert hashlib.sha256(first.read_bytes()).hexdigest() == hashlib.sha256(second.read_bytes()).hexdigest()


@pytest.mark.slow
def test_page_count(reader: PdfReader) -> None:
    assert 8 <= len(reader.pages) <= 16


@pytest.mark.slow
def test_text_contains_headings_numbers_and_labels(text: str) -> None:
    flat = _squash(text)
    for expected in (
        "Inhaltsverzeichnis",
        "Das Wichtigste in Kürze",
        "Zentrale Ergebnisse",
        "Methoden",
        "Reliabilität der Skalen",
        "Zusammenarbeit auf Augenhöhe",
        "Tabellenverzeichnis",
        "Abbildungsverzeichnis",
        "Anhang",
        "Datenherkunft",
        "Tabelle 1",
        "Tabelle 6",
        "Abbildung 1",
        "0,82",
        "[0,76; 0,87]",
        "3,90",
        "1.234.567",
        "24. November 2026",
        "Anmerkung.",
        "Evaluationsbericht der Testphase",
    ):
        assert expected in flat, expected
    # the paragraph's markup arrives as harmless text
    assert SCRIPT_TEXT in flat


@pytest.mark.slow
def test_footer_page_x_of_y(reader: PdfReader) -> None:
    pages = len(reader.pages)
    cover = _squash(reader.pages[0].extract_text())
    assert "Seite" not in cover  # no page number on the cover
    assert f"Seite 2 von {pages}" in _squash(reader.pages[1].extract_text())
    assert f"Seite {pages} von {pages}" in _squash(reader.pages[-1].extract_text())


@pytest.mark.slow
def test_toc_has_page_numbers(reader: PdfReader) -> None:
    toc = _squash(reader.pages[1].extract_text())
    assert re.search(r"Das Wichtigste in Kürze[ .]+3\b", toc), toc


@pytest.mark.slow
def test_outline(reader: PdfReader) -> None:
    def titles(outline: list, depth: int = 0) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for item in outline:
            if isinstance(item, list):
                found.extend(titles(item, depth + 1))
            else:
                found.append((depth, _squash(item.title)))
        return found

    assert titles(reader.outline) == [
        (0, "Inhaltsverzeichnis"),
        (0, "Das Wichtigste in Kürze"),
        (0, "Methoden"),
        (0, "1 Reliabilität der Skalen"),
        (0, "2 Zusammenarbeit auf Augenhöhe"),
        (0, "Tabellenverzeichnis"),
        (0, "Abbildungsverzeichnis"),
        (0, "Anhang"),
        (1, "A Instrumente"),
        (1, "B Datenherkunft"),
    ]


@pytest.mark.slow
def test_tagged_pdf_ua(reader: PdfReader, rendered: tuple[Path, Path]) -> None:
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "Evaluation des KoSI-Labs Musterstadt"
    assert reader.metadata["/CreationDate"].startswith("D:20261124")
    data = rendered[0].read_bytes()
    assert b"pdfuaid:part" in data or b"pdfuaid" in data or b"/Metadata" in data
    assert b"/JavaScript" not in data and b"/JS " not in data


@pytest.mark.slow
def test_figure_alt_text_in_structure_tree(reader: PdfReader) -> None:
    alts: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                walk(kids)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert any(alt.startswith("Balkendiagramm") for alt in alts)


# --------------------------------------------------------------------------- safety


@pytest.mark.parametrize(
    "src",
    ["file:///etc/hostname", "http://127.0.0.1:9/logo.png", "../../../../../../etc/passwd"],
)
def test_write_pdf_refuses_resources_outside(tmp_path: Path, src: str) -> None:
    html = f'<!DOCTYPE html><html lang="de"><head><title>t</title></head><body><img src="{src}" alt="x"></body></html>'
    out = tmp_path / "out.pdf"
    templates = _resources.templates_dir()
    with pytest.raises(RefusedURLError):
        write_pdf(html, out, base_dir=templates, allowed_dirs=[templates])
    assert not out.exists()


def test_write_pdf_reads_allowed_files(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' width='20' height='10'><rect width='20' height='10'/></svg>",
        encoding="utf-8",
    )
    html = (
        '<!DOCTYPE html><html lang="de"><head><title>t</title></head>'
        '<body><img src="logo.svg" alt="Logo"></body></html>'
    )
    out = write_pdf(html, tmp_path / "ok.pdf", base_dir=tmp_path, allowed_dirs=[tmp_path])
    assert out.read_bytes().startswith(b"%PDF-1.7")


def test_markup_in_titles_and_cells_is_escaped(document: ReportDocument) -> None:
    hostile = Section(
        id="x",
        title='<img src="file:///etc/passwd">',
        blocks=(
            Paragraph("<b>fett</b>"),
            Table(id="t", caption="<i>c</i>", columns=("<a>",), rows=(("<script>1</script>",),)),
        ),
    )
    html = render_html(dataclasses.replace(document, sections=(hostile,)))
    assert "<script" not in html
    assert '<img src="file:' not in html
    assert "&lt;b&gt;fett&lt;/b&gt;" in html


def test_same_bytes_without_harfbuzz_subset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fontTools (the fallback subsetter) stamps the time into fonts unless SOURCE_DATE_EPOCH is set."""
    import time

    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = (
        '<!DOCTYPE html><html lang="de"><head><title>t</title>'
        '<meta name="dcterms.modified" content="2026-11-24"></head><body><p>Schrift ÄÖÜ</p></body></html>'
    )
    templates = _resources.templates_dir()
    first = write_pdf(html, tmp_path / "a.pdf", base_dir=templates, allowed_dirs=[templates])
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 86_400)
    second = write_pdf(html, tmp_path / "b.pdf", base_dir=templates, allowed_dirs=[templates])
    assert first.read_bytes() == second.read_bytes()
    assert "SOURCE_DATE_EPOCH" not in os.environ


# --------------------------------------------------------------------------- summary boxes and texts


def test_key_figure_boxes_and_texts(document: ReportDocument) -> None:
    from kosieval.present.section import KeyFigure
    from kosieval.report.document import HtmlText

    boxes = (KeyFigure("d_z", "Selbstwirksamkeit <b>d_z</b>", "0,40", "95 %-KI [0,20; 0,60]"),
             KeyFigure("n", "Teilnehmende", "151"))
    text = HtmlText("<p>Gerendert <em>kursiv</em></p>", source="texte/summary.md", points=("Eins.", "Zwei <i>"))
    rich = dataclasses.replace(document, key_figures=boxes, summary_text=text, recommendations=text,
                               sections=(*document.sections, Section(id="p", title="P",
                                                                     blocks=(Paragraph("<em>roh</em>"),))))
    html = render_html(rich)
    assert '<span class="key-figure-value">0,40</span>' in html
    assert "Selbstwirksamkeit &lt;b&gt;d_z&lt;/b&gt;" in html  # labels are escaped
    assert '<span class="key-figure-context">95 %-KI [0,20; 0,60]</span>' in html
    assert html.count("<p>Gerendert <em>kursiv</em></p>") == 2  # summary text and recommendations chapter
    assert "&lt;em&gt;roh&lt;/em&gt;" in html  # only the html kind is printed unescaped
    assert "<li>Zwei &lt;i&gt;</li>" in html
    context = build_context(rich)
    assert [c.title for c in context["chapters"]][-1] == "Empfehlungen"
    assert context["recommendations_more"] == "Ausführlich in Kapitel 4"
    assert '<a href="#part-recommendations">Ausführlich in Kapitel 4</a>' in html


def test_summary_part_without_findings_but_with_boxes(document: ReportDocument) -> None:
    from kosieval.present.section import KeyFigure

    bare = dataclasses.replace(document, summary=(), key_figures=(KeyFigure("n", "Teilnehmende", "151"),))
    context = build_context(bare)
    assert context["show_summary"] and context["toc"][0].title == "Das Wichtigste in Kürze"
    html = render_html(bare)
    assert "Zentrale Ergebnisse" not in html and "151" in html
    assert not build_context(dataclasses.replace(document, summary=()))["show_summary"]
