"""Reading instrument codebooks (YAML) from surveys/instruments/ or a study folder."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError as PydanticValidationError

from kosieval._resources import instruments_dir
from kosieval.errors import ConfigError
from kosieval.model.codebook import Codebook
from kosieval.model.config_errors import config_error


def read_yaml(path: Path) -> object:
    """Read a YAML file safely (no Python objects), naming file and line on a syntax error.

    Parameters
    ----------
    path
        The file.

    Raises
    ------
    ConfigError
        When the file is missing or not valid YAML.
    """
    return read_yaml_with_text(path)[1]


def read_yaml_with_text(path: Path) -> tuple[str, object]:
    """Like :func:`read_yaml`, but also return the file's text (for provenance)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("die Datei fehlt / the file does not exist", path=path) from None
    except UnicodeDecodeError:
        raise ConfigError("die Datei ist nicht UTF-8 / the file is not UTF-8", path=path,
                          hint="save the file as UTF-8") from None
    try:
        return text, yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (Zeile/line {mark.line + 1}, Spalte/column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"kein gültiges YAML / not valid YAML{where}: {problem}", path=path,
                          hint="check indentation and quotes around values with ':' or '#'") from None


def read_instrument(path: Path) -> Codebook:
    """Read one instrument codebook.

    Parameters
    ----------
    path
        The YAML file.

    Returns
    -------
    Codebook

    Raises
    ------
    ConfigError
        Naming the file and key of the first problem.
    """
    data = read_yaml(path)
    try:
        return Codebook.model_validate(data)
    except PydanticValidationError as exc:
        raise config_error(exc, model=Codebook, path=path) from None


def find_instrument(instrument_id: str, *, study_folder: Path | None = None) -> tuple[Codebook, Path]:
    """Find an instrument by id: the study's own ``instruments/`` first, then the shipped set.

    Parameters
    ----------
    instrument_id
        The codebook id (also its file name without ``.yaml``).
    study_folder
        A study folder whose ``instruments/`` may override or extend the shipped set.

    Raises
    ------
    ConfigError
        When no such instrument exists, listing the ones that do.
    """
    folders = [study_folder / "instruments"] if study_folder is not None else []
    folders.append(instruments_dir())
    for folder in folders:
        candidate = folder / f"{instrument_id}.yaml"
        if candidate.is_file():
            codebook = read_instrument(candidate)
            if codebook.id != instrument_id:
                raise ConfigError(f"the codebook's id is {codebook.id!r}, the file name says "
                                  f"{instrument_id!r}", path=candidate, key="id")
            return codebook, candidate
    known = sorted({p.stem for f in folders if f.is_dir() for p in f.glob("*.yaml")})
    raise ConfigError(f"unbekanntes Instrument / unknown instrument {instrument_id!r}",
                      hint=f"known instruments: {', '.join(known)}")
