"""``kosieval validate STUDY_DIR``: check config and data, print every problem grouped."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from kosieval.cli.errors import KosievalCommand
from kosieval.io.study import read_study

_TITLES = {"error": "Fehler / errors", "warning": "Hinweise / warnings", "info": "Protokoll / notes"}


def _table(frame: pd.DataFrame) -> str:
    rows = [("Zeile/line", "Spalte/column", "Wert/value", "Vorgang/action", "Grund/reason")]
    for r in frame.itertuples():
        rows.append(("" if pd.isna(r.row) else str(r.row), str(r.column or ""),
                     "" if r.value is None else str(r.value)[:30], str(r.action), str(r.reason)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[i].ljust(widths[i]) for i in range(4)] + [row[4]]
        lines.append("    " + "  ".join(cells).rstrip())
        if index == 0:
            lines.append("    " + "  ".join("-" * w for w in widths) + "  " + "-" * 20)
    return "\n".join(lines)


@click.command(cls=KosievalCommand)
@click.argument("study_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--all", "show_all", is_flag=True,
              help="auch Protokolleinträge zeigen / also show routine notes (missing codes, dropped columns).")
def validate(study_dir: Path, show_all: bool) -> None:
    """Studie prüfen / check study.yaml and every data file of STUDY_DIR.

    Exit code 0 when the data agree with the codebooks, 1 when there are errors.
    """
    study = read_study(study_dir)
    click.echo(f"Studie / study: {study.config.study.id} ({study.config.study.city})")
    for survey in study.surveys.values():
        detected = ", ".join(f"{v}" for v in survey.detected.values())
        click.echo(f"  {survey.source_id}: {survey.file} – {detected}; n = {survey.n}")
    frame = study.log.to_frame()
    for severity in ("error", "warning", "info"):
        part = frame[frame["severity"] == severity]
        if part.empty or (severity == "info" and not show_all):
            if severity == "info" and not part.empty:
                click.echo(f"\n{_TITLES[severity]}: {len(part)} (mit --all zeigen / show with --all)")
            continue
        click.echo(f"\n{_TITLES[severity]}: {len(part)}")
        for file, group in part.groupby("file", sort=False):
            click.echo(f"  {file}")
            click.echo(_table(group))
    errors = int((frame["severity"] == "error").sum())
    if errors:
        click.echo(f"\n{errors} Fehler gefunden / errors found.", err=True)
        raise SystemExit(1)
    click.echo("\nKeine Fehler / no errors.")
