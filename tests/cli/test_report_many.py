"""``kosieval report STUDY...``: several cities in parallel, the comparison, progress and verbosity."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from kosieval._resources import example_study_dir
from kosieval.cli import cli
from kosieval.cli.batch import BuildTask, run_task, run_tasks


def _city(tmp_path, folder, *, study_id, city):
    target = tmp_path / folder
    shutil.copytree(example_study_dir(), target, ignore=shutil.ignore_patterns("__pycache__"))
    config = target / "study.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  id: musterstadt\n", f"  id: {study_id}\n", 1).replace(
        "  city: Musterstadt\n", f"  city: {city}\n", 1)
    config.write_text(text, encoding="utf-8")
    return target


@pytest.fixture()
def two_cities(tmp_path):
    return (_city(tmp_path, "a", study_id="musterstadt", city="Musterstadt"),
            _city(tmp_path, "b", study_id="beispielburg", city="Beispielburg"))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.slow
def test_two_cities_in_two_processes_and_their_comparison(two_cities, tmp_path):
    out = tmp_path / "out"
    result = run("report", *two_cities, "--jobs", "2", "--format", "html", "--no-cache", "-o", out)
    assert result.exit_code == 0, result.output
    for name in ("musterstadt-bericht-de", "beispielburg-bericht-de", "staedtevergleich-de"):
        assert (out / f"{name}.html").is_file(), name
        manifest = json.loads((out / f"{name}.manifest.json").read_text(encoding="utf-8"))
        assert manifest["inputs"]
    comparison = (out / "staedtevergleich-de.html").read_text(encoding="utf-8")
    assert "KoSI-Labs im Vergleich: Musterstadt und Beispielburg" in comparison
    assert "Vergleich der Städte" in comparison and "Alle Städte (gepoolt)" in comparison
    # "Über diesen Vergleich": one line per city with its test phase and its surveys
    assert "KoSI-Lab Musterstadt (Testphase 1. März 2026 bis 30. September 2026): " in comparison
    assert "Beispielburg" in comparison.split("Über diesen Vergleich", 1)[1]
    # the comparison's provenance lists both cities' inputs
    manifest = json.loads((out / "staedtevergleich-de.manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["inputs"]) > len(json.loads(
        (out / "musterstadt-bericht-de.manifest.json").read_text(encoding="utf-8"))["inputs"])
    assert "2 Berichte / reports" in result.output and "Städtevergleich / city comparison" in result.output


@pytest.mark.slow
def test_a_broken_city_fails_alone(two_cities, tmp_path):
    (two_cities[1] / "study.yaml").write_text("study:\n  id: [unclosed\n", encoding="utf-8")
    out = tmp_path / "out"
    # the broken study.yaml is already refused while naming the outputs: exit 1, nothing built
    result = run("report", *two_cities, "--format", "html", "--no-cache", "-o", out)
    assert result.exit_code == 1 and "study.yaml" in result.output


@pytest.mark.slow
def test_a_city_whose_build_fails_does_not_stop_the_others(two_cities, tmp_path):
    # a module that does not exist: the study.yaml parses, the build of that city fails
    config = two_cities[1] / "study.yaml"
    text = config.read_text(encoding="utf-8")
    start = text.index("reflections:")
    end = text.index("\n", text.index("]", start))  # the list may span several lines
    config.write_text(text[:start] + "reflections: [reliability, wellbeing]" + text[end:], encoding="utf-8")
    out = tmp_path / "out"
    result = run("report", *two_cities, "--format", "html", "--no-cache", "-o", out, "--jobs", "2")
    assert result.exit_code == 1
    assert (out / "musterstadt-bericht-de.html").is_file()
    assert not (out / "beispielburg-bericht-de.html").exists()
    assert "wellbeing" in result.output and "1 von 2 Berichten fehlgeschlagen" in result.output
    assert "Kein Städtevergleich" in result.output


def test_usage_errors(two_cities, tmp_path):
    assert run("report", *two_cities, "-q", "-v").exit_code == 2
    assert run("report", *two_cities, "-o", tmp_path / "x.pdf").exit_code == 2
    assert run("report", *two_cities, "--jobs", "0").exit_code == 2
    same = run("report", two_cities[0], _city(tmp_path, "c", study_id="musterstadt", city="Musterstadt"))
    assert same.exit_code == 2 and "musterstadt" in same.output


@pytest.mark.slow
def test_quiet_prints_only_the_result_and_verbose_every_module(two_cities, tmp_path):
    quiet = run("report", two_cities[0], "--format", "html", "--no-cache", "-o", tmp_path / "q.html", "-q")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.output.strip().splitlines() == [quiet.output.strip()]  # one line: the result
    assert quiet.output.startswith(str(tmp_path / "q.html"))
    verbose = run("report", two_cities[0], "--format", "html", "--no-cache", "-o", tmp_path / "v.html", "-v")
    assert verbose.exit_code == 0, verbose.output
    for module in ("participation", "change", "themes", "data_quality"):
        assert f"Analysen / analyses: {module}" in verbose.output
    assert "Speicher / peak memory" in verbose.output
    normal = run("report", two_cities[0], "--format", "html", "--no-cache", "-o", tmp_path / "n.html")
    assert "Analysen / analyses …" in normal.output and "Analysen / analyses: change" not in normal.output


@pytest.mark.slow
def test_run_task_records_stages_and_run_tasks_keeps_the_order(two_cities, tmp_path):
    seen = []
    outcome = run_task(BuildTask(two_cities[0], tmp_path / "a.html", fmt="html"),
                       progress=lambda stage, detail: seen.append(stage))
    assert outcome.ok and outcome.output == tmp_path / "a.html" and outcome.data_errors == 4
    assert seen[0] == "read" and seen[-1] == "done" and "analysis" in seen and "html" in seen
    assert [s for s, _, _ in outcome.stages] == seen
    times = [t for _, _, t in outcome.stages]
    assert times == sorted(times) and outcome.peak_rss_mib > 0
    broken = BuildTask(tmp_path / "nowhere", tmp_path / "b.html", fmt="html")
    done = []
    outcomes = run_tasks([broken, BuildTask(two_cities[1], tmp_path / "c.html", fmt="html")], jobs=1,
                         on_done=done.append)
    assert [o.ok for o in outcomes] == [False, True] and "study.yaml" in outcomes[0].error
    assert done == outcomes
    with pytest.raises(ValueError, match="jobs"):
        run_tasks([broken], jobs=0)
