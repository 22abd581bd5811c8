"""Writing export tables as Parquet files, labels in the file's key-value metadata.

The columns keep their pandas nullable dtypes (``Int64`` codes, ``Float64`` numbers and
scores, ``string`` texts), so ``pandas.read_parquet`` gives back the same frame and R's
``arrow::read_parquet`` integer, double and character columns with ``NA``. Variable labels,
value labels, missing codes and notes sit as JSON under the metadata key ``kosieval``
(:func:`read_labels`); missing codes are NA in the data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kosieval.export.tables import ExportTable, Variable

#: The key of the labels in the Parquet key-value metadata.
METADATA_KEY = b"kosieval"
METADATA_FORMAT = 1


def _pairs(pairs: Sequence[tuple[int, Any]]) -> dict[str, dict[str, str]]:
    return {str(code): {"de": label.de, "en": label.en} for code, label in pairs}


def variables_metadata(variables: Sequence[Variable]) -> dict[str, dict[str, Any]]:
    """Column -> {label, type, values, missing_codes, note} as JSON-ready mappings.

    Parameters
    ----------
    variables
        The columns.

    Returns
    -------
    dict
        ``{"se1": {"label": {"de": …, "en": …}, "type": "likert", "values": {"1": {"de": …,
        "en": …}, …}, "missing_codes": {"-9": {…}}, "note": ""}, …}``
    """
    return {v.name: {"label": {"de": v.label.de, "en": v.label.en}, "type": v.type, "values": _pairs(v.values),
                     "missing_codes": _pairs(v.missing), "note": v.note}
            for v in variables}


def table_metadata(table: ExportTable) -> dict[str, Any]:
    """The JSON stored under :data:`METADATA_KEY` for one export table."""
    return {"format": METADATA_FORMAT, "table": table.name, "title": {"de": table.title.de, "en": table.title.en},
            "instrument": table.instrument, "wave": table.wave, "city": table.city, "absent": list(table.absent),
            "variables": variables_metadata(table.variables)}


def with_metadata(arrow: pa.Table, metadata: dict[str, Any]) -> pa.Table:
    """``arrow`` with ``metadata`` (JSON, sorted keys) added under :data:`METADATA_KEY`."""
    existing = dict(arrow.schema.metadata or {})
    existing[METADATA_KEY] = json.dumps(metadata, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return arrow.replace_schema_metadata(existing)


def write_parquet(table: ExportTable, path: Path) -> Path:
    """Write one export table as Parquet (pandas dtypes and labels kept); returns ``path``."""
    arrow = pa.Table.from_pandas(table.data, preserve_index=False)
    pq.write_table(with_metadata(arrow, table_metadata(table)), path)
    return path


def read_labels(path: str | Path) -> dict[str, Any]:
    """The labels a kosieval Parquet file carries (:func:`table_metadata`), or {} if none.

    Parameters
    ----------
    path
        A Parquet file written by kosieval.
    """
    metadata = pq.read_schema(path).metadata or {}
    raw = metadata.get(METADATA_KEY)
    return json.loads(raw.decode("utf-8")) if raw else {}
