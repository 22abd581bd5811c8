"""A study folder for a new city: ``study.yaml``, the instrument set, texts, ``data/`` and a README.

:func:`write_study_folder` renders the templates in ``surveys/template/`` (shipped as package
data, see :func:`template_dir`) for one city and writes::

    study.yaml          every key explained in a comment; one survey per instrument and wave
    README.md           the team's four steps: exports -> mapping -> validate -> report
    data/LIESMICH.txt   which export goes where
    instruments/*.yaml  a copy of the KoSI-Lab instruments (a study's own instruments/ wins
                        over the built-in set, so the city can adapt item texts)
    texte/*.md          one text per report chapter, summary.md and recommendations.md, each
                        starting with a Jinja comment ``{# … #}`` that the report drops

Existing files are never overwritten and nothing is deleted.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import textwrap
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Literal

import jinja2
import yaml
from pydantic import ValidationError as PydanticValidationError

from kosieval._resources import instruments_dir, surveys_dir
from kosieval.errors import ConfigError, KosievalError
from kosieval.model.codebook import Codebook
from kosieval.model.config_errors import config_error
from kosieval.model.study import parse_study_config

#: Allowed study ids (as ``StudyInfo.id`` in kosieval.model.study).
STUDY_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]+")

#: Where the written files go, relative to the study folder.
CONFIG_FILE = Path("study.yaml")
README_FILE = Path("README.md")
DATA_README_FILE = Path("data") / "LIESMICH.txt"
INSTRUMENTS_FOLDER = Path("instruments")
TEXTS_FOLDER = Path("texte")

#: File names the template gives the exports in data/ (the example study uses the same).
INTERVIEWS_FILE = "data/interviews.qdpx"
ACTIVITIES_FILE = "data/aktivitaeten.csv"
#: The header kosieval.io.activities expects (German Excel CSV).
ACTIVITY_HEADER = ("Datum;Format;Thema;Ort;Dauer (h);Verwaltung;Politik;Wirtschaft;Wissenschaft;"
                   "Zivilgesellschaft;Teilnehmende gesamt")
#: German file stems of the exports per respondent group (default: the group itself).
_FILE_STEMS = {"participants": "teilnehmende"}
#: Report modules of the new study, in report order (the example study's choice).
REFLECTIONS = ("participation", "collaboration", "change", "themes", "synthesis", "transfer",
               "reliability", "agreement", "data_quality")

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
                          "ẞ": "SS"})


@dataclass(frozen=True)
class NewStudyFolder:
    """What :func:`write_study_folder` did.

    Parameters
    ----------
    folder
        The study folder.
    written
        The files written, relative to ``folder``, in writing order.
    kept
        Files of the template that already existed and were left unchanged (only with
        ``force=True``), relative to ``folder``.
    study_id
        The study id written into ``study.yaml``.
    """

    folder: Path
    written: tuple[Path, ...]
    kept: tuple[Path, ...] = ()
    study_id: str = ""


@dataclass(frozen=True)
class PlannedSurvey:
    """One survey entry of the new ``study.yaml``: an instrument in one wave.

    Parameters
    ----------
    id
        The survey id (``<respondent group>_<wave>``, e.g. ``participants_t0``).
    instrument
        The instrument id.
    wave
        The wave.
    waves
        All waves of the instrument.
    file
        The export's file name in ``data/``.
    title_de, title_en
        The instrument's title.
    variables
        The ids the mapping may name: attributes and items, ``item.code`` for each option of
        a multiple-choice item.
    """

    id: str
    instrument: str
    wave: str
    waves: tuple[str, ...]
    file: str
    title_de: str
    title_en: str
    variables: tuple[str, ...]

    @property
    def variable_lines(self) -> list[str]:
        """The variable ids as comma-separated lines of at most 88 characters."""
        return textwrap.wrap(", ".join(self.variables), width=88, break_on_hyphens=False)


def study_id_for(city: str) -> str:
    """A study id from a city name: lower case ASCII, words joined by ``-``.

    Umlauts become ``ae``/``oe``/``ue``, ``ß`` becomes ``ss``, other accents are dropped.

    Parameters
    ----------
    city
        The city's name.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        When no letter or digit is left (name an id yourself then).

    Examples
    --------
    >>> study_id_for("Neustadt an der Weinstraße")
    'neustadt-an-der-weinstrasse'
    >>> study_id_for("Frankfurt (Oder)")
    'frankfurt-oder'
    """
    text = unicodedata.normalize("NFC", city).translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if not slug:
        raise ValueError(f"study_id: aus dem Stadtnamen {city!r} lässt sich kein Kurzname bilden / no study id "
                         "can be made from the city name; give one (letters, digits, - and _)")
    return slug


def check_city(city: str) -> str:
    """Return the city name without surrounding spaces; ValueError when it is empty or not one line.

    Parameters
    ----------
    city
        The city's name as given.

    Returns
    -------
    str
    """
    name = city.strip()
    if not name:
        raise ValueError("city: der Stadtname ist leer / the city name is empty")
    if not name.isprintable():
        raise ValueError(f"city: der Stadtname {name!r} enthält Zeilenumbrüche oder Steuerzeichen / the city "
                         "name holds line breaks or control characters")
    return name


def check_study_id(study_id: str) -> str:
    """Return ``study_id`` when it is a valid study id; ValueError naming what is allowed otherwise.

    Parameters
    ----------
    study_id
        The id to check.

    Returns
    -------
    str
    """
    if not STUDY_ID_PATTERN.fullmatch(study_id):
        raise ValueError(f"study_id: {study_id!r} ist kein gültiger Kurzname / is not a valid study id; "
                         "allowed: letters A-Z a-z, digits, - and _ (e.g. neustadt-2026)")
    return study_id


def template_dir() -> Path:
    """Return the folder of the new-study templates (``surveys/template/``)."""
    return surveys_dir() / "template"


def shipped_instruments() -> tuple[tuple[Path, Codebook], ...]:
    """The instrument codebooks of the built-in set, by file name.

    YAML files in the instrument folder without ``respondent_group`` (the transfer
    checklist) are not instruments and left out.

    Returns
    -------
    tuple of (file, Codebook)

    Raises
    ------
    ConfigError
        When an instrument file is not valid (naming file and key).
    """
    found = []
    for path in sorted(instruments_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "respondent_group" not in data:
            continue
        try:
            found.append((path, Codebook.model_validate(data)))
        except PydanticValidationError as exc:
            raise config_error(exc, model=Codebook, path=path) from None
    return tuple(found)


def planned_surveys(codebooks: Iterable[Codebook]) -> tuple[PlannedSurvey, ...]:
    """One survey per instrument and wave, named like the example study's.

    Parameters
    ----------
    codebooks
        The instruments.

    Returns
    -------
    tuple[PlannedSurvey, ...]
    """
    surveys = []
    for codebook in codebooks:
        variables: list[str] = []
        for item in codebook.variables:
            if item.type == "multi":
                variables.extend(f"{item.id}.{code}" for code in item.codes)
            else:
                variables.append(item.id)
        stem = _FILE_STEMS.get(codebook.respondent_group, codebook.respondent_group)
        for wave in codebook.waves:
            surveys.append(PlannedSurvey(
                id=f"{codebook.respondent_group}_{wave.lower()}", instrument=codebook.id, wave=wave,
                waves=codebook.waves, file=f"data/{stem}_{wave}.csv", title_de=codebook.title.de,
                title_en=codebook.title.en, variables=tuple(variables)))
    return tuple(surveys)


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _environment() -> jinja2.Environment:
    # No autoescaping: the templates write YAML, Markdown and plain text, not HTML; strings
    # that land in YAML go through the ``q`` filter.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir()),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["q"] = _yaml_string
    return env


def _kosieval_version() -> str:
    try:
        return version("kosieval")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without metadata
        return "unknown"


def render_templates(*, city: str, study_id: str, lang: Literal["de", "en"], today: _dt.date,
                     codebooks: Iterable[Codebook]) -> dict[Path, str]:
    """Render ``study.yaml``, ``README.md`` and ``data/LIESMICH.txt`` for one city.

    Parameters
    ----------
    city
        The city's name (checked).
    study_id
        The study id (checked).
    lang
        The study's language.
    today
        The report date written into ``study.yaml``.
    codebooks
        The instruments whose surveys ``study.yaml`` lists.

    Returns
    -------
    dict
        File relative to the study folder -> its text.

    Raises
    ------
    ConfigError
        When the rendered ``study.yaml`` does not parse (a fault of the template).
    """
    codebooks = tuple(codebooks)
    surveys = planned_surveys(codebooks)
    outcomes = [scale.id for codebook in codebooks if len(codebook.waves) > 1 for scale in codebook.scales]
    values = {
        "city": city, "study_id": study_id, "lang": lang, "today": today.isoformat(),
        "version": _kosieval_version(),
        "title_de": f"Begleitforschung KoSI-Lab {city}: Evaluation der Testphase",
        "title_en": f"Accompanying research for the KoSI-Lab {city}: evaluation of the test phase",
        "lab": f"KoSI-Lab {city}", "surveys": surveys, "outcomes": outcomes, "reflections": REFLECTIONS,
        "interviews_file": INTERVIEWS_FILE, "activities_file": ACTIVITIES_FILE,
        "activity_header": ACTIVITY_HEADER, "lang_option": "" if lang == "de" else f" --lang {lang}",
    }
    env = _environment()
    texts = {
        CONFIG_FILE: env.get_template("study.yaml.jinja").render(values),
        README_FILE: env.get_template("README.md.jinja").render(values),
        DATA_README_FILE: env.get_template("LIESMICH.txt.jinja").render(values),
    }
    shown = f"template study.yaml for {city!r}"
    parse_study_config(yaml.safe_load(texts[CONFIG_FILE]), path=shown)
    return texts


def _listing(folder: Path, *, limit: int = 8) -> str:
    names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir())
    return ", ".join(names[:limit]) + (f" … (+{len(names) - limit})" if len(names) > limit else "")


def _check_target(folder: Path, *, force: bool) -> None:
    """Refuse a file, a non-empty folder without ``force``, and any folder that has a study.yaml."""
    if folder.exists() and not folder.is_dir():
        raise KosievalError(f"{folder}: ist eine Datei, kein Ordner / is a file, not a folder\n"
                            "  Hinweis/hint: einen neuen Ordnernamen angeben / name a new folder")
    if not folder.is_dir() or not any(folder.iterdir()):
        return
    config = folder / CONFIG_FILE
    if os.path.lexists(config):
        raise KosievalError(
            f"{config}: gibt es schon; kosieval init überschreibt sie nie / already exists; kosieval init never "
            "overwrites it\n  Hinweis/hint: für eine neue Stadt einen neuen Ordner angeben; die vorhandene Studie "
            f"prüft 'kosieval validate {folder}' / name a new folder for a new city")
    if not force:
        raise KosievalError(
            f"{folder}: der Ordner ist nicht leer / the folder is not empty (enthält/holds: {_listing(folder)})\n"
            "  Hinweis/hint: einen neuen oder leeren Ordner angeben, oder --force: fehlende Dateien der Vorlage "
            "ergänzen, vorhandene bleiben unverändert / name a new or empty folder, or use --force to add the "
            "template's files that are missing (existing files are left unchanged)")


def _write_new(path: Path, data: bytes, *, shown: Path) -> bool:
    """Create ``path`` with ``data``; False (nothing written) when it exists already."""
    if os.path.lexists(path):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:
            handle.write(data)
    except FileExistsError:
        return False
    except OSError as exc:
        raise KosievalError(f"{shown}: kann nicht geschrieben werden / cannot be written: {exc.strerror or exc}\n"
                            "  Hinweis/hint: check that the folder is writable") from None
    return True


def write_study_folder(folder: Path | str, *, city: str, study_id: str | None = None,
                       lang: Literal["de", "en"] = "de", force: bool = False) -> NewStudyFolder:
    """Create a study folder for a new city from the template.

    Parameters
    ----------
    folder
        The study folder; created when missing. It must be empty unless ``force``.
    city
        The city's name (written into ``study.yaml``; leading and trailing spaces dropped).
    study_id
        The study id; default: made from ``city`` by :func:`study_id_for`.
    lang
        The study's language (``study.language``): ``"de"`` or ``"en"``.
    force
        Also write into a non-empty folder. Files that exist are left unchanged (listed in
        :attr:`NewStudyFolder.kept`); a folder that already has a ``study.yaml`` is refused.

    Returns
    -------
    NewStudyFolder

    Raises
    ------
    ValueError
        For an empty or multi-line ``city``, an invalid ``study_id`` or ``lang``.
    KosievalError
        When ``folder`` is a file, is not empty (without ``force``), already holds a
        ``study.yaml``, or a file cannot be written.
    ConfigError
        When a shipped instrument or the template is broken.
    """
    city = check_city(city)
    study_id = check_study_id(study_id) if study_id is not None else study_id_for(city)
    if lang not in ("de", "en"):
        raise ValueError(f"lang: {lang!r} ist nicht de oder en / is not 'de' or 'en'")
    folder = Path(folder)
    _check_target(folder, force=force)
    instruments = shipped_instruments()
    if not instruments:
        raise ConfigError("keine Instrumente gefunden / no instruments found", path=instruments_dir())
    rendered = render_templates(city=city, study_id=study_id, lang=lang, today=_dt.date.today(),
                                codebooks=[codebook for _, codebook in instruments])
    files: dict[Path, bytes] = {name: text.encode("utf-8") for name, text in rendered.items()}
    for path, _ in instruments:
        files[INSTRUMENTS_FOLDER / path.name] = path.read_bytes()
    for path in sorted((template_dir() / TEXTS_FOLDER).glob("*.md")):
        files[TEXTS_FOLDER / path.name] = path.read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    kept: list[Path] = []
    # study.yaml last: a folder without one is not a study yet, so an interrupted run can be repeated.
    for name in sorted(files, key=lambda p: p == CONFIG_FILE):
        (written if _write_new(folder / name, files[name], shown=name) else kept).append(name)
    if CONFIG_FILE in kept:  # created by someone else meanwhile
        raise KosievalError(f"{folder / CONFIG_FILE}: gibt es schon / already exists; not overwritten")
    return NewStudyFolder(folder=folder, written=tuple(written), kept=tuple(kept), study_id=study_id)
