"""The new-city study folder (kosieval.scaffold): files, study.yaml, refusals, and a filled folder end to end."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import typing

import pytest
import yaml

from kosieval._resources import example_study_dir, instruments_dir
from kosieval.errors import KosievalError
from kosieval.io.activities import COLUMNS as ACTIVITY_COLUMNS
from kosieval.io.instruments import read_instrument
from kosieval.io.study import read_study
from kosieval.model.study import (
    ActivitySource,
    InterviewSource,
    PrivacyConfig,
    ReportConfig,
    StudyConfig,
    StudyInfo,
    SurveyFormat,
    SurveySource,
    parse_study_config,
)
from kosieval.reflections.registry import spec_of
from kosieval.report.texts import fill_template, markdown_to_html
from kosieval.scaffold import NewStudyFolder, study_id_for, write_study_folder
from kosieval.scaffold.new_study import REFLECTIONS

CHAPTERS = [name for name in REFLECTIONS if spec_of(name).placement == "chapter"]
KEY_LINE = re.compile(r"^(\s*)(- )?([A-Za-z_][A-Za-z0-9_]*):(\s|$)")


def _config(folder):
    path = folder / "study.yaml"
    return parse_study_config(yaml.safe_load(path.read_text(encoding="utf-8")), path=path)


@pytest.fixture()
def fresh(tmp_path):
    return write_study_folder(tmp_path / "neustadt", city="Neustadt an der Weinstraße")


# --------------------------------------------------------------------------- files


def test_writes_the_template_files(fresh):
    assert isinstance(fresh, NewStudyFolder)
    expected = {"study.yaml", "README.md", "data/LIESMICH.txt", "instruments/participant.yaml",
                "instruments/team.yaml", "texte/summary.md", "texte/recommendations.md",
                *(f"texte/{name}.md" for name in CHAPTERS)}
    assert {p.as_posix() for p in fresh.written} == expected
    assert fresh.written[-1].as_posix() == "study.yaml"  # written last
    assert fresh.kept == ()
    on_disk = {p.relative_to(fresh.folder).as_posix() for p in fresh.folder.rglob("*") if p.is_file()}
    assert on_disk == expected
    assert CHAPTERS == ["participation", "collaboration", "change", "themes", "synthesis", "transfer"]


def test_instruments_are_copies_of_the_shipped_set_without_the_checklist(fresh):
    copied = sorted(p.name for p in (fresh.folder / "instruments").iterdir())
    assert copied == ["participant.yaml", "team.yaml"]
    for name in copied:
        assert (fresh.folder / "instruments" / name).read_bytes() == (instruments_dir() / name).read_bytes()
    assert (instruments_dir() / "transfer_checklist.yaml").is_file()


def test_data_readme_names_every_export_and_the_activity_header(fresh):
    text = (fresh.folder / "data" / "LIESMICH.txt").read_text(encoding="utf-8")
    config = _config(fresh.folder)
    for source in config.surveys:
        assert source.file in text and source.id in text
    assert config.interviews.file in text and config.activities.file in text
    assert ";".join(ACTIVITY_COLUMNS) in text


def test_readme_gives_the_four_steps_in_german_and_english(fresh):
    text = (fresh.folder / "README.md").read_text(encoding="utf-8")
    steps = ["data/LIESMICH.txt", "mapping:", "kosieval validate .", "kosieval report ."]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "Neustadt an der Weinstraße" in text and "## English" in text
    assert "`{#` und `#}`" in text  # the comment syntax of texte/ is explained (not eaten by the template)
    assert "{{ change.d_z_self_efficacy }}" in text
    assert "--lang en" not in text.split("## English")[1]


def test_texts_hold_only_a_comment_that_the_report_drops(fresh):
    for path in sorted((fresh.folder / "texte").glob("*.md")):
        source = path.read_text(encoding="utf-8")
        assert source.startswith("{#") and source.rstrip().endswith("#}"), path.name
        assert "{{" in source and "erscheint nicht im Bericht" in source, path.name
        filled = fill_template(source, {}, path=path)  # no names needed: everything is inside the comment
        assert filled.strip() == ""
        assert markdown_to_html(filled, path=path, texts_dir=path.parent).html == ""


# --------------------------------------------------------------------------- study.yaml


def test_study_yaml_parses_with_the_expected_values(fresh):
    config = _config(fresh.folder)
    info = config.study
    assert (info.id, info.city, info.language) == ("neustadt-an-der-weinstrasse", "Neustadt an der Weinstraße", "de")
    assert info.lab == "KoSI-Lab Neustadt an der Weinstraße"
    assert info.title.de == "Begleitforschung KoSI-Lab Neustadt an der Weinstraße: Evaluation der Testphase"
    assert info.date == dt.date.today()
    assert (info.institution, info.partners, info.authors, info.test_phase) == (None, (), (), None)
    surveys = [(s.id, s.instrument, s.wave, s.file, s.format, s.respondent_id, s.mapping, s.answer_codes)
               for s in config.surveys]
    assert surveys == [
        ("participants_t0", "participant", "T0", "data/teilnehmende_T0.csv", None, "CODE", None, {}),
        ("participants_t1", "participant", "T1", "data/teilnehmende_T1.csv", None, "CODE", None, {}),
        ("team_t1", "team", "T1", "data/team_T1.csv", None, "CODE", None, {}),
    ]
    assert (config.interviews.file, config.interviews.format) == ("data/interviews.qdpx", None)
    assert config.activities.file == "data/aktivitaeten.csv"
    report = config.report
    assert report.reflections == REFLECTIONS
    assert report.outcomes == tuple(s.id for s in read_instrument(instruments_dir() / "participant.yaml").scales)
    assert (report.texts, report.modules, report.summary_figures, report.checklist) == ("texte", {}, (), None)
    assert [d.id for d in report.dimensions] == ["zusammenarbeit", "wirkung", "vertrauen", "ressourcen"]
    assert all(d.codes == () for d in report.dimensions)
    assert config.privacy == PrivacyConfig()
    assert config.strict is False


def test_every_key_line_has_a_comment(fresh):
    lines = (fresh.folder / "study.yaml").read_text(encoding="utf-8").splitlines()
    keys = 0
    for number, line in enumerate(lines):
        match = KEY_LINE.match(line)
        if match is None:
            continue
        keys += 1
        trailing = re.search(r"\s#\s", line) is not None
        above = number > 0 and lines[number - 1].lstrip().startswith("#")
        assert trailing or above, f"line {number + 1} has no comment: {line!r}"
    assert keys > 60


def test_every_key_of_the_schema_is_named(fresh):
    text = (fresh.folder / "study.yaml").read_text(encoding="utf-8")
    models = (StudyConfig, StudyInfo, SurveySource, InterviewSource, ActivitySource, ReportConfig, PrivacyConfig)
    for model in models:
        for key in model.model_fields:
            # as a key, or as a commented-out key with its explanation (optional keys)
            assert re.search(rf"^\s*(#\s*)?(- )?{key}:", text, re.MULTILINE), f"{model.__name__}.{key}"


def test_every_format_is_offered(fresh):
    text = (fresh.folder / "study.yaml").read_text(encoding="utf-8")
    formats = typing.get_args(SurveyFormat)
    assert len(formats) == 10
    for value in formats:
        assert re.search(rf"^#\s+{value}\s", text, re.MULTILINE), value
    interview_formats = typing.get_args(typing.get_args(InterviewSource.model_fields["format"].annotation)[0])
    assert interview_formats == ("refi_qda", "qualcoder", "maxqda", "atlasti", "generic")
    for value in interview_formats:
        assert re.search(rf"^#\s+{value}\s", text, re.MULTILINE), value


def test_mapping_comment_lists_every_item_id(fresh):
    text = (fresh.folder / "study.yaml").read_text(encoding="utf-8")
    blocks = text.split("\n  - id: ")[1:]
    assert [b.split()[0] for b in blocks] == ["participants_t0", "participants_t1", "team_t1"]
    for block, instrument in zip(blocks, ["participant", "participant", "team"]):
        codebook = read_instrument(instruments_dir() / f"{instrument}.yaml")
        listed = block.split(f"# Item-IDs von / item ids of {instrument}:")[1].split("    mapping:")[0]
        ids = re.findall(r"[a-z][a-z0-9_.]*", listed.replace("#", ""))
        assert ids == [v.id for v in codebook.variables]
    assert "kosieval codebook draft data/<export>" in text and "Unverändert einfügen" in text


@pytest.mark.parametrize(("city", "expected"), [
    ("Neustadt an der Weinstraße", "neustadt-an-der-weinstrasse"),
    ("Görlitz", "goerlitz"),
    ("ÖHRINGEN", "oehringen"),
    ("Frankfurt (Oder)", "frankfurt-oder"),
    ("  Saint-Étienne  ", "saint-etienne"),
    ("Halle/Saale 2026", "halle-saale-2026"),
])
def test_study_id_from_the_city(city, expected):
    assert study_id_for(city) == expected


@pytest.mark.parametrize("city", ["東京", "---", ""])
def test_no_study_id_from_a_name_without_letters(city):
    with pytest.raises(ValueError, match="study_id"):
        study_id_for(city)


def test_city_with_yaml_characters_round_trips(tmp_path):
    city = 'Bad "Beispiel": Nord # 2'
    done = write_study_folder(tmp_path / "x", city=city, study_id="bad-beispiel")
    config = _config(done.folder)
    assert config.study.city == city
    assert config.study.id == "bad-beispiel"
    assert config.study.title.en == f"Accompanying research for the KoSI-Lab {city}: evaluation of the test phase"


def test_language_en(tmp_path):
    done = write_study_folder(tmp_path / "x", city="Neustadt", lang="en")
    assert _config(done.folder).study.language == "en"
    readme = (done.folder / "README.md").read_text(encoding="utf-8")
    assert "`kosieval report . --lang en`" in readme


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"city": "  "}, "city: der Stadtname ist leer"),
    ({"city": "Neu\nstadt"}, "Zeilenumbrüche"),
    ({"city": "Neustadt", "study_id": "neu stadt"}, "study_id: 'neu stadt'"),
    ({"city": "Neustadt", "lang": "fr"}, "lang: 'fr'"),
])
def test_bad_arguments(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        write_study_folder(tmp_path / "x", **kwargs)
    assert not (tmp_path / "x").exists()


# --------------------------------------------------------------------------- never overwrite


def test_non_empty_folder_is_refused_and_left_alone(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "notizen.txt").write_text("meins", encoding="utf-8")
    with pytest.raises(KosievalError, match="nicht leer / the folder is not empty.*notizen.txt"):
        write_study_folder(folder, city="Neustadt")
    assert [p.name for p in folder.iterdir()] == ["notizen.txt"]
    assert (folder / "notizen.txt").read_text(encoding="utf-8") == "meins"


def test_force_adds_missing_files_and_keeps_existing_ones(tmp_path):
    folder = tmp_path / "x"
    (folder / "texte").mkdir(parents=True)
    (folder / "README.md").write_text("unser README", encoding="utf-8")
    (folder / "texte" / "summary.md").write_text("Schon geschrieben.", encoding="utf-8")
    done = write_study_folder(folder, city="Neustadt", force=True)
    assert {p.as_posix() for p in done.kept} == {"README.md", "texte/summary.md"}
    assert "study.yaml" in {p.as_posix() for p in done.written}
    assert (folder / "README.md").read_text(encoding="utf-8") == "unser README"
    assert (folder / "texte" / "summary.md").read_text(encoding="utf-8") == "Schon geschrieben."
    assert _config(folder).study.city == "Neustadt"


def test_existing_study_yaml_is_never_overwritten_even_with_force(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "study.yaml").write_text("study: {id: alt}\n", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(KosievalError, match="study.yaml: gibt es schon"):
            write_study_folder(folder, city="Neustadt", force=force)
    assert [p.name for p in folder.iterdir()] == ["study.yaml"]
    assert (folder / "study.yaml").read_text(encoding="utf-8") == "study: {id: alt}\n"


def test_a_file_is_not_a_folder(tmp_path):
    target = tmp_path / "x"
    target.write_text("kein Ordner", encoding="utf-8")
    with pytest.raises(KosievalError, match="is a file, not a folder"):
        write_study_folder(target, city="Neustadt", force=True)
    assert target.read_text(encoding="utf-8") == "kein Ordner"


# --------------------------------------------------------------------------- end to end


def fill_from_example(folder):
    """Drop the example study's exports into data/ and paste its mapping blocks into study.yaml, as a team would."""
    example = example_study_dir()
    for path in (example / "data").iterdir():
        shutil.copy2(path, folder / "data" / path.name)
    sources = yaml.safe_load((example / "study.yaml").read_text(encoding="utf-8"))["surveys"]
    path = folder / "study.yaml"
    head, *blocks = path.read_text(encoding="utf-8").split("\n  - id: ")
    filled = [head]
    for block, source in zip(blocks, sources, strict=True):
        assert block.startswith(source["id"] + " ")
        pasted = yaml.safe_dump({"mapping": source["mapping"], "answer_codes": source.get("answer_codes", {})},
                                allow_unicode=True, sort_keys=False)
        pasted = "".join(f"    {line}\n" for line in pasted.splitlines())
        assert block.count("    mapping:\n") == 1 and block.count("    answer_codes: {}\n") == 1
        block = block.replace("    mapping:\n", "").replace("    answer_codes: {}\n", pasted)
        block = block.replace("respondent_id: CODE", f"respondent_id: {source['respondent_id']}")
        filled.append(block)
    path.write_text("\n  - id: ".join(filled), encoding="utf-8")


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e") / "neustadt"
    write_study_folder(folder, city="Neustadt an der Weinstraße")
    fill_from_example(folder)
    return folder


def test_filled_folder_reads_like_the_example(filled):
    study = read_study(filled)
    assert {key: survey.n for key, survey in study.surveys.items()} == {
        "participants_t0": 151, "participants_t1": 115, "team_t1": 41}
    assert study.surveys["participants_t0"].city == "Neustadt an der Weinstraße"
    assert len(study.interviews.documents) == 14
    assert len(study.activities.events) == 20
    # the study's own copies of the instruments are used
    assert filled.resolve() / "instruments" / "participant.yaml" in study.inputs
    assert len(study.log.of_severity("error")) == 4  # the errors planted in the example exports


def test_adapted_item_text_in_the_study_copy_is_used(filled, tmp_path):
    folder = tmp_path / "adapted"
    shutil.copytree(filled, folder)
    path = folder / "instruments" / "team.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["id"] == "syn1")
    assert item["text"]["de"] != "Im Lab Neustadt erreichen wir gemeinsam mehr."
    item["text"]["de"] = "Im Lab Neustadt erreichen wir gemeinsam mehr."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    study = read_study(folder)
    assert study.codebooks["team"].item("syn1").text.de == "Im Lab Neustadt erreichen wir gemeinsam mehr."


@pytest.fixture(scope="module")
def built_html(filled, tmp_path_factory):
    from kosieval.report.build import build_report

    built = build_report(read_study(filled), tmp_path_factory.mktemp("html") / "x.html", locale="de",
                         format="html")
    assert built.manifest.is_file()
    return built.output.read_text(encoding="utf-8")


@pytest.mark.slow
def test_filled_folder_builds_its_report(built_html):
    html = built_html
    assert "Begleitforschung KoSI-Lab Neustadt an der Weinstraße: Evaluation der Testphase" in html
    assert "erscheint nicht im Bericht" not in html and "{#" not in html  # the texts' guidance is not printed


@pytest.mark.slow
def test_untouched_texts_add_no_empty_headings(built_html):
    assert '<div class="text" data-source="texte/recommendations.md">\n\n</div>' not in built_html
    assert "<h3>Einordnung</h3>" not in built_html
    assert 'data-source="texte/' not in built_html
