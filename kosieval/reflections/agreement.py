"""Intercoder agreement of the interview coding (methods appendix).

Three views from :func:`kosieval.stats.segment_agreement` for each pair of coders, plus
Krippendorff's alpha with a bootstrap interval (:func:`kosieval.stats.krippendorff_alpha`):

- **segments**: a segment is matched when the other coder set a segment of the same code in
  the same interview overlapping it by at least ``min_overlap`` of the two segments' union
  (MAXQDA's segment agreement);
- **characters**: each character is coded with the code or not, by each coder: percent
  agreement and Cohen's kappa of that 2 × 2 table, pooled over the interviews;
- **code presence**: whether each coder used the code in the interview at all: Krippendorff's
  alpha (nominal) per code, and over all interview × code units with a seeded bootstrap CI.

Compared are the interviews with a text in which every compared coder set at least one
segment (an interview a coder never touched is not counted as "coded nothing").
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import pandas as pd

from kosieval.model.codebook import Text
from kosieval.model.coding import CodedCorpus
from kosieval.model.study import Study
from kosieval.present import numbers as fmt
from kosieval.present.apa import apa
from kosieval.present.charts import Interval, interval_plot
from kosieval.present.section import Figure, KeyFigure, Paragraph, Section, Table
from kosieval.reflections.spec import ReflectionSpec, Requirement
from kosieval.stats import AgreementResult, SegmentAgreement, krippendorff_alpha, segment_agreement


def _coders_with_segments(corpus: CodedCorpus) -> list[object]:
    used = set(corpus.segments["coder"].dropna())
    return [c for c in corpus.coders["id"] if c in used] + sorted(
        (c for c in used if c not in set(corpus.coders["id"])), key=str)


def _requirements(study: Study, *, min_overlap: float = 0.5, n_boot: int = 1000, **_: object) -> list[Requirement]:
    corpus = study.interviews
    requirements = [Requirement("codierte Interviews (interviews in study.yaml) / coded interviews",
                                corpus is not None)]
    if corpus is not None:
        coders = _coders_with_segments(corpus)
        requirements.append(Requirement(
            f"mindestens zwei Codierende mit Segmenten / at least two coders with segments (vorhanden / present: "
            f"{len(coders)})", len(coders) >= 2))
        requirements.append(Requirement(
            "Interviewtexte (für die Zeichenebene) / interview texts (for the character level)",
            bool(corpus.documents["text"].notna().any())))
    requirements.append(Requirement(f"min_overlap zwischen 0 und 1 / between 0 and 1 (got {min_overlap!r})",
                                    isinstance(min_overlap, (int, float)) and 0 <= min_overlap <= 1))
    requirements.append(Requirement(f"n_boot = 0 oder ≥ 2 / 0 or >= 2 (got {n_boot!r})",
                                    isinstance(n_boot, int) and (n_boot == 0 or n_boot >= 2)))
    return requirements


SPEC = ReflectionSpec(
    name="agreement",
    title=Text(de="Intercoder-Übereinstimmung", en="Intercoder agreement"),
    description=Text(
        de="Übereinstimmung der unabhängigen Codierungen der Interviews auf Segment-, Zeichen- und Interviewebene.",
        en="Agreement of the independent codings of the interviews at segment, character and interview level."),
    requirements=_requirements,
    placement="appendix",
    needs=(Text(de="Interviewcodierung mit mindestens zwei Codierenden und den Interviewtexten",
                en="interview coding by at least two coders, with the interview texts"),),
    params={
        "min_overlap": "Mindestüberlappung zweier Segmente (Anteil an ihrer Vereinigung) / minimum overlap of "
                       "two segments (share of their union), default 0.5",
        "n_boot": "Bootstrap-Stichproben für das KI von Krippendorffs α / bootstrap resamples for the CI of "
                  "Krippendorff's alpha (default 1000)",
        "seed": "Startwert des Bootstraps / bootstrap seed (default 20261124)",
        "level": "Konfidenzniveau / confidence level (default report.confidence)",
    },
)


@dataclass(frozen=True)
class AgreementReflection:
    """Intercoder agreement of the interview coding.

    Attributes
    ----------
    segments
        The :func:`~kosieval.stats.segment_agreement` result (coder and code ids).
    alpha
        Krippendorff's alpha (nominal) over all interview × code units (codes used by at least
        one coder), with the bootstrap interval.
    coder_names, code_names
        Id -> display name.
    code_order
        Code ids in tree order (codes used by at least one compared coder).
    n_documents
        Interviews compared.
    documents_left_out
        Names of interviews not compared (no text, or not coded by every coder).
    min_overlap, n_boot, seed, level
        The settings used.
    warnings
        What the statistics warned about.
    """

    segments: SegmentAgreement
    alpha: AgreementResult
    coder_names: dict[object, str]
    code_names: dict[object, str]
    code_order: tuple[object, ...]
    n_documents: int
    documents_left_out: tuple[str, ...]
    min_overlap: float
    n_boot: int
    seed: int
    level: float
    warnings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """Per coder pair and code: character and segment agreement, with the code's alpha and names."""
        frame = self.segments.to_frame()
        frame.insert(frame.columns.get_loc("code") + 1, "code_name", frame["code"].map(self.code_names))
        frame["coder_1_name"] = frame["coder_1"].map(self.coder_names)
        frame["coder_2_name"] = frame["coder_2"].map(self.coder_names)
        return frame


def _tree_order(codes: pd.DataFrame) -> list[object]:
    parents = dict(zip(codes["id"], codes["parent"]))
    children: dict[object, list[object]] = {}
    for code in codes["id"]:
        parent = parents[code]
        children.setdefault(parent if isinstance(parent, str) and parent in parents else None, []).append(code)
    order: list[object] = []

    def walk(node: object) -> None:
        for child in children.get(node, []):
            order.append(child)
            walk(child)

    walk(None)
    return order


def analyze(study: Study, *, min_overlap: float = 0.5, n_boot: int = 1000, seed: int = 20261124,
            level: float | None = None) -> AgreementReflection:
    """Agreement of the coders at segment, character and interview level.

    Parameters
    ----------
    study
        The loaded study (interviews coded by at least two coders).
    min_overlap
        Segment level: a segment is matched when the other coder's segment of the same code
        overlaps it by at least this share of their union (``overlap`` of
        :func:`~kosieval.stats.segment_agreement`; 0 = any shared character).
    n_boot
        Bootstrap resamples of the interview × code units for the CI of the overall alpha
        (0 = no interval).
    seed
        Seed of the bootstrap.
    level
        Confidence level (default ``report.confidence``).
    """
    corpus = study.interviews
    if corpus is None:
        raise ValueError("study: has no coded interviews (interviews in study.yaml)")
    level = study.config.report.confidence if level is None else level
    coders = _coders_with_segments(corpus)
    segments = corpus.segments[corpus.segments["coder"].isin(coders)]
    docs = corpus.documents
    coded_by = segments.groupby("document")["coder"].nunique()
    complete = set(coded_by.index[coded_by == len(coders)])
    with_text = docs[docs["text"].notna() & docs["id"].isin(complete)]
    lengths = pd.Series(with_text["text"].astype(str).str.len().to_numpy(), index=with_text["id"].to_numpy())
    left_out = tuple(str(n) for i, n in zip(docs["id"], docs["name"]) if i not in set(lengths.index))
    segments = segments[segments["document"].isin(lengths.index)]

    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = segment_agreement(segments, document_lengths=lengths, coders=coders, overlap=float(min_overlap))
        used = [c for c in _tree_order(corpus.codes) if c in set(result.per_code["code"])]
        presence = (segments.assign(_one=1).pivot_table(index=["document", "code"], columns="coder", values="_one",
                                                       aggfunc="max", fill_value=0)
                    .reindex(pd.MultiIndex.from_product([list(lengths.index), used]), fill_value=0)
                    .reindex(columns=coders, fill_value=0))
        alpha = krippendorff_alpha(presence, level="nominal", n_boot=n_boot, seed=seed, ci_level=level)
    notes += list(dict.fromkeys(str(w.message) for w in caught))
    coder_names = dict(zip(corpus.coders["id"], corpus.coders["name"].astype(str)))
    for c in coders:
        coder_names.setdefault(c, str(c))
    return AgreementReflection(
        segments=result, alpha=alpha, coder_names=coder_names,
        code_names=dict(zip(corpus.codes["id"], corpus.codes["name"].astype(str))), code_order=tuple(used),
        n_documents=len(lengths), documents_left_out=left_out, min_overlap=float(min_overlap), n_boot=n_boot,
        seed=seed, level=level, warnings=tuple(notes))


# --- presentation ------------------------------------------------------------------------------


def _nan(value: float) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def present(result: AgreementReflection, locale: str) -> Section:
    """The agreement appendix: overall sentences, per-code table, kappa chart, notes on the measures."""
    de = locale.startswith("de")
    seg = result.segments
    names = result.code_names
    cn = result.coder_names
    pairs = seg.pairs
    several = len(pairs) > 1
    blocks: list = []
    pct = fmt.percent
    coder_list = ", ".join(cn[c] for c in seg.coders)
    n_docs = fmt.integer(result.n_documents, locale=locale)
    overlap_text = pct(result.min_overlap, locale=locale)
    intro = (f"{len(seg.coders)} Personen ({coder_list}) haben {n_docs} Interviews unabhängig voneinander mit "
             f"{len(result.code_order)} Codes codiert." if de else
             f"{len(seg.coders)} people ({coder_list}) coded {n_docs} interviews independently with "
             f"{len(result.code_order)} codes.")
    if result.documents_left_out:
        intro += (f" Nicht verglichen (ohne Text oder nicht von allen codiert): {', '.join(result.documents_left_out)}."
                  if de else
                  f" Not compared (no text or not coded by everyone): {', '.join(result.documents_left_out)}.")
    blocks.append(Paragraph(intro))
    summary: list[str] = []
    for row in pairs.itertuples():
        who = f"{cn[row.coder_1]} / {cn[row.coder_2]}: " if several else ""
        total = row.matched + row.unmatched
        seg_text = (f"{who}Auf Segmentebene fanden {fmt.integer(row.matched, locale=locale)} von "
                    f"{fmt.integer(total, locale=locale)} Segmenten "
                    f"({pct(row.percent_agreement_segments, locale=locale)}) eine Entsprechung beim jeweils anderen "
                    f"Codierenden (gleicher Code, Überlappung mindestens {overlap_text} der gemeinsamen Spanne). "
                    f"Auf Zeichenebene betrug die Übereinstimmung "
                    f"{pct(row.percent_agreement_characters, locale=locale, digits=1)}, "
                    f"κ = {fmt.number(row.kappa_characters, locale=locale)}.") if de else (
                    f"{who}At segment level, {fmt.integer(row.matched, locale=locale)} of "
                    f"{fmt.integer(total, locale=locale)} segments "
                    f"({pct(row.percent_agreement_segments, locale=locale)}) had a counterpart by the other coder "
                    f"(same code, overlap at least {overlap_text} of their joint span). At character level, "
                    f"agreement was {pct(row.percent_agreement_characters, locale=locale, digits=1)}, "
                    f"κ = {fmt.number(row.kappa_characters, locale=locale)}.")
        blocks.append(Paragraph(seg_text))
        summary.append(seg_text)
    alpha_text = apa(result.alpha, locale=locale)
    alpha_sentence = (f"Ob ein Code in einem Interview überhaupt vergeben wurde, stimmte mit Krippendorffs "
                      f"{alpha_text} überein ({fmt.integer(result.alpha.n_units, locale=locale)} Einheiten "
                      "Interview × Code)."
                      if de else
                      f"Whether a code was used in an interview at all agreed with Krippendorff's {alpha_text} "
                      f"({fmt.integer(result.alpha.n_units, locale=locale)} interview × code units).")
    blocks.append(Paragraph(alpha_sentence))
    summary.append(alpha_sentence)

    alpha_by_code = dict(zip(seg.alpha["code"], seg.alpha["alpha"]))
    per_code = seg.per_code.assign(_pos=seg.per_code["code"].map({c: i for i, c in enumerate(result.code_order)}))
    per_code = per_code.sort_values(["_pos", "coder_1", "coder_2"], kind="stable")
    rows = []
    for r in per_code.itertuples():
        cells = [names.get(r.code, str(r.code))]
        if several:
            cells.append(f"{cn[r.coder_1]} / {cn[r.coder_2]}")
        cells += [fmt.integer(r.segments_1, locale=locale), fmt.integer(r.segments_2, locale=locale),
                  fmt.integer(r.matched_1 + r.matched_2, locale=locale),
                  pct(r.percent_agreement_segments, locale=locale),
                  pct(r.percent_agreement_characters, locale=locale, digits=1),
                  fmt.number(r.kappa_characters, locale=locale),
                  fmt.number(alpha_by_code.get(r.code, float("nan")), locale=locale)]
        rows.append(tuple(cells))
    first, second = (cn[seg.coders[0]], cn[seg.coders[1]]) if not several else ("1", "2")
    columns = ["Code"] + (["Paar" if de else "Pair"] if several else []) + [
        f"Segm. {first}", f"Segm. {second}", "übereinst." if de else "matched", "% Segm.",
        "% Zeichen" if de else "% char.", "κ (Zeichen)" if de else "κ (char.)", "α (Interview)" if de else
        "α (interview)"]
    undefined_kappa = [names.get(r.code, str(r.code)) for r in per_code.itertuples() if _nan(r.kappa_characters)]
    undefined_alpha = [names.get(c, str(c)) for c in result.code_order if _nan(alpha_by_code.get(c, float("nan")))]
    blocks.append(Table(
        id="tab-agreement-codes",
        caption=("Intercoder-Übereinstimmung je Code" if de else "Intercoder agreement per code"),
        columns=tuple(columns), rows=tuple(rows),
        numeric=(False,) + ((False,) if several else ()) + (True,) * 7,
        notes=(_measures_note(result, locale), _undefined_note(undefined_kappa, undefined_alpha, locale)),
    ))
    figure = _kappa_figure(result, per_code, locale)
    if figure is not None:
        blocks.append(figure)
    for note in result.warnings:
        for code, name in names.items():
            note = note.replace(repr(code), repr(name))
        blocks.append(Paragraph(("Hinweis: " if de else "Note: ") + note))

    key_figures: dict[str, str] = {
        "n_interviews": n_docs,
        "alpha": fmt.number(result.alpha.statistic, locale=locale),
        "alpha_ci": fmt.ci(result.alpha.ci_low, result.alpha.ci_high, locale=locale),
    }
    highlights: list[KeyFigure] = []
    if len(pairs):
        p = pairs.iloc[0]
        key_figures["percent_segments"] = pct(p["percent_agreement_segments"], locale=locale)
        key_figures["percent_characters"] = pct(p["percent_agreement_characters"], locale=locale, digits=1)
        key_figures["kappa_characters"] = fmt.number(p["kappa_characters"], locale=locale)
        highlights.append(KeyFigure(
            name="percent_segments",
            label="Intercoder-Übereinstimmung (Segmente)" if de else "Intercoder agreement (segments)",
            value=key_figures["percent_segments"],
            context=(f"{fmt.integer(int(p['matched']), locale=locale)} von "
                     f"{fmt.integer(int(p['matched'] + p['unmatched']), locale=locale)} Segmenten" if de else
                     f"{fmt.integer(int(p['matched']), locale=locale)} of "
                     f"{fmt.integer(int(p['matched'] + p['unmatched']), locale=locale)} segments")))
    highlights.append(KeyFigure(
        name="alpha", label=("Krippendorffs α (Codes je Interview)" if de
                             else "Krippendorff's α (codes per interview)"),
        value=key_figures["alpha"], context=f"{fmt.ci_label(result.level, locale=locale)} {key_figures['alpha_ci']}"
        if not _nan(result.alpha.ci_low) else ""))
    return Section(id="agreement", title=SPEC.title.get(locale), blocks=tuple(blocks), summary=tuple(summary[:3]),
                   key_figures=key_figures, highlights=tuple(highlights))


def _measures_note(result: AgreementReflection, locale: str) -> str:
    de = locale.startswith("de")
    overlap = fmt.percent(result.min_overlap, locale=locale)
    boot = (f"{fmt.ci_label(result.level, locale=locale)} aus {fmt.integer(result.n_boot, locale=locale)} "
            f"Bootstrap-Stichproben der Einheiten (Perzentilmethode, Startwert {result.seed})" if de else
            f"{fmt.ci_label(result.level, locale=locale)} from {fmt.integer(result.n_boot, locale=locale)} bootstrap "
            f"resamples of the units (percentile method, seed {result.seed})") if result.n_boot else (
            "ohne Konfidenzintervall" if de else "without confidence interval")
    if de:
        return ("Segm. = Segmente je Codierende*r; übereinst. = Segmente beider, die beim anderen ein Segment "
                f"desselben Codes im selben Interview finden, das sich mit ihnen um mindestens {overlap} ihrer "
                "Vereinigung überlappt (Schnittmenge / Vereinigung, wie MAXQDA); % Segm. = übereinstimmende / alle "
                "Segmente beider. % Zeichen und κ (Zeichen) = Übereinstimmung und Cohens κ der Vierfeldertafel "
                "„Zeichen mit dem Code codiert ja/nein“ je Codierende*r, über alle verglichenen Interviews "
                "summiert (der große Anteil uncodierter Zeichen hebt die Prozentübereinstimmung, κ korrigiert "
                "dafür). α (Interview) = Krippendorffs α (nominal) dafür, ob der Code im Interview vergeben "
                f"wurde; das Gesamt-α im Text über alle Einheiten Interview × Code, {boot}. Bei Codes, die "
                "fast überall vorkommen, ist α auch bei fast voller Übereinstimmung niedrig (wenig Variation).")
    return ("Segm. = segments per coder; matched = segments of both coders for which the other coder set a segment "
            f"of the same code in the same interview overlapping it by at least {overlap} of their union "
            "(intersection / union, as in MAXQDA); % Segm. = matched / all segments of both. % char. and κ (char.) "
            "= agreement and Cohen's κ of the 2 × 2 table “character coded with the code yes/no” per coder, summed "
            "over all compared interviews (the many uncoded characters raise the percent agreement; κ corrects "
            "for chance). α (interview) = Krippendorff's α (nominal) on whether the code was used in the "
            f"interview; the overall α in the text is over all interview × code units, {boot}. For codes used "
            "almost everywhere, α is low even when the coders nearly always agree (little variation).")


def _undefined_note(kappa: list[str], alpha: list[str], locale: str) -> str:
    de = locale.startswith("de")
    parts = []
    if kappa:
        parts.append(("κ ist nicht definiert (–) für " + ", ".join(kappa) + ": beide Codierenden ordneten alle "
                      "Zeichen derselben Kategorie zu, die Zufallsübereinstimmung ist 1.") if de else
                     ("κ is undefined (–) for " + ", ".join(kappa) + ": both coders put every character in the "
                      "same category, so chance agreement is 1."))
    if alpha:
        parts.append(("α ist nicht definiert (–) für " + ", ".join(alpha) + ": der Code wurde von allen "
                      "Codierenden in jedem Interview vergeben (keine Variation, erwartete Nichtübereinstimmung 0); "
                      "das heißt volle Übereinstimmung, ist aber keine Zahl.") if de else
                     ("α is undefined (–) for " + ", ".join(alpha) + ": every coder used the code in every "
                      "interview (no variation, expected disagreement 0); the coders agree fully, but α is not a "
                      "number."))
    return " ".join(parts)


def _kappa_figure(result: AgreementReflection, per_code: pd.DataFrame, locale: str) -> Figure | None:
    de = locale.startswith("de")
    cn = result.coder_names
    names = result.code_names
    rows = [r for r in per_code.itertuples() if not _nan(r.kappa_characters)]
    if not rows:
        return None
    groups = list(dict.fromkeys(f"{cn[r.coder_1]} / {cn[r.coder_2]}" for r in rows))
    intervals = [Interval(names.get(r.code, str(r.code)), f"{cn[r.coder_1]} / {cn[r.coder_2]}", r.kappa_characters,
                          r.kappa_characters, r.kappa_characters) for r in rows]
    low = min(0.0, min(r.kappa_characters for r in rows))
    alt = (("Punktdiagramm: Cohens κ auf Zeichenebene je Code. " if de else
            "Dot plot: Cohen's κ at character level per code. ")
           + "; ".join(f"{names.get(r.code, str(r.code))}: κ = {fmt.number(r.kappa_characters, locale=locale)}"
                       for r in rows) + ".")
    return Figure(
        id="fig-agreement-kappa",
        caption=("Cohens κ auf Zeichenebene je Code (ohne Konfidenzintervall: Zeichen sind keine unabhängigen "
                 "Einheiten)") if de else
                ("Cohen's κ at character level per code (no confidence interval: characters are not independent "
                 "units)"),
        alt=alt,
        svg=interval_plot(intervals, groups=groups, locale=locale, xlabel="κ (Zeichen)" if de else "κ (characters)",
                          xlim=(low, 1.0), digits=1),
    )

