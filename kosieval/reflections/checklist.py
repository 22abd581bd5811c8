"""The transfer checklist: its YAML schema and loading it (the shipped file or the study's own).

The checklist (``surveys/instruments/transfer_checklist.yaml``, or the file that a study's
``report.checklist`` names, relative to the study folder) describes how another city can set
up a KoSI-Lab: ``phases`` of the work, ``organisation_options`` (where the lab can sit) and
``items``, each with the ``evidence`` of the study that speaks for it::

    phases:
      - id: vorbereitung
        title: {de: Vorbereitung, en: Preparation}
        description: {de: ..., en: ...}
        when: before                 # before | test_phase | after
    organisation_options:
      - id: stabsstelle
        title: {de: ..., en: ...}
        description: {de: ..., en: ...}
        advantages: [{de: ..., en: ...}]
        drawbacks: [{de: ..., en: ...}]
    items:
      - id: koordination
        phase: vorbereitung
        text: {de: ..., en: ...}
        evidence:
          - scale: partnership_synergy      # a scale id of an instrument
          - code: Personal                  # an interview code (id, name or path)
          - activity: person_hours          # events | attendances | hours | person_hours | diversity
          - group_share: Zivilgesellschaft  # an actor group of the activity log

This is the one file the reflection layer reads itself: a shipped or configured YAML text,
never data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticValidationError

from kosieval._resources import instruments_dir
from kosieval.errors import ConfigError
from kosieval.model.codebook import Text
from kosieval.model.config_errors import config_error
from kosieval.model.study import Study

#: File name of the shipped checklist inside the instrument folder.
CHECKLIST_FILE = "transfer_checklist.yaml"

ActivityMeasure = Literal["events", "attendances", "hours", "person_hours", "diversity"]
_ID = r"^[A-Za-z0-9_-]+$"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Phase(_Strict):
    """One phase of setting up a lab; ``when`` places it before, in or after the test phase."""

    id: str = Field(pattern=_ID)
    title: Text
    description: Text
    when: Literal["before", "test_phase", "after"]


class OrganisationOption(_Strict):
    """One way to organise a lab (where it sits, who carries it), with pros and cons."""

    id: str = Field(pattern=_ID)
    title: Text
    description: Text
    advantages: tuple[Text, ...] = ()
    drawbacks: tuple[Text, ...] = ()


class Evidence(_Strict):
    """One piece of evidence behind a checklist item: exactly one of the four keys."""

    scale: str | None = None
    code: str | None = None
    activity: ActivityMeasure | None = None
    group_share: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Evidence:
        given = [k for k in ("scale", "code", "activity", "group_share") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of scale, code, activity, group_share "
                             f"(given: {', '.join(given) or 'none'})")
        return self

    @property
    def kind(self) -> str:
        """Which key is given: ``scale``, ``code``, ``activity`` or ``group_share``."""
        return next(k for k in ("scale", "code", "activity", "group_share") if getattr(self, k) is not None)

    @property
    def target(self) -> str:
        """The scale id, code, activity measure or actor group named."""
        return str(getattr(self, self.kind))


class ChecklistItem(_Strict):
    """One point of the checklist, in a phase, with its evidence."""

    id: str = Field(pattern=_ID)
    phase: str
    text: Text
    evidence: tuple[Evidence, ...] = ()


class Checklist(_Strict):
    """The whole transfer checklist."""

    phases: tuple[Phase, ...] = Field(min_length=1)
    organisation_options: tuple[OrganisationOption, ...] = ()
    items: tuple[ChecklistItem, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_references(self) -> Checklist:
        for name, entries in (("phases", self.phases), ("organisation_options", self.organisation_options),
                              ("items", self.items)):
            ids = [e.id for e in entries]
            doubles = sorted({i for i in ids if ids.count(i) > 1})
            if doubles:
                raise ValueError(f"{name}: ids used twice: {doubles}")
        known = [p.id for p in self.phases]
        for item in self.items:
            if item.phase not in known:
                raise ValueError(f"item {item.id!r} names phase {item.phase!r}, which is not defined "
                                 f"(defined: {', '.join(known)})")
        return self

    def phase(self, phase_id: str) -> Phase:
        """The phase ``phase_id`` (KeyError if unknown)."""
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)


def default_checklist_path() -> Path:
    """The shipped checklist (``surveys/instruments/transfer_checklist.yaml``)."""
    return instruments_dir() / CHECKLIST_FILE


def load_checklist(path: Path | str | None = None) -> Checklist:
    """Read and validate a checklist YAML.

    Parameters
    ----------
    path
        The file; None = the shipped checklist.

    Raises
    ------
    ConfigError
        Naming the file (and the key) when the file is missing, not YAML or not a valid
        checklist; the message is German / English.
    """
    path = Path(path) if path is not None else default_checklist_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("die Checkliste fehlt / the checklist file does not exist", path=path) from None
    except UnicodeDecodeError:
        raise ConfigError("die Datei ist nicht UTF-8 / the file is not UTF-8", path=path,
                          hint="save the file as UTF-8") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (Zeile/line {mark.line + 1}, Spalte/column {mark.column + 1})" if mark else ""
        raise ConfigError(f"kein gültiges YAML / not valid YAML{where}: {getattr(exc, 'problem', None) or exc}",
                          path=path, hint="check indentation and quotes") from None
    if not isinstance(data, dict):
        raise ConfigError("die Datei enthält keine Zuordnung von Schlüsseln / the file holds no mapping of keys",
                          path=path, hint="the checklist starts with the keys 'phases:' and 'items:'")
    try:
        return Checklist.model_validate(data)
    except PydanticValidationError as exc:
        raise config_error(exc, model=Checklist, path=path) from None


def checklist_path(study: Study) -> Path:
    """The checklist a study uses: ``report.checklist`` (relative to the study folder) or the shipped one."""
    configured = study.config.report.checklist
    if configured is None:
        return default_checklist_path()
    path = Path(configured)
    return path if path.is_absolute() else study.folder / path


def study_checklist(study: Study) -> Checklist:
    """Load the checklist of ``study`` (see :func:`checklist_path`).

    Raises
    ------
    ConfigError
        When ``report.checklist`` names a file that does not exist (naming study.yaml and
        the key), or the checklist is invalid (naming the checklist file and its key).
    """
    path = checklist_path(study)
    if study.config.report.checklist is not None and not path.is_file():
        raise ConfigError(f"die Checkliste {str(path)!r} fehlt / the checklist file does not exist",
                          path=study.folder / "study.yaml", key="report.checklist",
                          hint="give a path relative to the study folder, or leave the key out "
                               "to use the shipped checklist")
    return load_checklist(path)
