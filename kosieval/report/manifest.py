"""The build manifest: which inputs and which software made a report.

``manifest.json`` sits beside the PDF. It lists every input file with its SHA-256 and
size, the versions of the software involved, the report's creation date and the output
file, with sorted keys so that the same build gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from kosieval.report.document import InputFile, ReportDocument

MANIFEST_FORMAT = 1

#: Distributions whose versions are recorded (when installed).
DISTRIBUTIONS: tuple[str, ...] = (
    "kosieval",
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "matplotlib",
    "jinja2",
    "babel",
    "weasyprint",
    "pydyf",
    "fonttools",
    "pyyaml",
    "pydantic",
)

_CHUNK = 1 << 20


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Return the SHA-256 of a file's bytes, read in chunks.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    str
        64 lower-case hex digits.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def input_files(paths: Iterable[Path]) -> list[Path]:
    """The files of ``paths`` in order, without repeats.

    A folder input (a QualCoder project) stands for every file in it, sorted.

    Parameters
    ----------
    paths
        The study's inputs (files and folders).
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def describe_input(path: str | os.PathLike[str], *, study_dir: str | os.PathLike[str]) -> InputFile:
    """Describe one input file by its path relative to the study folder, hash and size.

    Parameters
    ----------
    path
        The file (absolute, or relative to the current directory).
    study_dir
        The study folder the recorded path is made relative to.

    Returns
    -------
    InputFile
        The description.

    Raises
    ------
    ValueError
        If ``path`` is not inside ``study_dir``.
    """
    file = Path(path).resolve()
    root = Path(study_dir).resolve()
    if not file.is_relative_to(root):
        raise ValueError(f"path {str(path)!r} is not inside study_dir {str(study_dir)!r}")
    return InputFile(
        path=file.relative_to(root).as_posix(),
        sha256=sha256_file(file),
        size=file.stat().st_size,
    )


def collect_versions(distributions: Iterable[str] = DISTRIBUTIONS) -> dict[str, str]:
    """Return the Python version and the versions of the installed distributions.

    Parameters
    ----------
    distributions
        Distribution names to look up; those not installed are left out.

    Returns
    -------
    dict[str, str]
        ``{"python": "3.11.7", "kosieval": "0.1.0", ...}``, sorted by name.
    """
    versions = {"python": platform.python_version()}
    for name in distributions:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return dict(sorted(versions.items()))


def build_manifest(document: ReportDocument, *, output: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Build the manifest of a report.

    Parameters
    ----------
    document
        The report.
    output
        The rendered report file. Its name is recorded, and its SHA-256 and size when it
        exists.

    Returns
    -------
    dict
        JSON-ready mapping with ``format``, ``kind``, ``locale``, ``title``, ``created``
        (ISO date), ``kosieval_version``, ``inputs`` (path, sha256, size; sorted by path),
        ``versions`` and ``output``.
    """
    provenance = document.provenance
    versions = dict(sorted(provenance.versions.items()))
    output_entry: dict[str, Any] | None = None
    if output is not None:
        out = Path(output)
        output_entry = {"file": out.name}
        if out.is_file():
            output_entry["sha256"] = sha256_file(out)
            output_entry["size"] = out.stat().st_size
    return {
        "format": MANIFEST_FORMAT,
        "kind": document.kind,
        "locale": document.locale,
        "title": document.title,
        "created": provenance.created.isoformat(),
        "kosieval_version": versions.get("kosieval", _kosieval_version()),
        "inputs": [
            {"path": item.path, "sha256": item.sha256, "size": item.size}
            for item in sorted(provenance.inputs, key=lambda item: item.path)
        ],
        "versions": versions,
        "output": output_entry,
    }


def write_manifest(
    document: ReportDocument,
    path: str | os.PathLike[str],
    *,
    output: str | os.PathLike[str] | None = None,
) -> Path:
    """Write ``manifest.json`` (UTF-8, sorted keys, two-space indent, final newline).

    Parameters
    ----------
    document
        The report.
    path
        Where to write the manifest.
    output
        The rendered report file (see :func:`build_manifest`).

    Returns
    -------
    Path
        The manifest path.
    """
    target = Path(path)
    text = json.dumps(build_manifest(document, output=output), sort_keys=True, indent=2, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")
    return target


def _kosieval_version() -> str:
    try:
        return metadata.version("kosieval")
    except metadata.PackageNotFoundError:
        return "unknown"
