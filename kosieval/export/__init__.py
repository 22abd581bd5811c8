"""Writing a study's validated, scored data for SPSS, R and Excel, and pooled Parquet datasets.

``export_study(study, folder, format="csv"|"parquet"|"sav")`` writes one file per survey
(items with missing codes as NA — kept as user-missing codes in .sav — and the scale scores
as the report computes them), the coded interviews where privacy allows, ``notes.txt`` and
``export_manifest.json``. ``write_partitioned(studies, root)`` writes many cities as one
Parquet dataset partitioned by city, instrument and wave; ``read_partitioned(root, ...)``
reads it back filtered by partition.

This package reads no files of a study itself (studies come loaded) and renders no report:
it uses model, reflections.scales (scoring), stats and errors only.
"""

from __future__ import annotations

from kosieval.export.parquet import read_labels
from kosieval.export.partitioned import PartitionedResult, dataset_labels, read_partitioned, write_partitioned
from kosieval.export.study import FORMATS, ExportResult, export_study
from kosieval.export.tables import ExportTable, StudyTables, study_tables

__all__ = [
    "FORMATS",
    "ExportResult",
    "ExportTable",
    "PartitionedResult",
    "StudyTables",
    "dataset_labels",
    "export_study",
    "read_labels",
    "read_partitioned",
    "study_tables",
    "write_partitioned",
]
