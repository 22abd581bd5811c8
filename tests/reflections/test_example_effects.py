"""The analysis finds what the example generator planted (surveys/example/generate.py).

The generator computes its "realised" values with its own plain numpy code from the
exports it writes; kosieval reads the same exports through its importers. Agreement checks
the whole path: import, missing codes, duplicates, reverse keying, scoring, pairing.
"""

from __future__ import annotations

import pytest

import kosieval
from kosieval.errors import SpecError


def test_paired_change_recovers_planted_effects(example_study, planted):
    result = kosieval.analyze(example_study, "change")
    by_scale = {row.scale: row for row in result.rows}
    for scale, expected in planted["change"].items():
        row = by_scale[scale]
        assert row.change.n_pairs == expected["n_pairs"], scale
        assert row.change.mean_diff == pytest.approx(expected["mean_diff"], abs=0.01), scale
        assert row.change.d_z == pytest.approx(expected["realised_d_z"], abs=0.02), scale
    assert by_scale["self_efficacy"].change.d_z_ci_low > 0  # planted rise d_z = 0.4 is found
    assert by_scale["self_efficacy"].p_adjusted < 0.05
    trust = by_scale["trust_local_institutions"].change  # planted: no change
    assert trust.d_z_ci_low < 0 < trust.d_z_ci_high
    assert result.p_adjust == "holm"


def test_reliability_matches_generator(example_study, planted):
    result = kosieval.analyze(example_study, "reliability")
    rows = {(r.scale, r.wave): r.result for r in result.rows}
    for scale, expected in planted["reliability"].items():
        for wave in ("t0", "t1"):
            if f"alpha_{wave}" not in expected:
                continue
            got = rows[(scale, wave.upper())]
            assert got.alpha == pytest.approx(expected[f"alpha_{wave}"], abs=0.0051), (scale, wave)
            assert got.n == expected[f"n_{wave}"], (scale, wave)
    # reverse keying happened: psychological safety has three reverse-keyed items
    assert rows[("psychological_safety", "T1")].item_stats["r_corrected"].min() > 0


def test_spec_lists_everything_missing(example_study):
    with pytest.raises(SpecError) as info:
        kosieval.analyze(example_study, "change", outcomes=("no_such_scale", "partnership_synergy"))
    message = str(info.value)
    assert "no_such_scale" in message and "partnership_synergy" in message
