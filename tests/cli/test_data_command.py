"""``kosieval data``: exit codes and messages on good and bad input (click's CliRunner)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from click.testing import CliRunner

from kosieval._resources import example_study_dir
from kosieval.cli.data import data
from tests.example_copies import edit_config


def run(*args):
    return CliRunner().invoke(data, [str(a) for a in args])


def test_csv_export_lists_the_files(tmp_path):
    out = tmp_path / "out"
    result = run(example_study_dir(), "--export", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert [Path(p).name for p in listed] == ["participants_t0.csv", "participants_t1.csv", "team_t1.csv",
                                              "interview_segments.csv", "interview_documents.csv",
                                              "codebook.csv", "notes.txt", "export_manifest.json"]
    assert all(Path(p).is_file() for p in listed)
    assert f"{out / 'team_t1.csv'}  (41 Zeilen / rows)" in result.stdout
    assert "not exported (privacy, see notes.txt): participants_t0.comment" in result.stdout
    assert "text of 62 interview segments left out (no consent to quote)" in result.stdout
    assert "4 data problems logged" in result.stderr
    assert len(pd.read_csv(out / "participants_t0.csv")) == 151


def test_sav_export_keeps_missing_codes(tmp_path):
    result = run(example_study_dir(), "--export", "sav", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    frame, meta = pyreadstat.read_sav(tmp_path / "team_t1.sav", user_missing=True)
    assert (frame["sdm3"] == -1).sum() == 5 and "sdm3" in meta.missing_ranges


def test_default_output_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(data, [str(example_study_dir()), "--export", "parquet"])
    assert result.exit_code == 0, result.output
    assert Path("musterstadt-daten-parquet", "team_t1.parquet").is_file()
    assert sorted(os.listdir("musterstadt-daten-parquet"))[0] == "export_manifest.json"


def test_excel_dialect_flag(tmp_path):
    result = run(example_study_dir(), "--export", "csv", "--excel", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert "(csv, Excel)" in result.stdout
    assert (tmp_path / "team_t1.csv").read_bytes().startswith(b"\xef\xbb\xbfline;respondent;")


@pytest.mark.parametrize(("args", "message"), [
    (["--export", "xlsx"], "'xlsx' is not one of 'csv', 'parquet', 'sav'"),
    ([], "Missing option '--export'"),
    (["--export", "sav", "--excel"], "--excel gibt es nur mit / only with --export csv"),
    (["--export", "csv", "--partitioned", "-o", "x"], "--partitioned gibt es nur mit / only with --export parquet"),
    (["--export", "parquet", "--partitioned"], "--partitioned braucht / needs -o ROOT"),
])
def test_usage_errors_exit_2(args, message):
    result = run(example_study_dir(), *args)
    assert result.exit_code == 2
    assert message in result.output


def test_several_studies_need_partitioned(study_copy):
    result = run(example_study_dir(), study_copy, "--export", "csv")
    assert result.exit_code == 2
    assert "several study folders only with --export parquet --partitioned" in result.output


def test_missing_study_folder_exits_2(tmp_path):
    result = run(tmp_path / "nowhere", "--export", "csv")
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_broken_study_exits_1_naming_file_and_key(study_copy, tmp_path):
    edit_config(study_copy, "file: data/team_T1.csv", "file: data/team_T2.csv")
    result = run(study_copy, "--export", "csv", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "Fehler / error:" in result.stderr
    assert "study.yaml" in result.stderr and "surveys.2.file" in result.stderr and "team_T2.csv" in result.stderr
    assert not (tmp_path / "out").exists()


def test_export_into_the_data_folder_is_refused(study_copy):
    edit_config(study_copy, "  - id: team_t1", "  - id: team_T1")  # the survey id now equals the export's file name
    before = (study_copy / "data" / "team_T1.csv").read_bytes()
    result = run(study_copy, "--export", "csv", "-o", study_copy / "data")
    assert result.exit_code == 1
    assert "the export would overwrite an input file" in result.stderr
    assert (study_copy / "data" / "team_T1.csv").read_bytes() == before


def test_partitioned_two_cities(study_copy, tmp_path):
    edit_config(study_copy, "city: Musterstadt", "city: Beispielstadt")
    edit_config(study_copy, "id: musterstadt", "id: beispielstadt")
    root = tmp_path / "pooled"
    result = run(example_study_dir(), study_copy, "--export", "parquet", "--partitioned", "-o", root)
    assert result.exit_code == 0, result.output
    assert "instrument=participant city=Beispielstadt wave=T0: 151 Zeilen / rows" in result.stdout
    assert "instrument=team city=Musterstadt wave=T1: 41 Zeilen / rows" in result.stdout
    assert "free text and personal columns are never pooled" in result.stdout
    assert str(root / "_manifests" / "beispielstadt.json") in result.stdout
    assert len(list(root.glob("instrument=*/city=*/wave=*/*.parquet"))) == 6


def test_partitioned_same_city_twice_exits_2(study_copy, tmp_path):
    result = run(example_study_dir(), study_copy, "--export", "parquet", "--partitioned", "-o", tmp_path / "p")
    assert result.exit_code == 2
    assert "one study per city" in result.output and "Musterstadt occurs more than once" in result.output
