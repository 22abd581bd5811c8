"""Ten city reports with ``kosieval report ... --jobs 1`` and ``--jobs 2``: speed-up and peak memory.

Ten synthetic cities (:mod:`synthetic_study`: 150 respondents in T0/T1, 14 interviews, 40
team members, 20 events each, seeded by the city name) are written into a temporary folder.
Then, for each ``--jobs`` value, one ``kosieval report CITY_1 ... CITY_10 --jobs N
--no-cache -o OUT -v`` runs as a child process, exactly as a user would run it (the
comparison report across the ten cities included). Measured:

- wall time of the whole command, and of the comparison report alone (the time it prints);
- peak memory of the process tree: every 50 ms the resident set sizes (``VmRSS`` in
  ``/proc``) of the command and all its descendants are summed; the largest sum is the
  peak. With ``--jobs 2`` that is two workers building reports plus the parent;
- each city report's own time and peak memory, as the command prints them with ``-v``.

The speed-up is ``wall(jobs 1) / wall(jobs 2)``. The peer here is the sequential build:
there is no other tool that builds these reports. Linux only (``/proc``).

Usage::

    python benchmarks/many_cities.py [--cities 10] [--jobs 1,2] [--json benchmarks/results/many_cities.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CITY = {"respondents": 150, "waves": ("T0", "T1"), "interviews": 14, "team": 40, "events": 20}
NAMES = ("Altstadt", "Bergdorf", "Christophsheim", "Dornfeld", "Eichenau", "Feldkirchen", "Grünwald",
         "Hafenstadt", "Insheim", "Jägersburg", "Kirchberg", "Lindenau")


def _synthetic():
    spec = importlib.util.spec_from_file_location("synthetic_study", HERE / "synthetic_study.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _tree_rss_kib(root: int) -> int:
    """Sum of VmRSS (KiB) of ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def _run(folders: list[Path], out: Path, jobs: int) -> dict:
    command = [sys.executable, "-c", "from kosieval.cli import main; main()", "report", *map(str, folders),
               "--jobs", str(jobs), "--no-cache", "-o", str(out), "-v"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(0.05)
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"kosieval report --jobs {jobs} failed ({process.returncode}):\n{stderr}\n{stdout}")
    cities = [{"study": Path(m.group(1)).name, "seconds": float(m.group(3)), "peak_rss_mib": float(m.group(4))}
              for m in re.finditer(r"^\s+(\S+): (ok|Fehler / error) \(([\d.]+) s, (\d+) MiB\)", stderr, re.M)]
    comparison = re.search(r"staedtevergleich-de\.pdf \(([\d.]+) s\)", stdout)
    return {"jobs": jobs, "wall_s": round(wall, 2), "peak_tree_rss_mib": round(peak / 1024, 1),
            "comparison_s": float(comparison.group(1)) if comparison else None,
            "city_seconds_median": sorted(c["seconds"] for c in cities)[len(cities) // 2] if cities else None,
            "city_peak_rss_mib_max": max((c["peak_rss_mib"] for c in cities), default=None),
            "cities": cities, "reports": len(list(out.glob("*.pdf")))}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print a table, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", type=int, default=10)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values (default 1,2)")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "many_cities.json")
    args = parser.parse_args(argv)
    if not Path("/proc/self/status").exists():
        raise SystemExit("many_cities.py reads /proc for memory: Linux only")
    synthetic = _synthetic()
    work = Path(tempfile.mkdtemp(prefix="kosieval-bench-cities-"))
    try:
        folders = []
        started = time.perf_counter()
        for index in range(args.cities):
            name = NAMES[index % len(NAMES)] + ("" if index < len(NAMES) else f" {index}")
            folders.append(synthetic.write_synthetic_study(work / f"city{index:02d}", city=name, seed=index + 1,
                                                           **CITY))
        generated = time.perf_counter() - started
        runs = []
        for jobs in (int(j) for j in args.jobs.split(",")):
            out = work / f"out-jobs{jobs}"
            runs.append(_run(folders, out, jobs))
            shutil.rmtree(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = next((r["wall_s"] for r in runs if r["jobs"] == 1), None)
    for run in runs:
        run["speedup"] = round(base / run["wall_s"], 2) if base else None
    header = f"{'jobs':>4} {'wall s':>8} {'speed-up':>8} {'peak MiB (tree)':>16} {'city s (median)':>16} " \
             f"{'city MiB (max)':>15} {'comparison s':>13} {'PDFs':>5}"
    lines = [f"{args.cities} synthetic cities ({CITY['respondents']} respondents T0/T1, {CITY['interviews']} "
             f"interviews, {CITY['team']} team members each), generated in {generated:.1f} s; "
             f"{os.cpu_count()} CPUs", header, "-" * len(header)]
    for r in runs:
        lines.append(f"{r['jobs']:>4} {r['wall_s']:>8.1f} {r['speedup'] or float('nan'):>8.2f} "
                     f"{r['peak_tree_rss_mib']:>16.0f} {r['city_seconds_median'] or float('nan'):>16.1f} "
                     f"{r['city_peak_rss_mib_max'] or float('nan'):>15.0f} {r['comparison_s'] or float('nan'):>13.1f} "
                     f"{r['reports']:>5}")
    text = "\n".join(lines)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                                 "platform": platform.platform()},
                                     "cities": args.cities, "city": {**CITY, "waves": list(CITY["waves"])},
                                     "runs": runs}, indent=2) + "\n", encoding="utf-8")
    args.json.with_suffix(".txt").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
