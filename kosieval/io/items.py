"""From a platform's raw columns to codebook items, checking every value on the way.

Platform readers (LimeSurvey, SoSci Survey, ...) hand over raw string records after their
own platform rules (incomplete responses, test runs). :func:`records_to_survey` then maps
columns to item ids, translates answer codes, turns missing codes into NA (remembering the
code), and collects every problem at once as ImportLog entries: out-of-range codes, values
that are not numbers, mapped columns the file lacks, unknown columns, duplicate respondent
ids, personal columns dropped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kosieval.errors import ConfigError, DataFormatError
from kosieval.io.delimited import Records
from kosieval.io.personal import is_personal
from kosieval.model.codebook import Codebook, Item
from kosieval.model.importlog import LogEntry
from kosieval.model.survey import Survey


@dataclass(frozen=True)
class SurveyRules:
    """How to read one export: the mapping and the study's privacy choices.

    Parameters
    ----------
    source_id
        The survey's id in study.yaml.
    wave
        The wave label.
    city
        The study's city.
    respondent_id
        The column holding the id that links waves.
    mapping
        Export column -> item id.
    answer_codes
        Item id -> {answer code in the export -> numeric code of the codebook}.
    allow_personal_columns
        Keep columns that look personal (default: drop and log).
    """

    source_id: str
    wave: str
    city: str
    respondent_id: str
    mapping: Mapping[str, str]
    answer_codes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    allow_personal_columns: bool = False


def check_mapping(codebook: Codebook, rules: SurveyRules, *, config_path: Path | str, key: str) -> None:
    """Raise ConfigError when the mapping names items the codebook does not have.

    Parameters
    ----------
    codebook
        The instrument.
    rules
        The survey's rules from study.yaml.
    config_path
        study.yaml, for the message.
    key
        Where the survey stands in study.yaml (``surveys.0``).
    """
    known = {v.id for v in codebook.variables}
    unknown = sorted({i for i in rules.mapping.values() if i not in known})
    if unknown:
        raise ConfigError(
            f"mapping verweist auf unbekannte Items / mapping names unknown items: {unknown}",
            path=config_path,
            key=f"{key}.mapping",
            hint=f"items of instrument {codebook.id!r}: {', '.join(sorted(known))}",
        )
    targets = list(rules.mapping.values())
    doubles = sorted({t for t in targets if targets.count(t) > 1})
    if doubles:
        raise ConfigError(
            f"mehrere Spalten auf dasselbe Item / several columns map to the same item: {doubles}",
            path=config_path,
            key=f"{key}.mapping",
        )
    unknown_codes = sorted(i for i in rules.answer_codes if i not in known)
    if unknown_codes:
        raise ConfigError(
            f"answer_codes nennt unbekannte Items / names unknown items: {unknown_codes}",
            path=config_path,
            key=f"{key}.answer_codes",
        )


def _parse_number(text: str) -> float | None:
    """Parse an export number ("4", "4.5", "-9", "4,5"); None when it is not one."""
    candidate = text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text else text.strip()
    try:
        value = float(candidate)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _coded_value(
    raw: str,
    item: Item,
    *,
    answer_codes: Mapping[str, int] | None,
    missing: frozenset[int],
) -> tuple[float | None, int | None, str | None]:
    """Return (value, missing code, problem) for one non-empty cell."""
    text = raw.strip()
    if answer_codes is not None and text in answer_codes:
        number: float | None = float(answer_codes[text])
    else:
        number = _parse_number(text)
        if number is None:
            if answer_codes is not None:
                allowed = ", ".join(answer_codes)
                return None, None, f"answer code not in answer_codes of study.yaml ({allowed})"
            return None, None, "not a number"
    if number.is_integer() and int(number) in missing:
        return None, int(number), None
    if item.type in ("likert", "single", "multi"):
        if not number.is_integer() or int(number) not in item.codes:
            codes = ", ".join(str(c) for c in item.codes)
            return None, None, f"code outside the codebook's response options ({codes})"
        return number, None, None
    low, high = item.min, item.max
    if (low is not None and number < low) or (high is not None and number > high):
        return None, None, f"value outside the allowed range {low:g}–{high:g}"
    return number, None, None


def records_to_survey(
    records: Records,
    *,
    codebook: Codebook,
    rules: SurveyRules,
    file: str,
    platform_missing: frozenset[int] = frozenset(),
    platform_columns: frozenset[str] = frozenset(),
    platform_personal: frozenset[str] = frozenset(),
    detected: Mapping[str, str] | None = None,
) -> tuple[Survey, list[LogEntry]]:
    """Build a Survey from raw records, collecting every problem.

    Parameters
    ----------
    records
        Header and rows after the platform's own filters.
    codebook
        The instrument.
    rules
        Mapping and privacy choices.
    file
        The file as named in study.yaml (for log entries).
    platform_missing
        Missing codes the platform writes besides the codebook's (SoSci: -1, -2, -3, -8, -9).
    platform_columns
        Metadata columns of the platform that are known and not items (not reported as
        unknown columns).
    platform_personal
        Columns the platform is known to fill with personal data.
    detected
        What the reader detected (format, encoding, separator).

    Returns
    -------
    (Survey, list[LogEntry])
    """
    log: list[LogEntry] = []
    header = records.header
    position = {name: index for index, name in enumerate(header)}
    missing = codebook.missing_code_values | platform_missing

    if rules.respondent_id not in position:
        raise DataFormatError(
            f"die Spalte mit der Befragten-ID fehlt / the respondent id column "
            f"{rules.respondent_id!r} is not in the file",
            path=file,
            line=1,
            column=rules.respondent_id,
            hint=f"set surveys.{rules.source_id}.respondent_id in study.yaml to one of: "
            + ", ".join(h for h in header if h)[:300],
        )

    for name in header:
        if name in rules.mapping or name == rules.respondent_id or not name:
            continue
        if is_personal(name, extra=platform_personal) and not rules.allow_personal_columns:
            log.append(
                LogEntry(file, None, name, None, "dropped", "column dropped",
                         "personal data (name, e-mail, IP address, token, geo or referrer); "
                         "set privacy.allow_personal_columns to keep it", "info")
            )
        elif name not in platform_columns:
            log.append(
                LogEntry(file, None, name, None, None, "column not used",
                         "the column is not in the mapping of study.yaml", "info")
            )
    for column, item_id in rules.mapping.items():
        if column not in position:
            log.append(
                LogEntry(file, None, column, None, "NA", "column missing",
                         f"study.yaml maps {column!r} to item {item_id!r}, but the file has "
                         "no such column; all its values are missing", "error")
            )

    index: list[int] = []
    respondents: list[str] = []
    seen: dict[str, int] = {}
    values: dict[str, list[object]] = {item_id: [] for item_id in rules.mapping.values()}
    codes: dict[str, list[object]] = {item_id: [] for item_id in rules.mapping.values()}
    id_position = position[rules.respondent_id]

    for row, line in zip(records.rows, records.lines):
        respondent = row[id_position].strip()
        if not respondent:
            respondent = f"(Zeile {line})"
            log.append(
                LogEntry(file, line, rules.respondent_id, "", respondent, "id assigned",
                         "the respondent id is empty; the response is kept but cannot be "
                         "linked to another wave", "warning")
            )
        if respondent in seen:
            log.append(
                LogEntry(file, line, rules.respondent_id, respondent, "dropped", "row dropped",
                         f"duplicate respondent id: the same id stands in line {seen[respondent]}, "
                         "which is kept; check which response is valid", "error")
            )
            continue
        seen[respondent] = line
        index.append(line)
        respondents.append(respondent)
        for column, item_id in rules.mapping.items():
            item = codebook.item(item_id)
            cell = row[position[column]] if column in position else ""
            if item.type == "text":
                values[item_id].append(cell if cell.strip() else pd.NA)
                codes[item_id].append(pd.NA)
                continue
            if not cell.strip():
                values[item_id].append(pd.NA)
                codes[item_id].append(pd.NA)
                continue
            value, code, problem = _coded_value(
                cell, item, answer_codes=rules.answer_codes.get(item_id), missing=missing
            )
            if problem:
                log.append(LogEntry(file, line, column, cell, "NA", "recoded to missing", problem, "error"))
            elif code is not None:
                log.append(
                    LogEntry(file, line, column, cell, "NA", "recoded to missing",
                             "missing code", "info")
                )
            values[item_id].append(pd.NA if value is None else value)
            codes[item_id].append(pd.NA if code is None else code)

    frame = pd.DataFrame(
        {
            "respondent": pd.array(respondents, dtype="string"),
            "wave": pd.array([rules.wave] * len(index), dtype="string"),
            "city": pd.array([rules.city] * len(index), dtype="string"),
        },
        index=pd.Index(index, name="line"),
    )
    missing_frame = pd.DataFrame(index=frame.index)
    for item in codebook.variables:
        if item.id not in values:
            continue
        data = values[item.id]
        if item.type == "text":
            frame[item.id] = pd.array(data, dtype="string")
        elif item.type == "numeric":
            frame[item.id] = pd.array(data, dtype="Float64")
        else:
            frame[item.id] = pd.array(
                [v if v is pd.NA else int(v) for v in data], dtype="Int64"
            )
        missing_frame[item.id] = pd.array(codes[item.id], dtype="Int64")

    survey = Survey(
        source_id=rules.source_id,
        instrument=codebook.id,
        wave=rules.wave,
        city=rules.city,
        codebook=codebook,
        responses=frame,
        missing_codes=missing_frame,
        file=file,
        detected=dict(detected or {}),
    )
    return survey, log
