"""The parallel build on 10 generated cities (issue 7): ten reports and a comparison with city as random effect."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from kosieval.cli import cli

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "synthetic_study.py"
CITIES = ("Altstadt", "Bergdorf", "Christophsheim", "Dornfeld", "Eichenau", "Feldkirchen", "Grünwald",
          "Hafenstadt", "Insheim", "Jägersburg")


@pytest.mark.slow
def test_ten_cities_with_two_jobs(tmp_path):
    spec = importlib.util.spec_from_file_location("synthetic_study", SCRIPT)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    folders = [generator.write_synthetic_study(tmp_path / f"city{i}", city=name, respondents=40, waves=("T0", "T1"),
                                               interviews=6, team=40, events=5, seed=i + 1)
               for i, name in enumerate(CITIES)]
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", *map(str, folders), "--jobs", "2", "--format", "html",
                                      "--no-cache", "-o", str(out)])
    assert result.exit_code == 0, result.output
    reports = sorted(p.name for p in out.glob("*-bericht-de.html"))
    assert len(reports) == 10, reports
    assert "10 Berichte / reports" in result.output and "Städtevergleich / city comparison: 10 Städte" in result.output
    comparison = (out / "staedtevergleich-de.html").read_text(encoding="utf-8")
    # ten cities: the pooled change takes the city as a random effect (from 5 cities on)
    assert "Stadt als Zufallseffekt" in comparison
    assert all(name in comparison for name in CITIES)
