"""Exporting one study's validated, scored data for SPSS, R or Excel: :func:`export_study`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kosieval.errors import ConfigError
from kosieval.export.delimited import write_codebook, write_table
from kosieval.export.manifest import MANIFEST_NAME, build_manifest, write_manifest
from kosieval.export.notes import NOTES_NAME, notes_lines, sav_notes, write_notes
from kosieval.export.parquet import write_parquet
from kosieval.export.spss import write_sav
from kosieval.export.tables import RESERVED_NAMES, Exclusion, StudyTables, study_tables
from kosieval.model.study import Study

ExportFormat = Literal["csv", "parquet", "sav"]
#: The formats :func:`export_study` writes, and their file suffixes.
FORMATS: dict[str, str] = {"csv": ".csv", "parquet": ".parquet", "sav": ".sav"}


@dataclass(frozen=True)
class ExportResult:
    """What :func:`export_study` wrote.

    Attributes
    ----------
    folder
        The export folder.
    format
        ``csv``, ``parquet`` or ``sav``.
    files
        Every file written, in order: one per survey, the interview tables, ``codebook.csv``
        (CSV only), ``notes.txt`` and the manifest last.
    manifest
        ``export_manifest.json``.
    rows
        (table, rows) per table.
    excluded
        The columns left out for privacy.
    prefixed_cells
        CSV cells that got a leading ``'`` against formula injection (0 for other formats).
    withheld_texts
        Coded segments whose text was left out (interview without consent to quote).
    """

    folder: Path
    format: str
    files: tuple[Path, ...]
    manifest: Path
    rows: tuple[tuple[str, int], ...]
    excluded: tuple[Exclusion, ...]
    prefixed_cells: int = 0
    withheld_texts: int = 0


def _check_names(study: Study) -> None:
    for index, source in enumerate(study.config.surveys):
        if source.id in RESERVED_NAMES:
            raise ConfigError(
                f"die Umfrage-ID {source.id!r} ist ein Dateiname des Datenexports / survey id {source.id!r} is a file "
                "name the data export uses", path=study.folder / "study.yaml", key=f"surveys.{index}.id",
                hint=f"rename the survey; reserved: {', '.join(sorted(RESERVED_NAMES))}")


def _check_targets(study: Study, targets: list[Path]) -> None:
    """Refuse to write over a file the study reads (raw exports are never modified)."""
    inputs = {Path(p).resolve() for p in study.inputs}
    for target in targets:
        if target.resolve() in inputs:
            raise ConfigError(
                "der Export würde eine Eingabedatei überschreiben / the export would overwrite an input file",
                path=target, hint="choose an output folder outside the study's data (-o)")


def export_study(
    study: Study,
    folder: str | Path,
    *,
    format: ExportFormat,
    excel: bool = False,
    personal: Callable[[str], bool] | None = None,
) -> ExportResult:
    """Write a study's validated, scored data: one file per survey, the coding, notes and manifest.

    Parameters
    ----------
    study
        The loaded study (:func:`kosieval.load_study`).
    folder
        The export folder (created; files of the same names are replaced, nothing else).
    format
        ``"csv"``, ``"parquet"`` or ``"sav"``.
    excel
        CSV only: the dialect German Excel opens by double-click (UTF-8 with BOM, ``;``,
        decimal comma) instead of plain CSV for R and SPSS.
    personal
        Optional test on a column name that flags further personal columns (the command
        line passes ``kosieval.io.personal.is_personal``); items marked ``personal`` in
        the codebook are always left out unless ``privacy.allow_personal_columns``.

    Returns
    -------
    ExportResult

    Raises
    ------
    ValueError
        For an unknown ``format``, or ``excel`` with another format than CSV.
    ConfigError
        When a survey id is a reserved file name, the export would overwrite one of the
        study's input files, or SPSS cannot declare a variable's missing codes.
    """
    if format not in FORMATS:
        raise ValueError(f"format: must be one of {', '.join(FORMATS)}, got {format!r}")
    if excel and format != "csv":
        raise ValueError(f"excel: only for format='csv', got format={format!r}")
    _check_names(study)
    tables = study_tables(study, personal=personal)
    out = Path(folder)
    suffix = FORMATS[format]
    targets = [out / f"{t.name}{suffix}" for t in tables.tables] + [out / NOTES_NAME, out / MANIFEST_NAME]
    if format == "csv":
        targets.append(out / "codebook.csv")
    _check_targets(study, targets)
    out.mkdir(parents=True, exist_ok=True)
    files, prefixed = _write_tables(tables, out, format=format, excel=excel)
    lines = notes_lines(tables, format=format, excel=excel, prefixed=prefixed)
    if format == "sav":
        note = sav_notes(lines)
        files = [write_sav(t, out / f"{t.name}.sav", file_label=tables.title.de, notes=note) for t in tables.tables]
    files.append(write_notes(lines, out / NOTES_NAME))
    privacy = {"allow_personal_columns": tables.allow_personal_columns, "allow_free_text": tables.allow_free_text,
               "excluded": [{"table": e.table, "column": e.column, "reason": e.reason.en} for e in tables.excluded],
               "segment_texts_withheld": tables.withheld_texts}
    options = {"format": format, "excel": excel, "csv_cells_prefixed": prefixed}
    manifest = write_manifest(build_manifest(study, files=files, folder=out, export=options, privacy=privacy),
                              out / MANIFEST_NAME)
    return ExportResult(folder=out, format=format, files=(*files, manifest), manifest=manifest,
                        rows=tuple((t.name, len(t.data)) for t in tables.tables), excluded=tables.excluded,
                        prefixed_cells=prefixed, withheld_texts=tables.withheld_texts)


def _write_tables(tables: StudyTables, out: Path, *, format: str, excel: bool) -> tuple[list[Path], int]:
    """Write the data files (SPSS files are written after the notes, which they embed)."""
    files: list[Path] = []
    prefixed = 0
    if format == "csv":
        for table in tables.tables:
            path, changed = write_table(table, out, excel=excel)
            files.append(path)
            prefixed += changed
        path, changed = write_codebook(tables.tables, out, excel=excel)
        files.append(path)
        prefixed += changed
    elif format == "parquet":
        files = [write_parquet(t, out / f"{t.name}.parquet") for t in tables.tables]
    return files, prefixed
