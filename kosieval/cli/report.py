"""``kosieval report STUDY_DIR``: build a study's evaluation report or transfer report."""

from __future__ import annotations

import time
from pathlib import Path

import click

from kosieval.cli.errors import KosievalCommand
from kosieval.io.study import read_study
from kosieval.report.build import build_report
from kosieval.report.cache import default_cache_dir

#: The default file name's middle part per report kind.
_STEM = {"evaluation": "bericht", "transfer": "transferbericht"}

KIND_HELP = ("Berichtsart: evaluation = Evaluationsbericht der Testphase, transfer = kurzer Transferbericht "
             "für andere Städte / report kind: evaluation = test-phase evaluation report, transfer = short "
             "transfer report for other cities.")


def build_and_tell(study_dir: Path, output: Path | None, *, lang: str, fmt: str, kind: str = "evaluation",
                   cache: bool = False) -> Path:
    """Read the study, build its report and print where it went."""
    started = time.perf_counter()
    click.echo(f"Lese Studie / reading study {study_dir} …", err=True)
    study = read_study(study_dir)
    errors = len(study.log.of_severity("error"))
    if errors:
        click.echo(f"  {errors} Datenprobleme protokolliert (siehe Anhang bzw. 'kosieval validate') / "
                   f"{errors} data problems logged", err=True)
    target = output or Path(f"{study.config.study.id}-{_STEM[kind]}-{lang}.{fmt}")
    click.echo(f"Erstelle Bericht / building report ({kind}, {fmt}, {lang}) …", err=True)
    built = build_report(study, target, locale=lang, format=fmt, kind=kind,  # type: ignore[arg-type]
                         cache_dir=default_cache_dir() if cache else None)
    elapsed = time.perf_counter() - started
    click.echo(f"{built.output} ({elapsed:.1f} s); manifest: {built.manifest}")
    return built.output


@click.command(cls=KosievalCommand)
@click.argument("study_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Ausgabedatei / output file (default: <study id>-bericht-<lang>.<format>, "
                   "transfer: <study id>-transferbericht-<lang>.<format>).")
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
def report(study_dir: Path, output: Path | None, lang: str, fmt: str, kind: str, cache: bool) -> None:
    """Bericht einer Studie erstellen / build the report of the study in STUDY_DIR."""
    build_and_tell(study_dir, output, lang=lang, fmt=fmt, kind=kind, cache=cache)
