"""Wall time and peak memory of a cold ``kosieval example`` (issue: foundation).

Each run starts a new Python process (imports included, as a user would experience it) and
builds the German example report into a temporary folder. Peak memory is the child's
maximum resident set size (``getrusage(RUSAGE_CHILDREN)``, Linux: kilobytes).

Usage::

    python benchmarks/cold_example.py [--runs 3] [--json benchmarks/results/cold_example.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_run(workdir: Path, lang: str) -> dict[str, float]:
    """Build the example report once in a fresh process; return seconds and peak MiB."""
    out = workdir / f"example-{lang}.pdf"
    # The child reports its own peak RSS at exit (ru_maxrss of RUSAGE_SELF, KiB on Linux).
    code = ("import atexit, resource, sys; atexit.register(lambda: print('MAXRSS', "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)); "
            "from kosieval.cli import main; main()")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "example", "--lang", lang, "-o", str(out)],
                          check=True, cwd=workdir, capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak_kib = int(done.stderr.rsplit("MAXRSS", 1)[1].split()[0])
    return {"lang": lang, "wall_s": round(wall, 3), "peak_rss_mib": round(peak_kib / 1024, 1),
            "pdf_bytes": out.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=Path(__file__).parent / "results" / "cold_example.json")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            rows.append(one_run(Path(tmp), "de"))
    print(f"{'run':>3}  {'lang':4}  {'wall (s)':>9}  {'peak RSS (MiB)':>15}  {'PDF (KiB)':>9}")
    for index, row in enumerate(rows, 1):
        print(f"{index:>3}  {row['lang']:4}  {row['wall_s']:>9.2f}  {row['peak_rss_mib']:>15.1f}  "
              f"{row['pdf_bytes'] / 1024:>9.1f}")
    walls = sorted(r["wall_s"] for r in rows)
    median = walls[len(walls) // 2]
    print(f"median wall time: {median:.2f} s")
    result = {
        "benchmark": "cold kosieval example (German PDF)",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "runs": rows,
        "median_wall_s": median,
        "max_peak_rss_mib": max(r["peak_rss_mib"] for r in rows),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    shown = args.json.resolve()
    root = Path(__file__).resolve().parents[1]
    print(f"written: {shown.relative_to(root) if shown.is_relative_to(root) else shown.name}")


if __name__ == "__main__":
    main()
