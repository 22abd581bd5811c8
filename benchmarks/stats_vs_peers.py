"""kosieval.stats next to the peer libraries, on the same data in the same run (issue: statistics library).

Cases (data generated with a fixed seed):

- ``cronbach_alpha`` on 100,000 cases x 20 five-point items from one factor, complete and
  with 2 % of the answers missing (listwise and pairwise), against
  ``pingouin.cronbach_alpha`` (which returns alpha and the Feldt CI only; kosieval also
  computes standardized alpha, the Duhachek CI and the item analysis);
- ``krippendorff_alpha`` on 5 coders x 200,000 units (codes 1-5, 10 % not coded), nominal
  and interval, against ``krippendorff.alpha``;
- a 2,000-resample bootstrap CI of Krippendorff's alpha on 1,000 units x 3 coders: kosieval's
  vectorised unit bootstrap against what a user of the ``krippendorff`` package would write
  (the same resamples, one ``krippendorff.alpha`` call each).

Each contender runs ``--runs`` times after one warm-up call; the table shows the median and
the minimum wall time and the peak of memory allocated by Python during one extra call
(``tracemalloc``, NumPy included). Usage::

    python benchmarks/stats_vs_peers.py [--runs 5] [--json benchmarks/results/stats_vs_peers.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd


def likert_items(rows: int, items: int, *, missing: float, seed: int) -> pd.DataFrame:
    """Five-point answers driven by one factor, with a share of answers missing."""
    rng = np.random.default_rng(seed)
    factor = rng.normal(size=(rows, 1))
    answers = np.clip(np.round(3 + factor + rng.normal(size=(rows, items))), 1, 5)
    answers[rng.random(size=answers.shape) < missing] = np.nan
    return pd.DataFrame(answers, columns=[f"i{j + 1}" for j in range(items)])


def coder_ratings(units: int, coders: int, *, seed: int) -> pd.DataFrame:
    """Codes 1-5 of ``coders`` who mostly agree; 10 % of the cells not coded."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, 6, size=(units, 1))
    noise = rng.random(size=(units, coders)) < 0.25
    codes = np.where(noise, rng.integers(1, 6, size=(units, coders)), truth).astype(float)
    codes[rng.random(size=codes.shape) < 0.10] = np.nan
    return pd.DataFrame(codes, columns=[f"coder{j + 1}" for j in range(coders)])


def cases() -> list[tuple[str, str, Callable[[], object]]]:
    """(case, contender, call) triples; the data are built here, outside the timing."""
    import krippendorff
    import pingouin

    from kosieval.stats import cronbach_alpha, krippendorff_alpha

    complete = likert_items(100_000, 20, missing=0.0, seed=1)
    gappy = likert_items(100_000, 20, missing=0.02, seed=2)
    big = coder_ratings(200_000, 5, seed=3)
    big_t = big.to_numpy().T  # krippendorff wants coders x units
    small = coder_ratings(1_000, 3, seed=4)
    small_t = small.to_numpy().T
    n_boot = 2_000

    def package_bootstrap() -> np.ndarray:
        rng = np.random.default_rng(5)
        picks = rng.integers(0, small_t.shape[1], size=(n_boot, small_t.shape[1]))
        values = [krippendorff.alpha(reliability_data=small_t[:, pick], level_of_measurement="nominal")
                  for pick in picks]
        return np.percentile(values, [2.5, 97.5])

    return [
        ("cronbach_alpha 100,000 x 20, complete", "kosieval", lambda: cronbach_alpha(complete)),
        ("cronbach_alpha 100,000 x 20, complete", "pingouin", lambda: pingouin.cronbach_alpha(complete)),
        ("cronbach_alpha 100,000 x 20, 2 % missing, listwise", "kosieval",
         lambda: cronbach_alpha(gappy, missing="listwise")),
        ("cronbach_alpha 100,000 x 20, 2 % missing, listwise", "pingouin",
         lambda: pingouin.cronbach_alpha(gappy, nan_policy="listwise")),
        ("cronbach_alpha 100,000 x 20, 2 % missing, pairwise", "kosieval",
         lambda: cronbach_alpha(gappy, missing="pairwise")),
        ("cronbach_alpha 100,000 x 20, 2 % missing, pairwise", "pingouin",
         lambda: pingouin.cronbach_alpha(gappy, nan_policy="pairwise")),
        ("krippendorff_alpha nominal, 5 coders x 200,000 units", "kosieval",
         lambda: krippendorff_alpha(big, level="nominal")),
        ("krippendorff_alpha nominal, 5 coders x 200,000 units", "krippendorff",
         lambda: krippendorff.alpha(reliability_data=big_t, level_of_measurement="nominal")),
        ("krippendorff_alpha interval, 5 coders x 200,000 units", "kosieval",
         lambda: krippendorff_alpha(big, level="interval")),
        ("krippendorff_alpha interval, 5 coders x 200,000 units", "krippendorff",
         lambda: krippendorff.alpha(reliability_data=big_t, level_of_measurement="interval")),
        ("bootstrap CI, 2,000 resamples, 1,000 units x 3 coders", "kosieval",
         lambda: krippendorff_alpha(small, level="nominal", n_boot=n_boot, seed=5)),
        ("bootstrap CI, 2,000 resamples, 1,000 units x 3 coders", "krippendorff (loop)", package_bootstrap),
    ]


def measure(call: Callable[[], object], *, runs: int) -> dict[str, float]:
    """Median and minimum wall time over ``runs`` calls after a warm-up; peak traced memory."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"median_s": statistics.median(times), "min_s": min(times), "peak_mib": peak / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path(__file__).parent / "results" / "stats_vs_peers.json")
    args = parser.parse_args()
    rows = []
    warnings.simplefilter("ignore")  # the peers and kosieval warn about the same planted data
    print(f"{'case':55}  {'contender':20}  {'median s':>9}  {'min s':>8}  {'peak MiB':>9}")
    for case, contender, call in cases():
        # the slow loop over the peer package runs once: its time is what matters, not its spread
        result = measure(call, runs=1 if "loop" in contender else args.runs)
        rows.append({"case": case, "contender": contender, **{k: round(v, 4) for k, v in result.items()}})
        print(f"{case:55}  {contender:20}  {result['median_s']:>9.3f}  {result['min_s']:>8.3f}  "
              f"{result['peak_mib']:>9.1f}")
    ratios = {}
    for case in dict.fromkeys(r["case"] for r in rows):
        mine = [r for r in rows if r["case"] == case]
        ratios[case] = round(mine[0]["median_s"] / mine[1]["median_s"], 2)
        print(f"kosieval / {mine[1]['contender']} on {case}: {ratios[case]:.2f}x")
    result = {
        "benchmark": "kosieval.stats next to pingouin and krippendorff, same data, same run",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "versions": _versions(),
        "runs": args.runs,
        "results": rows,
        "ratio_kosieval_to_peer": ratios,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ("numpy", "pandas", "scipy", "pingouin", "krippendorff", "kosieval")}


if __name__ == "__main__":
    main()
