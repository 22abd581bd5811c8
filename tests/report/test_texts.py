"""The researchers' Markdown texts: sandboxed placeholders, sanitised Markdown, file lookup."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from types import MappingProxyType

import pytest

from kosieval.errors import ConfigError
from kosieval.present.section import Section
from kosieval.report.texts import (
    FIXED_TEXTS,
    available_names,
    fill_template,
    find_text,
    load_texts,
    markdown_to_html,
    render_text,
    text_namespace,
    texts_folder,
)

NAMESPACE = {
    "change": MappingProxyType({"d_z_self_efficacy": "0,40", "n_pairs_self_efficacy": "100"}),
    "study": MappingProxyType({"city": "Musterstadt"}),
}


def _with_texts(study, folder: Path, texts: str | None = "texte"):
    """The example study, moved to ``folder`` (its data stay where they are) with ``report.texts``."""
    report = study.config.report.model_copy(update={"texts": texts})
    return dataclasses.replace(study, folder=folder, config=study.config.model_copy(update={"report": report}))


# --------------------------------------------------------------------------- placeholders


def test_placeholders_are_filled(tmp_path: Path) -> None:
    out = fill_template("d_z = {{ change.d_z_self_efficacy }} in {{ study.city }}", NAMESPACE,
                        path=tmp_path / "change.md")
    assert out == "d_z = 0,40 in Musterstadt"


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("Zeile eins\n\nd = {{ change.d_z_wellbeing }}\n", 3, "d_z_wellbeing"),
        ("eins\n{{ collaboration.mean }}\n", 2, "collaboration"),
        ("eins\nzwei\n{% if change %}\n", 3, "template syntax error"),
        ("{{ change.d_z_self_efficacy }\n", 1, "template syntax error"),
        ("a\n{{ change.__class__ }}\n", 2, "not allowed"),
        ("a\nb\n{{ ''.__class__.__mro__ }}\n", 3, "not allowed"),
        ("{{ 'x' * 100000 }}", 1, "not allowed"),
        ("{{ 2 ** 100000 }}", 1, "not allowed"),
        ("a\n{{ change.d_z_self_efficacy | nofilter }}", 2, "nofilter"),
    ],
)
def test_template_errors_name_file_line_and_available_names(tmp_path: Path, source: str, line: int,
                                                            message: str) -> None:
    path = tmp_path / "texte" / "change.md"
    with pytest.raises(ConfigError) as info:
        fill_template(source, NAMESPACE, path=path)
    text = str(info.value)
    assert str(path) in text
    assert f"Zeile/line {line}:" in text
    assert info.value.line == line
    assert message in text
    assert "change.d_z_self_efficacy, change.n_pairs_self_efficacy, study.city" in text


def test_namespace_is_read_only(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        fill_template("{{ change.update({'x': 1}) }}", NAMESPACE, path=tmp_path / "a.md")
    assert "x" not in NAMESPACE["change"]


def test_namespace_of_the_example(example_study) -> None:
    sections = [Section(id="change", title="Veränderung", key_figures={"d_z_self_efficacy": "0,40"})]
    namespace = text_namespace(example_study, sections, locale="de")
    assert namespace["change"]["d_z_self_efficacy"] == "0,40"
    assert namespace["study"]["city"] == "Musterstadt"
    assert namespace["study"]["lab"] == "KoSI-Lab Musterstadt"
    assert namespace["study"]["date"] == "24. November 2026"
    assert namespace["study"]["test_phase_start"] == "1. März 2026"
    assert namespace["study"]["authors"] == "Dr. Anna Beispiel und Jonas Muster"
    assert namespace["n"]["participants_t0"] == str(example_study.surveys["participants_t0"].n)
    english = text_namespace(example_study, sections, locale="en")
    assert english["study"]["date"] == "24 November 2026"
    assert english["study"]["authors"] == "Dr. Anna Beispiel and Jonas Muster"
    assert "change.d_z_self_efficacy" in available_names(namespace)
    assert "n.team_t1" in available_names(namespace)


# --------------------------------------------------------------------------- Markdown


def test_headings_are_shifted_below_the_outline(tmp_path: Path) -> None:
    html = markdown_to_html("# Eins\n\n## Zwei\n\n#### Vier\n\n###### Sechs\n", path=tmp_path / "a.md",
                            texts_dir=tmp_path).html
    assert "<h3>Eins</h3>" in html and "<h4>Zwei</h4>" in html
    assert "<h6>Vier</h6>" in html and "<h6>Sechs</h6>" in html
    assert "<h1" not in html and "<h2" not in html


def test_raw_html_is_text_and_links_are_checked(tmp_path: Path) -> None:
    source = ('Vorher <img src="file:///etc/passwd"> <script>alert(1)</script>\n\n'
              "[Bericht](https://example.org/bericht) [böse](javascript:alert(1)) [Datei](file:///etc/passwd)\n")
    html = markdown_to_html(source, path=tmp_path / "a.md", texts_dir=tmp_path).html
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert '<a href="https://example.org/bericht">Bericht</a>' in html
    assert 'href="javascript' not in html and 'href="file' not in html


def test_images_inside_the_texts_folder_become_file_uris(tmp_path: Path) -> None:
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "foto.png").write_bytes(b"\x89PNG")
    html = markdown_to_html("![Workshop](bilder/foto.png)", path=tmp_path / "a.md", texts_dir=tmp_path).html
    assert f'src="{(tmp_path / "bilder" / "foto.png").resolve().as_uri()}"' in html
    assert 'alt="Workshop"' in html


@pytest.mark.parametrize(
    "src",
    ["http://example.org/a.png", "../geheim.png", "/etc/passwd", "bilder/fehlt.png", "link.png",
     "data:image/png;base64,iVBORw0KGgo="],
)
def test_images_outside_the_texts_folder_are_refused(tmp_path: Path, src: str) -> None:
    texts = tmp_path / "texte"
    texts.mkdir()
    (tmp_path / "geheim.png").write_bytes(b"\x89PNG")
    (texts / "link.png").symlink_to(tmp_path / "geheim.png")
    path = texts / "summary.md"
    with pytest.raises(ConfigError) as info:
        markdown_to_html(f"Absatz\n\nnoch einer\n![x]({src})\n", path=path, texts_dir=texts)
    text = str(info.value)
    assert str(path) in text and "Zeile/line 4" in text
    assert src in text


def test_file_url_image_is_not_an_image(tmp_path: Path) -> None:
    # markdown-it refuses file: URLs, so the image syntax stays text (neutralised)
    html = markdown_to_html("![x](file:///etc/passwd)", path=tmp_path / "a.md", texts_dir=tmp_path).html
    assert "<img" not in html
    assert "![x](file:///etc/passwd)" in html


def test_list_points_bold_lead_or_first_paragraph(tmp_path: Path) -> None:
    source = ("Einleitung.\n\n1. **Früh anfangen.** Weil es hilft.\n2. Ohne Fettdruck, `mit Code`\n"
              "   - verschachtelt\n3. **Drei**\n\n- zweite Liste\n")
    points = markdown_to_html(source, path=tmp_path / "a.md", texts_dir=tmp_path).points
    assert points == ("Früh anfangen.", "Ohne Fettdruck, mit Code", "Drei")
    assert markdown_to_html("Kein Punkt.", path=tmp_path / "a.md", texts_dir=tmp_path).points == ()


def test_render_text_reads_utf8_only(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_bytes("Zähler {{ change.n_pairs_self_efficacy }}".encode("cp1252"))
    with pytest.raises(ConfigError, match="UTF-8"):
        render_text(path, NAMESPACE, texts_dir=tmp_path)
    path.write_text("Zähler {{ change.n_pairs_self_efficacy }}", encoding="utf-8")
    assert render_text(path, NAMESPACE, texts_dir=tmp_path).html == "<p>Zähler 100</p>"


# --------------------------------------------------------------------------- the folder


def test_english_text_falls_back_to_german(tmp_path: Path) -> None:
    (tmp_path / "change.md").write_text("de", encoding="utf-8")
    (tmp_path / "summary.md").write_text("de", encoding="utf-8")
    (tmp_path / "summary.en.md").write_text("en", encoding="utf-8")
    assert find_text(tmp_path, "summary", locale="en") == tmp_path / "summary.en.md"
    assert find_text(tmp_path, "summary", locale="de") == tmp_path / "summary.md"
    assert find_text(tmp_path, "change", locale="en") == tmp_path / "change.md"
    assert find_text(tmp_path, "themes", locale="de") is None


def test_missing_or_outside_texts_folder_is_a_config_error(example_study, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        texts_folder(_with_texts(example_study, tmp_path, "texte"))
    assert info.value.key == "report.texts" and "texte" in str(info.value)
    (tmp_path / "study").mkdir()
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(ConfigError, match="outside the study folder"):
        texts_folder(_with_texts(example_study, tmp_path / "study", "../elsewhere"))
    assert texts_folder(_with_texts(example_study, tmp_path, None)) is None


def test_load_texts(example_study, tmp_path: Path) -> None:
    texts = tmp_path / "texte"
    texts.mkdir()
    (texts / "change.md").write_text("# Deutung\n\nd_z = {{ change.d_z_self_efficacy }}", encoding="utf-8")
    (texts / "change.en.md").write_text("d_z is {{ change.d_z_self_efficacy }}", encoding="utf-8")
    (texts / "themes.md").write_text("{{ themes.never_rendered }}", encoding="utf-8")  # module did not run
    (texts / "notes.md").write_text("{{ broken", encoding="utf-8")  # not a text name: ignored
    (texts / "recommendations.md").write_text("1. **Eins.** Mehr.\n2. **Zwei.**\n", encoding="utf-8")
    study = _with_texts(example_study, tmp_path)
    sections = [Section(id="change", title="Veränderung", key_figures={"d_z_self_efficacy": "0,40"})]
    german = load_texts(study, sections, locale="de")
    assert set(german.modules) == {"change"}
    assert german.modules["change"].html == "<h3>Deutung</h3>\n<p>d_z = 0,40</p>"
    assert german.modules["change"].source == "texte/change.md"
    assert german.summary is None and german.methods is None
    assert german.recommendations is not None and german.recommendations.points == ("Eins.", "Zwei.")
    assert [p.name for p in german.files] == ["change.md", "recommendations.md"]
    english = load_texts(study, sections, locale="en")
    assert english.modules["change"].html == "<p>d_z is 0,40</p>"
    assert english.recommendations is not None  # German fallback
    assert set(FIXED_TEXTS) == {"summary", "recommendations", "methods"}


def test_example_texts_render(example_study) -> None:
    sections = [Section(id="change", title="Veränderung",
                        key_figures={"d_z_self_efficacy": "0,40", "n_pairs_self_efficacy": "100",
                                     "d_z_sense_of_community": "0,30"}),
                Section(id="collaboration", title="Zusammenarbeit"), Section(id="themes", title="Themen")]
    texts = load_texts(example_study, sections, locale="de")
    assert set(texts.modules) == {"change", "collaboration", "themes"}
    assert "d_z = 0,40" in texts.modules["change"].html
    assert texts.summary is not None and "Musterstadt" in texts.summary.html
    assert texts.recommendations is not None and 5 <= len(texts.recommendations.points) <= 7
    for path in texts.files:
        assert os.path.getsize(path) > 0
