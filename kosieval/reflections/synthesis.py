"""Joint display: each evaluation dimension with its survey figures and its interview themes.

The dimensions come from ``report.dimensions`` in study.yaml (id, title, scales, codes). For
each scale the display shows the paired change between the first two waves (means, d_z with
CI) or, for a one-wave instrument, the mean with CI; for each code the number of interviews
that mention it and one consented quote. It shows sizes and intervals only: the tests are in
the chapters ``change`` and ``collaboration``.

The helpers :func:`scale_figure`, :func:`paired_scores`, :func:`match_code` and
:func:`code_documents` are shared with :mod:`kosieval.reflections.transfer`.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass

import pandas as pd

from kosieval.model.codebook import Codebook, Scale, Text
from kosieval.model.coding import CodedCorpus
from kosieval.model.study import Dimension, Study
from kosieval.present import numbers as fmt
from kosieval.present.apa import eq
from kosieval.present.section import Heading, KeyFigure, Paragraph, Quote, Section, Table
from kosieval.present.text import shorten
from kosieval.reflections.privacy import min_cell_size, split_groups
from kosieval.reflections.scales import scale_scores, scale_waves
from kosieval.reflections.spec import ReflectionSpec, Requirement
from kosieval.stats import ChangeResult, code_frequencies, paired_change
from kosieval.stats.descriptives import MeanResult, mean_ci

#: Longest quote shown (characters, including the ellipsis).
QUOTE_LENGTH = 160
#: Quotes at least this long are preferred (a few words say little).
_QUOTE_MIN = 40


# --- shared helpers ----------------------------------------------------------------------------


def wave_scores(study: Study, codebook: Codebook, scale: Scale, wave: str) -> pd.Series:
    """Scale scores of every respondent of ``wave`` (all surveys of the instrument in that wave)."""
    series = [scale_scores(s, scale).scores for s in study.surveys_of(codebook.id) if s.wave == wave]
    return pd.concat(series) if len(series) > 1 else series[0]


def paired_scores(study: Study, scale_id: str) -> pd.DataFrame:
    """Scores of the first two waves side by side (columns ``before``, ``after``), complete pairs only.

    Respondents are linked by their id. Raises KeyError for an unknown scale and ValueError
    when the instrument has fewer than two waves with data.
    """
    codebook, scale = study.find_scale(scale_id)
    waves = scale_waves(study, codebook)
    if len(waves) < 2:
        raise ValueError(f"scale {scale_id!r}: fewer than two waves with data")
    before = wave_scores(study, codebook, scale, waves[0])
    after = wave_scores(study, codebook, scale, waves[1])
    return pd.concat({"before": before, "after": after}, axis=1, join="inner").dropna()


@dataclass(frozen=True)
class ScaleFigure:
    """The figure a joint display shows for one scale.

    Attributes
    ----------
    scale, title, instrument
        Which scale.
    waves
        The waves used: two for a paired change, one for a mean.
    change
        The paired change of the first two waves (None for a one-wave instrument).
    mean
        Mean with CI of the one wave (None when ``change`` is given).
    """

    scale: str
    title: Text
    instrument: str
    waves: tuple[str, ...]
    change: ChangeResult | None
    mean: MeanResult | None

    @property
    def n(self) -> int:
        """Pairs (change) or respondents (mean)."""
        return self.change.n_pairs if self.change is not None else self.mean.n  # type: ignore[union-attr]


def scale_figure(study: Study, scale_id: str, *, level: float) -> ScaleFigure:
    """Paired change (two or more waves) or mean with CI (one wave) of a scale.

    Parameters
    ----------
    study
        The loaded study.
    scale_id
        The scale.
    level
        Confidence level.

    Raises
    ------
    KeyError
        When no instrument of the study has the scale.
    ValueError
        When the instrument has no survey or too few values (fewer than 2 pairs or values).
    """
    codebook, scale = study.find_scale(scale_id)
    waves = scale_waves(study, codebook)
    if not waves:
        raise ValueError(f"scale {scale_id!r}: no survey of instrument {codebook.id!r}")
    if len(waves) >= 2:
        paired = paired_scores(study, scale_id)
        change = paired_change(paired["before"], paired["after"], level=level)
        return ScaleFigure(scale.id, scale.title, codebook.id, tuple(waves[:2]), change, None)
    scores = wave_scores(study, codebook, scale, waves[0])
    return ScaleFigure(scale.id, scale.title, codebook.id, (waves[0],), None, mean_ci(scores, level=level))


def match_code(corpus: CodedCorpus, code: str) -> pd.DataFrame:
    """The codes whose id, name or path equals ``code`` (case-sensitive); rows of ``corpus.codes``."""
    codes = corpus.codes
    return codes[(codes["id"] == code) | (codes["name"] == code) | (codes["path"] == code)]


def _subtree(corpus: CodedCorpus, code_id: str) -> list[str]:
    """``code_id`` and every code below it (a category counts with its sub-codes)."""
    parents = dict(zip(corpus.codes["id"], corpus.codes["parent"]))
    out = [code_id]
    frontier = [code_id]
    while frontier:
        children = [c for c, p in parents.items() if p in frontier and c not in out]
        out += children
        frontier = children
    return out


def code_documents(corpus: CodedCorpus, groups: dict[str, list[str]]) -> pd.DataFrame:
    """Interviews mentioning each group of codes (a code with its sub-codes, or several codes).

    Parameters
    ----------
    corpus
        The coded interviews.
    groups
        Label -> code ids; a document counts for the label when at least one coder coded
        it with one of these codes or a code below them.

    Returns
    -------
    pandas.DataFrame
        One row per label: ``label``, ``segments``, ``documents``, ``n_documents`` (all
        documents of the corpus), from :func:`kosieval.stats.code_frequencies`.
    """
    n_documents = len(corpus.documents)
    parts = []
    for label, ids in groups.items():
        members = {c for code_id in ids for c in _subtree(corpus, code_id)}
        part = corpus.segments[corpus.segments["code"].isin(members)].copy()
        part["code"] = label
        parts.append(part)
    segments = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    counts = pd.DataFrame({"label": list(groups), "segments": 0, "documents": 0})
    if len(segments):
        freq = code_frequencies(segments, documents=corpus.documents[["id"]])
        table = freq.table.set_index("code")
        counts["segments"] = [int(table["segments"].get(label, 0)) for label in groups]
        counts["documents"] = [int(table["documents"].get(label, 0)) for label in groups]
    counts["n_documents"] = n_documents
    return counts


def choose_quote(corpus: CodedCorpus, code_ids: list[str]) -> pd.Series | None:
    """One consented quote for the codes (deterministic), or None.

    Candidates are the segments of the codes (and their sub-codes) from documents whose
    ``consent_quote`` is True (:meth:`CodedCorpus.quotes`). Preferred: whole sentences
    (starting with a capital letter, ending in ".", "!" or "?"), then at least 40 and at most
    160 characters, then 160 or fewer, then any; ties by document name and start.
    """
    frames = [corpus.quotes(c) for code_id in code_ids for c in _subtree(corpus, code_id)]
    frames = [f for f in frames if len(f)]
    if not frames:
        return None
    quotes = pd.concat(frames, ignore_index=True)
    texts = quotes["text"].map(lambda t: " ".join(str(t).split()))
    whole = texts.map(lambda t: bool(t) and t[0].isupper() and t[-1] in ".!?")
    lengths = texts.str.len()
    quotes = quotes.assign(
        _whole=~whole.astype(bool),
        _rank=[0 if _QUOTE_MIN <= n <= QUOTE_LENGTH else 1 if n <= QUOTE_LENGTH else 2 for n in lengths],
        _start=quotes["start"].astype("int64"))
    quotes = quotes.sort_values(["_whole", "_rank", "document_name", "_start", "end"], kind="mergesort")
    return quotes.iloc[0]


# --- spec ----------------------------------------------------------------------------------------


def _requirements(study: Study, **_: object) -> list[Requirement]:
    dimensions = study.config.report.dimensions
    requirements = [Requirement("mindestens eine Evaluationsdimension / at least one evaluation dimension "
                                "(report.dimensions)", bool(dimensions))]
    for dim in dimensions:
        for scale_id in dim.scales:
            try:
                codebook, _scale = study.find_scale(scale_id)
            except KeyError:
                requirements.append(Requirement(
                    f"Skala / scale {scale_id!r} der Dimension / of dimension {dim.id!r} "
                    "(in keinem Instrument / in no instrument of the study)", False))
                continue
            requirements.append(Requirement(
                f"Daten für Skala / data for scale {scale_id!r} (instrument {codebook.id!r})",
                bool(scale_waves(study, codebook))))
    named = [(dim.id, code) for dim in dimensions for code in dim.codes]
    if named:
        corpus = study.interviews
        requirements.append(Requirement("codierte Interviews / coded interviews (interviews:)", corpus is not None))
        if corpus is not None:
            for dim_id, code in named:
                match = match_code(corpus, code)
                if match.empty:
                    requirements.append(Requirement(
                        f"Code {code!r} der Dimension / of dimension {dim_id!r} (nicht im Codesystem / "
                        "not in the code system)", False))
                elif len(match) > 1:
                    requirements.append(Requirement(
                        f"eindeutiger Code / an unambiguous code {code!r} (passt auf / matches: "
                        + ", ".join(repr(p) for p in match["path"]) + ")", False))
    return requirements


SPEC = ReflectionSpec(
    name="synthesis",
    title=Text(de="Gemeinsame Darstellung", en="Joint display"),
    description=Text(
        de="Jede Evaluationsdimension mit ihren Befragungsergebnissen und den Themen der Interviews.",
        en="Each evaluation dimension with its survey figures and the themes of the interviews."),
    requirements=_requirements,
    placement="chapter",
    needs=(Text(de="study.yaml: report.dimensions (Skalen und Codes je Dimension)",
                en="study.yaml: report.dimensions (scales and codes per dimension)"),
           Text(de="Befragungen: Skalenwerte (Veränderung bzw. Mittelwert)",
                en="surveys: scale scores (change or mean)"),
           Text(de="Interviews: Codes, Einwilligung zum Zitieren (consent_quote)",
                en="interviews: codes, consent to quote (consent_quote)")),
    params={"level": "Konfidenzniveau / confidence level (default report.confidence)"},
)


# --- result --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeFigure:
    """Interviews mentioning one code of a dimension, and the quote chosen for it.

    Attributes
    ----------
    code
        The code as the config names it.
    code_id, name, path
        The code in the corpus.
    documents, n_documents
        Interviews mentioning it (at least one coder) out of all interviews.
    segments
        Coded segments (all coders).
    quote, quote_document, quote_group
        The shortened quote, its document name and the document's actor group (None where
        there is no quote or the group is too small to name).
    """

    code: str
    code_id: str
    name: str
    path: str
    documents: int
    n_documents: int
    segments: int
    quote: str | None = None
    quote_document: str | None = None
    quote_group: str | None = None


@dataclass(frozen=True)
class DimensionFigures:
    """One row of the joint display.

    Attributes
    ----------
    id, title
        The dimension.
    scales
        Its scale figures (in config order); a scale without enough data is left out and
        listed in ``missing``.
    codes
        Its code figures.
    documents
        Interviews mentioning at least one of its codes (None without codes).
    missing
        (scale, reason) for scales that could not be computed.
    """

    id: str
    title: Text
    scales: tuple[ScaleFigure, ...]
    codes: tuple[CodeFigure, ...]
    documents: int | None
    missing: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SynthesisReflection:
    """The joint display's numbers.

    Attributes
    ----------
    dimensions
        One entry per dimension, in config order.
    n_documents
        Interviews in the corpus (0 without interviews).
    level
        Confidence level.
    warnings
        What the computations warned about.
    """

    dimensions: tuple[DimensionFigures, ...]
    n_documents: int
    level: float
    warnings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per dimension and scale or code: the figures, unrounded."""
        rows = []
        for dim in self.dimensions:
            for s in dim.scales:
                c, m = s.change, s.mean
                rows.append({
                    "dimension": dim.id, "kind": "scale", "id": s.scale, "instrument": s.instrument,
                    "waves": "/".join(s.waves), "n": s.n,
                    "mean_first": c.mean_before if c else m.mean, "mean_second": c.mean_after if c else math.nan,
                    "mean_ci_low": m.ci_low if m else math.nan, "mean_ci_high": m.ci_high if m else math.nan,
                    "d_z": c.d_z if c else math.nan, "d_z_ci_low": c.d_z_ci_low if c else math.nan,
                    "d_z_ci_high": c.d_z_ci_high if c else math.nan,
                    "documents": pd.NA, "n_documents": pd.NA})
            for code in dim.codes:
                rows.append({"dimension": dim.id, "kind": "code", "id": code.code_id, "instrument": None,
                             "waves": None, "n": code.n_documents, "mean_first": math.nan,
                             "mean_second": math.nan, "mean_ci_low": math.nan, "mean_ci_high": math.nan,
                             "d_z": math.nan, "d_z_ci_low": math.nan, "d_z_ci_high": math.nan,
                             "documents": code.documents, "n_documents": code.n_documents})
        return pd.DataFrame(rows)


# --- analyze -------------------------------------------------------------------------------------


def _document_groups(corpus: CodedCorpus, study: Study) -> dict[str, str]:
    """Document id -> actor group, for groups with enough interviews to be named."""
    attribute = study.config.report.actor_group
    if attribute not in corpus.attributes:
        return {}
    groups = corpus.documents[attribute]
    counts = {str(g): int(n) for g, n in groups.dropna().astype(str).value_counts(sort=False).items()}
    shown = set(split_groups(counts, min_size=min_cell_size(study)).shown)
    return {doc: str(g) for doc, g in zip(corpus.documents["id"], groups)
            if not pd.isna(g) and str(g) in shown}


def _dimension(study: Study, dim: Dimension, *, level: float, notes: list[str],
               doc_groups: dict[str, str]) -> DimensionFigures:
    scales, missing = [], []
    for scale_id in dim.scales:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                scales.append(scale_figure(study, scale_id, level=level))
            except ValueError as exc:
                missing.append((scale_id, str(exc)))
        notes += [f"{scale_id}: {w.message}" for w in caught]
    codes: list[CodeFigure] = []
    documents = None
    corpus = study.interviews
    if dim.codes and corpus is not None:
        matched = {code: match_code(corpus, code).iloc[0] for code in dim.codes}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            counts = code_documents(corpus, {code: [row["id"]] for code, row in matched.items()}
                                    | {"\x00all": [row["id"] for row in matched.values()]})
        notes += [f"{dim.id}: {w.message}" for w in caught]
        by_label = counts.set_index("label")
        documents = int(by_label.loc["\x00all", "documents"])
        for code, row in matched.items():
            quote = choose_quote(corpus, [row["id"]])
            codes.append(CodeFigure(
                code, str(row["id"]), str(row["name"]), str(row["path"]),
                int(by_label.loc[code, "documents"]), int(by_label.loc[code, "n_documents"]),
                int(by_label.loc[code, "segments"]),
                quote=shorten(quote["text"], QUOTE_LENGTH) if quote is not None else None,
                quote_document=str(quote["document_name"]) if quote is not None else None,
                quote_group=doc_groups.get(quote["document"]) if quote is not None else None))
    return DimensionFigures(dim.id, dim.title, tuple(scales), tuple(codes), documents, tuple(missing))


def analyze(study: Study, *, level: float | None = None) -> SynthesisReflection:
    """Figures and themes of each evaluation dimension (``report.dimensions``).

    Parameters
    ----------
    study
        The loaded study.
    level
        Confidence level (default ``report.confidence``).
    """
    level = study.config.report.confidence if level is None else level
    notes: list[str] = []
    corpus = study.interviews
    doc_groups = _document_groups(corpus, study) if corpus is not None else {}
    dims = tuple(_dimension(study, dim, level=level, notes=notes, doc_groups=doc_groups)
                 for dim in study.config.report.dimensions)
    return SynthesisReflection(dims, len(corpus.documents) if corpus is not None else 0, level,
                               tuple(dict.fromkeys(notes)))


# --- present -------------------------------------------------------------------------------------


def scale_line(figure: ScaleFigure, locale: str) -> str:
    """One line of the survey cell: ``Selbstwirksamkeit: 2,96 → 3,18, d_z = 0,40 [0,20; 0,60], n = 100``.

    A one-wave scale gives ``Zufriedenheit: M = 3,40 [3,20; 3,60], n = 41``.
    """
    title = figure.title.get(locale)
    n = eq("n", fmt.integer(figure.n, locale=locale))
    if figure.change is not None:
        c = figure.change
        return (f"{title}: {fmt.number(c.mean_before, locale=locale)} → {fmt.number(c.mean_after, locale=locale)}, "
                f"{eq('d_z', fmt.number(c.d_z, locale=locale))} {fmt.ci(c.d_z_ci_low, c.d_z_ci_high, locale=locale)}, "
                f"{n}")
    m = figure.mean
    return (f"{title}: {eq('M', fmt.number(m.mean, locale=locale))} "  # type: ignore[union-attr]
            f"{fmt.ci(m.ci_low, m.ci_high, locale=locale)}, {n}")  # type: ignore[union-attr]


def code_line(figure: CodeFigure, locale: str) -> str:
    """One line of the interview cell: ``Lernen: 9 von 14 Interviews`` / ``Lernen: 9 of 14 interviews``."""
    x = fmt.integer(figure.documents, locale=locale)
    n = fmt.integer(figure.n_documents, locale=locale)
    return f"{figure.name}: {x} von {n} Interviews" if locale.startswith("de") else \
        f"{figure.name}: {x} of {n} interviews"


def key_name(*parts: str) -> str:
    """A key-figure name from parts: lower case, umlauts spelled out, other characters as "_"."""
    text = "_".join(parts).lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = re.sub(r"[^a-z0-9_]+", "_", text).strip("_")
    return text if re.match(r"[a-z_]", text) else "_" + text


def present(result: SynthesisReflection, locale: str) -> Section:
    """The joint display: one table row per dimension, then quotes under a heading per dimension."""
    de = locale.startswith("de")
    ci_label = fmt.ci_label(result.level, locale=locale)
    rows = []
    for dim in result.dimensions:
        survey = "; ".join(scale_line(s, locale) for s in dim.scales) or fmt.DASH
        interviews = "; ".join(code_line(c, locale) for c in dim.codes) or fmt.DASH
        rows.append((dim.title.get(locale), survey, interviews))
    notes = [
        (f"Befragung: bei zwei Wellen die Mittelwerte der ersten und zweiten Welle der Personen, die an beiden "
         f"teilnahmen, und die standardisierte Veränderung d_z (mittlere Differenz geteilt durch die "
         f"Standardabweichung der Differenzen) mit {ci_label} aus der nichtzentralen t-Verteilung; bei einer Welle "
         f"der Mittelwert M mit t-basiertem {ci_label}; n = Paare bzw. Antwortende. Interviews: Zahl der "
         f"Interviews, in denen mindestens eine codierende Person den Code (oder einen Untercode) vergeben hat.")
        if de else
        (f"Survey: with two waves, the means of the first and second wave among people who answered both, and the "
         f"standardised change d_z (mean difference divided by the SD of the differences) with {ci_label} from "
         f"the noncentral t distribution; with one wave, the mean M with t-based {ci_label}; n = pairs or "
         f"respondents. Interviews: number of interviews in which at least one coder assigned the code (or one "
         f"of its sub-codes)."),
        ("Die gemeinsame Darstellung zeigt Effektstärken und Konfidenzintervalle, keine Signifikanztests; "
         "die Tests stehen in den Kapiteln zu den einzelnen Befragungen.") if de else
        ("The joint display shows effect sizes and confidence intervals, not significance tests; the tests are "
         "in the chapters on the individual surveys."),
    ]
    missing = [f"{scale} ({dim.id})" for dim in result.dimensions for scale, _ in dim.missing]
    if missing:
        notes.append(("Ohne ausreichende Daten nicht ausgewiesen: " if de else "Not shown for lack of data: ")
                     + ", ".join(missing) + ".")
    table = Table(
        id="tab-synthesis",
        caption="Gemeinsame Darstellung" if de else "Joint display",
        columns=("Dimension", "Befragung" if de else "Survey", "Interviews"),
        rows=tuple(rows), numeric=(False, False, False), notes=tuple(notes))
    blocks: list = [Paragraph(_intro(result, locale)), table]
    quoted = False
    for dim in result.dimensions:
        quotes = [c for c in dim.codes if c.quote]
        if not quotes:
            continue
        if not quoted:
            blocks.append(Paragraph(
                "Zitiert wird nur aus Interviews, deren Befragte dem Zitieren ausdrücklich zugestimmt haben."
                if de else "Quotes come only from interviews whose interviewees explicitly agreed to be quoted."))
            quoted = True
        blocks.append(Heading(dim.title.get(locale)))
        for c in quotes:
            source = ", ".join(p for p in (c.quote_document, c.quote_group) if p)
            blocks.append(Quote(c.quote, f"{source} ({c.name})"))  # type: ignore[arg-type]
    for note in result.warnings:
        blocks.append(Paragraph(("Hinweis: " if de else "Note: ") + note))
    key_figures: dict[str, str] = {}
    for dim in result.dimensions:
        if dim.documents is not None:
            key_figures[key_name(dim.id, "interviews")] = fmt.integer(dim.documents, locale=locale)
        for s in dim.scales:
            value = s.change.d_z if s.change is not None else s.mean.mean  # type: ignore[union-attr]
            key_figures[key_name(dim.id, s.scale)] = fmt.number(value, locale=locale)
    # The joint display offers no summary figure of its own: its numbers are the chapters'.
    highlights: tuple[KeyFigure, ...] = ()
    return Section(id="synthesis", title=SPEC.title.get(locale), blocks=tuple(blocks),
                   summary=_summary(result, locale), key_figures=key_figures, highlights=highlights)


def _intro(result: SynthesisReflection, locale: str) -> str:
    n = fmt.integer(len(result.dimensions), locale=locale)
    if locale.startswith("de"):
        return (f"Die Tabelle führt für {n} Evaluationsdimensionen die Ergebnisse der Befragungen und der "
                f"{fmt.integer(result.n_documents, locale=locale)} Interviews zusammen.")
    return (f"The table brings together the survey results and the {fmt.integer(result.n_documents, locale=locale)} "
            f"interviews for {n} evaluation dimensions.")


def _summary(result: SynthesisReflection, locale: str) -> tuple[str, ...]:
    de = locale.startswith("de")
    out = [_intro(result, locale)]
    changes = [(dim, s) for dim in result.dimensions for s in dim.scales
               if s.change is not None and not math.isnan(s.change.d_z)
               and (s.change.d_z_ci_low > 0 or s.change.d_z_ci_high < 0)]
    if changes:
        dim, s = max(changes, key=lambda pair: abs(pair[1].change.d_z))  # type: ignore[union-attr]
        c = s.change
        value = f"{eq('d_z', fmt.number(c.d_z, locale=locale))}, {fmt.ci_label(result.level, locale=locale)} " \
                f"{fmt.ci(c.d_z_ci_low, c.d_z_ci_high, locale=locale)}"  # type: ignore[union-attr]
        out.append(f"Die deutlichste Veränderung zeigt {s.title.get(locale)} ({value}) in der Dimension "
                   f"„{dim.title.get(locale)}“." if de else
                   f"The clearest change is in {s.title.get(locale)} ({value}), dimension "
                   f"“{dim.title.get(locale)}”.")
    codes = [c for dim in result.dimensions for c in dim.codes]
    if codes:
        top = max(codes, key=lambda c: c.documents)
        out.append(f"Am häufigsten sprechen die Interviews über {top.name} "
                   f"({fmt.integer(top.documents, locale=locale)} von {fmt.integer(top.n_documents, locale=locale)})."
                   if de else
                   f"The interviews most often address {top.name} ({fmt.integer(top.documents, locale=locale)} of "
                   f"{fmt.integer(top.n_documents, locale=locale)}).")
    return tuple(out)
