"""LimeSurvey survey structures as draft codebooks, and the three header styles of its response CSV.

A LimeSurvey survey can be exported as

* a **survey structure file** (``.lss``, XML). Two layouts exist: up to LimeSurvey 3
  (``<DBVersion>`` below 400) the rows of ``<questions>``, ``<subquestions>``, ``<answers>``
  and ``<groups>`` carry their text and ``language`` themselves, one row per language;
  from LimeSurvey 4 on (DBVersion 400 and later) those rows hold the structure only and the
  texts sit in ``<question_l10ns>`` (questions and sub-questions, by ``qid``),
  ``<answer_l10ns>`` (by ``aid``) and ``<group_l10ns>``. Both carry
  ``<surveys>`` (base language, additional languages) and ``<surveys_languagesettings>``
  (the title per language). :func:`read_lss` reads both layouts.
* a **tab-separated structure export** (``.txt``): one row per setting (class ``S``),
  language setting (``SL``), group (``G``), question (``Q``), sub-question (``SQ``) and answer
  option (``A``), in questionnaire order and once per language; ``SQ`` and ``A`` rows follow
  the ``Q`` row they belong to. :func:`read_limesurvey_tsv` reads it.

Both become a :class:`~kosieval.io.draft.DraftInstrument` whose item columns are the
headings of LimeSurvey's response export with question-code headings (``G01Q01``,
``Q2[SQ001]``, ``Q3[other]``). :func:`limesurvey_header` tells which of the three heading
styles a response CSV uses and, where it can, which question-code column each heading is.

How LimeSurvey question types become draft items:

====================  ============================================================
type                  draft
====================  ============================================================
L ! O                 ``single`` with the answer options (O: + text ``CODE[comment]``)
G Y                   ``single`` (F/M, Y/N as export codes)
5                     ``likert`` 1-5
F H A B               one ``likert`` per sub-question, column ``CODE[SQ]``
C E                   one ``single`` per sub-question (Y/U/N, I/S/D)
1                     one ``likert`` per sub-question and scale, ``CODE[SQ][1]``/``[2]``
; :                   one ``text``/``numeric`` per cell, column ``CODE[ROW_COL]``
M P                   one ``multi`` item, one option per sub-question (column ``CODE[SQ]``;
                      P's comment columns ``CODE[SQcomment]`` are left out, with a note)
N / K                 ``numeric`` / one ``numeric`` per sub-question
S T U / Q             ``text`` / one ``text`` per sub-question
D                     ``date``
R                     one ``single`` per rank, column ``CODE[1]``, ``CODE[2]`` ...
X * | I               skipped (no answer to analyse), with a note
====================  ============================================================

Answer codes that are all integers keep their number (``0`` included, with a note that it
may be a missing code); otherwise the options are numbered 1..n in the file's order and the
LimeSurvey code becomes the option's ``export_code``. ``other = Y`` on a list or multiple
choice question adds a text item for ``CODE[other]`` (and on a list an option for the value
``-oth-`` that LimeSurvey writes into ``CODE`` when "Other" was chosen).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException

from kosieval.errors import DataFormatError
from kosieval.io.delimited import read_records
from kosieval.io.draft import DraftInstrument, DraftItem, DraftOption, DraftType, item_id_from
from kosieval.io.encoding import decode_file
from kosieval.io.xml_errors import xml_error

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# -- question types ---------------------------------------------------------------------------

_TYPE_NAMES = {
    "1": "array dual scale", "5": "5-point choice", "A": "array 5-point choice",
    "B": "array 10-point choice", "C": "array yes/uncertain/no", "D": "date",
    "E": "array increase/same/decrease", "F": "array", "G": "gender", "H": "array by column",
    "I": "language switch", "K": "multiple numerical input", "L": "list (radio)",
    "M": "multiple choice", "N": "numerical input", "O": "list with comment",
    "P": "multiple choice with comments", "Q": "multiple short text", "R": "ranking",
    "S": "short free text", "T": "long free text", "U": "huge free text", "X": "text display",
    "Y": "yes/no", "!": "list (dropdown)", ":": "array (numbers)", ";": "array (texts)",
    "|": "file upload", "*": "equation",
}
_SKIPPED = {
    "X": "it only displays text",
    "*": "an equation computes its value; add column {code} by hand if you need it",
    "|": "a file upload holds no answer to analyse (columns {code} and {code}[filecount])",
    "I": "it only switches the survey language",
}
_YES = {"en": "Yes", "de": "Ja"}
_NO = {"en": "No", "de": "Nein"}
# LimeSurvey's fixed answer sets (the file has no labels for them): export code, label.
_FIXED: dict[str, tuple[tuple[str, dict[str, str]], ...]] = {
    "Y": (("Y", _YES), ("N", _NO)),
    "G": (("F", {"en": "Female", "de": "weiblich"}), ("M", {"en": "Male", "de": "männlich"})),
    "C": (("Y", _YES), ("U", {"en": "Uncertain", "de": "unsicher"}), ("N", _NO)),
    "E": (("I", {"en": "Increase", "de": "Zunahme"}), ("S", {"en": "Same", "de": "gleich"}),
          ("D", {"en": "Decrease", "de": "Abnahme"})),
}
_OTHER = {"en": "Other", "de": "Sonstiges"}
_WITH_SUBQUESTIONS = frozenset({"F", "H", "A", "B", "C", "E", "1", ";", ":", "M", "P", "K", "Q"})
_INTEGER = re.compile(r"[+-]?\d+")
_MISSING_LABEL = re.compile(
    r"prefer not|not applicable|no answer|don.?t know|keine angabe|wei(ß|ss) nicht|nicht zutreffend|"
    r"möchte .*nicht",
    re.IGNORECASE,
)

# -- what the readers collect ------------------------------------------------------------------


@dataclass
class _SubQuestion:
    """A sub-question as read (mutable while the languages are collected)."""

    code: str
    scale: int
    order: int
    text: dict[str, str] = field(default_factory=dict)


@dataclass
class _Answer:
    """An answer option as read (mutable while the languages are collected)."""

    code: str
    scale: int
    order: int
    label: dict[str, str] = field(default_factory=dict)


@dataclass
class _Question:
    """A question with its sub-questions, answer options and attributes, as read."""

    code: str
    type: str
    other: bool
    text: dict[str, str] = field(default_factory=dict)
    subquestions: list[_SubQuestion] = field(default_factory=list)
    answers: list[_Answer] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)


# -- HTML in texts -----------------------------------------------------------------------------


class _TextOnly(HTMLParser):
    """Collect the text of an HTML fragment; block elements and ``<br>`` become spaces."""

    _BREAKS = frozenset({"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "h1", "h2", "h3", "h4"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        elif tag in self._BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _plain(text: str | None) -> str:
    """The text of an HTML fragment: tags removed, entities unescaped, white space collapsed."""
    if not text:
        return ""
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return " ".join("".join(parser.parts).replace("\xa0", " ").split())


# -- .lss (XML) --------------------------------------------------------------------------------


def read_lss(path: Path) -> DraftInstrument:
    """Read a LimeSurvey survey structure file (``.lss``) as a draft instrument.

    Parameters
    ----------
    path
        The ``.lss`` file (read only). Both layouts are read: LimeSurvey 2/3 (DBVersion
        below 400, texts in the rows of ``<questions>``/``<subquestions>``/``<answers>``)
        and LimeSurvey 4-6 (texts in ``<question_l10ns>``/``<answer_l10ns>``).

    Returns
    -------
    DraftInstrument
        Items in questionnaire order (group order, then question order); languages with
        the survey's base language first; texts without HTML.

    Raises
    ------
    DataFormatError
        When the file is not well-formed XML (naming line and column), declares XML
        entities (an entity bomb or an external entity; LimeSurvey never writes them), or
        is not a LimeSurvey survey structure.
    """
    path = Path(path)
    root = _parse_xml(path)
    version = _check_document(root, path)
    survey = next(iter(_rows(root, "surveys")), {})
    listed = [(e.text or "").strip() for e in root.iterfind("languages/language")]
    base = survey.get("language") or next((lang for lang in listed if lang), "")
    languages = _unique([base, *survey.get("additional_languages", "").split(), *listed])
    titles = {
        row.get("surveyls_language", ""): _plain(row.get("surveyls_title"))
        for row in _rows(root, "surveys_languagesettings")
    }
    questions = _lss_questions(root)
    _lss_answers(root, questions)
    for row in _rows(root, "question_attributes"):
        if row.get("qid") in questions and row.get("language", "") in ("", base) and row.get("value"):
            questions[row["qid"]].attributes.setdefault(row.get("attribute", ""), row["value"])
    return _draft(
        list(questions.values()),
        languages=languages,
        titles=titles,
        fallback_id=f"limesurvey_{survey.get('sid') or path.stem}",
        source=f"LimeSurvey .lss (DBVersion {version}): {path.name}",
    )


def _check_document(root: Element, path: Path) -> str:
    """Make sure ``root`` is a LimeSurvey survey export; return its DBVersion ("?" if absent)."""
    doctype = (root.findtext("LimeSurveyDocType") or "").strip() if root.tag == "document" else ""
    if not doctype:
        raise DataFormatError(
            f"keine LimeSurvey-Strukturdatei: das XML beginnt mit <{root.tag}> / not a LimeSurvey "
            f"survey structure: the XML starts with <{root.tag}>, LimeSurvey writes <document> "
            "with <LimeSurveyDocType>Survey</LimeSurveyDocType>",
            path=path,
            hint="in LimeSurvey open the survey, then Display/Export > Survey structure (.lss)",
        )
    if doctype != "Survey":
        raise DataFormatError(
            f"die Datei ist ein LimeSurvey-Export vom Typ {doctype!r}, keine ganze Umfrage / the "
            f"file is a LimeSurvey {doctype!r} export, not a whole survey",
            path=path,
            hint="export the whole survey: Display/Export > Survey structure (.lss)",
        )
    return (root.findtext("DBVersion") or "").strip() or "?"


def _lss_questions(root: Element) -> dict[str, _Question]:
    """Questions by qid, in group order and question order, with sub-questions and texts.

    Old layout: one row per language in ``<questions>``/``<subquestions>``, text in
    ``question``. New layout: one row per (sub-)question, texts in ``<question_l10ns>``.
    Rows with a ``parent_qid`` other than 0 are sub-questions, wherever they stand.
    """
    group_order: dict[str, int] = {}
    for row in _rows(root, "groups"):
        group_order.setdefault(row.get("gid", ""), _int(row.get("group_order")))
    questions: dict[str, _Question] = {}
    position: dict[str, tuple[int, int, int]] = {}
    subquestions: dict[str, tuple[str, _SubQuestion]] = {}  # qid -> (parent qid, sub-question)
    for row in [*_rows(root, "questions"), *_rows(root, "subquestions")]:
        qid, parent = row.get("qid", ""), row.get("parent_qid", "0") or "0"
        target: _Question | _SubQuestion
        if parent != "0":
            if qid not in subquestions:
                sub = _SubQuestion(row.get("title", ""), _int(row.get("scale_id")), _int(row.get("question_order")))
                subquestions[qid] = (parent, sub)
            target = subquestions[qid][1]
        else:
            if qid not in questions:
                other = row.get("other", "").upper() == "Y"
                questions[qid] = _Question(row.get("title", ""), row.get("type", ""), other)
                position[qid] = (group_order.get(row.get("gid", ""), 0), _int(row.get("question_order")), _int(qid))
            target = questions[qid]
        if row.get("language") and row.get("question"):
            target.text.setdefault(row["language"], _plain(row["question"]))
    for row in _rows(root, "question_l10ns"):
        found = questions.get(row.get("qid", "")) or subquestions.get(row.get("qid", ""), ("", None))[1]
        if found is not None and row.get("language") and row.get("question"):
            found.text.setdefault(row["language"], _plain(row["question"]))
    for parent, sub in subquestions.values():
        if parent in questions:
            questions[parent].subquestions.append(sub)
    for question in questions.values():
        question.subquestions.sort(key=lambda s: (s.scale, s.order))
    return {qid: questions[qid] for qid in sorted(questions, key=position.__getitem__)}


def _lss_answers(root: Element, questions: dict[str, _Question]) -> None:
    """Add the answer options to ``questions``, in sortorder, with their labels.

    Old layout: one ``<answers>`` row per language with the label in ``answer``. New
    layout: ``<answers>`` rows with an ``aid``, labels in ``<answer_l10ns>`` by ``aid``
    (rows that give ``qid`` and ``code`` instead are accepted too).
    """
    answers: dict[tuple[str, str, int], _Answer] = {}
    by_aid: dict[str, _Answer] = {}
    for row in _rows(root, "answers"):
        key = (row.get("qid", ""), row.get("code", ""), _int(row.get("scale_id")))
        if key not in answers:
            answers[key] = _Answer(key[1], key[2], _int(row.get("sortorder")))
            if key[0] in questions:
                questions[key[0]].answers.append(answers[key])
        answer = answers[key]
        if row.get("aid"):
            by_aid[row["aid"]] = answer
        if row.get("language") and row.get("answer"):
            answer.label.setdefault(row["language"], _plain(row["answer"]))
    for row in _rows(root, "answer_l10ns"):
        found = by_aid.get(row.get("aid", "")) or answers.get((row.get("qid", ""), row.get("code", ""), 0))
        if found is not None and row.get("language") and row.get("answer"):
            found.label.setdefault(row["language"], _plain(row["answer"]))
    for question in questions.values():
        question.answers.sort(key=lambda a: (a.scale, a.order))


def _parse_xml(path: Path) -> Element:
    """Parse ``path`` with defusedxml; every failure becomes a DataFormatError."""
    try:
        return SafeElementTree.fromstring(path.read_bytes())
    except (DefusedXmlException, SafeElementTree.ParseError) as exc:
        raise xml_error(exc, path=path, tool="LimeSurvey",
                        export_again="export the survey structure (.lss) again from LimeSurvey") from None


def _rows(root: Element, section: str) -> list[dict[str, str]]:
    """The ``<row>`` elements of ``<section><rows>`` as field -> stripped text (CDATA included)."""
    return [{child.tag: (child.text or "").strip() for child in row} for row in root.iterfind(f"{section}/rows/row")]


# -- tab-separated structure export ------------------------------------------------------------


def read_limesurvey_tsv(path: Path) -> DraftInstrument:
    """Read LimeSurvey's tab-separated survey structure export (``.txt``) as a draft instrument.

    Parameters
    ----------
    path
        The ``.txt`` file (read only), UTF-8 with or without BOM. Rows of class ``S``
        (survey settings: ``language``, ``additional_languages``), ``SL`` (language
        settings: ``surveyls_title``), ``G``, ``Q`` (``type/scale`` = question type,
        ``name`` = code), ``SQ`` and ``A`` (``type/scale`` = scale) are read; ``SQ`` and
        ``A`` rows belong to the ``Q`` row above them; the questionnaire is repeated per
        language and matched by question code. Other classes (conditions, quotas,
        assessments) are ignored.

    Returns
    -------
    DraftInstrument
        Items in the file's order, base language first.

    Raises
    ------
    DataFormatError
        When the file is empty, not tab-separated, has no ``class`` or ``name`` column, a
        question row has no code, or an ``SQ``/``A`` row has no question above it (each
        naming the line).
    """
    path = Path(path)
    records = read_records(decode_file(path).text, path=path, separator="\t", platform="LimeSurvey")
    for needed in ("class", "name"):
        if needed not in records.header:
            raise DataFormatError(
                f"die Datei hat keine Spalte {needed!r}, ist also kein LimeSurvey-Strukturexport (TSV) / "
                f"the file has no {needed!r} column, so it is not LimeSurvey's tab-separated structure "
                "export",
                path=path,
                line=1,
                column=needed,
                hint="in LimeSurvey: Display/Export > Tab-separated-values format (*.txt)",
            )
    rows = [
        (line, {name: value.strip() for name, value in zip(records.header, row)})
        for row, line in zip(records.rows, records.lines)
    ]
    settings: dict[str, str] = {}
    titles: dict[str, str] = {}
    for _, row in rows:
        if row["class"] == "S":
            settings.setdefault(row["name"], row.get("text", ""))
        elif row["class"] == "SL" and row["name"] == "surveyls_title" and row.get("text"):
            titles.setdefault(row.get("language", ""), _plain(row["text"]))
    placeholders: dict[str, int] = {}
    questions = _tsv_questions(rows, path=path, placeholders=placeholders)
    languages = _unique([settings.get("language", ""), *settings.get("additional_languages", "").split(),
                         *(row.get("language", "") for _, row in rows)])
    notes = [
        f"LimeSurvey wrote the placeholder 'Array' instead of {count} texts in {language!r} "
        "(missing translations); they were left out"
        for language, count in placeholders.items()
    ]
    return _draft(
        questions,
        languages=languages,
        titles=titles,
        fallback_id=f"limesurvey_{settings.get('sid') or path.stem}",
        source=f"LimeSurvey tab-separated structure export: {path.name}",
        notes=notes,
    )


_TSV_BASE_FIELDS = frozenset({"id", "related_id", "class", "type/scale", "name", "relevance", "text", "help",
                              "language", "validation", "mandatory", "other", "default", "same_default"})


def _tsv_questions(
    rows: Sequence[tuple[int, dict[str, str]]], *, path: Path, placeholders: dict[str, int]
) -> list[_Question]:
    """The questions of the ``G``/``Q``/``SQ``/``A`` rows, matched across languages by code.

    ``placeholders`` counts, per language, the texts left out because LimeSurvey wrote
    PHP's "Array" where a translation was missing.
    """
    questions: dict[str, _Question] = {}
    current: _Question | None = None
    for line, row in rows:
        kind, name, language = row["class"].upper(), row["name"], row.get("language", "")
        text = _plain(row.get("text")) if language else ""
        if text == "Array":
            placeholders[language] = placeholders.get(language, 0) + 1
            text = ""
        if kind == "G":
            current = None
        elif kind == "Q":
            if not name:
                raise DataFormatError(
                    "die Frage in dieser Zeile hat keinen Fragecode / the question in this row has no "
                    "question code",
                    path=path, line=line, column="name",
                    hint="give the question its code in LimeSurvey and export the structure again",
                )
            if name not in questions:
                questions[name] = _Question(name, row.get("type/scale", ""), row.get("other", "").upper() == "Y")
            current = questions[name]
            if text:
                current.text.setdefault(language, text)
            for attribute, value in row.items():  # question attributes: written for the base language
                if value and attribute not in _TSV_BASE_FIELDS:
                    current.attributes.setdefault(attribute, value)
        elif kind in ("SQ", "A"):
            if current is None:
                raise DataFormatError(
                    f"eine Zeile der Klasse {kind} ohne Frage (Klasse Q) darüber / a row of class {kind} "
                    "without a question (class Q) above it",
                    path=path, line=line, column="class",
                    hint="sub-question and answer rows must follow the row of their question",
                )
            scale = _int(row.get("type/scale"))
            if kind == "SQ":
                sub = next((s for s in current.subquestions if (s.code, s.scale) == (name, scale)), None)
                if sub is None:
                    sub = _SubQuestion(name, scale, len(current.subquestions))
                    current.subquestions.append(sub)
                if text:
                    sub.text.setdefault(language, text)
            else:
                answer = next((a for a in current.answers if (a.code, a.scale) == (name, scale)), None)
                if answer is None:
                    answer = _Answer(name, scale, len(current.answers))
                    current.answers.append(answer)
                if text:
                    answer.label.setdefault(language, text)
    for question in questions.values():
        question.subquestions.sort(key=lambda s: (s.scale, s.order))
        question.answers.sort(key=lambda a: (a.scale, a.order))
    return list(questions.values())


# -- from questions to draft items -------------------------------------------------------------


def _draft(
    questions: Sequence[_Question],
    *,
    languages: tuple[str, ...],
    titles: dict[str, str],
    fallback_id: str,
    source: str,
    notes: Sequence[str] = (),
) -> DraftInstrument:
    drafter = _Drafter(languages)
    for question in questions:
        drafter.add(question)
    title = drafter.ordered(titles)
    base_title = next(iter(title.values()), "")
    all_notes = [*notes, *drafter.notes]
    if not questions:
        all_notes.append("the file has no questions")
    for language in languages:
        lacking = [name for name, item in zip(drafter.names, drafter.items) if not item.text.get(language)]
        if lacking:
            shown = ", ".join(lacking[:12]) + (f" and {len(lacking) - 12} more" if len(lacking) > 12 else "")
            all_notes.append(f"no question text in {language!r} for {shown}")
    return DraftInstrument(
        id=item_id_from(base_title or fallback_id),
        title=title,
        source=source,
        languages=languages,
        items=tuple(drafter.items),
        notes=tuple(all_notes),
    )


class _Drafter:
    """Turns questions into draft items, collecting ids, items and notes."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = languages
        self.taken: set[str] = set()
        self.items: list[DraftItem] = []
        self.names: list[str] = []  # per item: its column, or the question code of a multiple-choice item
        self.notes: list[str] = []

    def ordered(self, texts: dict[str, str]) -> dict[str, str]:
        """The non-empty texts, the survey's languages first (base language first)."""
        keys = [lang for lang in self.languages if texts.get(lang)]
        keys += [lang for lang in texts if texts[lang] and lang not in keys]
        return {lang: texts[lang] for lang in keys}

    def item(self, name: str, column: str | None, text: dict[str, str], kind: DraftType, note: str, *,
             options: tuple[DraftOption, ...] = (), low: float | None = None,
             high: float | None = None) -> None:
        self.names.append(column or name)
        self.items.append(DraftItem(
            id=item_id_from(name, taken=self.taken), column=column, text=self.ordered(text), type=kind,
            options=options, min=low, max=high, note=note,
        ))

    def sub_text(self, question: _Question, sub: _SubQuestion, extra: _SubQuestion | None = None) -> dict[str, str]:
        """``question [sub-question]`` per language (LimeSurvey's own full-text heading)."""
        result: dict[str, str] = {}
        for lang in _unique([*question.text, *sub.text, *(extra.text if extra else {})]):
            parts = [sub.text.get(lang, "")] + ([extra.text.get(lang, "")] if extra else [])
            tail = "".join(f"[{p}]" for p in parts if p)
            stem = question.text.get(lang, "")
            result[lang] = f"{stem} {tail}".strip() if stem else " ".join(p for p in parts if p)
        return result

    def answer_options(self, question: _Question, scale: int = 0) -> tuple[DraftOption, ...]:
        answers = [a for a in question.answers if a.scale == scale]
        numbered = _numbered([a.code for a in answers])
        options = tuple(
            DraftOption(code=code, label=self.ordered(a.label), export_code=export)
            for (code, export), a in zip(numbered, answers)
        )
        self.check_missing(question.code, options)
        return options

    def check_missing(self, code: str, options: tuple[DraftOption, ...]) -> None:
        for option in options:
            label = next(iter(option.label.values()), "")
            if option.code <= 0 or _MISSING_LABEL.search(label):
                self.notes.append(
                    f"{code}: option {option.code} ({label or option.export_code}) may be a missing code; "
                    "if so, move it to missing_codes"
                )

    def add(self, question: _Question) -> None:
        code, kind = question.code, question.type
        name = _TYPE_NAMES.get(kind)
        if not code:
            self.notes.append(f"a question of type {kind!r} has no question code; skipped")
            return
        if name is None:
            self.notes.append(f"{code}: unknown LimeSurvey question type {kind!r}; skipped")
            return
        note = f"LimeSurvey type {kind} ({name})"
        if kind in _SKIPPED:
            self.notes.append(f"{code}: question type {kind} ({name}) skipped: {_SKIPPED[kind].format(code=code)}")
            return
        rows = [s for s in question.subquestions if s.scale == 0]
        if kind in _WITH_SUBQUESTIONS and not rows:
            self.notes.append(f"{code}: question type {kind} ({name}) has no sub-questions in the file; skipped")
            return
        if kind in ("L", "!", "O"):
            self.add_list(question, note)
        elif kind in ("G", "Y"):
            self.item(code, code, question.text, "single", note, options=self.fixed(kind))
        elif kind == "5":
            self.item(code, code, question.text, "likert", note, options=self.points(5))
        elif kind in ("F", "H", "A", "B", "C", "E"):
            self.add_array(question, rows, note)
        elif kind == "1":
            self.add_dual_scale(question, rows, note)
        elif kind in (";", ":"):
            columns = [s for s in question.subquestions if s.scale == 1]
            if not columns:
                self.notes.append(f"{code}: question type {kind} ({name}) has no column sub-questions (scale 2) "
                                  "in the file; skipped")
            for row in rows:
                for column in columns:
                    self.item(f"{code}_{row.code}_{column.code}", f"{code}[{row.code}_{column.code}]",
                              self.sub_text(question, row, column), "text" if kind == ";" else "numeric", note)
        elif kind in ("M", "P"):
            self.add_multi(question, rows, note)
        elif kind == "N":
            low, high = (_float(question.attributes.get(a)) for a in ("min_num_value_n", "max_num_value_n"))
            self.item(code, code, question.text, "numeric", note, low=low, high=high)
        elif kind == "K":  # min/max_num_value_n hold for each input (min/max_num_value for the sum)
            low, high = (_float(question.attributes.get(a)) for a in ("min_num_value_n", "max_num_value_n"))
            for sub in rows:
                self.item(f"{code}_{sub.code}", f"{code}[{sub.code}]", self.sub_text(question, sub), "numeric",
                          note, low=low, high=high)
        elif kind == "Q":
            for sub in rows:
                self.item(f"{code}_{sub.code}", f"{code}[{sub.code}]", self.sub_text(question, sub), "text", note)
        elif kind in ("S", "T", "U"):
            self.item(code, code, question.text, "text", note)
        elif kind == "D":
            self.item(code, code, question.text, "date", note)
        elif kind == "R":
            self.add_ranking(question, note)

    def add_array(self, question: _Question, rows: list[_SubQuestion], note: str) -> None:
        code, kind = question.code, question.type
        if kind in ("C", "E"):
            options = self.fixed(kind)
        elif kind in ("A", "B"):
            options = self.points(5 if kind == "A" else 10)
        else:
            options = self.answer_options(question)
        if not options:
            self.notes.append(f"{code}: array without answer options in the file; skipped")
            return
        for sub in rows:
            self.item(f"{code}_{sub.code}", f"{code}[{sub.code}]", self.sub_text(question, sub),
                      "single" if kind in ("C", "E") else "likert", note, options=options)

    def add_list(self, question: _Question, note: str) -> None:
        code = question.code
        options = self.answer_options(question)
        if not options:
            self.notes.append(f"{code}: list question without answer options in the file; skipped")
            return
        if question.other and question.type != "O":
            options += (DraftOption(max(o.code for o in options) + 1, dict(_OTHER), export_code="-oth-"),)
            note += f"; 'Other' is written as -oth-, its text in {code}[other]"
        self.item(code, code, question.text, "single", note, options=options)
        if question.other and question.type != "O":
            self.item(f"{code}_other", f"{code}[other]", _suffixed(question.text, "Other"), "text",
                      f"the 'Other' text of {code}")
            self.notes.append(f"{code}: has 'Other' (value -oth-); its text is in column {code}[other] (item "
                              f"{self.items[-1].id})")
        if question.type == "O":
            self.item(f"{code}_comment", f"{code}[comment]", _suffixed(question.text, "Comment"), "text",
                      f"the comment of {code}")

    def add_multi(self, question: _Question, rows: list[_SubQuestion], note: str) -> None:
        code = question.code
        numbered = _numbered([s.code for s in rows])
        options = tuple(
            DraftOption(number, self.ordered(sub.text), column=f"{code}[{sub.code}]")
            for (number, _), sub in zip(numbered, rows)
        )
        self.item(code, None, question.text, "multi", note, options=options)
        if question.type == "P":
            self.notes.append(f"{code}: the comment columns {code}[<sub-question>comment] were left out")
        if question.other:
            self.item(f"{code}_other", f"{code}[other]", _suffixed(question.text, "Other"), "text",
                      f"the 'Other' text of {code}")
            self.notes.append(f"{code}: has 'Other'; its text is in column {code}[other] (item {self.items[-1].id})"
                              + (f"; {code}[othercomment] was left out" if question.type == "P" else ""))

    def add_dual_scale(self, question: _Question, rows: list[_SubQuestion], note: str) -> None:
        code = question.code
        for scale in (0, 1):
            options = self.answer_options(question, scale)
            if not options:
                self.notes.append(f"{code}: scale {scale + 1} of the dual-scale array has no answer options; "
                                  "its columns were left out")
                continue
            for sub in rows:
                text = {lang: f"{t} [Scale {scale + 1}]" for lang, t in self.sub_text(question, sub).items()}
                self.item(f"{code}_{sub.code}_{scale + 1}", f"{code}[{sub.code}][{scale + 1}]", text, "likert",
                          note, options=options)

    def add_ranking(self, question: _Question, note: str) -> None:
        code = question.code
        options = self.answer_options(question)
        if not options:
            self.notes.append(f"{code}: ranking question without answer options in the file; skipped")
            return
        for rank in range(1, len(options) + 1):
            self.item(f"{code}_{rank}", f"{code}[{rank}]", _suffixed(question.text, f"Rank {rank}"), "single",
                      f"{note}; the option ranked {rank}", options=options)
        self.notes.append(f"{code}: ranking; each column {code}[1] ... {code}[{len(options)}] holds the option "
                          "at that rank")

    def fixed(self, kind: str) -> tuple[DraftOption, ...]:
        return tuple(DraftOption(n, dict(label), export_code=c) for n, (c, label) in enumerate(_FIXED[kind], 1))

    def points(self, count: int) -> tuple[DraftOption, ...]:
        languages = self.languages or ("en",)
        return tuple(DraftOption(n, {lang: str(n) for lang in languages}) for n in range(1, count + 1))


def _numbered(codes: Sequence[str]) -> list[tuple[int, str | None]]:
    """(codebook code, export code or None) per LimeSurvey code: integers kept, else 1..n."""
    if codes and all(_INTEGER.fullmatch(c) for c in codes):
        return [(int(c), None if str(int(c)) == c else c) for c in codes]
    return [(number, c) for number, c in enumerate(codes, 1)]


def _suffixed(text: dict[str, str], suffix: str) -> dict[str, str]:
    return {lang: f"{t} [{suffix}]" for lang, t in text.items()} or {"en": suffix}


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _int(value: str | None) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return 0


def _float(value: str | None) -> float | None:
    try:
        return float(str(value).strip())
    except ValueError:
        return None


# -- response CSV headers ----------------------------------------------------------------------

HeaderStyle = Literal["codes", "full_text", "code_and_text"]

# Metadata columns: the question-code heading and LimeSurvey's English full-text heading
# (createFieldMap in application/helpers/common_helper.php; "Token" up to LimeSurvey 3,
# "Access code" from 4 on; timing columns from the export with timings).
_META_TEXT = {
    "id": ("Response ID",), "submitdate": ("Date submitted",), "lastpage": ("Last page",),
    "startlanguage": ("Start language",), "seed": ("Seed",), "token": ("Token", "Access code"),
    "startdate": ("Date started",), "datestamp": ("Date last action",), "ipaddr": ("IP address",),
    "refurl": ("Referrer URL",), "interviewtime": ("Total time",),
}
_META_CODE = {text: code for code, texts in _META_TEXT.items() for text in texts}
_META_CODE |= {text.replace(" ", "_"): code for code, texts in _META_TEXT.items() for text in texts}
_CODE = r"[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]\s]*\])*"
_CODE_ONLY = re.compile(_CODE)
_QUESTION_TIME = re.compile(r"question[ _]time:[ _](?P<code>[A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)
_DEFAULT_SEPARATOR = ". "


@dataclass(frozen=True)
class LimeSurveyHeader:
    """The heading style of a LimeSurvey response CSV and the question-code name of each column.

    Parameters
    ----------
    style
        ``"codes"`` (``id,submitdate,...,G01Q01,Q2[SQ001]``), ``"full_text"`` (``Response
        ID,Date submitted,...,How old are you?``; also LimeSurvey's "abbreviated" headings)
        or ``"code_and_text"`` (``id. Response ID,...,G01Q01. How old are you?``).
    codes
        Per column, its heading as the question-code export would write it (``id``,
        ``submitdate``, ``G01Q01``, ``Q2[SQ001]``, ``G01Q01Time``), or None where the
        heading does not tell (question texts in the full-text style).
    """

    style: HeaderStyle
    codes: tuple[str | None, ...]


def limesurvey_header(header: Sequence[str]) -> LimeSurveyHeader:
    """Tell the heading style of a LimeSurvey response CSV and read the question codes from it.

    LimeSurvey's export writes, per column (``Writer::write`` in
    ``application/helpers/admin/export/Writer.php``, LimeSurvey 3-6): for "Question code"
    the code (``viewHelper::getFieldCode``: ``title``, ``[sub-question]``, for dual-scale
    arrays ``[1]``/``[2]``; ``id``, ``submitdate`` ... for metadata), for "Full question
    text" the text (metadata as "Response ID", "Date submitted" ...), and for "Question code
    & question text" ``code . separator . text``, where the separator is the export
    option "Code/text separator", by default ``". "``
    (``application/views/admin/export/exportresult_panels/_headings.php``), e.g.
    ``G01Q01. How old are you?`` and ``id. Response ID``. The separator is taken from the
    metadata columns when they are there, else ``". "`` is assumed.

    Parameters
    ----------
    header
        The column names of the first row (a byte-order mark on the first, and the quotes
        around it when the file was split without removing the mark, are ignored).

    Returns
    -------
    LimeSurveyHeader

    Raises
    ------
    DataFormatError
        When the header is empty.

    Notes
    -----
    Full-text metadata headings are recognised in English (and with spaces turned into
    underscores); an export in another language leaves them None. In the full-text style
    "Question time: G01Q01" becomes ``G01Q01Time`` and "Total time" ``interviewtime``;
    other texts cannot be traced back to a code (match them with the draft's texts).
    """
    names = [_unquoted(str(name).lstrip("\ufeff").strip()) for name in header]
    if not any(names):
        raise DataFormatError("die Kopfzeile ist leer / the header is empty", line=1)
    full_meta = any(name in _META_CODE for name in names)
    if not full_meta and all(_CODE_ONLY.fullmatch(name) for name in names if name):
        return LimeSurveyHeader("codes", tuple(name or None for name in names))

    separator = _separator(names)
    code_text = re.compile(f"({_CODE}){re.escape(separator)}(?=\\S)")
    matched = [code_text.match(name) for name in names]
    if sum(m is not None for m in matched) * 2 > len(names):
        return LimeSurveyHeader("code_and_text", tuple(m.group(1) if m else None for m in matched))

    codes: list[str | None] = []
    for name in names:
        timing = _QUESTION_TIME.fullmatch(name)
        codes.append(_META_CODE.get(name) or (f"{timing.group('code')}Time" if timing else None))
    return LimeSurveyHeader("full_text", tuple(codes))


def _unquoted(name: str) -> str:
    """``"Response ID"`` -> ``Response ID`` (a quoted first field read without removing the BOM)."""
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return name[1:-1].replace('""', '"')
    return name


def _separator(names: Sequence[str]) -> str:
    """The code/text separator, read off a metadata heading such as ``id. Response ID``."""
    for name in names:
        for code, texts in _META_TEXT.items():
            for text in texts:
                if name.startswith(code) and name.endswith(text) and len(name) > len(code) + len(text):
                    return name[len(code) : len(name) - len(text)]
    return _DEFAULT_SEPARATOR
