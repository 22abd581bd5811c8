"""``export_manifest.json``: which files an export wrote, from which inputs, with which kosieval.

The manifest lists every file written (path relative to the export folder, SHA-256, size),
every input the study read (``Study.inputs``: study.yaml, instruments, exports; path relative
to the study folder, or ``instruments/<name>.yaml`` for the shipped instruments) with its
SHA-256, the kosieval version, the export options and the privacy decisions. Keys are sorted
and there is no time stamp, so the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from kosieval.model.study import Study

MANIFEST_NAME = "export_manifest.json"
MANIFEST_FORMAT = 1
_CHUNK = 1 << 20


def sha256_file(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (64 lower-case hex digits), read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def describe_file(path: Path, *, base: Path) -> dict[str, Any]:
    """{path (relative to ``base``, with ``/``), sha256, size} of one file."""
    return {"path": path.relative_to(base).as_posix(), "sha256": sha256_file(path), "size": path.stat().st_size}


def describe_inputs(study: Study) -> list[dict[str, Any]]:
    """The study's input files with SHA-256 and size, sorted by path.

    A folder among the inputs (a QualCoder project) is listed file by file. Files outside
    the study folder (the shipped instruments) are named relative to their folder's parent
    (``instruments/team.yaml``), as in the report's manifest.
    """
    folder = study.folder.resolve()
    entries: dict[str, dict[str, Any]] = {}
    for given in study.inputs:
        path = Path(given).resolve()
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        base = folder if path.is_relative_to(folder) else path.parent.parent
        for file in files:
            entry = describe_file(file, base=base)
            entries[entry["path"]] = entry
    return [entries[key] for key in sorted(entries)]


def kosieval_version() -> str:
    """The installed kosieval version ("unknown" when not installed)."""
    try:
        return metadata.version("kosieval")
    except metadata.PackageNotFoundError:
        return "unknown"


def build_manifest(study: Study, *, files: Iterable[Path], folder: Path, export: dict[str, Any],
                   privacy: dict[str, Any]) -> dict[str, Any]:
    """The manifest of one export.

    Parameters
    ----------
    study
        The exported study.
    files
        The files written (inside ``folder``).
    folder
        The export folder.
    export
        The export options (format, dialect, ...).
    privacy
        What was left out and the settings applied.

    Returns
    -------
    dict
        JSON-ready: ``format``, ``kosieval_version``, ``study`` (id, city), ``export``,
        ``privacy``, ``files`` and ``inputs`` (path, sha256, size).
    """
    root = folder.resolve()
    return {
        "format": MANIFEST_FORMAT,
        "kosieval_version": kosieval_version(),
        "study": {"id": study.config.study.id, "city": study.config.study.city},
        "export": export,
        "privacy": privacy,
        "files": [describe_file(Path(f).resolve(), base=root) for f in files],
        "inputs": describe_inputs(study),
    }


def write_manifest(manifest: dict[str, Any], path: Path) -> Path:
    """Write the manifest as JSON (UTF-8, sorted keys, two-space indent, final newline); returns ``path``."""
    path.write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n", encoding="utf-8")
    return path
