"""A cache of analysed reflections, so that editing a Markdown text does not recompute them.

Running the reflection modules (statistics and charts) is most of a report build besides
typesetting. Their results depend only on the study's data and configuration, the
kosieval and library versions, the language and the modules chosen — not on the
researchers' Markdown texts. :func:`cache_key` hashes exactly those inputs;
:func:`load_cached` / :func:`store_cached` keep the list of
:class:`~kosieval.reflections.registry.Reflection` objects under that key.

The cache is a pickle file. Unpickling runs code, so the cache lives in the user's own cache
folder (``$XDG_CACHE_HOME/kosieval`` or ``~/.cache/kosieval``), never inside a study folder
that may be shared with others, and a file whose content hash does not match its sidecar
hash is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kosieval.model.study import Study
from kosieval.reflections.registry import Reflection
from kosieval.report.manifest import collect_versions, input_files, sha256_file

#: Bump when the pickled structure changes incompatibly.
CACHE_FORMAT = 1


def default_cache_dir() -> Path:
    """The user's cache folder for kosieval (``$XDG_CACHE_HOME/kosieval`` or ``~/.cache/kosieval``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kosieval"


def _study_files(study: Study, *, exclude: Iterable[Path]) -> list[Path]:
    """Every input of the study: its folder's files (sidecar files too) and inputs elsewhere."""
    excluded = [p.resolve() for p in exclude]
    folder = study.folder.resolve()
    files = set()
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        resolved = path.resolve()
        if any(resolved.is_relative_to(e) for e in excluded):
            continue
        if path.suffix.lower() in (".pdf", ".html", ".css") or path.name.endswith(".manifest.json"):
            continue
        files.add(resolved)
    files.update(p.resolve() for p in input_files(study.inputs))  # a QualCoder project is a folder
    return sorted(files)


def cache_key(study: Study, *, locale: str, names: tuple[str, ...], others: tuple[Study, ...] = (),
              exclude: Iterable[Path] = ()) -> str:
    """SHA-256 over everything the reflections' results depend on.

    Parameters
    ----------
    study
        The loaded study.
    locale
        The report language (sections are formatted for it).
    names
        The modules run, in order.
    others
        Comparison studies (their inputs enter the key too).
    exclude
        Folders whose files do not count (the Markdown texts folder, the output folder).
    """
    digest = hashlib.sha256()
    digest.update(f"format={CACHE_FORMAT}\nlocale={locale}\nmodules={','.join(names)}\n".encode())
    for name, version in sorted(collect_versions().items()):
        digest.update(f"{name}={version}\n".encode())
    for one in (study, *others):
        digest.update(one.config_text.encode("utf-8"))
        for path in _study_files(one, exclude=exclude):
            try:
                label = path.relative_to(one.folder.resolve()).as_posix()
            except ValueError:
                label = path.name
            digest.update(f"{label}:{sha256_file(path)}\n".encode())
    return digest.hexdigest()


def load_cached(cache_dir: Path, key: str) -> list[Reflection] | None:
    """The cached reflections for ``key``, or None when absent, stale or damaged."""
    data_path = cache_dir / f"{key}.pickle"
    hash_path = cache_dir / f"{key}.sha256"
    try:
        data = data_path.read_bytes()
        expected = hash_path.read_text(encoding="ascii").strip()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != expected:
        return None
    try:
        value = pickle.loads(data)  # noqa: S301 - our own file, hash-checked, in the user's cache folder
    except Exception:  # a damaged or outdated cache entry is simply recomputed
        return None
    return value if isinstance(value, list) and all(isinstance(r, Reflection) for r in value) else None


def store_cached(cache_dir: Path, key: str, reflections: list[Reflection]) -> None:
    """Write ``reflections`` under ``key`` (atomically; a failure to write is not an error)."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(reflections, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
    for suffix, payload in ((".pickle", data), (".sha256", hashlib.sha256(data).hexdigest().encode("ascii"))):
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{key}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(tmp, cache_dir / f"{key}{suffix}")
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return
