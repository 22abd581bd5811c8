"""Wall time and peak memory of a report build, stage by stage (issue: report-build performance).

Two studies: (a) the embedded example study (Musterstadt) and (b) a generated large study
(:mod:`synthetic_study`: 2,000 respondents, waves T0/T1/T2, 40 interviews, 60 team members,
40 events), written into a temporary folder by a child process. Every build runs in a
FRESH Python process ("cold", imports included), in these stages:

- ``import``: ``import kosieval`` and the report modules (build, render, registry);
- ``load``: :func:`kosieval.load_study`;
- ``analysis``: each configured reflection's ``analyze`` (via ``registry.analyze``);
- ``present``: each module's ``present`` (tables, sentences, charts);
- ``document``: :func:`kosieval.report.build.build_document` assembling the document from
  those reflections (the child hands them in instead of running them again);
- ``html``: :func:`kosieval.report.render.render_html`;
- ``pdf``: :func:`kosieval.report.render.write_pdf` (WeasyPrint), as ``render_pdf`` calls it.

Then "cli_cold": one fresh process calling ``build_report`` without cache as ``kosieval
report --no-cache`` does (charts drawn in a forked worker while the next module is analysed);
this is the figure the aim is checked against. Then "with analysis cached": if
``build_report`` has a ``cache_dir`` keyword, one fresh process fills the cache and a
second fresh process builds with the warm cache (stages ``import``, ``load``,
``build_report``); otherwise "n/a". Last, a rebuild (warm cache if
there is one, else cold) after touching only one Markdown text of the study's ``texts``
folder (in a temporary copy of the study); "n/a" when the study has no Markdown texts.

Peak memory: each child's ``ru_maxrss`` (``getrusage(RUSAGE_SELF)``, KiB on Linux), read
after every stage (so a stage's value is the peak up to its end). ``--tracemalloc`` adds one
extra cold build per study with :mod:`tracemalloc` on, giving the Python-heap peak of each
stage (its times are not used: tracing slows Python code down). Also recorded: PDF pages
(pypdf) and the number of figures in the document.

The aim (issue): the example report under 15 s cold on 2 cores (``cli_cold``).

Usage::

    python benchmarks/report_build.py [--runs 3] [--tracemalloc] [--skip-large]
        [--json benchmarks/results/report_build.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLD_STAGES = ("import", "load", "analysis", "present", "document", "html", "pdf")
CACHED_STAGES = ("import", "load", "build_report")
LARGE = {"respondents": 2000, "waves": "T0,T1,T2", "interviews": 40, "team": 60, "events": 40}
AIM_S = 15.0


# --------------------------------------------------------------------------- child process


def _child(mode: str, study_dir: str, out: str, locale: str, cache_dir: str | None, trace: bool) -> None:
    """Build once in this (fresh) process and print one JSON line with the measurements."""
    import resource
    import tracemalloc

    if trace:
        tracemalloc.start()
    stages: dict[str, dict[str, float]] = {}
    clock = [time.perf_counter()]

    def mark(name: str) -> None:
        now = time.perf_counter()
        entry = {"s": now - clock[0],
                 "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
        if trace:
            entry["py_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.reset_peak()
        stages[name] = entry
        clock[0] = time.perf_counter()

    started = clock[0]
    import kosieval
    from kosieval import _resources
    from kosieval.reflections import registry
    from kosieval.report import build, render

    mark("import")
    study = kosieval.load_study(study_dir)
    mark("load")
    info: dict[str, object] = {"reflections": list(study.config.report.reflections)}
    if mode == "cold":
        # the modules build_document runs (it may add data_quality to the configured ones)
        names = (build._module_names(study, "evaluation") if hasattr(build, "_module_names")
                 else tuple(study.config.report.reflections))
        info["reflections"] = list(names)
        results = [(name, registry.analyze(study, name)) for name in names]
        mark("analysis")
        reflections = [registry.Reflection(name, result, registry.module_of(name).present(result, locale))
                       for name, result in results]
        mark("present")
        # build_document runs the reflections itself; hand it the ones just measured
        build.run_reflections = lambda *args, **kwargs: list(reflections)
        document, _ = build.build_document(study, locale=locale)
        mark("document")
        html = render.render_html(document)
        mark("html")
        # as render_pdf does it, with the texts folder readable as build_report allows it
        templates = _resources.templates_dir()
        texts = getattr(study.config.report, "texts", None)
        allowed = (templates, *((study.folder / texts,) if texts else ()))
        render.write_pdf(html, out, base_dir=templates, allowed_dirs=allowed,
                         stylesheets=[templates / render.STYLESHEET])
        mark("pdf")
        info["html_bytes"] = len(html.encode("utf-8"))
    else:
        # as the command line builds it: charts drawn in a forked worker while the analysis goes on
        import inspect

        parallel = {"parallel": True} if "parallel" in inspect.signature(build.build_report).parameters else {}
        built = build.build_report(study, out, locale=locale, format="pdf", cache_dir=cache_dir, **parallel)
        mark("build_report")
        document = built.document
    total = time.perf_counter() - started
    blocks = list(getattr(document, "methods", ()))
    for section in (*document.sections, *getattr(document, "appendices", ())):
        blocks.extend(section.blocks)
    info["figures"] = sum(type(b).__name__ == "Figure" for b in blocks)
    info["tables"] = sum(type(b).__name__ == "Table" for b in blocks)
    try:
        from pypdf import PdfReader

        info["pages"] = len(PdfReader(out).pages)
    except ImportError:  # pragma: no cover - pypdf is a test dependency
        info["pages"] = None
    info["pdf_bytes"] = Path(out).stat().st_size
    print("RESULT " + json.dumps({"stages": stages, "in_process_s": total, **info}), file=sys.stderr)


# --------------------------------------------------------------------------- parent


def _has_cache_keyword() -> bool:
    code = ("import inspect; from kosieval.report.build import build_report; "
            "print('cache_dir' in inspect.signature(build_report).parameters)")
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return done.stdout.strip() == "True"


def one_build(mode: str, study: Path, out: Path, *, locale: str = "de", cache_dir: Path | None = None,
              trace: bool = False) -> dict[str, object]:
    """One build in a fresh process: its stage times, peak RSS, pages, figures, wall time."""
    args = [sys.executable, __file__, "--child", mode, str(study), str(out), locale, str(cache_dir or "")]
    if trace:
        args.append("--trace")
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0 or "RESULT " not in done.stderr:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"{mode} build of {study} failed (exit {done.returncode}):\n{tail}")
    result = json.loads(done.stderr.rsplit("RESULT ", 1)[1].splitlines()[0])
    result["wall_s"] = wall
    result["peak_rss_mib"] = max(s["maxrss_mib"] for s in result["stages"].values())
    return result


def _touch_text(study: Path) -> str | None:
    """Append a sentence to the first Markdown text of the study (a copy); its name or None."""
    import yaml

    config = yaml.safe_load((study / "study.yaml").read_text(encoding="utf-8"))
    texts = (config.get("report") or {}).get("texts")
    folder = study / str(texts) if texts else None
    files = sorted(folder.glob("*.md")) if folder is not None and folder.is_dir() else []
    if not files:
        return None
    with files[0].open("a", encoding="utf-8") as handle:
        handle.write("\nEin zusätzlicher Satz (Benchmark: nur dieser Text wurde geändert).\n")
    return files[0].relative_to(study).as_posix()


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _summarise(runs: list[dict[str, object]], stages: tuple[str, ...]) -> dict[str, object]:
    out: dict[str, object] = {"runs": len(runs)}
    for stage in stages:
        values = [r["stages"][stage]["s"] for r in runs if stage in r["stages"]]
        out[f"{stage}_s"] = round(_median(values), 3) if values else None
    out["wall_s"] = round(_median([r["wall_s"] for r in runs]), 3)
    out["wall_min_s"] = round(min(r["wall_s"] for r in runs), 3)
    out["peak_rss_mib"] = round(max(r["peak_rss_mib"] for r in runs), 1)
    for key in ("pages", "figures", "tables", "pdf_bytes"):
        out[key] = runs[-1].get(key)
    out["stage_peak_rss_mib"] = {s: round(max(r["stages"][s]["maxrss_mib"] for r in runs), 1)
                                 for s in stages if s in runs[-1]["stages"]}
    return out


def bench_study(label: str, study: Path, work: Path, *, runs: int, cache: bool, trace: bool) -> dict[str, object]:
    """All measurements of one study (a temporary copy of it, so texts can be touched)."""
    copy = work / f"{label}-study"
    shutil.copytree(study, copy)
    out = work / f"{label}.pdf"
    record: dict[str, object] = {"study": label}
    cold = [one_build("cold", copy, out) for _ in range(runs)]
    record["cold"] = _summarise(cold, COLD_STAGES)
    record["cli_cold"] = _summarise([one_build("cli_cold", copy, out) for _ in range(runs)], CACHED_STAGES)
    record["reflections"] = cold[-1]["reflections"]
    record["html_bytes"] = cold[-1].get("html_bytes")
    if trace:
        traced = one_build("cold", copy, out, trace=True)
        record["tracemalloc_peak_mib"] = {s: round(v["py_peak_mib"], 1) for s, v in traced["stages"].items()}
    cache_dir = work / f"{label}-cache"
    if cache:
        prime = one_build("cached", copy, out, cache_dir=cache_dir)
        record["cache_fill"] = _summarise([prime], CACHED_STAGES)
        warm = [one_build("cached", copy, out, cache_dir=cache_dir) for _ in range(runs)]
        record["cached"] = _summarise(warm, CACHED_STAGES)
    else:
        record["cache_fill"] = record["cached"] = "n/a (build_report has no cache_dir keyword)"
    touched = _touch_text(copy)
    if touched is None:
        record["text_touched"] = "n/a (the study has no Markdown texts)"
    else:
        rebuild = (one_build("cached", copy, out, cache_dir=cache_dir) if cache else one_build("cold", copy, out))
        record["text_touched"] = {"file": touched, "mode": "cached" if cache else "cold",
                                  **_summarise([rebuild], CACHED_STAGES if cache else COLD_STAGES)}
    return record


def _fmt(value: object, width: int, digits: int = 2) -> str:
    if value is None:
        return f"{'–':>{width}}"
    if isinstance(value, float):
        return f"{value:>{width}.{digits}f}"
    return f"{value!s:>{width}}"


def table(records: list[dict[str, object]]) -> str:
    """The printed summary: one line per study and mode."""
    stages = (*COLD_STAGES, "build_report")
    head = (f"{'study':9} {'mode':12} " + " ".join(f"{s:>8}" for s in stages)
            + f" {'wall s':>7} {'RSS MiB':>8} {'pages':>5} {'figs':>4}")
    lines = [head, "-" * len(head)]
    for record in records:
        for mode in ("cold", "cli_cold", "cache_fill", "cached", "text_touched"):
            row = record.get(mode)
            if not isinstance(row, dict):
                lines.append(f"{record['study']:9} {mode:12} {row}")
                continue
            cells = " ".join(_fmt(row.get(f"{s}_s"), 8) for s in stages)
            lines.append(f"{record['study']:9} {mode:12} {cells} {_fmt(row['wall_s'], 7)} "
                         f"{_fmt(row['peak_rss_mib'], 8, 1)} {_fmt(row['pages'], 5)} {_fmt(row['figures'], 4)}")
        if "tracemalloc_peak_mib" in record:
            peaks = ", ".join(f"{k} {v:.1f}" for k, v in record["tracemalloc_peak_mib"].items())
            lines.append(f"{record['study']:9} tracemalloc peak per stage (MiB): {peaks}")
    return "\n".join(lines)


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("kosieval", "weasyprint", "matplotlib", "pandas", "numpy", "scipy", "statsmodels"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode, study, out, locale, cache = sys.argv[2:7]
        _child(mode, study, out, locale, cache or None, trace="--trace" in sys.argv[7:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold (and warm-cache) builds per study")
    parser.add_argument("--tracemalloc", action="store_true", help="one extra traced build per study")
    parser.add_argument("--skip-large", action="store_true", help="only the example study")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "report_build.json")
    args = parser.parse_args()
    cache = _has_cache_keyword()
    records = []
    from kosieval._resources import example_study_dir  # light: no pandas, no WeasyPrint

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        studies = [("example", example_study_dir())]
        if not args.skip_large:
            large = work / "generated"
            started = time.perf_counter()
            # generated by a child: Linux carries ru_maxrss across exec into later children
            subprocess.run([sys.executable, str(HERE / "synthetic_study.py"), str(large),
                            *(f"--{k}={v}" for k, v in LARGE.items())], check=True, capture_output=True)
            print(f"generated the large study ({LARGE}) in {time.perf_counter() - started:.1f} s")
            studies.append(("large", large))
        for label, folder in studies:
            started = time.perf_counter()
            records.append(bench_study(label, folder, work, runs=args.runs, cache=cache, trace=args.tracemalloc))
            print(f"{label}: measured in {time.perf_counter() - started:.0f} s", flush=True)
    text = table(records)
    example_cold = records[0]["cli_cold"]["wall_s"]
    verdict = (f"example report cold: {example_cold:.2f} s (median of {args.runs}) — aim < {AIM_S:.0f} s: "
               f"{'met' if example_cold < AIM_S else 'NOT met'}")
    notes = [
        "stages in seconds (median over runs); wall s = whole child process incl. interpreter start;",
        "cold = stage by stage, one after another; cli_cold = build_report as `kosieval report --no-cache`",
        "runs it (no cache, charts drawn in a forked worker while the next module is analysed);",
        "RSS MiB = peak resident set size of the child (ru_maxrss); figs = figures in the document.",
        "reflections run: " + "; ".join(f"{r['study']}: {', '.join(r['reflections'])}" for r in records),
        verdict,
    ]
    print(text)
    for note in notes:
        print(note)
    result = {
        "benchmark": "report build per stage, cold and with the analysis cache",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "versions": _versions(),
        "large_study": LARGE,
        "aim_example_cold_s": AIM_S,
        "cache_dir_keyword": cache,
        "studies": records,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    args.json.with_suffix(".txt").write_text(text + "\n" + "\n".join(notes) + "\n", encoding="utf-8")
    root = HERE.parent
    shown = args.json.resolve()
    print(f"written: {shown.relative_to(root) if shown.is_relative_to(root) else shown.name} (+ .txt)")


if __name__ == "__main__":
    main()
