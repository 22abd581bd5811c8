"""The example report as a product: text, figures in German format, pages, outline.

Print-quality checks on the built example PDF, German and English: every chapter and
appendix in the text and in the bookmarks, "Seite 3 von N" in the footer, numbered and
listed captions, German numbers, PDF metadata, tagged PDF, the same bytes twice (also
without SOURCE_DATE_EPOCH), and the HTML output showing what the PDF shows.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

import kosieval
from kosieval.present.section import Table
from kosieval.report.render import build_context

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def german_pdf(tmp_path_factory, example_study):
    out = tmp_path_factory.mktemp("report") / "bericht.pdf"
    built = kosieval.build_report(example_study, out, locale="de")
    return built


@pytest.fixture(scope="module")
def german_text(german_pdf):
    reader = PdfReader(german_pdf.output)
    return "\n".join(page.extract_text() for page in reader.pages)


def _outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def test_chapter_headings_and_outline(german_pdf, german_text):
    for heading in ("Inhaltsverzeichnis", "Das Wichtigste in Kürze", "Methoden", "Reliabilität der Skalen",
                    "Veränderungen von T0 zu T1", "Datenprüfung", "Datenherkunft"):
        assert heading in german_text, heading
    titles = _outline_titles(PdfReader(german_pdf.output))
    assert any("Reliabilität der Skalen" in t for t in titles)
    assert any("Veränderungen von T0 zu T1" in t for t in titles)
    assert any("Datenherkunft" in t for t in titles)


def test_key_figures_in_german_number_format(german_pdf, german_text, example_study):
    flat = re.sub(r"\s+", " ", german_text)
    # n per wave, as read from the exports (see surveys/example/README.md)
    for survey in example_study.surveys.values():
        assert f"{survey.codebook.title.de} {survey.wave}: n = {survey.n}" in flat
    # alpha with a decimal comma, equal to the unrounded result rounded to 2 places
    reliability = next(r for r in german_pdf.reflections if r.name == "reliability").result
    first = reliability.rows[0]
    alpha_text = f"{first.result.alpha:.2f}".replace(".", ",")
    assert f"α = {alpha_text}" in flat or alpha_text in flat
    assert re.search(r"α = 0,\d\d", flat)
    assert "95 %-KI [" in flat
    assert not re.search(r"α = 0\.\d\d", flat)  # no English decimal point in the German report


def test_tables_and_figures_are_numbered(german_text):
    assert "Tabelle 1" in german_text and "Abbildung 1" in german_text
    assert "Abbildung 2" in german_text
    assert "Tabellenverzeichnis" in german_text and "Abbildungsverzeichnis" in german_text


def test_page_count_and_page_numbers(german_pdf, german_text):
    pages = len(PdfReader(german_pdf.output).pages)
    assert 40 <= pages <= 70  # 9 modules, instruments appendix, provenance: 56 pages on 2026-11-26
    assert f"Seite 2 von {pages}" in german_text


def test_provenance_lists_input_hashes(german_pdf, german_text, example_study):
    manifest = json.loads(german_pdf.manifest.read_text(encoding="utf-8"))
    paths = {entry["path"] for entry in manifest["inputs"]}
    assert "data/teilnehmende_T0.csv" in paths and "study.yaml" in paths
    first_hash = next(e["sha256"] for e in manifest["inputs"] if e["path"] == "data/teilnehmende_T0.csv")
    assert first_hash[:16] in german_text.replace("\n", "")
    assert manifest["output"]["sha256"]


def test_free_text_and_personal_columns_never_reach_the_report(german_text, example_study):
    flat = re.sub(r"\s+", " ", german_text)
    comments = [c for s in example_study.surveys.values() for c in s.responses["comment"].dropna()]
    assert any("<script>" in c for c in comments)  # the example plants HTML, a formula, an e-mail
    assert any("@" in c for c in comments)
    for comment in comments:
        assert comment[:25] not in flat
    assert "<script>" not in flat and "@" not in flat
    assert "192.0.2." not in flat  # LimeSurvey's ipaddr column


@pytest.fixture(scope="module")
def english_pdf(tmp_path_factory, example_study):
    return kosieval.build_report(example_study, tmp_path_factory.mktemp("report-en") / "report.pdf", locale="en")


@pytest.fixture(scope="module")
def english_text(english_pdf):
    return "\n".join(p.extract_text() for p in PdfReader(english_pdf.output).pages)


def test_english_report_uses_english_formats(english_text):
    flat = re.sub(r"\s+", " ", english_text)
    assert "Reliability of the scales" in flat and "Change from T0 to T1" in flat
    assert re.search(r"α = 0\.\d\d", flat)
    assert "95% CI [" in flat
    assert "Page 2 of" in flat
    # the researchers' texts come in English too (texte/<name>.en.md), with English dates
    assert "During the test phase (1 March 2026 to 30 September 2026)" in flat
    assert "Anchor the coordination firmly" in flat and "Die Teilnehmenden trauen sich" not in flat
    assert "Koordination fest verankern" not in flat


def test_same_inputs_give_the_same_bytes(tmp_path, example_study, german_pdf, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    again = kosieval.build_report(example_study, tmp_path / "bericht.pdf", locale="de")
    first = hashlib.sha256(german_pdf.output.read_bytes()).hexdigest()
    assert hashlib.sha256(again.output.read_bytes()).hexdigest() == first


# --------------------------------------------------------------------------- print quality


def _flat(text: str) -> str:
    """Whitespace squashed, no-break spaces as spaces, word joiners and soft hyphens dropped."""
    text = text.replace("\u00a0", " ").replace("\u2060", "").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def _pdf(built, text):
    return {"built": built, "text": _flat(text), "context": build_context(built.document),
            "reader": PdfReader(built.output)}


@pytest.fixture(scope="module", params=["de", "en"])
def pdf(request, german_pdf, german_text, english_pdf, english_text):
    return _pdf(german_pdf, german_text) if request.param == "de" else _pdf(english_pdf, english_text)


def test_every_chapter_and_appendix_in_text_and_bookmarks(pdf):
    context, text = pdf["context"], pdf["text"]
    titles = [_flat(t) for t in _outline_titles(pdf["reader"])]
    parts = [*context["chapters"], *context["appendices"]]
    assert [c.title for c in context["chapters"]][-1] in ("Empfehlungen", "Recommendations")
    assert context["appendices"][0].title in ("Instrumente", "Instruments")
    for part in parts:
        assert _flat(part.title) in text, part.title
        assert f"{part.number} {_flat(part.title)}" in titles, (part.title, titles)
    for fixed in ("summary", "contents", "list_of_tables", "list_of_figures", "appendix"):
        assert context["labels"][fixed] in titles


def test_footer_page_numbers(pdf):
    reader = pdf["reader"]
    pages = len(reader.pages)
    page, of = pdf["context"]["labels"]["page"], pdf["context"]["labels"]["of"]
    assert f"{page} 3 {of} {pages}" in _flat(reader.pages[2].extract_text())
    assert f"{page} {pages} {of} {pages}" in _flat(reader.pages[-1].extract_text())


def test_captions_are_numbered_and_listed(pdf):
    context, text = pdf["context"], pdf["text"]
    assert len(context["list_of_tables"]) >= 8 and len(context["list_of_figures"]) >= 2
    for number, entry in enumerate((*context["list_of_tables"], *context["list_of_figures"]), 1):
        assert entry.label.endswith(str(number if entry in context["list_of_tables"]
                                        else number - len(context["list_of_tables"])))
        # once in the list of tables/figures, once at the table or figure
        assert text.count(f"{entry.label}: {_flat(entry.caption)[:30]}") >= 2, entry


def test_numbers_follow_the_locale(pdf):
    text, locale = pdf["text"], pdf["built"].document.locale
    change = next(r.section for r in pdf["built"].reflections if r.name == "change")
    d_z = change.key_figures["d_z_self_efficacy"]
    assert re.fullmatch(r"0,\d\d" if locale == "de" else r"0\.\d\d", d_z)
    assert f"d_z = {d_z}" in text
    if locale == "de":
        # before the provenance appendix (software versions and study.yaml are not report numbers)
        provenance = pdf["context"]["appendices"][-1]
        heading = f"{provenance.number} {provenance.title}"
        body = text[: text.index(heading, text.index(heading) + 1)]  # first: the table of contents
        assert not re.search(r"\b0\.\d\d\b", body)


def test_pdf_metadata_and_language(pdf):
    reader, document = pdf["reader"], pdf["built"].document
    assert reader.metadata.title == document.title
    assert reader.metadata.author == ", ".join(document.authors)
    assert reader.trailer["/Root"]["/Lang"] == document.locale


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler's pdfinfo is not installed")
def test_pdfinfo_says_tagged(german_pdf):
    info = subprocess.run(["pdfinfo", str(german_pdf.output)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@pytest.fixture(scope="module")
def german_html(tmp_path_factory, example_study):
    built = kosieval.build_report(example_study, tmp_path_factory.mktemp("html") / "bericht.html", locale="de",
                                  format="html")
    parser = _TextOnly()
    parser.feed(built.output.read_text(encoding="utf-8"))
    return _flat(html_lib.unescape(" ".join(parser.parts)))


def test_html_shows_what_the_pdf_shows(german_pdf, german_text, german_html):
    pdf_text = _flat(german_text)
    context = build_context(german_pdf.document)
    for part in (*context["chapters"], *context["appendices"]):
        assert part.title in german_html and part.title in pdf_text
    for entry in (*context["list_of_tables"], *context["list_of_figures"]):
        caption = f"{entry.label}: {_flat(entry.caption)[:30]}"
        assert caption in german_html and caption in pdf_text, caption
    numbers = {cell for section in german_pdf.document.sections for block in section.blocks
               if isinstance(block, Table) for row in block.rows for cell in row
               if re.fullmatch(r"[−-]?\d+,\d+", cell)}
    assert len(numbers) > 20
    for number in sorted(numbers):
        assert number in german_html and number in pdf_text, number


def test_pdf_gets_the_usual_file_mode(german_pdf):
    # written through a temporary file (mkstemp: 0600), then given the mode open() would give
    import os
    import stat

    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(german_pdf.output.stat().st_mode) == 0o666 & ~umask
