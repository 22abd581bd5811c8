"""The synthetic study generator of the benchmarks (benchmarks/synthetic_study.py)."""

from __future__ import annotations

import csv
import importlib.util
import io
from pathlib import Path

import pytest
import yaml

import kosieval
from kosieval._resources import example_study_dir

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic_study.py"
SMALL = {"city": "Kleinstadt", "respondents": 60, "waves": ("T0", "T1"), "interviews": 4, "team": 10,
         "events": 5, "seed": 7}


def _generator():
    spec = importlib.util.spec_from_file_location("synthetic_study", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return _generator()


@pytest.fixture(scope="module")
def small(generator, tmp_path_factory):
    folder = generator.write_synthetic_study(tmp_path_factory.mktemp("syn") / "kleinstadt", **SMALL)
    return folder, kosieval.load_study(folder)


def _limesurvey_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return [r for r in csv.DictReader(io.StringIO(text)) if r.get("id")]


def test_loads_with_only_the_planted_error(small, generator):
    _folder, study = small
    log = study.log.to_frame()
    errors = log[log["severity"] == "error"]
    assert len(errors) == len(generator.PLANTED_ERRORS) == 1
    error = errors.iloc[0]
    assert (error["file"], error["column"], str(error["value"])) == ("data/teilnehmende_T0.csv", "SE[SQ003]", "7")
    # warnings only for T1 newcomers without a T0 response
    warnings = log[log["severity"] == "warning"]
    assert set(warnings["action"]) <= {"not linked"}


def test_expected_counts(small):
    folder, study = small
    assert set(study.surveys) == {"participants_t0", "participants_t1", "team_t1"}
    t0_rows = _limesurvey_rows(folder / "data" / "teilnehmende_T0.csv")
    t1_rows = _limesurvey_rows(folder / "data" / "teilnehmende_T1.csv")
    assert len(t0_rows) == SMALL["respondents"]
    assert study.surveys["participants_t0"].n == sum(1 for r in t0_rows if r["submitdate"])
    assert study.surveys["participants_t1"].n == sum(1 for r in t1_rows if r["submitdate"])
    # about 70 % answer again, 10 % of `respondents` are new at T1
    returning = {r["CODE"] for r in t1_rows} & {r["CODE"] for r in t0_rows}
    assert 0.55 * SMALL["respondents"] <= len(returning) <= 0.85 * SMALL["respondents"]
    assert len(t1_rows) - len(returning) == round(0.10 * SMALL["respondents"])
    assert study.surveys["team_t1"].n == SMALL["team"]
    assert len(study.activities.events) == SMALL["events"]
    corpus = study.interviews
    assert len(corpus.documents) == SMALL["interviews"]
    assert set(corpus.coders["name"]) == {"Coder A", "Coder B"}
    assert corpus.segments["coder"].nunique() == 2
    assert set(corpus.documents["city"]) == {SMALL["city"]}
    assert {"actor_group", "consent_quote"} <= set(corpus.documents.columns)


def test_city_and_config(small):
    folder, study = small
    assert study.config.study.city == SMALL["city"]
    example = example_study_dir() / "study.yaml"
    example_report = yaml.safe_load(example.read_text(encoding="utf-8"))["report"]
    assert list(study.config.report.reflections) == list(example_report["reflections"])
    assert (folder / "instruments" / "participant.yaml").is_file()
    assert tuple(study.codebooks["participant"].waves) == ("T0", "T1")


def test_three_waves_use_the_study_instrument(generator, tmp_path):
    folder = generator.write_synthetic_study(tmp_path / "drei", respondents=30, waves=("T0", "T1", "T2"),
                                             interviews=1, team=5, events=2)
    study = kosieval.load_study(folder)
    assert tuple(study.codebooks["participant"].waves) == ("T0", "T1", "T2")
    assert {s.wave for s in study.surveys.values() if s.instrument == "participant"} == {"T0", "T1", "T2"}


def test_deterministic(generator, tmp_path):
    first = generator.write_synthetic_study(tmp_path / "a", **SMALL)
    second = generator.write_synthetic_study(tmp_path / "b", **SMALL)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    other = generator.write_synthetic_study(tmp_path / "c", **{**SMALL, "seed": 8})
    t0 = Path("data") / "teilnehmende_T0.csv"
    assert (other / t0).read_bytes() != (first / t0).read_bytes()
