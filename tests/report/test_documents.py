"""The two documents: what the evaluation and the transfer report hold, the instruments
appendix, module placement, and the safety of researchers' texts and data values."""

from __future__ import annotations

import dataclasses
import re
import types
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from sample_report import make_document

from kosieval.cli import cli
from kosieval.errors import ConfigError
from kosieval.model.codebook import Codebook, Text
from kosieval.present.section import Heading, KeyFigure, Paragraph, Section
from kosieval.reflections import registry
from kosieval.reflections.spec import ReflectionSpec
from kosieval.report import build
from kosieval.report.build import build_document, build_report
from kosieval.report.document import HtmlText
from kosieval.report.fetcher import RefusedURLError
from kosieval.report.instruments import instruments_appendix, response_format
from kosieval.report.render import build_context, render_html, render_pdf
from kosieval.report.texts import markdown_to_html

HOSTILE = '<img src="file:///etc/passwd">'


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", value)


def _configured(study, **report):
    """The example study with some ``report`` settings replaced."""
    config = study.config.model_copy(update={"report": study.config.report.model_copy(update=report)})
    return dataclasses.replace(study, config=config)


def _fake_transfer() -> types.ModuleType:
    """A stand-in transfer module (the real one is wired in by the lead)."""
    module = types.ModuleType("fake_transfer")
    module.SPEC = ReflectionSpec(name="transfer", title=Text(de="Transfer in andere Städte", en="Transfer"),
                                 description=Text(de="Checkliste", en="checklist"),
                                 requirements=lambda study, **params: [])
    module.analyze = lambda study: "unrounded"
    module.present = lambda result, locale: Section(
        id="transfer", title="Transfer in andere Städte", blocks=(Paragraph("Checkliste mit 12 Punkten."),),
        summary=("Zwölf Punkte der Checkliste sind belegt.",), key_figures={"n_items": "12"},
        highlights=(KeyFigure("n_items", "Punkte der Transfer-Checkliste", "12", "davon 10 belegt"),))
    return module


@pytest.fixture(scope="module")
def evaluation(example_study):
    document, reflections = build_document(example_study, locale="de")
    return document, reflections


# --------------------------------------------------------------------------- evaluation report


def test_evaluation_report_parts(evaluation, example_study) -> None:
    document, reflections = evaluation
    chapter_modules = [r.name for r in reflections if registry.spec_of(r.name).placement == "chapter"]
    assert [s.id for s in document.sections] == chapter_modules
    assert document.appendices[0].id == "instruments" and document.appendices[0].title == "Instrumente"
    assert [a.id for a in document.appendices] == ["instruments", "reliability", "agreement", "data_quality"]
    assert document.summary_text is not None and "Musterstadt" in document.summary_text.html
    assert document.recommendations is not None and 5 <= len(document.recommendations.points) <= 7
    assert document.notices == ()
    inputs = [i.path for i in document.provenance.inputs]
    assert "texte/summary.md" in inputs and "texte/change.md" in inputs and "study.yaml" in inputs


def test_module_text_follows_its_blocks_under_einordnung(evaluation) -> None:
    document, reflections = evaluation
    change = next(s for s in document.sections if s.id == "change")
    original = next(r.section for r in reflections if r.name == "change")
    assert change.blocks[: len(original.blocks)] == original.blocks
    heading, text = change.blocks[len(original.blocks):]
    assert heading == Heading("Einordnung")
    assert isinstance(text, HtmlText) and text.source == "texte/change.md"
    assert f"d_z = {original.key_figures['d_z_self_efficacy']}" in text.html
    reliability = next(s for s in document.appendices if s.id == "reliability")
    assert not any(isinstance(b, HtmlText) for b in reliability.blocks)  # no reliability.md


def test_recommendations_chapter_and_summary_order(evaluation) -> None:
    document, _ = evaluation
    context = build_context(document)
    assert context["chapters"][-1].title == "Empfehlungen"
    assert context["chapters"][-1].number == str(len(document.sections) + 1)
    assert context["recommendations_more"] == f"Ausführlich in Kapitel {len(document.sections) + 1}"
    html = render_html(document)
    summary = html[html.index('class="part summary"'):html.index("</section>", html.index('class="part summary"'))]
    order = [summary.index(mark) for mark in ('class="text"', "Zentrale Ergebnisse", "recommendation-points")]
    assert order == sorted(order)
    assert "Einordnung" in html and "Koordination fest verankern." in html


def test_summary_figures_from_config(example_study) -> None:
    study = _configured(example_study, summary_figures=("change.d_z_self_efficacy", "change.n_pairs_self_efficacy"))
    document, reflections = build_document(study, locale="de")
    change = next(r.section for r in reflections if r.name == "change")
    assert [(f.name, f.value) for f in document.key_figures] == [
        ("d_z_self_efficacy", change.key_figures["d_z_self_efficacy"]),
        ("n_pairs_self_efficacy", change.key_figures["n_pairs_self_efficacy"]),
    ]
    html = render_html(document)
    assert f'<span class="key-figure-value">{change.key_figures["d_z_self_efficacy"]}</span>' in html
    with pytest.raises(ConfigError) as info:
        build_document(_configured(example_study, summary_figures=("change.wellbeing",)), locale="de")
    assert "study.yaml" in str(info.value) and "change.wellbeing" in str(info.value)
    assert "change.d_z_self_efficacy" in str(info.value)


def test_appendix_placement_follows_the_spec(example_study, monkeypatch: pytest.MonkeyPatch) -> None:
    def spec_of(name: str) -> ReflectionSpec:
        spec = registry.spec_of(name)
        return dataclasses.replace(spec, placement="appendix") if name == "change" else spec

    monkeypatch.setattr(build, "spec_of", spec_of)
    document, _ = build_document(example_study, locale="de")
    assert "change" not in [s.id for s in document.sections]
    assert [a.id for a in document.appendices] == ["instruments", "change", "reliability", "agreement", "data_quality"]
    context = build_context(document)
    assert [(a.number, a.title) for a in context["appendices"]] == [
        ("A", "Instrumente"), ("B", "Veränderungen von T0 zu T1"), ("C", "Reliabilität der Skalen"),
        ("D", "Intercoder-Übereinstimmung"), ("E", "Datenqualität"), ("F", "Datenherkunft")]
    assert context["chapters"][0].number == "1" and context["chapters"][0].title == "Beteiligung"


def test_data_quality_appendix_even_when_not_listed(example_study) -> None:
    document, _ = build_document(_configured(example_study, reflections=("change",)), locale="de")
    assert [a.id for a in document.appendices] == ["instruments", "data_quality"]


# --------------------------------------------------------------------------- transfer report


def test_transfer_report_without_the_transfer_module(example_study, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(registry.REGISTRY, "transfer", raising=False)
    study = _configured(example_study, reflections=("change",))
    document, reflections = build_document(study, locale="de", kind="transfer")
    assert "transfer" not in [r.name for r in reflections]
    assert document.kind == "transfer" and document.sections == () and document.appendices == ()
    assert document.notices and "Transfermodul wurde für diesen Bericht nicht ausgeführt" in document.notices[0]
    assert document.recommendations is not None and document.summary_text is not None
    context = build_context(document)
    assert [c.title for c in context["chapters"]] == ["Empfehlungen"]
    assert [a.title for a in context["appendices"]] == ["Datenherkunft"]
    assert context["list_of_tables"] == () and context["list_of_figures"] == ()
    html = render_html(document)
    assert "Transferbericht" in html and "Über diese Studie" in html and "Tabellenverzeichnis" not in html
    assert "nicht ausgeführt" in html and "app-instruments" not in html
    titles = [e.title for e in context["toc"]]
    assert titles.index("Empfehlungen") < titles.index("Über diese Studie") < titles.index("Anhang")


def test_transfer_report_with_a_transfer_module(example_study, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.REGISTRY, "transfer", _fake_transfer())
    document, _ = build_document(_configured(example_study, reflections=("change",)), locale="en",
                                 kind="transfer")
    assert [s.id for s in document.sections] == ["transfer"]
    assert document.notices == ()
    assert "Punkte der Transfer-Checkliste" in [f.label for f in document.key_figures]
    assert "Zwölf Punkte der Checkliste sind belegt." in document.summary
    context = build_context(document)
    assert [(c.number, c.title) for c in context["chapters"]] == [("1", "Transfer in andere Städte"),
                                                                  ("2", "Recommendations")]
    assert context["methods"].title == "About this study"
    assert context["cover"]["kind_label"] == "Transfer report"


def test_cli_kind_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["example", "--kind", "transfer", "--format", "html", "-o", "t.html"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "Transferbericht" in html and "Checkliste für den Transfer" in html and "Phasenmodell" in html
    assert "--kind [evaluation|transfer]" in CliRunner().invoke(cli, ["report", "--help"]).output
    assert CliRunner().invoke(cli, ["example", "--kind", "brochure"]).exit_code == 2


# --------------------------------------------------------------------------- instruments appendix


def test_instruments_appendix(example_study) -> None:
    section = instruments_appendix(example_study, locale="de")
    assert [t.id for t in section.tables] == [
        "tab-instruments-items-participant", "tab-instruments-scales-participant",
        "tab-instruments-items-team", "tab-instruments-scales-team"]
    items = {row[0]: row for row in section.tables[0].rows}
    assert items["se1"][2] == "1–4 (trifft gar nicht zu … trifft genau zu)"
    assert items["actor_group"][2].startswith("1 = Verwaltung; 2 = Politik")
    assert items["ti1"][2] == "0–10 (überhaupt kein Vertrauen … volles Vertrauen)"
    assert items["comment"][2].startswith("Freitext")
    reverse = [row[0] for row in section.tables[0].rows if row[4] == "ja"]
    assert reverse == ["it3"]  # README: it3 is reverse-keyed
    scales = {row[0]: row for row in section.tables[1].rows}
    assert "DOI 10.6102/zis35" in " ".join(row[4] for row in scales.values())
    assert any("DOI nicht verfügbar" in row[4] for row in scales.values())
    assert all(re.fullmatch(r"\d+ / \d+", row[3]) for row in scales.values())
    waves = " ".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    assert f"T0 (n = {example_study.surveys['participants_t0'].n})" in waves
    english = instruments_appendix(example_study, locale="en")
    assert english.title == "Instruments"
    assert next(r for r in english.tables[0].rows if r[0] == "se1")[2] == "1–4 (not at all true … exactly true)"


def _hostile_study(study, *, personal: str):
    """The example study with a hostile item wording and one item marked personal."""
    data = study.codebooks["participant"].model_dump()
    for item in data["items"]:
        if item["id"] == "se1":
            item["text"] = {"de": f"Wortlaut {HOSTILE}", "en": f"Wording {HOSTILE}"}
        if item["id"] == personal:
            item["personal"] = True
    codebooks = {**study.codebooks, "participant": Codebook.model_validate(data)}
    return dataclasses.replace(study, codebooks=codebooks)


def test_personal_items_are_left_out_unless_allowed(example_study) -> None:
    study = _hostile_study(example_study, personal="ve2")
    rows = instruments_appendix(study, locale="de").tables[0]
    assert "ve2" not in [r[0] for r in rows.rows]
    assert "1 personenbezogene Items sind nicht aufgeführt." in rows.notes
    privacy = study.config.privacy.model_copy(update={"allow_personal_columns": True})
    allowed = dataclasses.replace(study, config=study.config.model_copy(update={"privacy": privacy}))
    assert "ve2" in [r[0] for r in instruments_appendix(allowed, locale="de").tables[0].rows]


def test_response_formats() -> None:
    from kosieval.model.codebook import Item

    numeric = Item(id="hours", type="numeric", min=0, max=200, unit="Stunden", text=Text(de="h", en="h"))
    assert response_format(numeric, locale="de") == "Zahl 0–200 (Stunden)"
    assert response_format(numeric, locale="en") == "number 0–200 (Stunden)"
    assert response_format(Item(id="d", type="date", text=Text(de="d", en="d")), locale="de") == "Datum"


# --------------------------------------------------------------------------- safety


@pytest.fixture(scope="module")
def hostile_pdf(example_study, tmp_path_factory):
    """A PDF whose texts and item wordings carry markup aimed at local files."""
    folder = tmp_path_factory.mktemp("hostile")
    text = markdown_to_html(f"Bild: ![x](file:///etc/passwd)\n\nRoh: {HOSTILE}\n", path=folder / "summary.md",
                            texts_dir=folder)
    appendix = instruments_appendix(_hostile_study(example_study, personal="ve2"), locale="de")
    document = dataclasses.replace(make_document(), summary_text=text, appendices=(appendix,))
    out = render_pdf(document, folder / "hostile.pdf", allowed_dirs=(folder,))
    return out


@pytest.mark.slow
def test_markup_in_texts_and_item_wordings_arrives_as_text(hostile_pdf: Path) -> None:
    text = _squash("\n".join(p.extract_text() for p in PdfReader(hostile_pdf).pages))
    assert "Bild: ![x](file:///etc/passwd)" in text
    assert f"Roh: {HOSTILE}" in text
    assert f"Wortlaut {HOSTILE}".replace(" ", "") in text.replace(" ", "")  # wraps in the narrow column
    data = hostile_pdf.read_bytes()
    assert b"root:x:0" not in data
    assert "root:" not in text


def test_image_url_in_a_text_is_refused_naming_it(example_study, tmp_path: Path) -> None:
    texts = tmp_path / "texte"
    texts.mkdir()
    (texts / "summary.md").write_text("Logo:\n![x](http://example.org/a.png)\n", encoding="utf-8")
    study = dataclasses.replace(example_study, folder=tmp_path)
    with pytest.raises(ConfigError) as info:
        build_report(study, tmp_path / "out.pdf")
    assert "http://example.org/a.png" in str(info.value)
    assert "texte/summary.md" in str(info.value) and "Zeile/line 2" in str(info.value)
    assert not (tmp_path / "out.pdf").exists()


def test_fetcher_is_the_second_wall(tmp_path: Path) -> None:
    """Even HTML that slipped past the text checks cannot read files outside the allowed folders."""
    sneaked = HtmlText(html='<p><img src="file:///etc/passwd" alt="x"></p>', source="texte/summary.md")
    document = dataclasses.replace(make_document(), summary_text=sneaked)
    with pytest.raises(RefusedURLError) as info:
        render_pdf(document, tmp_path / "out.pdf", allowed_dirs=(tmp_path,))
    assert "file:///etc/passwd" in str(info.value)
    assert not (tmp_path / "out.pdf").exists()
