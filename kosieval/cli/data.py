"""``kosieval data STUDY_DIR --export csv|parquet|sav``: write a study's validated, scored data."""

from __future__ import annotations

from pathlib import Path

import click

from kosieval.cli.errors import KosievalCommand
from kosieval.export import export_study, write_partitioned
from kosieval.export.tables import Exclusion
from kosieval.io.personal import is_personal
from kosieval.io.study import read_study
from kosieval.model.study import Study

EXPORT_HELP = ("Format: csv (R, SPSS, Excel), parquet (R arrow, pandas; mit Labels in den Metadaten) oder sav "
               "(SPSS, mit Variablen- und Wertelabels und den fehlenden Codes als benutzerdefiniert fehlend) / "
               "format: csv, parquet (labels in the metadata) or sav (SPSS, variable and value labels, missing "
               "codes kept as user-missing).")
EXCEL_HELP = ("nur csv: für deutsches Excel (UTF-8 mit BOM, Semikolon, Dezimalkomma) statt für R/SPSS (Komma, "
              "Dezimalpunkt) / csv only: for German Excel (UTF-8 with BOM, semicolon, decimal comma) instead of "
              "R/SPSS (comma, decimal point).")
PARTITIONED_HELP = ("nur parquet: alle angegebenen Studien (eine je Stadt) als ein Datensatz, aufgeteilt nach Stadt, "
                    "Instrument und Welle, für gepoolte Auswertungen; -o ist der Wurzelordner / parquet only: all "
                    "studies given (one per city) as one dataset partitioned by instrument, city and wave, for "
                    "pooled analyses; -o is its root folder.")


def _read(study_dir: Path) -> Study:
    click.echo(f"Lese Studie / reading study {study_dir} …", err=True)
    study = read_study(study_dir)
    errors = len(study.log.of_severity("error"))
    if errors:
        click.echo(f"  {errors} Datenprobleme protokolliert, betroffene Werte fehlen im Export (siehe 'kosieval "
                   f"validate') / {errors} data problems logged, the values concerned are missing in the export",
                   err=True)
    return study


def _excluded(excluded: tuple[Exclusion, ...]) -> str:
    columns = ", ".join(f"{e.table}.{e.column}" for e in excluded)
    return (f"Nicht exportiert (Datenschutz, siehe notes.txt) / not exported (privacy, see notes.txt): {columns}"
            if columns else "")


@click.command(cls=KosievalCommand)
@click.argument("study_dirs", nargs=-1, required=True, metavar="STUDY_DIR...",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--export", "fmt", type=click.Choice(["csv", "parquet", "sav"]), required=True, help=EXPORT_HELP)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Ausgabeordner / output folder (default: <study id>-daten-<format>; with --partitioned: required).")
@click.option("--excel", is_flag=True, help=EXCEL_HELP)
@click.option("--partitioned", is_flag=True, help=PARTITIONED_HELP)
def data(study_dirs: tuple[Path, ...], fmt: str, output: Path | None, excel: bool, partitioned: bool) -> None:
    """Daten exportieren / write the validated, scored data of STUDY_DIR for SPSS, R or Excel.

    Je Befragung eine Datei (Items, fehlende Codes, Skalenwerte wie im Bericht), die codierten
    Interviews, codebook.csv (csv), notes.txt und export_manifest.json / one file per survey
    (items, missing codes, scale scores as in the report), the coded interviews, codebook.csv
    (csv), notes.txt and export_manifest.json. Free text and personal columns only when
    study.yaml's privacy settings allow them.
    """
    if excel and fmt != "csv":
        raise click.UsageError("--excel gibt es nur mit / only with --export csv")
    if partitioned:
        if fmt != "parquet":
            raise click.UsageError("--partitioned gibt es nur mit / only with --export parquet")
        if output is None:
            raise click.UsageError("--partitioned braucht / needs -o ROOT (the dataset folder)")
        studies = [_read(d) for d in study_dirs]
        try:
            result = write_partitioned(studies, output, personal=is_personal)
        except ValueError as exc:
            raise click.UsageError(f"eine Studie je Stadt / one study per city: {exc}") from None
        click.echo(f"Geschrieben / written: {result.root}")
        for instrument, city, wave, rows in result.rows:
            click.echo(f"  instrument={instrument} city={city} wave={wave}: {rows} Zeilen / rows")
        for path in result.files:
            click.echo(f"  {path}")
        click.echo("Freitext und persönliche Spalten werden nie gepoolt / free text and personal columns are never "
                   "pooled.")
        return
    if len(study_dirs) > 1:
        raise click.UsageError("mehrere Studienordner nur mit / several study folders only with "
                               "--export parquet --partitioned")
    study = _read(study_dirs[0])
    target = output or Path(f"{study.config.study.id}-daten-{fmt}")
    result = export_study(study, target, format=fmt, excel=excel, personal=is_personal)  # type: ignore[arg-type]
    rows = dict(result.rows)
    click.echo(f"Geschrieben / written ({fmt}{', Excel' if excel else ''}): {result.folder}")
    for path in result.files:
        count = rows.get(path.stem)
        click.echo(f"  {path}" + (f"  ({count} Zeilen / rows)" if count is not None and path.suffix != ".txt" else ""))
    note = _excluded(result.excluded)
    if note:
        click.echo(note)
    if result.withheld_texts:
        click.echo(f"Text von {result.withheld_texts} Interviewsegmenten weggelassen (keine Einwilligung zum "
                   f"Zitieren) / text of {result.withheld_texts} interview segments left out (no consent to quote)")
    if result.prefixed_cells:
        click.echo(f"{result.prefixed_cells} Zellen mit ' gegen Excel-Formeln geschützt / cells prefixed with ' "
                   "against Excel formulas")
