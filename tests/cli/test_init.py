"""``kosieval init DIR --city NAME``: exit codes and messages on good and bad input."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from kosieval.cli.init import init
from kosieval.cli.validate import validate
from kosieval.model.study import parse_study_config


def run(*args):
    return CliRunner().invoke(init, [str(a) for a in args])


def _config(folder):
    path = folder / "study.yaml"
    return parse_study_config(yaml.safe_load(path.read_text(encoding="utf-8")), path=path)


def test_init_writes_the_folder_and_prints_files_and_next_steps(tmp_path):
    folder = tmp_path / "neustadt"
    result = run(folder, "--city", "Neustadt an der Weinstraße")
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"study folder created: {folder} (Stadt/city: Neustadt an der Weinstraße, " \
           "id: neustadt-an-der-weinstrasse)" in out
    for name in ("study.yaml", "README.md", "data/LIESMICH.txt", "instruments/participant.yaml",
                 "instruments/team.yaml", "texte/summary.md", "texte/recommendations.md", "texte/change.md"):
        assert f"\n  {name}\n" in out, name
    assert f"3. kosieval validate {folder}\n" in out
    assert f"4. kosieval report {folder}\n" in out
    assert f"kosieval codebook draft {folder}/data/<export>" in out
    config = _config(folder)
    assert (config.study.id, config.study.city, config.study.language) == (
        "neustadt-an-der-weinstrasse", "Neustadt an der Weinstraße", "de")


def test_id_and_lang_options(tmp_path):
    folder = tmp_path / "b"
    result = run(folder, "--city", "Neustadt", "--id", "neustadt_2027", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"4. kosieval report {folder} --lang en\n" in result.output
    config = _config(folder)
    assert (config.study.id, config.study.language) == ("neustadt_2027", "en")


def test_paths_with_spaces_are_quoted_in_the_next_steps(tmp_path):
    folder = tmp_path / "neue stadt"
    result = run(folder, "--city", "Neustadt")
    assert result.exit_code == 0, result.output
    assert f'3. kosieval validate "{folder}"\n' in result.output


def test_non_empty_folder_exits_1_and_nothing_is_written(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "README.md").write_text("unser README", encoding="utf-8")
    result = run(folder, "--city", "Neustadt")
    assert result.exit_code == 1
    assert "Fehler / error:" in result.output
    assert "der Ordner ist nicht leer / the folder is not empty (enthält/holds: README.md)" in result.output
    assert "--force" in result.output
    assert [p.name for p in folder.iterdir()] == ["README.md"]
    assert (folder / "README.md").read_text(encoding="utf-8") == "unser README"


def test_force_writes_the_missing_files_and_lists_the_kept_ones(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "README.md").write_text("unser README", encoding="utf-8")
    result = run(folder, "--city", "Neustadt", "--force")
    assert result.exit_code == 0, result.output
    assert "already there, left unchanged:\n  README.md\n" in result.output
    assert (folder / "README.md").read_text(encoding="utf-8") == "unser README"
    assert _config(folder).study.city == "Neustadt"


def test_existing_study_yaml_exits_1_even_with_force(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "study.yaml").write_text("study: {id: alt}\n", encoding="utf-8")
    result = run(folder, "--city", "Neustadt", "--force")
    assert result.exit_code == 1
    assert f"{folder / 'study.yaml'}: gibt es schon; kosieval init überschreibt sie nie" in result.output
    assert (folder / "study.yaml").read_text(encoding="utf-8") == "study: {id: alt}\n"
    assert [p.name for p in folder.iterdir()] == ["study.yaml"]


def test_usage_errors_exit_2(tmp_path):
    folder = tmp_path / "x"
    missing = run(folder)
    assert missing.exit_code == 2 and "Missing option '--city'" in missing.output
    empty = run(folder, "--city", "  ")
    assert empty.exit_code == 2 and "Invalid value for '--city': der Stadtname ist leer" in empty.output
    no_slug = run(folder, "--city", "東京")
    assert no_slug.exit_code == 2 and "--city" in no_slug.output and "--id" in no_slug.output
    bad_id = run(folder, "--city", "Neustadt", "--id", "neu stadt")
    assert bad_id.exit_code == 2 and "'neu stadt' ist kein gültiger Kurzname" in bad_id.output
    bad_lang = run(folder, "--city", "Neustadt", "--lang", "fr")
    assert bad_lang.exit_code == 2 and "'fr' is not one of 'de', 'en'" in bad_lang.output
    assert not folder.exists()
    a_file = tmp_path / "datei"
    a_file.write_text("x", encoding="utf-8")
    result = run(a_file, "--city", "Neustadt")
    assert result.exit_code == 2 and "is a file" in result.output
    assert a_file.read_text(encoding="utf-8") == "x"


def test_umlaut_city_without_id_gets_a_slug(tmp_path):
    result = run(tmp_path / "x", "--city", "Neustadt an der Weinstraße")
    assert result.exit_code == 0, result.output
    assert _config(tmp_path / "x").study.id == "neustadt-an-der-weinstrasse"


def test_help_is_bilingual():
    result = CliRunner().invoke(init, ["--help"])
    assert result.exit_code == 0
    assert "Neue Stadt anlegen / create a study folder for a new city in DIR." in result.output
    assert "--city" in result.output and "--force" in result.output and "[default: de]" in result.output


def test_validate_on_a_fresh_folder_names_the_missing_export(tmp_path):
    folder = tmp_path / "neustadt"
    assert run(folder, "--city", "Neustadt").exit_code == 0
    result = CliRunner().invoke(validate, [str(folder)])
    assert result.exit_code == 1
    out = result.output
    assert "study.yaml" in out and "surveys.0.file" in out and "file not found" in out
    assert "data/teilnehmende_T0.csv" in out
    assert "LIESMICH.txt" in out  # what data/ holds so far
