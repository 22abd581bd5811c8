"""Reading a whole study folder: study.yaml, instruments, survey exports, activity log.

:func:`read_study` stops at the first problem (a :class:`~kosieval.errors.ConfigError` or
:class:`~kosieval.errors.DataFormatError`); :func:`check_study` reads the same inputs with
the same per-source functions but goes on past a broken source and returns every problem,
for ``kosieval validate``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

import yaml

from kosieval.errors import ConfigError, DataFormatError, KosievalError, ValidationError
from kosieval.io.activities import read_activities
from kosieval.io.coding import read_coding
from kosieval.io.instruments import find_instrument, read_yaml_with_text
from kosieval.io.survey import read_survey
from kosieval.io.validate import check_mapping
from kosieval.model.activities import Activities
from kosieval.model.codebook import Codebook
from kosieval.model.coding import CodedCorpus
from kosieval.model.importlog import ImportLog, LogEntry
from kosieval.model.study import Study, StudyConfig, parse_study_config
from kosieval.model.survey import Survey

CONFIG_NAME = "study.yaml"

#: The import-log action of a data file that could not be read at all (check_study).
FILE_NOT_READ = "file not read"


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


def yaml_line(text: str, key: str | None) -> int | None:
    """Return the 1-based line of a YAML text that a problem at ``key`` points at.

    Parameters
    ----------
    text
        The YAML text (e.g. of study.yaml).
    key
        A dotted key path as :class:`~kosieval.errors.ConfigError` gives it
        (``surveys.0.mapping``), or None.

    Returns
    -------
    int or None
        The line of the syntax error when ``text`` is not valid YAML; otherwise the line of
        the deepest part of ``key`` found in the file (a missing key points at the mapping
        that should hold it); None when ``key`` is None or not even its first part is there.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        return exc.problem_mark.line + 1 if exc.problem_mark is not None else None
    except yaml.YAMLError:
        return None
    line = None
    for part in key.split(".") if key else ():
        if isinstance(node, yaml.MappingNode):
            pair = next((p for p in node.value if isinstance(p[0], yaml.ScalarNode) and p[0].value == part), None)
            if pair is None:
                break
            line = pair[0].start_mark.line + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
            line = node.start_mark.line + 1
        else:
            break
    return line


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


_T = TypeVar("_T")


@dataclass(frozen=True)
class _SourceRead(Generic[_T]):
    """What checking and reading one input named in study.yaml gave (``value`` None on a problem)."""

    value: _T | None = None
    entries: tuple[LogEntry, ...] = ()
    inputs: tuple[Path, ...] = ()
    problems: tuple[KosievalError, ...] = ()


def _collect(problems: list[KosievalError], check: Callable[[], _T]) -> _T | None:
    """Run ``check``; a ConfigError it raises is appended to ``problems`` (and None returned)."""
    try:
        return check()
    except ConfigError as exc:
        problems.append(exc)
        return None


def _survey_source(folder: Path, config: StudyConfig, index: int,
                   codebooks: dict[str, Codebook]) -> _SourceRead[Survey]:
    """Check and read ``surveys[index]`` of study.yaml: instrument, wave, mapping, file, export.

    The instrument, the wave and mapping (given the instrument) and the file are checked
    independently and every problem is returned; the export is read only when there is
    none. ``codebooks`` (instrument id -> Codebook) caches the instruments read so far and
    is extended here.
    """
    source = config.surveys[index]
    config_path = folder / CONFIG_NAME
    key = f"surveys.{index}"
    problems: list[KosievalError] = []
    inputs: list[Path] = []
    codebook = codebooks.get(source.instrument)
    if codebook is None:
        try:
            codebook, codebook_path = find_instrument(source.instrument, study_folder=folder)
        except ConfigError as exc:
            problems.append(ConfigError(exc.message, path=config_path, key=f"{key}.instrument", hint=exc.hint))
        else:
            codebooks[source.instrument] = codebook
            inputs.append(codebook_path)
    if codebook is not None:
        if source.wave not in codebook.waves:
            problems.append(ConfigError(
                f"Welle / wave {source.wave!r} gibt es im Instrument nicht / is not a wave of instrument "
                f"{codebook.id!r}", path=config_path, key=f"{key}.wave", hint=f"allowed: {', '.join(codebook.waves)}"))
        _collect(problems, lambda: check_mapping(codebook, source.mapping or {}, source.answer_codes,
                                                 config_path=config_path, key=key))
    path = _collect(problems, lambda: resolve_input(folder, source.file, key=f"{key}.file", config_path=config_path))
    if problems or codebook is None or path is None:
        return _SourceRead(problems=tuple(problems))
    try:
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
    except (ConfigError, DataFormatError) as exc:
        return _SourceRead(problems=(exc,))
    return _SourceRead(survey, tuple(entries), (*inputs, path))


def _activity_source(folder: Path, config: StudyConfig) -> _SourceRead[Activities]:
    """Check and read the activity log named in study.yaml (an empty read when there is none)."""
    if config.activities is None:
        return _SourceRead()
    try:
        path = resolve_input(folder, config.activities.file, key="activities.file", config_path=folder / CONFIG_NAME)
        activities, entries = read_activities(path, file=config.activities.file, encoding=config.activities.encoding)
    except (ConfigError, DataFormatError) as exc:
        return _SourceRead(problems=(exc,))
    return _SourceRead(activities, tuple(entries), (path,))


def _interview_source(folder: Path, config: StudyConfig) -> _SourceRead[CodedCorpus]:
    """Check and read the interview coding named in study.yaml (an empty read when there is none).

    The coding export, the attributes table and the documents folder are checked
    independently; the coding is read only when all of them are there.
    """
    source = config.interviews
    if source is None:
        return _SourceRead()
    config_path = folder / CONFIG_NAME
    problems: list[KosievalError] = []
    path = _collect(problems, lambda: resolve_input(folder, source.file, key="interviews.file",
                                                    config_path=config_path, folder_ok=True))  # QualCoder: a folder
    attributes = documents = None
    if source.attributes:
        attributes = _collect(problems, lambda: resolve_input(folder, source.attributes or "",
                                                              key="interviews.attributes", config_path=config_path))
    if source.documents:
        documents = _collect(problems, lambda: resolve_input(folder, source.documents or "", key="interviews.documents",
                                                             config_path=config_path, folder_ok=True))
    if problems or path is None:
        return _SourceRead(problems=tuple(problems))
    try:
        interviews, entries = read_coding(path, format=source.format, attributes=attributes, documents=documents,
                                          encoding=source.encoding, sheet=source.sheet, file=source.file)
    except (ConfigError, DataFormatError) as exc:
        return _SourceRead(problems=(exc,))
    return _SourceRead(interviews, tuple(entries), tuple(p for p in (path, attributes) if p is not None))


@dataclass(frozen=True)
class _Inputs:
    """Everything read from the files study.yaml names, and the problems met on the way."""

    codebooks: dict[str, Codebook]
    surveys: dict[str, Survey]
    log: ImportLog
    inputs: tuple[Path, ...]
    problems: tuple[KosievalError, ...]
    activities: Activities | None = None
    interviews: CodedCorpus | None = None


def _read_inputs(folder: Path, config: StudyConfig, *, first_problem_only: bool) -> _Inputs:
    """Check and read every survey source, the activity log and the interview coding, in this order.

    With ``first_problem_only`` it stops at the first source with a problem (read_study);
    otherwise every source is checked (check_study).
    """
    config_path = folder / CONFIG_NAME
    log = ImportLog()
    inputs: list[Path] = [config_path]
    problems: list[KosievalError] = []
    codebooks: dict[str, Codebook] = {}
    surveys: dict[str, Survey] = {}
    for index, source in enumerate(config.surveys):
        survey_read = _survey_source(folder, config, index, codebooks)
        problems.extend(survey_read.problems)
        if survey_read.value is not None:
            if source.id in surveys:
                problems.append(ConfigError(f"survey id {source.id!r} is used twice", path=config_path,
                                            key=f"surveys.{index}.id"))
            else:
                surveys[source.id] = survey_read.value
                log.extend(survey_read.entries)
                inputs.extend(survey_read.inputs)
        if problems and first_problem_only:
            return _Inputs(codebooks, surveys, log, tuple(inputs), tuple(problems))
    log.extend(_wave_links(config, surveys, codebooks))
    activity_read = _activity_source(folder, config)
    interview_read: _SourceRead[CodedCorpus] = _SourceRead()
    if not (activity_read.problems and first_problem_only):
        interview_read = _interview_source(folder, config)
    for read in (activity_read, interview_read):
        problems.extend(read.problems)
        log.extend(read.entries)
        inputs.extend(read.inputs)
    return _Inputs(codebooks, surveys, log, tuple(inputs), tuple(problems),
                   activities=activity_read.value, interviews=interview_read.value)


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
        For the first problem in study.yaml or an instrument (file, key, what is allowed).
    DataFormatError
        For a file that cannot be read at all (file, line, column, hint).
    ValidationError
        When the study sets ``strict: true`` and the data has problems (the log is
        attached).

    See Also
    --------
    check_study : the same reading, collecting every problem instead of stopping.
    """
    folder = Path(folder).resolve()
    config, config_text = read_config(folder)
    found = _read_inputs(folder, config, first_problem_only=True)
    if found.problems:
        raise found.problems[0]
    if config.strict and found.log.has_errors:
        errors = found.log.of_severity("error")
        raise ValidationError(
            f"{len(errors)} Datenprobleme, strict: true / {len(errors)} data problems with "
            "strict: true; run 'kosieval validate' for the list", problems=found.log.to_frame())
    return Study(config=config, folder=folder, codebooks=found.codebooks, surveys=found.surveys, log=found.log,
                 inputs=found.inputs, activities=found.activities, interviews=found.interviews,
                 config_text=config_text)


@dataclass(frozen=True)
class ConfigProblem:
    """One problem of the study configuration, as ``kosieval validate`` lists it.

    Parameters
    ----------
    file
        The file, relative to the study folder where it lies inside (``study.yaml``).
    key
        The dotted key in that file (``surveys.1.mapping``), where known.
    line
        The 1-based line of ``key`` (or of a YAML syntax error) in study.yaml, where it can be
        found; None for other files.
    message
        What is wrong.
    hint
        What is allowed, or what to do.
    """

    file: str
    key: str | None
    line: int | None
    message: str
    hint: str | None = None


@dataclass(frozen=True)
class StudyCheck:
    """Everything :func:`check_study` found in a study folder.

    Parameters
    ----------
    folder
        The study folder (absolute).
    problems
        The configuration problems: study.yaml, instruments, mappings, files that are missing.
    log
        The import log of every input that could be read, plus one error entry (action
        :data:`FILE_NOT_READ`) for each data file that could not be read at all.
    config
        The validated study.yaml, or None when it could not be read.
    config_text
        The text of study.yaml ("" when it could not be read), for :func:`yaml_line`.
    study
        The Study, when every input could be read (None when there are problems).
    surveys
        Survey source id -> Survey, for the sources that could be read.
    activities, interviews
        The activity log and the interview coding, where they could be read.
    """

    folder: Path
    problems: tuple[ConfigProblem, ...]
    log: ImportLog
    config: StudyConfig | None = None
    config_text: str = ""
    study: Study | None = None
    surveys: dict[str, Survey] = field(default_factory=dict)
    activities: Activities | None = None
    interviews: CodedCorpus | None = None

    @property
    def has_errors(self) -> bool:
        """True when there is a configuration problem or an error in the import log."""
        return bool(self.problems) or self.log.has_errors


def _shown_path(path: Path | str | None, folder: Path) -> str:
    """A file for messages: relative to the study folder when inside it; study.yaml for the folder itself."""
    if path is None:
        return CONFIG_NAME
    resolved = (folder / path).resolve()
    if resolved == folder:
        return CONFIG_NAME  # "no study.yaml in the folder" names the folder
    return resolved.relative_to(folder).as_posix() if resolved.is_relative_to(folder) else str(path)


def _config_problem(exc: ConfigError, *, folder: Path, config_text: str) -> ConfigProblem:
    file = _shown_path(exc.path, folder)
    line = yaml_line(config_text, exc.key) if file == CONFIG_NAME else None
    return ConfigProblem(file=file, key=exc.key, line=line, message=exc.message, hint=exc.hint)


def _unread_file(exc: DataFormatError, *, folder: Path) -> LogEntry:
    reason = exc.message + (f" – Hinweis/hint: {exc.hint}" if exc.hint else "")
    return LogEntry(_shown_path(exc.path, folder), exc.line, exc.column, None, None, FILE_NOT_READ, reason, "error")


def check_study(folder: Path | str) -> StudyCheck:
    """Check a study folder completely: study.yaml, every source's instrument, wave, mapping and file, every export.

    Unlike :func:`read_study` this goes on past a broken source: each survey source is
    checked on its own (instrument, wave, mapping, file, then the export), then the activity
    log and the interview coding. A study.yaml that cannot be read or does not match the
    schema is one problem (its message lists every schema problem). ``strict: true`` does
    not raise here: the errors are in the log.

    Parameters
    ----------
    folder
        The folder holding ``study.yaml`` (nothing in it is written to).

    Returns
    -------
    StudyCheck
        Configuration problems with file, key and line; the import log; the Study when
        every input could be read.
    """
    folder = Path(folder).resolve()
    config_path = folder / CONFIG_NAME
    try:
        config, config_text = read_config(folder)
    except ConfigError as exc:
        try:
            text = config_path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
        return StudyCheck(folder, (_config_problem(exc, folder=folder, config_text=text),), ImportLog(),
                          config_text=text)
    found = _read_inputs(folder, config, first_problem_only=False)
    problems = tuple(_config_problem(p, folder=folder, config_text=config_text)
                     for p in found.problems if isinstance(p, ConfigError))
    log = ImportLog(found.log)
    log.extend(_unread_file(p, folder=folder) for p in found.problems if isinstance(p, DataFormatError))
    study = None
    if not found.problems:
        study = Study(config=config, folder=folder, codebooks=found.codebooks, surveys=found.surveys, log=log,
                      inputs=found.inputs, activities=found.activities, interviews=found.interviews,
                      config_text=config_text)
    return StudyCheck(folder, problems, log, config=config, config_text=config_text, study=study, surveys=found.surveys,
                      activities=found.activities, interviews=found.interviews)
