"""One Parquet dataset for many cities, partitioned by instrument, city and wave.

:func:`write_partitioned` writes the survey tables of several studies (one study per city)
into a Hive-partitioned dataset::

    ROOT/instrument=participant/city=Musterstadt/wave=T0/musterstadt-0.parquet
    ROOT/_manifests/musterstadt.json

The columns of an instrument come from its codebook (:func:`~kosieval.export.tables.instrument_variables`),
so every city that uses the same instrument writes the same schema, also from independent
jobs; ``instrument``, ``city`` and ``wave`` live in the folder names, not in the files.
The instrument is the top level because instruments have different columns: each
``ROOT/instrument=<id>/`` folder is a dataset with one schema that any Parquet reader opens
as it is (pyarrow, Dask, DuckDB, R's ``arrow::open_dataset``). Pooled data never hold free
text or personal items, whatever a city's privacy settings allow. Writing a city replaces
that city's files and leaves every other city alone.

:func:`read_partitioned` reads it back into one DataFrame, filtered by partition (only the
matching files are opened).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from kosieval.errors import DataFormatError
from kosieval.export.manifest import build_manifest, write_manifest
from kosieval.export.parquet import METADATA_FORMAT, read_labels, variables_metadata, with_metadata
from kosieval.export.tables import ExportTable, Variable, study_tables
from kosieval.model.study import Study

#: The partition columns, in folder order.
PARTITIONS = ("instrument", "city", "wave")
PARTITIONING = ds.partitioning(pa.schema([(name, pa.string()) for name in PARTITIONS]), flavor="hive")
MANIFESTS = "_manifests"

_ARROW = {"line": pa.int64(), "id": pa.string(), "text": pa.string(), "numeric": pa.float64(),
          "score": pa.float64(), "date": pa.timestamp("us")}
_PANDAS = {pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(), pa.string(): pd.StringDtype(),
           pa.large_string(): pd.StringDtype(), pa.bool_(): pd.BooleanDtype()}


@dataclass(frozen=True)
class PartitionedResult:
    """What :func:`write_partitioned` wrote.

    Attributes
    ----------
    root
        The dataset folder.
    files
        The Parquet files and the manifests written.
    rows
        (instrument, city, wave, rows) per partition written.
    """

    root: Path
    files: tuple[Path, ...]
    rows: tuple[tuple[str, str, str, int], ...]


def arrow_schema(variables: Sequence[Variable]) -> pa.Schema:
    """The Arrow schema of a survey table (without ``wave`` and ``city``, which are partitions).

    Parameters
    ----------
    variables
        The columns (:func:`~kosieval.export.tables.instrument_variables`).

    Returns
    -------
    pyarrow.Schema
        ``int64`` for codes and lines, ``float64`` for numbers and scores, ``string`` for
        ids and texts, ``timestamp[us]`` for dates.
    """
    return pa.schema([(v.name, _ARROW.get(v.type, pa.int64())) for v in variables if v.name not in PARTITIONS])


def _instrument_table(tables: Sequence[ExportTable]) -> pa.Table:
    """The rows of one instrument of one study (all its waves), with the partition columns."""
    first = tables[0]
    schema = arrow_schema(first.variables)
    parts = []
    for table in tables:
        frame = table.data.drop(columns=["wave", "city"])
        arrow = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
        for name, value in (("instrument", table.instrument), ("city", table.city), ("wave", table.wave)):
            arrow = arrow.append_column(pa.field(name, pa.string()), pa.array([value] * arrow.num_rows, pa.string()))
        parts.append(arrow.replace_schema_metadata(None))
    metadata = {"format": METADATA_FORMAT, "instrument": first.instrument,
                "variables": variables_metadata([v for v in first.variables if v.name not in PARTITIONS])}
    return with_metadata(pa.concat_tables(parts), metadata)


def _fragments(root: Path, *, city: str | None = None) -> list[tuple[ds.ParquetFileFragment, dict[str, str]]]:
    """The dataset's Parquet files under ``instrument=/city=/wave=`` folders, with their keys, by path."""
    if not root.is_dir():
        return []
    dataset = ds.dataset(root, format="parquet", partitioning=PARTITIONING)
    found = []
    for fragment in dataset.get_fragments():
        keys = ds.get_partition_keys(fragment.partition_expression)
        if (fragment.path.endswith(".parquet") and all(isinstance(keys.get(n), str) for n in PARTITIONS)
                and (city is None or keys["city"] == city)):
            found.append((fragment, keys))
    return sorted(found, key=lambda pair: pair[0].path)


def write_partitioned(studies: Study | Iterable[Study], root: str | Path, *,
                      personal: Callable[[str], bool] | None = None) -> PartitionedResult:
    """Write the survey data of several studies as one dataset partitioned by instrument, city, wave.

    Parameters
    ----------
    studies
        The studies (one per city).
    root
        The dataset folder (created). A city written before is replaced: its Parquet files
        are deleted first; other cities' files stay.
    personal
        Optional test on a column name that flags further personal columns.

    Returns
    -------
    PartitionedResult

    Raises
    ------
    ValueError
        When two studies name the same city.
    """
    studies = [studies] if isinstance(studies, Study) else list(studies)
    cities = [s.config.study.city for s in studies]
    doubles = sorted({c for c in cities if cities.count(c) > 1})
    if doubles:
        raise ValueError(f"studies: one study per city, but {', '.join(doubles)} occurs more than once")
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    rows: list[tuple[str, str, str, int]] = []
    for study in studies:
        info = study.config.study
        for fragment, _ in _fragments(root, city=info.city):
            Path(fragment.path).unlink()
        tables = study_tables(study, pooled=True, personal=personal)
        by_instrument: dict[str, list[ExportTable]] = {}
        for table in tables.surveys:
            by_instrument.setdefault(str(table.instrument), []).append(table)
        for instrument, group in by_instrument.items():
            ds.write_dataset(_instrument_table(group), root, format="parquet", partitioning=PARTITIONING,
                             basename_template=f"{info.id}-{{i}}.parquet",
                             existing_data_behavior="overwrite_or_ignore")
            for wave in dict.fromkeys(t.wave for t in group):
                count = sum(len(t.data) for t in group if t.wave == wave)
                rows.append((instrument, info.city, str(wave), count))
        study_files = [Path(f.path) for f, _ in _fragments(root, city=info.city)]
        (root / MANIFESTS).mkdir(exist_ok=True)
        manifest = build_manifest(study, files=study_files, folder=root,
                                  export={"format": "parquet", "partitioned": list(PARTITIONS)},
                                  privacy={"pooled": "free text and personal items are never pooled",
                                           "excluded": [{"table": e.table, "column": e.column,
                                                         "reason": e.reason.en} for e in tables.excluded]})
        written += [*study_files, write_manifest(manifest, root / MANIFESTS / f"{info.id}.json")]
    return PartitionedResult(root=root, files=tuple(written), rows=tuple(rows))


def _as_set(name: str, value: str | Iterable[str] | None) -> set[str] | None:
    if value is None:
        return None
    values = {value} if isinstance(value, str) else set(value)
    if not values or not all(isinstance(v, str) for v in values):
        raise ValueError(f"{name}: give a name or a list of names, got {value!r}")
    return values


def read_partitioned(root: str | Path, *, cities: str | Iterable[str] | None = None,
                     instrument: str | Iterable[str] | None = None,
                     wave: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Read the partitioned dataset, only the partitions asked for.

    Parameters
    ----------
    root
        The dataset folder (:func:`write_partitioned`).
    cities, instrument, wave
        A name or several names to keep (None: all).

    Returns
    -------
    pandas.DataFrame
        ``instrument``, ``city``, ``wave``, then the union of the files' columns (a column
        a file lacks is NA there, e.g. the team survey's items in participant rows), pandas
        nullable dtypes; rows ordered by instrument, city, wave and line.

    Raises
    ------
    DataFormatError
        When ``root`` holds no dataset.
    ValueError
        When a city, instrument or wave asked for is not in the dataset (the message lists
        those that are).
    """
    root = Path(root)
    fragments = _fragments(root)
    if not fragments:
        raise DataFormatError("hier liegt kein partitionierter Datensatz / no partitioned dataset here", path=root,
                              hint="write one with 'kosieval data STUDY... --export parquet --partitioned -o ROOT'")
    keys = [k for _, k in fragments]
    wanted = {"city": _as_set("cities", cities), "instrument": _as_set("instrument", instrument),
              "wave": _as_set("wave", wave)}
    for name, values in wanted.items():
        present = {k[name] for k in keys}
        unknown = sorted((values or set()) - present)
        if unknown:
            parameter = "cities" if name == "city" else name
            raise ValueError(f"{parameter}: {', '.join(unknown)} not in the dataset; "
                             f"it holds {', '.join(sorted(present))}")
    chosen = [f for f, k in fragments if all(v is None or k[n] in v for n, v in wanted.items())]
    if not chosen:
        return pd.DataFrame({name: pd.Series(dtype="string") for name in PARTITIONS})
    columns = pa.unify_schemas([f.physical_schema.remove_metadata() for f in chosen], promote_options="permissive")
    schema = pa.unify_schemas([PARTITIONING.schema, columns])
    dataset = ds.dataset([f.path for f in chosen], schema=schema, format="parquet", partitioning=PARTITIONING,
                         partition_base_dir=str(root))
    frame = dataset.to_table().to_pandas(types_mapper=_PANDAS.get)
    order = [*PARTITIONS, *(["line"] if "line" in frame.columns else [])]
    return frame.sort_values(order, kind="stable").reset_index(drop=True)


def dataset_labels(root: str | Path, instrument: str) -> dict[str, Any]:
    """The variable labels stored with an instrument's files in the dataset (as :func:`read_labels`).

    Parameters
    ----------
    root
        The dataset folder.
    instrument
        The instrument id.

    Raises
    ------
    ValueError
        When the dataset holds no file of ``instrument``.
    """
    for fragment, keys in _fragments(Path(root)):
        if keys["instrument"] == instrument:
            return read_labels(fragment.path)
    raise ValueError(f"instrument: {instrument!r} is not in the dataset {root}")
