"""A study as tidy tables for export: one per survey (items and scale scores) and the coding.

:func:`study_tables` turns a loaded :class:`~kosieval.model.study.Study` into
:class:`ExportTable` objects that the writers (CSV, SPSS, Parquet) only have to serialise:

- one table per survey, one row per response: ``line`` (the line in the export, header = 1,
  as in the import log), ``respondent``, ``wave``, ``city``, then every attribute and item of
  the instrument in codebook order (multiple-choice items as ``item.code`` columns, 1 chosen,
  0 not chosen) and one column per scale with the scale score computed exactly as the report
  computes it (:func:`kosieval.reflections.scales.scale_scores`). The columns come from the
  codebook, not from the export, so the same instrument gives the same columns in every
  city; a variable the export does not hold is an empty column and listed in ``absent``.
  Missing codes are NA; :attr:`ExportTable.missing_codes` keeps which code each NA was.
- with coded interviews: ``interview_segments`` (document, code path, coder, start, end and
  the text only for documents whose ``consent_quote`` is True) and ``interview_documents``
  (id, name and attributes; the full interview texts are never exported).

Privacy (``privacy:`` in study.yaml): free-text items are left out unless
``allow_free_text``, items marked ``personal`` in the codebook (and, with a ``personal``
predicate, columns whose names look personal) unless ``allow_personal_columns``. Every
column left out is an :class:`Exclusion`, so the export can say what is missing and why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kosieval.model.codebook import Codebook, Item, Scale, Text
from kosieval.model.coding import CONSENT, CodedCorpus, consent_given
from kosieval.model.study import Study
from kosieval.model.survey import Survey
from kosieval.reflections.scales import scale_scores

#: File stems the export uses for its own tables; no survey may be called like this.
RESERVED_NAMES = frozenset({"codebook", "notes", "export_manifest", "interview_segments", "interview_documents"})


_CHOSEN = ((0, Text(de="nicht gewählt", en="not chosen")), (1, Text(de="gewählt", en="chosen")))
_YES_NO = ((0, Text(de="nein", en="no")), (1, Text(de="ja", en="yes")))

#: Column types of the export tables beyond the codebook's item types.
ID_TYPES = {"line": "line", "respondent": "id", "wave": "id", "city": "id"}

_ID_LABELS = {
    "line": Text(de="Zeile in der Exportdatei (Kopfzeile = 1)", en="line in the export file (header = 1)"),
    "respondent": Text(de="Personen-ID bzw. Code (verknüpft die Wellen)", en="respondent id or code (links the waves)"),
    "wave": Text(de="Welle", en="wave"),
    "city": Text(de="Stadt", en="city"),
}


@dataclass(frozen=True)
class Variable:
    """One column of an export table and what a statistics program needs to know about it.

    Attributes
    ----------
    name
        The column name (item id, ``item.code`` for an option of a multiple-choice item,
        scale id for a scale score).
    label
        The variable label (item text, scale title).
    type
        The codebook item type (``likert``, ``single``, ``multi``, ``numeric``, ``text``,
        ``date``), or ``score``, ``id``, ``line``, ``count``, ``flag`` for the other columns.
    values
        Value labels: (code, label) per response option.
    missing
        Missing codes: (code, label) of the codebook's missing codes and of any other code
        the export used as missing in this column.
    note
        How the column was made (for scale scores: items, reverse keying, minimum items).
    valid_range
        The lowest and highest valid value of a numeric item (codebook ``min``/``max``), or
        None.
    """

    name: str
    label: Text
    type: str
    values: tuple[tuple[int, Text], ...] = ()
    missing: tuple[tuple[int, Text], ...] = ()
    note: str = ""
    valid_range: tuple[float, float] | None = None


@dataclass(frozen=True)
class Exclusion:
    """A column left out of the export, and why.

    Attributes
    ----------
    table
        The table (survey id, ``interview_documents``, ``interview_segments``).
    column
        The column.
    reason
        Why, in German and English.
    """

    table: str
    column: str
    reason: Text


@dataclass(frozen=True, eq=False)
class ExportTable:
    """One table of the export.

    Attributes
    ----------
    name
        The file stem (the survey id, or ``interview_segments`` / ``interview_documents``).
    title
        What the table holds.
    data
        The rows; columns are ``[v.name for v in variables]`` (pandas nullable dtypes).
    variables
        The columns' descriptions, in column order.
    missing_codes
        Same index as ``data``; for the item columns, the missing code each NA came from
        (NA where the cell was answered or left empty without a code).
    instrument, wave, city
        For survey tables; None for the coding tables.
    absent
        Codebook variables (and scale scores) the export could not fill: empty columns.
    """

    name: str
    title: Text
    data: pd.DataFrame
    variables: tuple[Variable, ...]
    missing_codes: pd.DataFrame
    instrument: str | None = None
    wave: str | None = None
    city: str | None = None
    absent: tuple[str, ...] = ()

    def variable(self, name: str) -> Variable:
        """The :class:`Variable` of column ``name`` (KeyError naming the table if unknown)."""
        for variable in self.variables:
            if variable.name == name:
                return variable
        raise KeyError(f"table {self.name!r} has no column {name!r}")


@dataclass(frozen=True, eq=False)
class StudyTables:
    """Everything :func:`study_tables` prepared for the writers.

    Attributes
    ----------
    study_id, city, title
        From study.yaml.
    surveys
        One table per survey, in study.yaml order.
    coding
        ``interview_segments`` and ``interview_documents`` (empty when the study has no
        coded interviews).
    excluded
        The columns left out for privacy.
    withheld_texts
        Number of coded segments whose text was left out (no consent to quote).
    allow_personal_columns, allow_free_text
        The privacy settings applied.
    """

    study_id: str
    city: str
    title: Text
    surveys: tuple[ExportTable, ...]
    coding: tuple[ExportTable, ...]
    excluded: tuple[Exclusion, ...]
    withheld_texts: int
    allow_personal_columns: bool
    allow_free_text: bool

    @property
    def tables(self) -> tuple[ExportTable, ...]:
        """The survey tables, then the coding tables."""
        return (*self.surveys, *self.coding)


def _score_name(scale: Scale, codebook: Codebook) -> str:
    """The scale score's column: the scale id, or ``<id>_score`` when an item has that id."""
    ids = {v.id for v in codebook.variables}
    return f"{scale.id}_score" if scale.id in ids else scale.id


def _score_note(scale: Scale) -> str:
    how = "mean of the valid items" if scale.scoring == "mean" else "prorated sum (mean of the valid items × k)"
    reverse = f"; reverse-keyed (low + high - x): {', '.join(scale.reverse)}" if scale.reverse else ""
    return (f"{how} of {', '.join(scale.items)}{reverse}; empty when fewer than {scale.min_valid} of "
            f"{len(scale.items)} items are valid")


def _missing_labels(codebook: Codebook) -> tuple[tuple[int, Text], ...]:
    return tuple((m.code, m.label) for m in codebook.missing_codes)


def instrument_variables(
    codebook: Codebook,
    *,
    allow_personal_columns: bool = False,
    allow_free_text: bool = False,
    personal: Callable[[str], bool] | None = None,
) -> tuple[tuple[Variable, ...], tuple[tuple[str, Text], ...]]:
    """The export columns of an instrument, from its codebook alone.

    Parameters
    ----------
    codebook
        The instrument.
    allow_personal_columns
        Keep items marked ``personal`` (and columns ``personal`` flags).
    allow_free_text
        Keep items of type ``text``.
    personal
        Optional test on a column name (``kosieval.io.personal.is_personal``) that flags
        further personal columns.

    Returns
    -------
    tuple
        (variables, left out): the columns ``line``, ``respondent``, ``wave``, ``city``, the
        attributes and items (multiple-choice items as one column per option) and the scale
        scores; and (column, reason) for each item left out for privacy.
    """
    variables = [Variable(name, _ID_LABELS[name], ID_TYPES[name]) for name in ID_TYPES]
    left_out: list[tuple[str, Text]] = []
    missing = _missing_labels(codebook)
    for item in codebook.variables:
        reason = _privacy_reason(item, allow_personal_columns=allow_personal_columns,
                                 allow_free_text=allow_free_text, personal=personal)
        if reason is not None:
            left_out.append((item.id, reason))
            continue
        variables.extend(_item_variables(item, missing))
    for scale in codebook.scales:
        label = Text(de=f"{scale.title.de} (Skalenwert)", en=f"{scale.title.en} (scale score)")
        variables.append(Variable(_score_name(scale, codebook), label, "score", note=_score_note(scale)))
    return tuple(variables), tuple(left_out)


def _privacy_reason(item: Item, *, allow_personal_columns: bool, allow_free_text: bool,
                    personal: Callable[[str], bool] | None) -> Text | None:
    if (item.personal or (personal is not None and personal(item.id))) and not allow_personal_columns:
        return Text(de="persönliche Daten (privacy.allow_personal_columns ist nicht gesetzt)",
                    en="personal data (privacy.allow_personal_columns is not set)")
    if item.type == "text" and not allow_free_text:
        return Text(de="Freitext (privacy.allow_free_text ist nicht gesetzt)",
                    en="free text (privacy.allow_free_text is not set)")
    return None


def _item_variables(item: Item, missing: tuple[tuple[int, Text], ...]) -> list[Variable]:
    if item.type == "multi":
        return [Variable(f"{item.id}.{option.code}",
                         Text(de=f"{item.text.de}: {option.label.de}", en=f"{item.text.en}: {option.label.en}"),
                         "multi", values=_CHOSEN, missing=missing)
                for option in item.options]
    values = tuple((o.code, o.label) for o in item.options)
    return [Variable(item.id, item.text, item.type, values=values, missing=missing, valid_range=item.valid_range)]


_DTYPES = {"line": "Int64", "id": "string", "text": "string", "numeric": "Float64", "score": "Float64",
           "date": "datetime64[us]"}


def column_dtype(variable: Variable) -> str:
    """The pandas dtype of a survey column (``Int64`` for codes, ``Float64``, ``string``, dates)."""
    return _DTYPES.get(variable.type, "Int64")


def survey_table(
    survey: Survey,
    *,
    allow_personal_columns: bool = False,
    allow_free_text: bool = False,
    personal: Callable[[str], bool] | None = None,
) -> tuple[ExportTable, tuple[Exclusion, ...]]:
    """One survey as an export table, with its scale scores.

    Parameters
    ----------
    survey
        The imported survey.
    allow_personal_columns, allow_free_text, personal
        See :func:`instrument_variables`.

    Returns
    -------
    tuple
        (table, the columns left out for privacy).
    """
    codebook = survey.codebook
    variables, left_out = instrument_variables(codebook, allow_personal_columns=allow_personal_columns,
                                               allow_free_text=allow_free_text, personal=personal)
    responses = survey.responses
    index = responses.index
    columns: dict[str, pd.Series] = {}
    absent: list[str] = []
    scores = _scores(survey)
    for variable in variables:
        dtype = column_dtype(variable)
        if variable.name == "line":
            columns["line"] = pd.Series(index.to_numpy(), index=index, dtype="Int64")
        elif variable.type == "score":
            column = scores.get(variable.name)
            if column is None:
                absent.append(variable.name)
                column = pd.Series(pd.NA, index=index, dtype=dtype)
            columns[variable.name] = column
        elif variable.name in responses.columns:
            columns[variable.name] = responses[variable.name].astype(dtype)
        else:
            absent.append(variable.name)
            columns[variable.name] = pd.Series(pd.NA, index=index, dtype=dtype)
    data = pd.DataFrame(columns, index=index)
    codes = survey.missing_codes
    code_columns = [v.name for v in variables if v.name in codes.columns and v.name in data.columns]
    missing_codes = codes[code_columns].astype("Int64") if code_columns else pd.DataFrame(index=index)
    variables = tuple(_with_used_codes(v, missing_codes) for v in variables)
    data = data.reset_index(drop=True)
    missing_codes = missing_codes.reset_index(drop=True)
    table = ExportTable(name=survey.source_id, title=codebook.title, data=data, variables=variables,
                        missing_codes=missing_codes, instrument=survey.instrument, wave=survey.wave,
                        city=survey.city, absent=tuple(absent))
    return table, tuple(Exclusion(survey.source_id, column, reason) for column, reason in left_out)


def _scores(survey: Survey) -> dict[str, pd.Series]:
    """Scale scores by column name, for the scales whose items the survey holds."""
    scores: dict[str, pd.Series] = {}
    for scale in survey.codebook.scales:
        if any(item not in survey.responses.columns for item in scale.items):
            continue
        try:
            result = scale_scores(survey, scale)
        except ValueError:  # no common response range: the report cannot score it either
            continue
        # positional: Survey.items keeps the row order of the responses (NaN becomes NA)
        scores[_score_name(scale, survey.codebook)] = pd.Series(
            result.scores.to_numpy(dtype=float), index=survey.responses.index, dtype="Float64")
    return scores


def _with_used_codes(variable: Variable, missing_codes: pd.DataFrame) -> Variable:
    """Add codes the export used as missing in this column that the codebook does not list."""
    if variable.name not in missing_codes.columns:
        return variable
    used = sorted({int(c) for c in missing_codes[variable.name].dropna()})
    known = {code for code, _ in variable.missing}
    extra = tuple((code, Text(de=f"fehlender Wert (Code {code})", en=f"missing value (code {code})"))
                  for code in used if code not in known)
    if not extra:
        return variable
    return dataclasses.replace(variable, missing=tuple(sorted((*variable.missing, *extra), key=lambda p: p[0])))


def consented(documents: pd.DataFrame) -> pd.Series:
    """True for documents whose ``consent_quote`` records consent (as CodedCorpus.quotes: consent_given)."""
    if CONSENT not in documents.columns:
        return pd.Series(False, index=documents.index)
    return documents[CONSENT].map(consent_given).astype(bool)


def coding_tables(
    corpus: CodedCorpus,
    *,
    allow_personal_columns: bool = False,
    personal: Callable[[str], bool] | None = None,
) -> tuple[tuple[ExportTable, ExportTable], tuple[Exclusion, ...], int]:
    """The coded segments and the documents' attributes as export tables.

    Parameters
    ----------
    corpus
        The coded interviews.
    allow_personal_columns
        Keep document attributes that ``personal`` flags.
    personal
        Optional test on a column name that flags personal attributes.

    Returns
    -------
    tuple
        ((segments, documents), exclusions, number of segments whose text was withheld).
        Segment texts are kept only for documents with consent to quote; the documents'
        full texts are never exported.
    """
    documents = corpus.documents.reset_index(drop=True)
    may_quote = consented(documents)
    names = dict(zip(documents["id"], documents["name"]))
    code_paths = dict(zip(corpus.codes["id"], corpus.codes["path"]))
    coder_names = dict(zip(corpus.coders["id"], corpus.coders["name"]))
    segments = corpus.segments.reset_index(drop=True)
    quotable = segments["document"].isin(set(documents.loc[may_quote.to_numpy(), "id"]))
    text = segments["text"].astype("string").where(quotable.to_numpy(), pd.NA)
    withheld = int((~quotable & segments["text"].notna()).sum())
    seg = pd.DataFrame({
        "document_id": segments["document"].astype("string"),
        "document": segments["document"].map(names).astype("string"),
        "code_id": segments["code"].astype("string"),
        "code_path": segments["code"].map(code_paths).astype("string"),
        "coder": segments["coder"].map(lambda c: coder_names.get(c, c) if c is not None else None).astype("string"),
        "start": segments["start"].astype("Int64"),
        "end": segments["end"].astype("Int64"),
        "text": text,
    })
    seg_vars = (
        Variable("document_id", Text(de="Dokument-ID", en="document id"), "id"),
        Variable("document", Text(de="Dokument", en="document"), "id"),
        Variable("code_id", Text(de="Code-ID", en="code id"), "id"),
        Variable("code_path", Text(de="Code (Pfad im Codebaum)", en="code (path in the code tree)"), "id"),
        Variable("coder", Text(de="Codierer/in", en="coder"), "id"),
        Variable("start", Text(de="Beginn (Zeichen, ab 0)", en="start (characters, from 0)"), "count"),
        Variable("end", Text(de="Ende (Zeichen, ausschließlich)", en="end (characters, exclusive)"), "count"),
        Variable("text", Text(de="codierter Text (nur mit Einwilligung zum Zitieren)",
                              en="coded text (only with consent to quote)"), "text"),
    )
    excluded = [Exclusion("interview_documents", "text",
                          Text(de="vollständige Interviewtexte werden nie exportiert",
                               en="full interview texts are never exported"))]
    doc_columns: dict[str, pd.Series] = {"document_id": documents["id"].astype("string"),
                                         "document": documents["name"].astype("string")}
    doc_vars = [Variable("document_id", Text(de="Dokument-ID", en="document id"), "id"),
                Variable("document", Text(de="Dokument", en="document"), "id")]
    for attribute in corpus.attributes:
        if personal is not None and personal(attribute) and not allow_personal_columns:
            excluded.append(Exclusion("interview_documents", attribute,
                                      Text(de="persönliche Daten (privacy.allow_personal_columns ist nicht gesetzt)",
                                           en="personal data (privacy.allow_personal_columns is not set)")))
            continue
        column, kind = _attribute_column(documents[attribute])
        doc_columns[attribute] = column
        doc_vars.append(Variable(attribute, Text(de=attribute, en=attribute), kind,
                                 values=_YES_NO if kind == "flag" else ()))
    tables = (
        ExportTable("interview_segments", Text(de="codierte Segmente", en="coded segments"), seg, seg_vars,
                    pd.DataFrame(index=seg.index)),
        ExportTable("interview_documents",
                    Text(de="Interviews und ihre Merkmale", en="interviews and their attributes"),
                    pd.DataFrame(doc_columns), tuple(doc_vars), pd.DataFrame(index=documents.index)),
    )
    return tables, tuple(excluded), withheld


def _attribute_column(values: pd.Series) -> tuple[pd.Series, str]:
    """A document attribute with one dtype: boolean (``flag``), numbers or text."""
    present = values.dropna()
    if len(present) and present.map(lambda v: isinstance(v, (bool, np.bool_))).all():
        return values.astype("boolean"), "flag"
    if len(present) and present.map(lambda v: isinstance(v, (int, float, np.number))
                                    and not isinstance(v, (bool, np.bool_))).all():
        return values.astype("Float64"), "numeric"
    return values.map(lambda v: None if _is_na(v) else str(v)).astype("string"), "id"


def _is_na(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def study_tables(
    study: Study,
    *,
    pooled: bool = False,
    personal: Callable[[str], bool] | None = None,
) -> StudyTables:
    """The export tables of a study, privacy rules applied.

    Parameters
    ----------
    study
        The loaded study.
    pooled
        For a dataset pooled across cities: leave out free text and personal items whatever
        the study's privacy settings allow, and leave out the coding tables.
    personal
        Optional test on a column name (``kosieval.io.personal.is_personal``) that flags
        further personal columns; the codebook's ``personal`` flag is always applied.

    Returns
    -------
    StudyTables
    """
    privacy = study.config.privacy
    allow_personal = privacy.allow_personal_columns and not pooled
    allow_text = privacy.allow_free_text and not pooled
    surveys: list[ExportTable] = []
    excluded: list[Exclusion] = []
    for survey in study.surveys.values():
        table, left_out = survey_table(survey, allow_personal_columns=allow_personal, allow_free_text=allow_text,
                                       personal=personal)
        surveys.append(table)
        excluded.extend(left_out)
    coding: tuple[ExportTable, ...] = ()
    withheld = 0
    if study.interviews is not None and not pooled:
        coding, left_out, withheld = coding_tables(study.interviews, allow_personal_columns=allow_personal,
                                                   personal=personal)
        excluded.extend(left_out)
    info = study.config.study
    return StudyTables(study_id=info.id, city=info.city, title=info.title, surveys=tuple(surveys), coding=coding,
                       excluded=tuple(excluded), withheld_texts=withheld, allow_personal_columns=allow_personal,
                       allow_free_text=allow_text)


def value_labels(variable: Variable, *, locale: str = "de", missing: bool = True) -> dict[int, str]:
    """Code -> label of a variable: its response options, then its missing codes.

    Parameters
    ----------
    variable
        The column.
    locale
        "de" or "en".
    missing
        Include the missing codes' labels.
    """
    pairs: Iterable[tuple[int, Text]] = (*variable.values, *(variable.missing if missing else ()))
    return {code: label.get(locale) for code, label in pairs}
