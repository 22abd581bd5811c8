"""The exceptions kosieval raises, each carrying what a researcher needs to fix the problem.

Every message names the file and, where there is one, the row or element, the column or
key, and what to do (``hint``).
"""

from __future__ import annotations

from pathlib import Path


class KosievalError(Exception):
    """Base class of every error kosieval raises on purpose."""


def _where(path: Path | str | None, line: int | None, column: str | None) -> str:
    parts: list[str] = []
    if path is not None:
        parts.append(str(path))
    if line is not None:
        parts.append(f"Zeile/row {line}")
    if column is not None:
        parts.append(f"Spalte/column {column!r}")
    return ", ".join(parts)


class DataFormatError(KosievalError):
    """A data file cannot be read as the format it claims to be.

    Parameters
    ----------
    message
        What is wrong, in words a researcher understands.
    path
        The file.
    line
        The 1-based line or row in the file, where known.
    column
        The column (or XML element/attribute), where known.
    hint
        What to do about it.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.hint = hint
        where = _where(path, line, column)
        text = f"{where}: {message}" if where else message
        if hint:
            text += f"\n  Hinweis/hint: {hint}"
        super().__init__(text)


class ConfigError(KosievalError):
    """The study configuration (study.yaml) or an instrument codebook is invalid.

    Parameters
    ----------
    message
        What is wrong.
    path
        The configuration file.
    key
        The dotted key path inside the file (``surveys.0.file``), where known.
    hint
        What is allowed, or what to do.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.key = key
        self.hint = hint
        where = str(path) if path is not None else ""
        if key:
            where = f"{where}: Schlüssel/key {key!r}" if where else f"key {key!r}"
        text = f"{where}: {message}" if where else message
        if hint:
            text += f"\n  Hinweis/hint: {hint}"
        super().__init__(text)


class ValidationError(KosievalError):
    """Data problems were found and the study asked for strict validation.

    Parameters
    ----------
    problems
        The ImportLog rows (as a DataFrame) that were found.
    """

    def __init__(self, message: str, problems: object = None) -> None:
        self.problems = problems
        super().__init__(message)


class SpecError(KosievalError):
    """A reflection module needs items, scales or codes that the study does not have."""

    def __init__(self, module: str, missing: list[str]) -> None:
        self.module = module
        self.missing = list(missing)
        listed = "; ".join(self.missing)
        super().__init__(f"Modul/module {module!r} braucht/needs: {listed}")
