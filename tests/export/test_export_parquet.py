"""Parquet export: dtypes and labels of one study; the dataset partitioned by instrument, city, wave."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import kosieval
from kosieval.errors import DataFormatError
from kosieval.export import dataset_labels, export_study, read_labels, read_partitioned, write_partitioned
from kosieval.model.study import PrivacyConfig

GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "synthetic_study.py"
CITIES = {"Aachen": 24, "Bonn": 30, "Halle (Saale)": 18}  # city -> respondents at T0


# -- one study ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def single(example_study, tmp_path_factory):
    folder = tmp_path_factory.mktemp("parquet")
    return folder, export_study(example_study, folder, format="parquet")


def test_parquet_keeps_nullable_dtypes_and_rows(single, example_study):
    folder, result = single
    assert [p.name for p in result.files][:3] == ["participants_t0.parquet", "participants_t1.parquet",
                                                  "team_t1.parquet"]
    team = pd.read_parquet(folder / "team_t1.parquet")
    assert len(team) == example_study.surveys["team_t1"].n == 41
    assert str(team["sdm3"].dtype) == "Int64" and str(team["satisfaction"].dtype) == "Float64"
    assert str(team["respondent"].dtype) == "string"
    assert team.loc[team["respondent"] == "22", "sdm3"].isna().all()  # -9 in the raw export
    t0 = pd.read_parquet(folder / "participants_t0.parquet")
    assert t0.loc[t0["respondent"] == "TR30N1", "interpersonal_trust"].tolist() == [3.0]


def test_labels_in_the_key_value_metadata(single):
    folder, _ = single
    labels = read_labels(folder / "team_t1.parquet")
    assert labels["table"] == "team_t1" and labels["instrument"] == "team" and labels["wave"] == "T1"
    sdm3 = labels["variables"]["sdm3"]
    assert sdm3["values"]["3"] == {"de": "teils/teils", "en": "neither/nor"}
    assert sdm3["missing_codes"] == {"-9": {"de": "keine Angabe", "en": "no answer"},
                                     "-1": {"de": "weiß nicht / kann ich nicht beurteilen",
                                            "en": "don't know / cannot judge"}}
    assert labels["variables"]["psychological_safety"]["type"] == "score"
    assert "psy1" in labels["variables"]["psychological_safety"]["note"]


# -- partitioned, three cities -----------------------------------------------------------------


def _generator():
    spec = importlib.util.spec_from_file_location("synthetic_study", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cities(tmp_path_factory):
    generator = _generator()
    root = tmp_path_factory.mktemp("cities")
    studies = []
    for seed, (city, respondents) in enumerate(CITIES.items(), start=1):
        folder = generator.write_synthetic_study(root / f"city{seed}", city=city, respondents=respondents,
                                                 waves=("T0", "T1"), interviews=1, team=6, events=2, seed=seed)
        studies.append(kosieval.load_study(folder))
    # one city allows free text: pooled data must still leave it out
    first = studies[0]
    config = first.config.model_copy(update={"privacy": PrivacyConfig(allow_free_text=True)})
    studies[0] = dataclasses.replace(first, config=config)
    return studies


@pytest.fixture(scope="module")
def pooled(cities, tmp_path_factory):
    root = tmp_path_factory.mktemp("pooled") / "dataset"
    return root, write_partitioned(cities, root)


def _rows(study, instrument, wave=None):
    return sum(s.n for s in study.surveys.values() if s.instrument == instrument and (wave is None or s.wave == wave))


def test_pooled_rows_are_the_sum_of_the_cities(cities, pooled):
    root, result = pooled
    frame = read_partitioned(root)
    assert len(frame) == sum(s.n for study in cities for s in study.surveys.values())
    assert list(frame.columns[:3]) == ["instrument", "city", "wave"]
    counts = frame.groupby(["instrument", "city", "wave"]).size()
    for study in cities:
        for survey in study.surveys.values():
            assert counts[(survey.instrument, study.config.study.city, survey.wave)] == survey.n
    assert {(i, c, w): n for i, c, w, n in result.rows} == counts.to_dict()
    assert "comment" not in frame.columns  # free text is never pooled


def test_read_filtered_by_city_and_wave(cities, pooled):
    root, _ = pooled
    halle = next(s for s in cities if s.config.study.city == "Halle (Saale)")
    frame = read_partitioned(root, cities="Halle (Saale)", instrument="participant", wave="T1")
    assert len(frame) == _rows(halle, "participant", "T1") > 0
    assert set(frame["city"]) == {"Halle (Saale)"} and set(frame["wave"]) == {"T1"}
    assert "syn1" not in frame.columns  # only the participant files were read
    two = read_partitioned(root, cities=["Aachen", "Bonn"], wave="T0")
    assert len(two) == sum(_rows(s, "participant", "T0") for s in cities[:2])
    assert sorted(set(two["city"])) == ["Aachen", "Bonn"]
    assert str(two["se1"].dtype) == "Int64" and str(two["self_efficacy"].dtype) == "Float64"
    assert str(two["city"].dtype) == "string" and str(two["respondent"].dtype) == "string"
    bonn = read_partitioned(root, cities="Bonn", instrument="participant", wave="T0")
    study = cities[1]
    original = study.surveys["participants_t0"].responses
    assert bonn["respondent"].tolist() == original["respondent"].tolist()  # rows in export order
    assert bonn["se1"].tolist() == original["se1"].tolist()


def test_schema_identical_across_cities(pooled):
    root, _ = pooled
    for instrument in ("participant", "team"):
        files = sorted(root.glob(f"instrument={instrument}/city=*/wave=T1/*.parquet"))
        assert len(files) == 3
        schemas = [pq.read_schema(f) for f in files]
        assert all(s.equals(schemas[0], check_metadata=True) for s in schemas[1:])
        assert "city" not in schemas[0].names and "wave" not in schemas[0].names  # in the folder names
    assert (root / "instrument=team" / "city=Halle%20%28Saale%29" / "wave=T1").is_dir()
    # each instrument's folder is a dataset of one schema that plain pyarrow opens as it is
    team = ds.dataset(root / "instrument=team", format="parquet", partitioning="hive").to_table(
        filter=ds.field("city") == "Halle (Saale)", columns=["city", "wave", "partnership_synergy"])
    assert team.num_rows == 6 and team.column("city").to_pylist() == ["Halle (Saale)"] * 6
    labels = dataset_labels(root, "team")
    assert labels["variables"]["sdm1"]["missing_codes"]["-9"]["de"] == "keine Angabe"


def test_manifest_per_city(pooled):
    root, result = pooled
    manifest = json.loads((root / "_manifests" / "bonn.json").read_text(encoding="utf-8"))
    assert manifest["study"] == {"id": "bonn", "city": "Bonn"}
    paths = [f["path"] for f in manifest["files"]]
    assert paths and all(p.split("/")[1] == "city=Bonn" for p in paths)
    for entry in manifest["files"]:
        assert hashlib.sha256((root / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert any(i["path"] == "data/teilnehmende_T0.csv" for i in manifest["inputs"])
    assert root / "_manifests" / "bonn.json" in result.files


def test_writing_a_city_again_replaces_only_that_city(cities, pooled, tmp_path):
    root, _ = pooled
    before = read_partitioned(root)
    aachen_files = sorted(root.glob("instrument=*/city=Aachen/**/*.parquet"))
    assert len(aachen_files) == 3
    stamps = [f.stat().st_mtime_ns for f in aachen_files]
    write_partitioned(cities[1], root)  # Bonn again
    after = read_partitioned(root)
    assert len(after) == len(before)
    assert [f.stat().st_mtime_ns for f in aachen_files] == stamps


def test_partitioned_errors(cities, pooled, tmp_path):
    root, _ = pooled
    with pytest.raises(ValueError, match=r"cities: Köln not in the dataset; it holds Aachen, Bonn, Halle \(Saale\)"):
        read_partitioned(root, cities="Köln")
    with pytest.raises(ValueError, match="wave: T9 not in the dataset; it holds T0, T1"):
        read_partitioned(root, wave="T9")
    with pytest.raises(DataFormatError, match="no partitioned dataset here"):
        read_partitioned(tmp_path / "nothing")
    with pytest.raises(ValueError, match="one study per city, but Bonn occurs more than once"):
        write_partitioned([cities[1], cities[1]], tmp_path / "double")
    assert read_partitioned(root, cities="Aachen", instrument="team", wave="T0").empty  # no team survey at T0
