"""Data quality (appendix): what the import log recorded, and the missing values per scale.

The import log (:class:`~kosieval.model.importlog.ImportLog`) is grouped into categories a
researcher understands ("Werte außerhalb des gültigen Bereichs als fehlend behandelt",
"unvollständige Antworten ausgeschlossen", ...), counted per file, and its errors are listed
with file, line and column. Respondent ids, free-text answers and personal columns are never
printed (unless ``privacy.allow_free_text`` / ``allow_personal_columns`` allow the latter two).
The missingness tables give, per survey and scale, the items' missing shares, the respondents
without a scale score and the missing codes that occurred.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import pandas as pd

from kosieval.model.codebook import Text
from kosieval.model.study import Study
from kosieval.model.survey import Survey
from kosieval.present import numbers as fmt
from kosieval.present.section import Block, Heading, Paragraph, Section, Table
from kosieval.reflections.scales import scale_scores
from kosieval.reflections.spec import ReflectionSpec, Requirement

#: Category key -> label. Keys are matched from the io layer's ``action``/``reason`` texts.
CATEGORIES: dict[str, Text] = {
    "out_of_range": Text(de="Werte außerhalb des gültigen Bereichs als fehlend behandelt",
                         en="values outside the valid range treated as missing"),
    "invalid_value": Text(de="ungültige Werte (keine Zahl, unbekannter Antwortcode) als fehlend behandelt",
                          en="invalid values (not a number, unknown answer code) treated as missing"),
    "duplicate": Text(de="doppelte Befragten-ID: spätere Antwort ausgeschlossen",
                      en="duplicate respondent id: later response excluded"),
    "column_missing": Text(de="zugeordnete Spalte fehlt in der Datei (alle Werte fehlend)",
                           en="mapped column missing from the file (all values missing)"),
    "segment_dropped": Text(de="Codierung verworfen (ungültige Position oder unbekannter Code)",
                            en="coded segment dropped (invalid position or unknown code)"),
    "not_linked": Text(de="ohne Antwort in der ersten Welle: nicht verknüpfbar (nur beschreibend ausgewertet)",
                       en="no response in the first wave: not linked (descriptive results only)"),
    "id_assigned": Text(de="fehlende Befragten-ID: nach Zeile nummeriert, nicht verknüpfbar",
                        en="missing respondent id: numbered by line, cannot be linked"),
    "encoding": Text(de="Zeichenkodierung geschätzt (Windows-1252)", en="character encoding guessed (Windows-1252)"),
    "activity_total": Text(de="Akteursgruppen ergeben mehr als die Gesamtzahl der Teilnehmenden",
                           en="actor groups add up to more than the total number of participants"),
    "incomplete": Text(de="unvollständige Antworten ausgeschlossen", en="incomplete responses excluded"),
    "test_run": Text(de="Testläufe ausgeschlossen", en="test runs excluded"),
    "row_dropped": Text(de="Zeilen ausgeschlossen", en="rows excluded"),
    "missing_code": Text(de="Fehlende-Werte-Codes (z. B. −9 „keine Angabe“) als fehlend übernommen",
                         en="missing-value codes (e.g. −9 \"no answer\") taken as missing"),
    "answers_translated": Text(de="Antwortcodes der Plattform in Codebuch-Codes übersetzt",
                               en="platform answer codes translated into codebook codes"),
    "personal_column": Text(de="persönliche Spalten entfernt", en="personal columns removed"),
    "column_unused": Text(de="Spalten ohne Zuordnung nicht ausgewertet", en="unmapped columns not analysed"),
}
#: How one erroneous value is described in the error table (singular).
_ONE = {
    "out_of_range": Text(de="Wert außerhalb des gültigen Bereichs, als fehlend behandelt",
                         en="value outside the valid range, treated as missing"),
    "invalid_value": Text(de="ungültiger Wert, als fehlend behandelt", en="invalid value, treated as missing"),
    "duplicate": Text(de="doppelte Befragten-ID: diese spätere Antwort ausgeschlossen",
                      en="duplicate respondent id: this later response excluded"),
}
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_SEVERITY = {"error": Text(de="Fehler", en="error"), "warning": Text(de="Hinweis", en="warning"),
             "info": Text(de="Info", en="info")}
_VALUE_LABEL = {"id": Text(de="(ID)", en="(ID)"), "text": Text(de="(Freitext)", en="(free text)"),
                "personal": Text(de="(persönlich)", en="(personal)"),
                "interview": Text(de="(Interviewtext)", en="(interview text)")}
#: At most this many errors are listed one by one.
MAX_ERROR_ROWS = 40
#: Items with the highest missing share listed per survey.
TOP_ITEMS = 5


def category(action: str, reason: str, severity: str) -> str:
    """The category key of one log entry (its ``action`` when no category matches).

    Parameters
    ----------
    action, reason, severity
        The fields of the :class:`~kosieval.model.importlog.LogEntry`.
    """
    reason = reason.lower()
    if action == "recoded to missing":
        if severity == "info" or reason.startswith("missing code"):
            return "missing_code"
        return "out_of_range" if "outside" in reason else "invalid_value"
    if action == "row dropped":
        if "duplicate" in reason:
            return "duplicate"
        if "test run" in reason or "not a respondent" in reason:
            return "test_run"
        if "incomplete" in reason or "not finished" in reason or "not a completed" in reason:
            return "incomplete"
        return "row_dropped"
    simple = {"column dropped": "personal_column", "column not used": "column_unused",
              "column missing": "column_missing", "answers translated": "answers_translated",
              "not linked": "not_linked", "id assigned": "id_assigned", "ids assigned": "id_assigned",
              "encoding guessed": "encoding", "segment dropped": "segment_dropped"}
    if action in simple:
        return simple[action]
    if action == "checked" and "total" in reason:
        return "activity_total"
    return action


def category_label(key: str, locale: str) -> str:
    """The label of category ``key`` in ``locale`` (the key itself for unknown actions)."""
    return CATEGORIES[key].get(locale) if key in CATEGORIES else key


def _requirements(study: Study, **_: object) -> list[Requirement]:
    return [Requirement("mindestens eine Befragung / at least one survey", bool(study.surveys))]


SPEC = ReflectionSpec(
    name="data_quality",
    title=Text(de="Datenqualität", en="Data quality"),
    description=Text(de="Was beim Einlesen geprüft, ausgeschlossen oder als fehlend behandelt wurde; fehlende Werte "
                        "je Skala.",
                     en="What was checked, excluded or treated as missing on import; missing values per scale."),
    requirements=_requirements,
    placement="appendix",
    needs=(Text(de="Einleseprotokoll aller Dateien", en="import log of all files"),
           Text(de="Befragungen: Skalen-Items und Fehlende-Werte-Codes",
                en="surveys: scale items and missing-value codes")),
    params={},
)


@dataclass(frozen=True)
class ScaleMissingness:
    """Missing values of one scale in one survey.

    Attributes
    ----------
    item_missing
        Share of responses without a valid answer, per item (index = item id).
    n
        Responses of the survey.
    n_without_score
        Respondents with fewer than ``min_valid`` valid items (no scale score).
    codes
        Cells per missing code over the scale's items; key None = blank (or an invalid value
        recoded to missing, see the import log).
    """

    survey: str
    instrument_title: Text
    wave: str
    scale: str
    title: Text
    min_valid: int
    n: int
    item_missing: pd.Series
    n_without_score: int
    codes: dict[int | None, int]

    @property
    def mean_missing(self) -> float:
        """Mean missing share over the items."""
        return float(self.item_missing.mean())

    @property
    def max_missing(self) -> float:
        """Largest missing share of an item."""
        return float(self.item_missing.max())


@dataclass(frozen=True)
class DataQualityReflection:
    """The import log grouped into categories and the missingness of the scales.

    Attributes
    ----------
    log
        Every log entry with ``category``, ``cases`` (cells or rows it stands for) and
        ``value_kind`` ("id", "text", "personal", "interview" or "": what the raw value is).
    scales
        One entry per scale and survey.
    items
        One row per item (not attributes, not free text) and survey: ``survey``, ``item``,
        ``n``, ``n_missing``, ``share``, and one ``code_<code>``/``blank`` column per kind.
    missing_labels
        Survey id -> missing code -> label (from the codebook).
    survey_labels
        Survey id -> (instrument title, wave).
    allow_free_text, allow_personal_columns
        The privacy settings used.
    warnings
        What the computations warned about.
    """

    log: pd.DataFrame
    scales: tuple[ScaleMissingness, ...]
    items: pd.DataFrame
    missing_labels: dict[str, dict[int, Text]]
    survey_labels: dict[str, tuple[Text, str]]
    allow_free_text: bool
    allow_personal_columns: bool
    warnings: tuple[str, ...] = ()

    @property
    def counts(self) -> pd.DataFrame:
        """Log entries per file and category: ``file``, ``category``, ``severity``, ``entries``, ``cases``."""
        if not len(self.log):
            return pd.DataFrame(columns=["file", "category", "severity", "entries", "cases"])
        frame = (self.log.groupby(["file", "category", "severity"], sort=False)
                 .agg(entries=("action", "size"), cases=("cases", "sum")).reset_index())
        files = {file: i for i, file in enumerate(dict.fromkeys(self.log["file"]))}
        frame["_file"] = frame["file"].map(files)
        frame["_order"] = frame["severity"].map(_SEVERITY_ORDER)
        return (frame.sort_values(["_file", "_order"], kind="stable").drop(columns=["_file", "_order"])
                .reset_index(drop=True))

    @property
    def errors(self) -> pd.DataFrame:
        """The log entries of severity "error"."""
        return self.log[self.log["severity"] == "error"].reset_index(drop=True)

    def cases(self, key: str) -> int:
        """Cells or rows of category ``key`` over all files."""
        return int(self.log.loc[self.log["category"] == key, "cases"].sum())

    @property
    def n_excluded(self) -> int:
        """Rows (responses) excluded on import."""
        return int(self.log.loc[self.log["action"] == "row dropped", "cases"].sum())

    def to_frame(self) -> pd.DataFrame:
        """One row per scale and survey: missing shares, respondents without score, missing codes."""
        rows = []
        for s in self.scales:
            row = {"survey": s.survey, "wave": s.wave, "scale": s.scale, "k": len(s.item_missing), "n": s.n,
                   "mean_missing": s.mean_missing, "max_missing": s.max_missing,
                   "n_without_score": s.n_without_score}
            row.update({("blank" if code is None else f"code_{code}"): n for code, n in s.codes.items()})
            rows.append(row)
        return pd.DataFrame(rows)


def _value_kinds(study: Study, log: pd.DataFrame) -> pd.Series:
    """What each logged raw value is: a respondent id, free text, personal data, interview text or ""."""
    kinds: dict[tuple[str, str], str] = {}
    for source in study.config.surveys:
        codebook = study.codebooks.get(source.instrument)
        if codebook is not None:
            pairs = [(item.id, item.id) for item in codebook.variables]
            pairs += list((source.mapping or {}).items())
            for column, target in pairs:
                item_id = target.partition(".")[0]
                try:
                    item = codebook.item(item_id)
                except KeyError:
                    continue
                if item.personal:
                    kinds[(source.file, column)] = "personal"
                elif item.type == "text":
                    kinds[(source.file, column)] = "text"
        kinds[(source.file, source.respondent_id)] = "id"
    dropped = log[log["action"] == "column dropped"]
    for file, column in zip(dropped["file"], dropped["column"]):
        kinds.setdefault((str(file), str(column)), "personal")
    survey_files = {s.file for s in study.config.surveys}
    ids = {s.respondent_id for s in study.config.surveys}
    out = []
    for file, column, action in zip(log["file"], log["column"], log["action"]):
        kind = kinds.get((str(file), str(column)), "")
        if action in ("not linked", "id assigned") or (file in survey_files and column in ids):
            kind = "id"
        elif not kind and file not in survey_files and column is not None and "text" in str(column).lower():
            kind = "interview"
        out.append(kind)
    return pd.Series(out, index=log.index, dtype=object)


def _cases(reason: str, category_key: str) -> int:
    if category_key == "missing_code":
        match = re.search(r"missing codes in (\d+) cells", reason)
        if match:
            return int(match.group(1))
    return 1


def _scale_rows(survey: Survey, notes: list[str]) -> list[ScaleMissingness]:
    rows = []
    codebook = survey.codebook
    for scale in codebook.scales:
        items = [i for i in scale.items if i in survey.responses.columns]
        if not items:
            continue
        answers = survey.responses[items]
        missing = answers.isna()
        given = survey.missing_codes[items] if set(items) <= set(survey.missing_codes.columns) else None
        codes: dict[int | None, int] = {}
        if given is not None:
            for code in sorted(codebook.missing_code_values | set(pd.unique(given.stack().dropna()).tolist())):
                n_code = int((given == code).fillna(False).to_numpy().sum())
                if n_code:
                    codes[int(code)] = n_code
            blank = int((missing & given.isna()).to_numpy().sum())
        else:
            blank = int(missing.to_numpy().sum())
        if blank:
            codes[None] = blank
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                without = int(scale_scores(survey, scale).scores.isna().sum())
            notes += [f"{scale.id} ({survey.source_id}): {w.message}" for w in caught]
        except (ValueError, KeyError) as exc:
            notes.append(f"{scale.id} ({survey.source_id}): {exc}")
            without = -1
        rows.append(ScaleMissingness(survey.source_id, codebook.title, survey.wave, scale.id, scale.title,
                                     scale.min_valid, survey.n, missing.mean(), without, codes))
    return rows


def _item_rows(survey: Survey) -> list[dict[str, object]]:
    rows = []
    for item in survey.codebook.items:
        if item.type in ("text", "multi") or item.personal or item.id not in survey.responses.columns:
            continue
        missing = survey.responses[item.id].isna()
        row: dict[str, object] = {"survey": survey.source_id, "item": item.id, "text": item.text,
                                  "n": survey.n, "n_missing": int(missing.sum()),
                                  "share": float(missing.mean()) if survey.n else float("nan")}
        given = survey.missing_codes[item.id] if item.id in survey.missing_codes.columns else None
        if given is not None:
            for code, n in given.dropna().astype(int).value_counts().sort_index().items():
                row[f"code_{code}"] = int(n)
            row["blank"] = int((missing & given.isna()).sum())
        else:
            row["blank"] = int(missing.sum())
        rows.append(row)
    return rows


def analyze(study: Study) -> DataQualityReflection:
    """Group the import log and measure the missing values of every scale.

    Parameters
    ----------
    study
        The loaded study.

    Returns
    -------
    DataQualityReflection
    """
    log = study.log.to_frame()
    keys = [category(str(a), str(r), str(s)) for a, r, s in zip(log["action"], log["reason"], log["severity"])]
    log["category"] = pd.Series(keys, index=log.index, dtype=object)
    log["cases"] = [_cases(str(r), k) for r, k in zip(log["reason"], keys)]
    log["value_kind"] = _value_kinds(study, log)
    accepted = study.config.accepted  # checked errors (study.yaml accepted:) keep their reason
    log["accepted"] = [next((a.reason for a in accepted if severity == "error" and a.matches(
        str(file), None if pd.isna(row) else int(row), None if column is None or pd.isna(column) else str(column))),
        None) for file, row, column, severity in zip(log["file"], log["row"], log["column"], log["severity"])]
    notes: list[str] = []
    scales: list[ScaleMissingness] = []
    items: list[dict[str, object]] = []
    for survey in study.surveys.values():
        scales += _scale_rows(survey, notes)
        items += _item_rows(survey)
    item_frame = pd.DataFrame(items)
    if len(item_frame):
        code_columns = [c for c in item_frame.columns if c.startswith("code_") or c == "blank"]
        item_frame[code_columns] = item_frame[code_columns].fillna(0).astype(int)
    privacy = study.config.privacy
    return DataQualityReflection(
        log=log, scales=tuple(scales), items=item_frame,
        missing_labels={s.source_id: {m.code: m.label for m in s.codebook.missing_codes}
                        for s in study.surveys.values()},
        survey_labels={s.source_id: (s.codebook.title, s.wave) for s in study.surveys.values()},
        allow_free_text=privacy.allow_free_text, allow_personal_columns=privacy.allow_personal_columns,
        warnings=tuple(notes))


# -- presentation ---------------------------------------------------------------------------


def shown_value(value: object, kind: str, result: DataQualityReflection, locale: str) -> str:
    """The raw value as the report may print it: ids, free text and personal data are replaced."""
    if kind == "id" or kind == "interview":
        return _VALUE_LABEL[kind].get(locale)
    if kind == "text" and not result.allow_free_text:
        return _VALUE_LABEL[kind].get(locale)
    if kind == "personal" and not result.allow_personal_columns:
        return _VALUE_LABEL[kind].get(locale)
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _what(row: pd.Series, locale: str) -> str:
    """What happened to an erroneous value, with the detail the log gives, and a check noted in study.yaml."""
    text = _happened(row, locale)
    checked = row.get("accepted")
    if isinstance(checked, str) and checked:
        text += f"; geprüft: {checked}" if locale.startswith("de") else f"; checked: {checked}"
    return text


def _happened(row: pd.Series, locale: str) -> str:
    """What happened to an erroneous value, with the detail the log gives (allowed range, kept line)."""
    de = locale.startswith("de")
    key = str(row["category"])
    reason = str(row["reason"])
    label = _ONE[key].get(locale) if key in _ONE else category_label(key, locale)
    label = label[:1].upper() + label[1:]
    if key == "out_of_range":
        match = re.search(r"range (.+)$", reason) or re.search(r"options \((.+)\)$", reason)
        if match:
            return f"{label} ({'gültig' if de else 'valid'}: {match.group(1)})"
    if key == "duplicate":
        match = re.search(r"line (\d+)", reason)
        if match:
            return (f"{label} (erste Antwort in Zeile {match.group(1)} behalten)" if de else
                    f"{label} (first response in line {match.group(1)} kept)")
    if key in CATEGORIES:
        return label
    return f"{label}: {reason}"


def _codes_text(codes: dict[int | None, int], labels: dict[int, Text], locale: str) -> str:
    de = locale.startswith("de")
    parts = []
    for code, n in codes.items():
        if code is None:
            parts.append(f"{'leer' if de else 'blank'} {fmt.integer(n, locale=locale)}")
        else:
            name = labels[code].get(locale) if code in labels else ("Code" if de else "code")
            parts.append(f"{fmt.number(code, locale=locale, digits=0)} {name} {fmt.integer(n, locale=locale)}")
    return "; ".join(parts) or fmt.DASH


def _log_blocks(result: DataQualityReflection, locale: str) -> list[Block]:
    de = locale.startswith("de")
    log = result.log
    n_errors = int((log["severity"] == "error").sum())
    n_warnings = int((log["severity"] == "warning").sum())
    entries, errors, excluded = (fmt.integer(v, locale=locale) for v in (len(log), n_errors, result.n_excluded))
    blocks: list[Block] = [Heading("Einleseprotokoll" if de else "Import log")]
    blocks.append(Paragraph(
        (f"Beim Einlesen wurden {entries} Vorgänge protokolliert: {errors} Datenfehler (Werte, die dem Codebuch "
         f"widersprechen; sie wurden als fehlend behandelt oder die Antwort wurde ausgeschlossen), "
         f"{fmt.integer(n_warnings, locale=locale)} Hinweise und "
         f"{fmt.integer(len(log) - n_errors - n_warnings, locale=locale)} Routinevorgänge. "
         f"Insgesamt wurden {excluded} Antworten ausgeschlossen.") if de else
        (f"Reading the data recorded {entries} events: {errors} data errors (values contradicting the codebook; "
         f"treated as missing or the response excluded), {fmt.integer(n_warnings, locale=locale)} warnings and "
         f"{fmt.integer(len(log) - n_errors - n_warnings, locale=locale)} routine steps. In total {excluded} "
         "responses were excluded.")))
    counts = result.counts
    if len(counts):
        blocks.append(Table(
            id="tab-data_quality-log",
            caption="Einleseprotokoll nach Datei und Vorgang" if de else "Import log by file and event",
            columns=("Datei", "Vorgang", "Art", "Anzahl") if de else ("File", "Event", "Kind", "Count"),
            rows=tuple((str(r.file), category_label(str(r.category), locale), _SEVERITY[str(r.severity)].get(locale),
                        fmt.integer(int(r.cases), locale=locale)) for r in counts.itertuples()),
            numeric=(False, False, False, True),
            notes=((("Anzahl = betroffene Zeilen, Spalten oder Zellen (bei Fehlende-Werte-Codes: Zellen). "
                     "Fehler = Werte, die dem Codebuch widersprechen; Hinweis = bitte prüfen; Info = "
                     "Routinevorgang wie in study.yaml eingestellt.") if de else
                    ("Count = rows, columns or cells affected (for missing-value codes: cells). Error = values "
                     "contradicting the codebook; warning = worth a check; info = routine step as set in "
                     "study.yaml.")),)))
    errors_frame = result.errors
    if len(errors_frame):
        rows = []
        for _, r in errors_frame.head(MAX_ERROR_ROWS).iterrows():
            rows.append((str(r["file"]), fmt.DASH if pd.isna(r["row"]) else str(int(r["row"])),
                         "" if r["column"] is None or pd.isna(r["column"]) else str(r["column"]),
                         shown_value(r["value"], str(r["value_kind"]), result, locale), _what(r, locale)))
        notes = [("Zeile = Zeile in der Datei (Kopfzeile = 1). Befragten-IDs, Freitextantworten und persönliche "
                  "Angaben werden nicht abgedruckt. Vollständiges Protokoll: kosieval validate STUDIENORDNER.")
                 if de else
                 ("Line = line in the file (header = 1). Respondent ids, free-text answers and personal data are "
                  "not printed. Full log: kosieval validate STUDY_DIR.")]
        if len(errors_frame) > MAX_ERROR_ROWS:
            more = fmt.integer(len(errors_frame) - MAX_ERROR_ROWS, locale=locale)
            notes.append(f"Weitere {more} Fehler stehen im vollständigen Protokoll." if de else
                         f"{more} further errors are in the full log.")
        blocks.append(Table(
            id="tab-data_quality-errors",
            caption="Datenfehler" if de else "Data errors",
            columns=("Datei", "Zeile", "Spalte", "Wert", "Was geschah") if de else
                    ("File", "Line", "Column", "Value", "What happened"),
            rows=tuple(rows), numeric=(False, True, False, False, False), notes=tuple(notes)))
    return blocks


def _survey_label(result: DataQualityReflection, survey: str, locale: str) -> str:
    title, wave = result.survey_labels[survey]
    return f"{title.get(locale)} {wave}"


def _missing_blocks(result: DataQualityReflection, locale: str) -> list[Block]:
    de = locale.startswith("de")
    blocks: list[Block] = [Heading("Fehlende Werte" if de else "Missing values")]
    if not result.scales:
        blocks.append(Paragraph("Die Befragungen enthalten keine Skalen." if de else "The surveys hold no scales."))
        return blocks
    rows = []
    for s in result.scales:
        without = (fmt.DASH if s.n_without_score < 0 else
                   f"{fmt.integer(s.n_without_score, locale=locale)} "
                   f"({fmt.percent(s.n_without_score / s.n if s.n else float('nan'), locale=locale)})")
        rows.append((_survey_label(result, s.survey, locale), s.title.get(locale),
                     fmt.integer(len(s.item_missing), locale=locale),
                     fmt.percent(s.mean_missing, locale=locale, digits=1),
                     fmt.percent(s.max_missing, locale=locale, digits=1), without,
                     _codes_text(s.codes, result.missing_labels.get(s.survey, {}), locale)))
    worst = max(result.scales, key=lambda s: s.mean_missing)
    blocks.append(Paragraph(
        (f"Am häufigsten fehlten Antworten bei {worst.title.de} ({_survey_label(result, worst.survey, locale)}): "
         f"im Mittel {fmt.percent(worst.mean_missing, locale=locale, digits=1)} je Item.") if de else
        (f"Answers were missing most often for {worst.title.en} ({_survey_label(result, worst.survey, locale)}): "
         f"{fmt.percent(worst.mean_missing, locale=locale, digits=1)} per item on average.")))
    blocks.append(Table(
        id="tab-data_quality-scales",
        caption="Fehlende Werte je Skala und Befragung" if de else "Missing values per scale and survey",
        columns=("Befragung", "Skala", "Items", "fehlend Ø", "fehlend max.", "ohne Skalenwert", "davon") if de else
                ("Survey", "Scale", "Items", "missing mean", "missing max.", "without scale score", "of which"),
        rows=tuple(rows), numeric=(False, False, True, True, True, True, False),
        notes=((("fehlend Ø / max. = mittlerer und größter Anteil fehlender Antworten über die Items der Skala; "
                 "ohne Skalenwert = Befragte mit weniger gültigen Items als für einen Skalenwert nötig (min_valid "
                 "im Instrument); davon = fehlende Zellen nach Code; „leer“ = nicht beantwortet (auch Werte "
                 "außerhalb des gültigen Bereichs, siehe Einleseprotokoll).") if de else
                ("missing mean / max. = mean and largest share of missing answers over the scale's items; without "
                 "scale score = respondents with fewer valid items than a score needs (min_valid in the "
                 "instrument); of which = missing cells by code; \"blank\" = not answered (including values outside "
                 "the valid range, see the import log).")),)))
    if len(result.items):
        order = {survey: i for i, survey in enumerate(result.survey_labels)}
        top = (result.items[result.items["n_missing"] > 0]
               .assign(_survey=lambda f: f["survey"].map(order), _share=lambda f: -f["share"])
               .sort_values(["_survey", "_share"], kind="stable")
               .groupby("survey", sort=False).head(TOP_ITEMS))
        if len(top):
            item_rows = []
            for _, r in top.iterrows():
                codes = {int(c.removeprefix("code_")): int(r[c]) for c in top.columns
                         if c.startswith("code_") and r[c]}
                if r["blank"]:
                    codes[None] = int(r["blank"])  # type: ignore[index]
                text = r["text"].get(locale)
                short = text if len(text) <= 60 else text[:59].rstrip() + "…"
                item_rows.append((_survey_label(result, r["survey"], locale), f"{r['item']}: {short}",
                                  fmt.integer(int(r["n_missing"]), locale=locale),
                                  fmt.percent(float(r["share"]), locale=locale, digits=1),
                                  _codes_text(codes, result.missing_labels.get(r["survey"], {}), locale)))
            blocks.append(Table(
                id="tab-data_quality-items",
                caption=(f"Die {TOP_ITEMS} Items mit den meisten fehlenden Antworten je Befragung") if de else
                        (f"The {TOP_ITEMS} items with the most missing answers per survey"),
                columns=("Befragung", "Item", "fehlend", "Anteil", "davon") if de else
                        ("Survey", "Item", "missing", "share", "of which"),
                rows=tuple(item_rows), numeric=(False, False, True, True, False),
                notes=(("Ohne Freitext-Items und Merkmale wie die Akteursgruppe; nur Items mit fehlenden Antworten. "
                        "Hohe Anteile können von Filterfragen kommen (nur nach einer bestimmten Antwort gestellt).")
                       if de else ("Free-text items and attributes such as the actor group are left out; only items "
                                   "with missing answers. High shares can come from filter questions (asked only "
                                   "after a certain answer)."),)))
    return blocks


def present(result: DataQualityReflection, locale: str) -> Section:
    """The data-quality appendix: import log by category, the data errors, missing values."""
    de = locale.startswith("de")
    blocks = _log_blocks(result, locale) + _missing_blocks(result, locale)
    for note in result.warnings:
        blocks.append(Paragraph(("Hinweis: " if de else "Note: ") + note))
    figures = {
        "n_entries": len(result.log),
        "n_errors": int((result.log["severity"] == "error").sum()),
        "n_warnings": int((result.log["severity"] == "warning").sum()),
        "n_excluded": result.n_excluded,
        "n_out_of_range": result.cases("out_of_range"),
        "n_duplicates": result.cases("duplicate"),
        "n_incomplete": result.cases("incomplete"),
        "n_test_runs": result.cases("test_run"),
    }
    key_figures = {name: fmt.integer(value, locale=locale) for name, value in figures.items()}
    summary = ((f"Beim Einlesen wurden {key_figures['n_errors']} Datenfehler gefunden und "
                f"{key_figures['n_excluded']} Antworten ausgeschlossen (Anhang Datenqualität).") if de else
               (f"Reading the data found {key_figures['n_errors']} data errors and excluded "
                f"{key_figures['n_excluded']} responses (data-quality appendix)."),)
    return Section(id="data_quality", title=SPEC.title.get(locale), blocks=tuple(blocks), summary=summary,
                   key_figures=key_figures)
