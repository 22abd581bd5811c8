"""``kosieval report STUDY_DIR...``: build one city's report, or many in parallel plus a comparison."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import click

from kosieval.cli.batch import BuildOutcome, BuildTask, run_task, run_tasks
from kosieval.cli.errors import KosievalCommand
from kosieval.errors import KosievalError
from kosieval.io.study import read_config, read_study
from kosieval.report.build import build_report

#: The default file name's middle part per report kind.
_STEM = {"evaluation": "bericht", "transfer": "transferbericht", "comparison": "staedtevergleich"}

KIND_HELP = ("Berichtsart: evaluation = Evaluationsbericht der Testphase, transfer = kurzer Transferbericht "
             "für andere Städte / report kind: evaluation = test-phase evaluation report, transfer = short "
             "transfer report for other cities.")

#: What each stage is called on the console.
_STAGES = {
    "read": "Lese Studie / reading study",
    "analysis": "Analysen / analyses",
    "cached": "Analysen aus dem Cache / analyses from the cache",
    "texts": "Texte und Kennzahlen / texts and key figures",
    "pdf": "Setze PDF / typesetting PDF",
    "html": "Schreibe HTML / writing HTML",
}


class Console:
    """Prints progress to stderr at the chosen verbosity; results go to stdout.

    Parameters
    ----------
    verbosity
        0 quiet (results and errors only), 1 normal (one line per stage), 2 verbose (every
        module with the time it began, stage times, memory).
    """

    def __init__(self, verbosity: int) -> None:
        self.verbosity = verbosity
        self._last_stage = ""
        self._started = time.perf_counter()

    def stage(self, stage: str, detail: str) -> None:
        """Show that ``stage`` began (modules one by one only when verbose)."""
        elapsed = time.perf_counter() - self._started
        if self.verbosity >= 2:
            click.echo(f"  [{elapsed:6.1f} s] {_STAGES.get(stage, stage)}: {detail}", err=True)
        elif self.verbosity == 1 and stage != self._last_stage and stage in _STAGES:
            click.echo(f"  {_STAGES[stage]} …", err=True)
        self._last_stage = stage

    def info(self, text: str) -> None:
        """A progress line (hidden with --quiet)."""
        if self.verbosity >= 1:
            click.echo(text, err=True)

    def detail(self, text: str) -> None:
        """A line shown only with --verbose."""
        if self.verbosity >= 2:
            click.echo(text, err=True)


def _default_name(study_dir: Path, *, kind: str, lang: str, fmt: str) -> str:
    config, _ = read_config(study_dir.resolve())
    return f"{config.study.id}-{_STEM[kind]}-{lang}.{fmt}"


def _result_line(outcome: BuildOutcome) -> str:
    return f"{outcome.output} ({outcome.seconds:.1f} s); manifest: {outcome.manifest}"


def _failure(outcome: BuildOutcome) -> str:
    return f"Fehler / error: {outcome.task.study_dir}: {outcome.error}"


def _describe(outcome: BuildOutcome, console: Console) -> None:
    if outcome.data_errors:
        console.info(f"  {outcome.data_errors} Datenprobleme protokolliert (siehe Anhang bzw. 'kosieval validate') / "
                     f"{outcome.data_errors} data problems logged")
    if console.verbosity >= 2:
        times = ", ".join(f"{stage} {detail.split('/')[-1]} {t:.1f}s" for stage, detail, t in outcome.stages)
        console.detail(f"  Stufen / stages: {times}; Speicher / peak memory {outcome.peak_rss_mib:.0f} MiB")


def build_one(study_dir: Path, output: Path | None, *, lang: str, fmt: str, kind: str = "evaluation",
              cache: bool = False, verbosity: int = 1) -> Path:
    """Build one study's report with progress on stderr; raise KosievalError when it fails.

    Parameters
    ----------
    study_dir
        The study folder.
    output
        The report file (default ``<study id>-bericht-<lang>.<format>`` in the current folder).
    lang, fmt, kind, cache
        As the command's options.
    verbosity
        0 quiet, 1 normal, 2 verbose.

    Returns
    -------
    Path
        The report written.
    """
    console = Console(verbosity)
    target = output or Path(_default_name(study_dir, kind=kind, lang=lang, fmt=fmt))
    console.info(f"Bericht / report ({kind}, {fmt}, {lang}): {study_dir}")
    outcome = run_task(BuildTask(study_dir, target, lang, fmt, kind, cache), progress=console.stage, parallel=True)
    if not outcome.ok:
        raise KosievalError(str(outcome.error))
    _describe(outcome, console)
    click.echo(_result_line(outcome))
    return target


def _build_many(study_dirs: tuple[Path, ...], folder: Path, *, lang: str, fmt: str, kind: str, cache: bool,
                jobs: int, compare: bool, verbosity: int) -> None:
    console = Console(verbosity)
    names = [_default_name(d, kind=kind, lang=lang, fmt=fmt) for d in study_dirs]
    twice = sorted(n for n, c in Counter(names).items() if c > 1)
    if twice:
        raise click.UsageError("zwei Studienordner mit derselben Studien-ID / two study folders with the same study "
                               f"id: {', '.join(twice)}; give each city its own study.id in study.yaml")
    folder.mkdir(parents=True, exist_ok=True)
    tasks = [BuildTask(d, folder / n, lang, fmt, kind, cache) for d, n in zip(study_dirs, names)]
    console.info(f"{len(tasks)} Berichte / reports ({kind}, {fmt}, {lang}) mit / with {jobs} "
                 f"{'Prozess' if jobs == 1 else 'Prozessen'} / process(es) → {folder}")
    if verbosity >= 1:
        with click.progressbar(length=len(tasks), label="Berichte / reports", file=sys.stderr,
                               show_pos=True) as bar:
            def done(outcome: BuildOutcome) -> None:
                bar.update(1)
                if verbosity >= 2:
                    click.echo(f"\n  {outcome.task.study_dir}: {'ok' if outcome.ok else 'Fehler / error'} "
                               f"({outcome.seconds:.1f} s, {outcome.peak_rss_mib:.0f} MiB)", err=True)
            outcomes = run_tasks(tasks, jobs=jobs, on_done=done)
    else:
        outcomes = run_tasks(tasks, jobs=jobs)
    for outcome in outcomes:
        if outcome.ok:
            click.echo(_result_line(outcome))
            _describe(outcome, console)
        else:
            click.echo(_failure(outcome), err=True)
    failed = [o for o in outcomes if not o.ok]
    if compare and kind == "evaluation":
        built = [o.task.study_dir for o in outcomes if o.ok]
        if len(built) >= 2:
            _comparison(tuple(built), folder, lang=lang, fmt=fmt, console=console)
        else:
            console.info("Kein Städtevergleich: weniger als zwei Berichte gebaut / no city comparison: fewer than "
                         "two reports built")
    if failed:
        click.echo(f"{len(failed)} von {len(outcomes)} Berichten fehlgeschlagen / of {len(outcomes)} reports failed.",
                   err=True)
        raise SystemExit(1)


def _comparison(study_dirs: tuple[Path, ...], folder: Path, *, lang: str, fmt: str, console: Console) -> None:
    """The comparison across cities: per city and pooled (see the ``comparison`` module)."""
    console.info(f"Städtevergleich / city comparison: {len(study_dirs)} Städte / cities …")
    started = time.perf_counter()
    studies = [read_study(d) for d in study_dirs]
    target = folder / f"{_STEM['comparison']}-{lang}.{fmt}"
    built = build_report(studies[0], target, locale=lang, format=fmt, kind="comparison",  # type: ignore[arg-type]
                         others=studies[1:])
    click.echo(f"{built.output} ({time.perf_counter() - started:.1f} s); manifest: {built.manifest}")


def verbosity_of(quiet: bool, verbose: bool) -> int:
    """0 with --quiet, 2 with --verbose, else 1; both at once is a usage error."""
    if quiet and verbose:
        raise click.UsageError("--quiet und --verbose schließen sich aus / --quiet and --verbose exclude each other")
    return 0 if quiet else 2 if verbose else 1


@click.command(cls=KosievalCommand)
@click.argument("study_dirs", nargs=-1, required=True, metavar="STUDY_DIR...",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Ausgabedatei; bei mehreren Studien ein Ordner / output file; with several studies a folder "
                   "(default: <study id>-bericht-<lang>.<format>, transfer: <study id>-transferbericht-…, in the "
                   "current folder).")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Berichtssprache / report language.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True,
              help="Ausgabeformat / output format.")
@click.option("--kind", type=click.Choice(["evaluation", "transfer"]), default="evaluation", show_default=True,
              help=KIND_HELP)
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Analyseergebnisse im Cache-Ordner des Benutzers wiederverwenden, solange Daten, "
                   "Konfiguration und Versionen gleich sind (nach Änderung nur eines Textes) / reuse the "
                   "analysis from the user's cache folder while data, config and versions are unchanged.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="mehrere Studien in so vielen Prozessen gleichzeitig bauen / build several studies in this many "
                   "processes at once.")
@click.option("--compare/--no-compare", default=True, show_default=True,
              help="bei mehreren Studien zusätzlich den Städtevergleich bauen (staedtevergleich-<lang>.<format>) / "
                   "with several studies also build the comparison across cities.")
@click.option("-q", "--quiet", is_flag=True, help="nur Ergebnisse und Fehler ausgeben / print only results and errors.")
@click.option("-v", "--verbose", is_flag=True,
              help="jede Analyse mit Zeit, Stufenzeiten und Speicher zeigen / show each analysis with its time, "
                   "stage times and memory.")
def report(study_dirs: tuple[Path, ...], output: Path | None, lang: str, fmt: str, kind: str, cache: bool,
           jobs: int, compare: bool, quiet: bool, verbose: bool) -> None:
    """Bericht erstellen / build the report of each study in STUDY_DIR...

    Mit mehreren Studienordnern (eine Stadt je Ordner) werden die Berichte parallel gebaut
    (--jobs) und dazu ein Städtevergleich / with several study folders (one city each) the
    reports are built in parallel (--jobs), plus a comparison across the cities.
    """
    verbosity = verbosity_of(quiet, verbose)
    if len(study_dirs) == 1:
        if output is not None and output.is_dir():
            output = output / _default_name(study_dirs[0], kind=kind, lang=lang, fmt=fmt)
        build_one(study_dirs[0], output, lang=lang, fmt=fmt, kind=kind, cache=cache, verbosity=verbosity)
        return
    if output is not None and output.suffix.lower() in (".pdf", ".html"):
        raise click.UsageError("mit mehreren Studien ist -o ein Ordner / with several studies -o names a folder")
    _build_many(study_dirs, output or Path("."), lang=lang, fmt=fmt, kind=kind, cache=cache, jobs=jobs,
                compare=compare, verbosity=verbosity)
