"""The study configuration (``study.yaml``): its schema and the loaded Study.

:class:`StudyConfig` is the pydantic schema; :func:`parse_study_config` validates a mapping
read from YAML and turns every problem into a :class:`~kosieval.errors.ConfigError` that
names the file, the key and what is allowed. :class:`Study` bundles the config with the
codebooks, surveys and import log that :mod:`kosieval.io.study` reads.

Example (abridged)::

    study:
      id: musterstadt
      title: {de: ..., en: ...}
      city: Musterstadt
      authors: [Dr. A. Beispiel]
      date: 2026-11-24
    surveys:
      - id: participants_t0
        instrument: participant
        wave: T0
        file: data/teilnehmende_T0.csv
        format: limesurvey_csv
        respondent_id: CODE
        mapping: {"SE[SQ001]": se1}
        answer_codes: {actor_group: {A1: 1, A2: 2}}
    interviews: {file: data/interviews.qdpx, format: refi_qda}
    activities: {file: data/aktivitaeten.csv}
    report:
      reflections: [reliability, change]
      outcomes: [self_efficacy]
      actor_group: actor_group
      min_cell_size: 5
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from kosieval.errors import ConfigError
from kosieval.model.codebook import Codebook, Scale, Text
from kosieval.model.coding import CodedCorpus
from kosieval.model.config_errors import config_error

if TYPE_CHECKING:
    from kosieval.model.activities import Activities
    from kosieval.model.importlog import ImportLog
    from kosieval.model.survey import Survey

SurveyFormat = Literal[
    "limesurvey_csv", "sosci_csv", "qualtrics_csv", "kobo_csv", "unipark_csv", "unipark_xlsx", "spss", "stata",
    "csv", "xlsx",
]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StudyInfo(_Strict):
    """Who did the study, where and when."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    title: Text
    city: str
    lab: str | None = None
    institution: str | None = None
    partners: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    date: _dt.date
    test_phase: tuple[_dt.date, _dt.date] | None = None
    language: Literal["de", "en"] = "de"


class SurveySource(_Strict):
    """One survey export and how its columns map onto an instrument."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    instrument: str
    wave: str
    file: str
    format: SurveyFormat | None = None
    encoding: str | None = None
    separator: Literal[",", ";", "\t"] | None = None
    sheet: str | None = None
    respondent_id: str
    mapping: dict[str, str] | None = None
    answer_codes: dict[str, dict[str, int]] = {}
    include_incomplete: bool = False
    include_test_runs: bool = False


class InterviewSource(_Strict):
    """The interview coding export.

    ``format`` is detected from the file when left out: ``.qdpx``/``.qde``/``.qdc`` are
    REFI-QDA, ``.qda`` (or a folder holding ``data.qda``) QualCoder, and a CSV/Excel table of
    coded segments is told apart by its column names (MAXQDA, ATLAS.ti, generic).
    ``attributes`` is a CSV/Excel file with one row per document (column ``document`` = the
    document name) whose other columns (actor group, city, wave, consent to quote) are joined
    onto the documents; ``documents`` a folder of the interview texts (``<name>.txt``) for
    table exports that carry no text.
    """

    file: str
    format: Literal["refi_qda", "qualcoder", "maxqda", "atlasti", "generic"] | None = None
    attributes: str | None = None
    documents: str | None = None
    encoding: str | None = None
    sheet: str | None = None


class ActivitySource(_Strict):
    """The activity log of the test phase."""

    file: str
    encoding: str | None = None


class PrivacyConfig(_Strict):
    """What may reach a report."""

    min_cell_size: int = Field(default=5, ge=1)
    allow_personal_columns: bool = False
    allow_free_text: bool = False


class Dimension(_Strict):
    """One evaluation dimension of the joint display (synthesis): its scales and codes."""

    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    title: Text
    scales: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


class ReportConfig(_Strict):
    """Which reflection modules run and with which defaults.

    ``modules`` passes parameters to single modules (``modules: {collaboration: {scales:
    [partnership_synergy]}}``); ``texts`` is the folder of the researchers' Markdown texts
    (one file per chapter, named after the module, plus ``summary.md`` and
    ``recommendations.md``); ``summary_figures`` chooses the key figures of the executive
    summary by name (default: each module's first highlights, at most 8); ``dimensions``
    are the rows of the joint display; ``checklist`` a transfer checklist YAML replacing
    the shipped one.
    """

    reflections: tuple[str, ...] = ("reliability", "change")
    outcomes: tuple[str, ...] = ()
    actor_group: str = "actor_group"
    alpha_level: float = Field(default=0.05, gt=0, lt=1)
    confidence: float = Field(default=0.95, gt=0, lt=1)
    p_adjust: Literal["holm", "bh", "none"] = "holm"
    texts: str | None = None
    modules: dict[str, dict[str, Any]] = {}
    summary_figures: tuple[str, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    checklist: str | None = None


class AcceptedProblem(_Strict):
    """A data error the researchers checked and accept as it is (``accepted:`` in study.yaml).

    ``kosieval validate`` lists it as accepted with ``reason`` instead of as an error, so a
    study whose remaining errors were all checked passes (exit code 0, CI green). The value
    stays missing or left out as before, and the report's data-quality appendix still lists
    it. ``row`` and ``column`` narrow the match (None: any row / any column of ``file``).
    """

    file: str
    row: int | None = Field(default=None, ge=1)
    column: str | None = None
    reason: str = Field(min_length=3)

    def matches(self, file: str, row: int | None, column: str | None) -> bool:
        """True when a problem in ``file``, ``row``, ``column`` is this accepted one."""
        return (file == self.file and (self.row is None or row == self.row)
                and (self.column is None or column == self.column))


class StudyConfig(_Strict):
    """The whole ``study.yaml``."""

    study: StudyInfo
    surveys: tuple[SurveySource, ...] = Field(min_length=1)
    interviews: InterviewSource | None = None
    activities: ActivitySource | None = None
    report: ReportConfig = ReportConfig()
    privacy: PrivacyConfig = PrivacyConfig()
    accepted: tuple[AcceptedProblem, ...] = ()
    strict: bool = False


def parse_study_config(data: object, *, path: Path | str) -> StudyConfig:
    """Validate the mapping read from ``study.yaml``.

    Parameters
    ----------
    data
        What ``yaml.safe_load`` returned.
    path
        The file, for messages.

    Returns
    -------
    StudyConfig

    Raises
    ------
    ConfigError
        Naming the first invalid key and what is allowed; further problems are listed in
        the message too.
    """
    if not isinstance(data, dict):
        raise ConfigError(
            "die Datei enthält keine Zuordnung von Schlüsseln / the file holds no mapping of keys",
            path=path,
            hint="study.yaml must start with the keys 'study:' and 'surveys:'",
        )
    try:
        return StudyConfig.model_validate(data)
    except PydanticValidationError as exc:
        raise config_error(exc, model=StudyConfig, path=path) from None


@dataclass(frozen=True)
class Study:
    """A loaded study: config, instrument codebooks, surveys and the import log.

    Parameters
    ----------
    config
        The validated ``study.yaml``.
    folder
        The study folder (inputs are resolved against it).
    codebooks
        Instrument id -> Codebook.
    surveys
        Survey source id -> Survey (validated, missing codes as NA).
    log
        Every recode, drop and problem recorded while reading.
    inputs
        Every input file read (absolute paths), for provenance.
    activities
        The activity log, where the study has one.
    interviews
        The coded interviews, where the study has them.
    config_text
        The text of study.yaml as read.
    """

    config: StudyConfig
    folder: Path
    codebooks: dict[str, Codebook]
    surveys: dict[str, Survey]
    log: ImportLog
    inputs: tuple[Path, ...] = field(default=())
    activities: Activities | None = None
    interviews: CodedCorpus | None = None
    config_text: str = ""

    def surveys_of(self, instrument: str) -> list[Survey]:
        """The surveys that use ``instrument``, in config order."""
        return [s for s in self.surveys.values() if s.instrument == instrument]

    def find_scale(self, scale_id: str) -> tuple[Codebook, Scale]:
        """Return (codebook, scale) for ``scale_id`` from any instrument of the study."""
        for codebook in self.codebooks.values():
            for scale in codebook.scales:
                if scale.id == scale_id:
                    return codebook, scale
        raise KeyError(scale_id)
