"""Reading a whole study folder: study.yaml, instruments, survey exports, activity log."""

from __future__ import annotations

from pathlib import Path

from kosieval.errors import ConfigError, ValidationError
from kosieval.io.activities import read_activities
from kosieval.io.coding import read_coding
from kosieval.io.instruments import find_instrument, read_yaml_with_text
from kosieval.io.survey import read_survey
from kosieval.io.validate import check_mapping
from kosieval.model.codebook import Codebook
from kosieval.model.importlog import ImportLog, LogEntry
from kosieval.model.study import Study, StudyConfig, parse_study_config
from kosieval.model.survey import Survey

CONFIG_NAME = "study.yaml"


def resolve_input(folder: Path, name: str, *, key: str, config_path: Path, folder_ok: bool = False) -> Path:
    """Resolve a file (or, with ``folder_ok``, a folder) named in study.yaml against the study folder.

    Raises
    ------
    ConfigError
        When the path is absolute or leaves the study folder, or the file does not exist.
    """
    candidate = Path(name)
    if candidate.is_absolute():
        raise ConfigError("absolute Pfade sind nicht erlaubt / absolute paths are not allowed",
                          path=config_path, key=key,
                          hint="name files relative to the study folder, e.g. data/export.csv")
    resolved = (folder / candidate).resolve()
    if not resolved.is_relative_to(folder.resolve()):
        raise ConfigError("der Pfad verlässt den Studienordner / the path leaves the study folder",
                          path=config_path, key=key,
                          hint="keep every input file inside the study folder")
    if not (resolved.is_file() or (folder_ok and resolved.is_dir())):
        raise ConfigError(f"die Datei fehlt / file not found: {name}", path=config_path, key=key,
                          hint=f"files in the folder: {_listing(resolved.parent)}")
    return resolved


def _listing(folder: Path) -> str:
    if not folder.is_dir():
        return f"(folder {folder.name!r} does not exist)"
    names = sorted(p.name for p in folder.iterdir())
    return ", ".join(names[:20]) or "(empty)"


def read_config(folder: Path) -> tuple[StudyConfig, str]:
    """Read and validate ``study.yaml`` in ``folder``; returns (config, its text)."""
    path = folder / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(f"kein {CONFIG_NAME} im Ordner / no {CONFIG_NAME} in the folder",
                          path=folder, hint="run 'kosieval init DIR' for a new study folder")
    text, data = read_yaml_with_text(path)
    return parse_study_config(data, path=path), text


def _wave_links(config: StudyConfig, surveys: dict[str, Survey], codebooks: dict[str, Codebook]) -> list[LogEntry]:
    """Warn about respondents of a later wave who are not in the first wave."""
    entries: list[LogEntry] = []
    for instrument, codebook in codebooks.items():
        by_wave = {s.wave: s for s in surveys.values() if s.instrument == instrument}
        waves = [w for w in codebook.waves if w in by_wave]
        if len(waves) < 2:
            continue
        first = set(by_wave[waves[0]].responses["respondent"])
        source = next(c for c in config.surveys if c.id == by_wave[waves[0]].source_id)
        for wave in waves[1:]:
            later = by_wave[wave]
            for line, respondent in later.responses["respondent"].items():
                if respondent not in first:
                    entries.append(LogEntry(
                        later.file, int(line), source.respondent_id, str(respondent), None,
                        "not linked",
                        f"respondent of {wave} has no {waves[0]} response; kept for "
                        "descriptive results, left out of paired comparisons", "warning"))
    return entries


def read_study(folder: Path | str) -> Study:
    """Read a study folder into a :class:`~kosieval.model.study.Study`.

    Parameters
    ----------
    folder
        The folder holding ``study.yaml`` (raw files in it are never written to).

    Returns
    -------
    Study

    Raises
    ------
    ConfigError
        For a problem in study.yaml or an instrument (file, key, what is allowed).
    DataFormatError
        For a file that cannot be read at all (file, line, column, hint).
    ValidationError
        When the study sets ``strict: true`` and the data has problems (the log is
        attached).
    """
    folder = Path(folder).resolve()
    config, config_text = read_config(folder)
    config_path = folder / CONFIG_NAME
    log = ImportLog()
    inputs: list[Path] = [config_path]
    codebooks: dict[str, Codebook] = {}
    surveys: dict[str, Survey] = {}
    for index, source in enumerate(config.surveys):
        if source.instrument not in codebooks:
            try:
                codebook, codebook_path = find_instrument(source.instrument, study_folder=folder)
            except ConfigError as exc:
                raise ConfigError(exc.message, path=config_path, key=f"surveys.{index}.instrument",
                                  hint=exc.hint) from None
            codebooks[source.instrument] = codebook
            inputs.append(codebook_path)
        codebook = codebooks[source.instrument]
        if source.wave not in codebook.waves:
            raise ConfigError(f"Welle / wave {source.wave!r} gibt es im Instrument nicht / is not a "
                              f"wave of instrument {codebook.id!r}", path=config_path,
                              key=f"surveys.{index}.wave",
                              hint=f"allowed: {', '.join(codebook.waves)}")
        check_mapping(codebook, source.mapping or {}, source.answer_codes, config_path=config_path,
                      key=f"surveys.{index}")
        path = resolve_input(folder, source.file, key=f"surveys.{index}.file", config_path=config_path)
        survey, entries = read_survey(
            path, codebook=codebook, format=source.format, respondent_id=source.respondent_id,
            mapping=source.mapping, wave=source.wave, city=config.study.city,
            answer_codes=source.answer_codes, encoding=source.encoding, separator=source.separator,
            sheet=source.sheet,
            include_incomplete=source.include_incomplete,
            include_test_runs=source.include_test_runs,
            allow_personal_columns=config.privacy.allow_personal_columns,
            source_id=source.id, file=source.file,
        )
        if source.id in surveys:
            raise ConfigError(f"survey id {source.id!r} is used twice", path=config_path,
                              key=f"surveys.{index}.id")
        surveys[source.id] = survey
        log.extend(entries)
        inputs.append(path)
    log.extend(_wave_links(config, surveys, codebooks))
    activities = None
    if config.activities is not None:
        path = resolve_input(folder, config.activities.file, key="activities.file",
                             config_path=config_path)
        activities, entries = read_activities(path, file=config.activities.file,
                                              encoding=config.activities.encoding)
        log.extend(entries)
        inputs.append(path)
    interviews = None
    if config.interviews is not None:
        source = config.interviews
        path = resolve_input(folder, source.file, key="interviews.file", config_path=config_path,
                             folder_ok=True)  # a QualCoder project is a folder
        attributes = (resolve_input(folder, source.attributes, key="interviews.attributes",
                                    config_path=config_path) if source.attributes else None)
        documents = (resolve_input(folder, source.documents, key="interviews.documents",
                                   config_path=config_path, folder_ok=True) if source.documents else None)
        interviews, entries = read_coding(path, format=source.format, attributes=attributes, documents=documents,
                                          encoding=source.encoding, sheet=source.sheet, file=source.file)
        log.extend(entries)
        inputs.extend(p for p in (path, attributes) if p is not None)
    if config.strict and log.has_errors:
        errors = log.of_severity("error")
        raise ValidationError(
            f"{len(errors)} Datenprobleme, strict: true / {len(errors)} data problems with "
            "strict: true; run 'kosieval validate' for the list", problems=log.to_frame())
    return Study(config=config, folder=folder, codebooks=codebooks, surveys=surveys, log=log,
                 inputs=tuple(inputs), activities=activities, interviews=interviews, config_text=config_text)
