"""``kosieval codebook draft EXPORT``: a draft instrument YAML from a survey's structure or export."""

from __future__ import annotations

from pathlib import Path

import click

from kosieval.cli.errors import KosievalCommand
from kosieval.io.structure import draft_codebook


@click.group()
def codebook() -> None:
    """Instrumente / instrument codebooks."""


@codebook.command(cls=KosievalCommand)
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML-Datei / YAML file to write (default: print it).")
@click.option("--values", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="SoSci Survey: values_*.csv, wenn nicht daneben / when it is not beside the variables file.")
@click.option("--force", is_flag=True, help="vorhandene Datei überschreiben / overwrite an existing file.")
def draft(export: Path, output: Path | None, values: Path | None, force: bool) -> None:
    """Instrument-Entwurf / draft an instrument YAML from EXPORT.

    EXPORT: LimeSurvey .lss or tab-separated structure (.txt), SoSci Survey variables_*.csv
    (with values_*.csv beside it), XLSForm .xlsx, KoboToolbox asset .json, SPSS .sav/.zsav,
    Stata .dta, or any survey export kosieval reads. The draft marks what to complete and
    ends with the mapping for study.yaml.
    """
    text = draft_codebook(export, values=values).to_yaml()
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise click.UsageError(f"{output} exists; pass --force to overwrite it")
    output.write_text(text, encoding="utf-8")
    click.echo(f"Entwurf geschrieben / draft written: {output}", err=True)
