"""Building reports of one or many study folders, in this process or in parallel processes.

A city's report is one :class:`BuildTask`; :func:`run_task` reads the study and builds the
report, recording when each stage began (for ``--verbose`` and the benchmarks) and turning
any failure into a message instead of an exception, so one broken city does not stop the
others. :func:`run_tasks` runs the tasks one after another in this process (``jobs=1``) or
in ``jobs`` worker processes. Each worker builds one report and exits
(``max_tasks_per_child=1``): WeasyPrint does not give memory back (DESIGN.md §7), so a long
run over many cities would otherwise grow. Workers start from a ``forkserver`` that has
imported kosieval's report stack once, so a new worker does not pay the ~2.5 s of imports.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from kosieval.errors import KosievalError
from kosieval.io.study import read_study
from kosieval.report.build import build_report
from kosieval.report.cache import default_cache_dir

#: (stage, detail, seconds since the task started) as recorded by :func:`run_task`.
Stage = tuple[str, str, float]


@dataclass(frozen=True)
class BuildTask:
    """One report to build.

    Parameters
    ----------
    study_dir
        The study folder.
    output
        The report file.
    lang, fmt, kind
        Report language ("de"/"en"), format ("pdf"/"html") and kind ("evaluation"/"transfer").
    cache
        Use the analysis cache in the user's cache folder.
    """

    study_dir: Path
    output: Path
    lang: str = "de"
    fmt: str = "pdf"
    kind: str = "evaluation"
    cache: bool = False


@dataclass(frozen=True)
class BuildOutcome:
    """What became of a :class:`BuildTask`.

    Parameters
    ----------
    task
        The task.
    output, manifest
        The files written (None when the build failed).
    seconds
        Wall time of the task.
    stages
        (stage, detail, seconds since the start) in order: ``read``, ``analysis`` per module
        (or ``cached``), ``texts``, ``pdf``/``html``, ``done``.
    error
        The message when the build failed (data or config problem, or an unexpected error
        with its traceback's last line), else None.
    peak_rss_mib
        Peak resident memory of the process that built it (MiB). In a worker process that
        is this report's peak; in the calling process, the peak so far.
    data_errors
        Number of data problems the import log recorded as errors (the report shows them in
        its data-quality appendix).
    """

    task: BuildTask
    output: Path | None
    manifest: Path | None
    seconds: float
    stages: tuple[Stage, ...]
    error: str | None = None
    peak_rss_mib: float = 0.0
    data_errors: int = 0

    @property
    def ok(self) -> bool:
        """True when the report was written."""
        return self.error is None


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_task(task: BuildTask, *, progress: Callable[[str, str], None] | None = None,
             parallel: bool = False) -> BuildOutcome:
    """Read the study and build its report; failures become :attr:`BuildOutcome.error`.

    Parameters
    ----------
    task
        What to build.
    progress
        Called with (stage, detail) as each stage begins (see :attr:`BuildOutcome.stages`).
    parallel
        Draw the charts in a forked worker while the analysis goes on (for a single report in
        this single-threaded process; off inside the worker processes of :func:`run_tasks`,
        where the cores are busy already).

    Returns
    -------
    BuildOutcome
    """
    started = time.perf_counter()
    stages: list[Stage] = []

    def note(stage: str, detail: str) -> None:
        stages.append((stage, detail, time.perf_counter() - started))
        if progress is not None:
            progress(stage, detail)

    data_errors = 0
    try:
        note("read", str(task.study_dir))
        study = read_study(task.study_dir)
        data_errors = len(study.log.of_severity("error"))
        built = build_report(study, task.output, locale=task.lang, format=task.fmt,  # type: ignore[arg-type]
                             kind=task.kind,  # type: ignore[arg-type]
                             cache_dir=default_cache_dir() if task.cache else None, progress=note,
                             parallel=parallel)
    except KosievalError as exc:
        return BuildOutcome(task, None, None, time.perf_counter() - started, tuple(stages), str(exc),
                            _peak_rss_mib(), data_errors)
    except Exception as exc:  # noqa: BLE001 - one city's crash must not stop the others
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return BuildOutcome(task, None, None, time.perf_counter() - started, tuple(stages),
                            f"unerwarteter Fehler / unexpected error: {last}", _peak_rss_mib(), data_errors)
    note("done", str(built.output))
    return BuildOutcome(task, built.output, built.manifest, time.perf_counter() - started, tuple(stages), None,
                        _peak_rss_mib(), data_errors)


def _context() -> multiprocessing.context.BaseContext:
    """A forkserver (POSIX) whose server imported the report stack once; spawn elsewhere."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kosieval.cli.batch"])
    return context


def run_tasks(tasks: Sequence[BuildTask], *, jobs: int = 1,
              on_done: Callable[[BuildOutcome], None] | None = None) -> list[BuildOutcome]:
    """Build every task's report, ``jobs`` at a time; outcomes in the order of ``tasks``.

    Parameters
    ----------
    tasks
        The reports to build.
    jobs
        Worker processes (1: one after another in this process).
    on_done
        Called with each outcome as soon as it is done (completion order).

    Returns
    -------
    list[BuildOutcome]
    """
    if jobs < 1:
        raise ValueError(f"jobs: must be at least 1, got {jobs}")
    outcomes: dict[int, BuildOutcome] = {}
    if jobs == 1 or len(tasks) <= 1:
        for index, task in enumerate(tasks):
            outcomes[index] = run_task(task, parallel=True)
            if on_done is not None:
                on_done(outcomes[index])
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=_context(),
                                 max_tasks_per_child=1) as pool:
            futures = {pool.submit(run_task, task): index for index, task in enumerate(tasks)}
            for future in as_completed(futures):
                outcomes[futures[future]] = future.result()
                if on_done is not None:
                    on_done(outcomes[futures[future]])
    return [outcomes[i] for i in range(len(tasks))]
