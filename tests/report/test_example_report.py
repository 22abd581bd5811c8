"""The example report as a product: text, figures in German format, pages, outline."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

import kosieval

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
    for heading in ("Inhaltsverzeichnis", "Zusammenfassung", "Methoden", "Reliabilität der Skalen",
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
    assert 8 <= pages <= 30
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


def test_english_report_uses_english_formats(tmp_path, example_study):
    built = kosieval.build_report(example_study, tmp_path / "report.pdf", locale="en")
    text = "\n".join(p.extract_text() for p in PdfReader(built.output).pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Reliability of the scales" in flat and "Change from T0 to T1" in flat
    assert re.search(r"α = 0\.\d\d", flat)
    assert "95% CI [" in flat
    assert "Page 2 of" in flat


def test_same_inputs_give_the_same_bytes(tmp_path, example_study, german_pdf):
    again = kosieval.build_report(example_study, tmp_path / "bericht.pdf", locale="de")
    assert again.output.read_bytes() == german_pdf.output.read_bytes()
