"""``kosieval example``: build the report of the embedded example study."""

from __future__ import annotations

from pathlib import Path

import click

from kosieval._resources import example_study_dir
from kosieval.cli.errors import KosievalCommand
from kosieval.cli.report import KIND_HELP, build_one, verbosity_of


@click.command(cls=KosievalCommand)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("kosieval-beispielbericht.pdf"), show_default=True,
              help="Ausgabedatei / output file.")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Berichtssprache / report language.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True,
              help="Ausgabeformat / output format.")
@click.option("--kind", type=click.Choice(["evaluation", "transfer"]), default="evaluation", show_default=True,
              help=KIND_HELP)
@click.option("-q", "--quiet", is_flag=True,
              help="nur Ergebnis und Fehler ausgeben / print only the result and errors.")
@click.option("-v", "--verbose", is_flag=True, help="jede Analyse mit Zeit zeigen / show each analysis with its time.")
def example(output: Path, lang: str, fmt: str, kind: str, quiet: bool, verbose: bool) -> None:
    """Beispielbericht erstellen / build the report of the embedded example study (Musterstadt)."""
    build_one(example_study_dir(), output, lang=lang, fmt=fmt, kind=kind, verbosity=verbosity_of(quiet, verbose))
