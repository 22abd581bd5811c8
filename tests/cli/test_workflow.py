"""The CI pieces: .github/workflows/reports.yml (structure, and its scripts run here) and .ci/check_report.py."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kosieval._resources import example_study_dir
from kosieval.io.study import check_study

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "reports.yml"
PATHS = ["studies/**", "surveys/**", "kosieval/**", "reports/**"]


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _step(job, prefix):
    steps = [s for s in job["steps"] if s.get("name", "").startswith(prefix) or s.get("uses", "").startswith(prefix)]
    assert len(steps) == 1, (prefix, [s.get("name") or s.get("uses") for s in job["steps"]])
    return steps[0]


def _bash(script, *, cwd, env):
    """Run a workflow step's script as GitHub does (bash -e -o pipefail), with this Python's kosieval on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                          env={**os.environ, "PATH": path, **env}, capture_output=True, text=True, timeout=300)


def test_triggers_on_push_and_pull_request_for_data_code_and_templates(workflow):
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as True
    assert on["push"]["paths"] == PATHS
    assert on["pull_request"]["paths"] == PATHS
    assert workflow["permissions"] == {"contents": "read"}


def test_a_listing_job_feeds_a_matrix_of_one_job_per_study(workflow):
    jobs = workflow["jobs"]
    assert set(jobs) == {"studies", "report"}
    assert jobs["studies"]["outputs"]["studies"] == "${{ steps.list.outputs.studies }}"
    report = jobs["report"]
    assert report["needs"] == "studies"
    assert report["strategy"]["fail-fast"] is False
    assert report["strategy"]["matrix"]["study"] == "${{ fromJSON(needs.studies.outputs.studies) }}"
    assert report["env"]["STUDY_DIR"] == "${{ matrix.study.folder }}"
    for step in report["steps"]:  # matrix values reach scripts only through the environment
        assert "${{" not in step.get("run", ""), step


def test_report_job_installs_weasyprint_libraries_and_kosieval_and_uploads(workflow):
    report = workflow["jobs"]["report"]
    assert report["steps"][0]["uses"] == "actions/checkout@v4"
    apt = _step(report, "Systembibliotheken")["run"]
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in apt.split()
    assert "apt-get install" in apt
    assert _step(report, "kosieval installieren")["run"].strip() == "python -m pip install ."
    assert 'kosieval validate "$STUDY_DIR"' in _step(report, "Daten prüfen")["run"]
    assert "$GITHUB_STEP_SUMMARY" in _step(report, "Daten prüfen")["run"]
    assert 'kosieval report "$STUDY_DIR"' in _step(report, "Bericht erstellen")["run"]
    upload = _step(report, "actions/upload-artifact@v4")
    assert upload["with"]["name"] == "bericht-${{ matrix.study.name }}"
    assert "*.pdf" in upload["with"]["path"] and "*.manifest.json" in upload["with"]["path"]
    assert upload["with"]["if-no-files-found"] == "error"
    names = [s.get("name") or s.get("uses") for s in report["steps"]]
    assert names.index("Daten prüfen / kosieval validate") < names.index("Bericht erstellen / kosieval report")


def test_listing_script_finds_every_study_folder_and_the_example(workflow, tmp_path):
    for name in ("leipzig", "bochum"):
        (tmp_path / "studies" / name).mkdir(parents=True)
        (tmp_path / "studies" / name / "study.yaml").write_text("study: {}\n", encoding="utf-8")
    (tmp_path / "studies" / "notes").mkdir()  # no study.yaml: not a study
    output = tmp_path / "github_output"
    output.write_text("", encoding="utf-8")
    script = _step(workflow["jobs"]["studies"], "Studienordner als JSON")["run"]
    result = _bash(script, cwd=tmp_path, env={"GITHUB_OUTPUT": str(output)})
    assert result.returncode == 0, result.stderr
    key, _, value = output.read_text(encoding="utf-8").strip().partition("=")
    assert key == "studies"
    assert json.loads(value) == [
        {"folder": "studies/bochum", "name": "studies-bochum", "expected_errors": 0},
        {"folder": "studies/leipzig", "name": "studies-leipzig", "expected_errors": 0},
        {"folder": "surveys/example", "name": "surveys-example", "expected_errors": 4},
    ]


def test_the_example_has_exactly_the_planted_errors_the_workflow_expects():
    errors = [e for e in check_study(example_study_dir()).log if e.severity == "error"]
    assert len(errors) == 4


@pytest.mark.parametrize(("expected", "returncode"), [("4", 0), ("0", 1)])
def test_validate_step_gates_on_the_expected_errors_and_writes_the_summary(workflow, tmp_path, expected, returncode):
    shutil.copytree(example_study_dir(), tmp_path / "surveys" / "example", ignore=shutil.ignore_patterns("__pycache__"))
    summary = tmp_path / "summary.md"
    script = _step(workflow["jobs"]["report"], "Daten prüfen")["run"]
    result = _bash(script, cwd=tmp_path, env={"STUDY_DIR": "surveys/example", "EXPECTED_ERRORS": expected,
                                              "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == returncode, result.stdout + result.stderr
    assert "4 Fehler, 15 Hinweise in 3 Dateien" in result.stdout  # the account is in the log
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## kosieval validate surveys/example")
    assert f"Fehler / errors: 4 (erwartet / expected: {expected}), exit code 1" in text
    assert "Spalte/column 'SE[SQ003]', Zeile/row 112 ('7')" in text
    assert ("::error file=surveys/example/study.yaml::" in result.stdout) is (returncode == 1)


# --- .ci/check_report.py ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def check_report():
    spec = importlib.util.spec_from_file_location("check_report", ROOT / ".ci" / "check_report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pdf(path, headings, *, pages, figure="α = 0,82"):
    """A small PDF whose h1 headings become its bookmarks."""
    from weasyprint import HTML

    body = "".join(f'<h1 style="break-before: page">{h}</h1><p>{figure}</p>' for h in headings)
    body += '<p style="break-before: page">Seite</p>' * max(0, pages - len(headings))
    HTML(string=f'<html lang="de"><body>{body}</body></html>').write_pdf(path)
    return path


def test_check_report_passes_a_report_with_every_heading(check_report, tmp_path, capsys):
    pdf = _pdf(tmp_path / "ok.pdf", check_report.HEADINGS, pages=31)
    assert check_report.check_report(pdf) == []
    assert check_report.main([str(pdf)]) == 0
    assert "ok (31 Seiten/pages" in capsys.readouterr().out


def test_check_report_names_every_failed_check(check_report, tmp_path, capsys):
    headings = [h for h in check_report.HEADINGS if h != "3 Veränderungen von T0 zu T1"]
    pdf = _pdf(tmp_path / "short.pdf", headings, pages=20, figure="α = 0.82")
    problems = check_report.check_report(pdf)
    assert len(problems) == 4, problems
    assert "20 Seiten / pages, erwartet / expected at least 30" in problems[0]
    assert "headings missing from the bookmarks: 3 Veränderungen von T0 zu T1 (found:" in problems[1]
    assert "no figure with a decimal comma" in problems[2]
    assert "decimal point instead of comma: ['α = 0.82', " in problems[3]
    assert check_report.main([str(pdf)]) == 1
    assert capsys.readouterr().err.count(str(pdf)) == 4


def test_check_report_without_bookmarks_or_pdf(check_report, tmp_path):
    from weasyprint import HTML

    pdf = tmp_path / "plain.pdf"
    HTML(string="<p>α = 0,82</p>" + '<p style="break-before: page">x</p>' * 30).write_pdf(pdf)
    problems = check_report.check_report(pdf)
    assert any("no bookmarks" in p for p in problems)
    not_pdf = tmp_path / "bericht.pdf"
    not_pdf.write_text("kein PDF", encoding="utf-8")
    assert "not a readable PDF" in check_report.check_report(not_pdf)[0]
    assert check_report.main([]) == 2
