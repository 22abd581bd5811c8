"""Interview themes: code frequencies by actor group and city, co-occurrence, consented quotes.

Conventions (stated in the chapter's notes too):

- **Several coders.** With ``coder=None`` the segments of all coders are pooled without
  double counting: a code counts for an interview when *at least one* coder assigned it, and
  overlapping segments of the same code by different coders (or by one coder) are merged into
  one coded passage ("Textstelle"). With ``coder="<name>"`` only that coder's segments count.
- **Privacy.** Actor groups (and cities) with fewer than ``privacy.min_cell_size`` interviews
  are not shown on their own: they are merged into one column "Weitere Gruppen" when the
  merged group reaches the minimum, otherwise suppressed; the footnote names them. Quotes come
  only from :meth:`CodedCorpus.quotes` (consent explicitly True); their source names the actor
  group only when that group has at least ``min_cell_size`` interviews.
- **Co-occurrence** counts pairs of overlapping coded passages of two codes (``"overlap"``,
  default) or interviews with both codes (``"document"``); the shade is the c-coefficient.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from kosieval.model.codebook import Text
from kosieval.model.coding import CodedCorpus
from kosieval.model.study import Study
from kosieval.present import numbers as fmt
from kosieval.present.heatmap import heatmap
from kosieval.present.section import Figure, Heading, KeyFigure, Paragraph, Quote, Section, Table
from kosieval.present.text import collapse_whitespace, shorten
from kosieval.reflections.privacy import Suppression, min_cell_size, split_groups
from kosieval.reflections.spec import ReflectionSpec, Requirement
from kosieval.stats import CodeFrequencies, Cooccurrence, code_cooccurrence, code_frequencies

#: Label of the merged column of small groups.
OTHER_GROUPS = Text(de="Weitere Gruppen", en="Other groups")
#: Default number of codes quoted when ``quote_codes`` is not given.
DEFAULT_QUOTE_CODES = 5


# --- requirements ------------------------------------------------------------------------------


def _coder_ids(corpus: CodedCorpus, coder: str) -> list[str]:
    """Coder ids matching ``coder`` by id or name."""
    coders = corpus.coders
    return list(coders.loc[(coders["id"].astype(str) == str(coder)) | (coders["name"].astype(str) == str(coder)),
                           "id"])


def _code_ids(corpus: CodedCorpus, code: str) -> list[str]:
    codes = corpus.codes
    return list(codes.loc[(codes["id"] == code) | (codes["name"] == code) | (codes["path"] == code), "id"])


def _requirements(study: Study, *, coder: str | None = None, quote_codes: tuple[str, ...] | None = None,
                  cooccurrence: str = "overlap", **_: object) -> list[Requirement]:
    corpus = study.interviews
    requirements = [Requirement("codierte Interviews (interviews in study.yaml) / coded interviews",
                                corpus is not None)]
    if corpus is None:
        return requirements
    requirements.append(Requirement("mindestens ein codiertes Segment / at least one coded segment",
                                    len(corpus.segments) > 0))
    if coder is not None:
        requirements.append(Requirement(
            f"Codierer*in / coder {coder!r} (vorhanden / present: "
            f"{', '.join(map(str, corpus.coders['name'])) or 'keine / none'})",
            bool(_coder_ids(corpus, coder))))
    for code in quote_codes or ():
        requirements.append(Requirement(f"Code {code!r} (für Zitate / for quotes)", bool(_code_ids(corpus, code))))
    requirements.append(Requirement(
        f"cooccurrence = 'overlap' oder 'document' / 'overlap' or 'document' (got {cooccurrence!r})",
        cooccurrence in ("overlap", "document")))
    return requirements


SPEC = ReflectionSpec(
    name="themes",
    title=Text(de="Themen der Interviews", en="Interview themes"),
    description=Text(
        de="Häufigkeit der Codes nach Akteursgruppe und Stadt, gemeinsames Auftreten von Codes und Zitate.",
        en="Code frequencies by actor group and city, co-occurrence of codes, and quotes."),
    requirements=_requirements,
    placement="chapter",
    needs=(Text(de="Interviewcodierung: Codes, Segmente, Dokumentattribute (Akteursgruppe, Stadt, "
                   "Zitierfreigabe)",
                en="interview coding: codes, segments, document attributes (actor group, city, consent "
                   "to quote)"),),
    params={
        "group": "Dokumentattribut der Akteursgruppe / document attribute of the actor group "
                 "(default report.actor_group)",
        "coder": "nur diese*n Codierer*in zählen / count only this coder (default: a code counts when at "
                 "least one coder assigned it)",
        "quotes_per_code": "Zitate je Code / quotes per code (default 1)",
        "max_quote_chars": "höchstens so viele Zeichen je Zitat / longest quote in characters (default 300)",
        "quote_codes": "Codes mit Zitaten / codes to quote (default: the 5 most frequent)",
        "cooccurrence": "'overlap' (überlappende Textstellen, default) oder 'document' (gleiches Interview)",
        "city_attribute": "Dokumentattribut der Stadt / document attribute of the city (default 'city')",
    },
)


# --- result ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """Shares of interviews mentioning each code, per shown column of an attribute.

    Attributes
    ----------
    attribute
        The document attribute (actor group or city).
    columns
        Shown columns: groups with at least ``min_size`` interviews, then (if formed) the merged
        column of the small groups.
    merged
        The small groups merged into the last column (empty when none were merged).
    suppression
        Which groups were too small to be shown on their own (``suppressed``); when
        ``merged`` is empty and ``suppression.suppressed`` is not, they are left out entirely.
    counts
        Codes × columns: interviews of the column mentioning the code.
    sizes
        Interviews per column.
    shares
        ``counts / sizes``.
    n_without_value
        Interviews without a value of the attribute (left out of the breakdown).
    """

    attribute: str
    columns: tuple[str, ...]
    merged: tuple[str, ...]
    suppression: Suppression
    counts: pd.DataFrame
    sizes: pd.Series
    shares: pd.DataFrame
    n_without_value: int

    @property
    def left_out(self) -> tuple[str, ...]:
        """Small groups neither shown nor merged."""
        return () if self.merged else self.suppression.suppressed


@dataclass(frozen=True)
class CodeQuote:
    """One quote chosen for a code."""

    code: str
    code_name: str
    document: str
    document_name: str
    group: str | None
    text: str
    truncated: bool


@dataclass(frozen=True)
class ThemesReflection:
    """Code frequencies, breakdowns by actor group and city, co-occurrence and quotes.

    Attributes
    ----------
    codes
        Codable codes in tree order: ``code`` (id), ``name``, ``category`` (path of the parent
        or ""), ``documents``, ``share_documents``, ``segments`` (coded passages; see the
        module docstring).
    frequencies
        The :func:`~kosieval.stats.code_frequencies` result on the counted segments.
    n_documents
        Interviews in the corpus.
    coders
        Coder names whose segments were counted.
    coder
        The single coder counted, or None (union of all coders).
    group, by_group
        The actor-group attribute and its breakdown (None when the documents lack it).
    city_attribute, by_city
        The city attribute and its breakdown (None when absent or only one city).
    cities
        The distinct cities of the interviews.
    cooccurrence
        The :func:`~kosieval.stats.code_cooccurrence` result (codes = ids).
    quotes
        The chosen quotes, by code.
    quote_codes
        Codes (ids) for which quotes were sought.
    codes_without_quote
        Codes (names) for which no consented segment was found.
    min_size
        The minimum cell size applied.
    max_quote_chars
        Longest quote.
    warnings
        What the statistics warned about.
    """

    codes: pd.DataFrame
    frequencies: CodeFrequencies
    n_documents: int
    coders: tuple[str, ...]
    coder: str | None
    group: str
    by_group: Breakdown | None
    city_attribute: str
    by_city: Breakdown | None
    cities: tuple[str, ...]
    cooccurrence: Cooccurrence | None
    quotes: tuple[CodeQuote, ...]
    quote_codes: tuple[str, ...]
    codes_without_quote: tuple[str, ...]
    min_size: int
    max_quote_chars: int
    warnings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """One row per code: counts overall plus the interview share per shown actor-group column."""
        frame = self.codes.copy()
        if self.by_group is not None:
            for column in self.by_group.columns:
                frame[f"share_{column}"] = self.by_group.shares[column].reindex(frame["code"]).to_numpy()
        return frame


# --- analysis ----------------------------------------------------------------------------------


def _tree_order(codes: pd.DataFrame) -> list[str]:
    """Code ids depth first, children in table order."""
    ids = list(codes["id"])
    parents = dict(zip(codes["id"], codes["parent"]))
    children: dict[object, list[str]] = {}
    for code in ids:
        parent = parents[code]
        key = parent if isinstance(parent, str) and parent in parents else None
        children.setdefault(key, []).append(code)
    order: list[str] = []

    def walk(node: object) -> None:
        for child in children.get(node, []):
            order.append(child)
            walk(child)

    walk(None)
    return order


def merge_passages(segments: pd.DataFrame) -> pd.DataFrame:
    """Merge overlapping segments of the same code in the same document into one passage.

    Segments that share at least one character (``start < end`` of an earlier one) form one
    passage covering their union; segments that only touch stay separate.

    Parameters
    ----------
    segments
        Columns ``document``, ``code``, ``start``, ``end``.

    Returns
    -------
    pandas.DataFrame
        ``document``, ``code``, ``start``, ``end`` of the passages, sorted.
    """
    if len(segments) == 0:
        return segments[["document", "code", "start", "end"]].copy()
    frame = segments[["document", "code", "start", "end"]].sort_values(["document", "code", "start", "end"],
                                                                       kind="stable").reset_index(drop=True)
    reach = frame.groupby(["document", "code"], sort=False)["end"].cummax()
    previous = reach.groupby([frame["document"], frame["code"]], sort=False).shift()
    new = previous.isna() | (frame["start"] >= previous)
    block = new.cumsum()
    return (frame.groupby(block, sort=False)
            .agg(document=("document", "first"), code=("code", "first"), start=("start", "min"),
                 end=("end", "max"))
            .reset_index(drop=True))


def _breakdown(freq_docs: pd.DataFrame, documents: pd.DataFrame, attribute: str, codes: list[str],
               min_size: int, other_label: str) -> Breakdown:
    """Per-value counts of interviews with each code, with small values merged or suppressed."""
    has_value = documents[attribute].notna()
    values = documents.loc[has_value, attribute].astype(str)
    sizes_all = values.value_counts(sort=False)
    order = sorted(sizes_all.index, key=lambda v: (-int(sizes_all[v]), v))
    split = split_groups({v: int(sizes_all[v]) for v in order}, min_size=min_size)
    value_of = dict(zip(documents.loc[has_value, "id"], values))
    present = freq_docs.assign(_value=freq_docs["document"].map(value_of)).dropna(subset=["_value"])
    counts = (present.drop_duplicates(["document", "code"]).groupby(["code", "_value"]).size()
              .unstack("_value", fill_value=0).reindex(index=codes, columns=order, fill_value=0))
    columns = list(split.shown)
    merged: tuple[str, ...] = ()
    small_total = int(sum(sizes_all[v] for v in split.suppressed))
    table = counts[list(split.shown)].copy()
    sizes = pd.Series({v: int(sizes_all[v]) for v in split.shown}, dtype=np.int64)
    if split.suppressed and small_total >= min_size:
        merged = split.suppressed
        label = f"{other_label} ({', '.join(merged)})"
        table[label] = counts[list(merged)].sum(axis=1)
        sizes[label] = small_total
        columns.append(label)
    sizes = sizes.astype(np.int64)
    shares = table / sizes.reindex(table.columns).to_numpy(dtype=float)
    return Breakdown(attribute, tuple(columns), merged, split, table.astype(np.int64), sizes, shares,
                     int((~has_value).sum()))


def _choose_quotes(corpus: CodedCorpus, code: str, code_name: str, *, reference: list[str], k: int, max_chars: int,
                   group: str | None, shown_groups: set[str]) -> list[CodeQuote]:
    """Up to ``k`` quotes of ``code`` from consenting interviews, deterministically.

    Preference: segments of the reference coder(s) first; among them the longest whose
    normalised text fits ``max_chars``, then (if none fits) the shortest, shortened at a word
    boundary; one quote per interview before a second from the same interview; ties by
    interview name and position.
    """
    frame = corpus.quotes(code)
    frame = frame[frame["code"] == code]
    if frame.empty:
        return []
    frame = frame.assign(q_clean=frame["text"].astype(str).map(collapse_whitespace))
    frame = frame[frame["q_clean"].str.len() > 0]
    if frame.empty:
        return []
    length = frame["q_clean"].str.len()
    fits = length <= max_chars
    frame = frame.assign(
        q_other=(~frame["coder"].isin(reference)).astype(int),
        q_fits=(~fits).astype(int),
        q_key=np.where(fits, -length, length),
    ).sort_values(["q_other", "q_fits", "q_key", "document_name", "start"], kind="stable")
    groups = {}
    if group is not None and group in corpus.attributes:
        groups = dict(zip(corpus.documents["id"], corpus.documents[group]))
    chosen: list[CodeQuote] = []
    used_docs: set[object] = set()
    seen_texts: set[str] = set()
    for round_ in (0, 1):
        for row in frame.itertuples():
            if len(chosen) >= k:
                break
            if (round_ == 0 and row.document in used_docs) or row.q_clean in seen_texts:
                continue
            if round_ == 1 and any(q.text == row.q_clean for q in chosen):
                continue
            text = shorten(row.q_clean, max_chars)
            truncated = text != row.q_clean
            value = groups.get(row.document)
            shown = str(value) if value is not None and not pd.isna(value) and str(value) in shown_groups else None
            chosen.append(CodeQuote(code, code_name, row.document, str(row.document_name), shown, text, truncated))
            used_docs.add(row.document)
            seen_texts.add(row.q_clean)
    return chosen


def analyze(study: Study, *, group: str | None = None, coder: str | None = None, quotes_per_code: int = 1,
            max_quote_chars: int = 300, quote_codes: tuple[str, ...] | None = None,
            cooccurrence: Literal["overlap", "document"] = "overlap",
            city_attribute: str = "city") -> ThemesReflection:
    """Count the interview codes overall, by actor group and city; co-occurrence; choose quotes.

    Parameters
    ----------
    study
        The loaded study (with ``interviews``).
    group
        Document attribute of the actor group (default ``report.actor_group``). When the
        documents lack it, only overall frequencies are computed (``by_group`` None).
    coder
        Count only this coder's segments (id or name). Default None: a code counts for an
        interview when at least one coder assigned it; overlapping segments of a code are
        merged into one passage, so a passage coded by two coders counts once.
    quotes_per_code
        Quotes per quoted code (0 = none).
    max_quote_chars
        Longest quote in characters; longer segments are shortened at a word boundary ("…").
    quote_codes
        Codes (names, paths or ids) to quote; default the 5 most frequent codes.
    cooccurrence
        "overlap" (pairs of overlapping coded passages) or "document" (interviews with both codes).
    city_attribute
        Document attribute of the city; a breakdown is made only when there are several cities.
    """
    corpus = study.interviews
    if corpus is None:
        raise ValueError("study: has no coded interviews (interviews in study.yaml)")
    group = group or study.config.report.actor_group
    min_size = min_cell_size(study)
    if quotes_per_code < 0:
        raise ValueError(f"quotes_per_code must be >= 0, got {quotes_per_code}")
    if max_quote_chars < 20:
        raise ValueError(f"max_quote_chars must be at least 20, got {max_quote_chars}")
    coder_names = dict(zip(corpus.coders["id"], corpus.coders["name"].astype(str)))
    segments = corpus.segments
    if coder is not None:
        ids = _coder_ids(corpus, coder)
        segments = segments[segments["coder"].isin(ids)]
        reference = ids
        counted_coders = tuple(coder_names.get(i, str(i)) for i in ids)
    else:
        reference = list(corpus.coders["id"][:1])
        used = list(dict.fromkeys(segments["coder"].dropna()))
        counted_coders = tuple(coder_names.get(i, str(i)) for i in corpus.coders["id"] if i in used)
    passages = merge_passages(segments)

    notes: list[str] = []
    documents = corpus.documents
    codes = corpus.codes
    order = [c for c in _tree_order(codes) if bool(codes.set_index("id").loc[c, "codable"])]
    names = dict(zip(codes["id"], codes["name"].astype(str)))
    paths = dict(zip(codes["id"], codes["path"].astype(str)))
    parents = dict(zip(codes["id"], codes["parent"]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frequencies = code_frequencies(passages, documents=documents[["id"]])
        co = code_cooccurrence(passages, mode=cooccurrence) if passages["code"].nunique() >= 2 else None
    notes += [str(w.message) for w in caught]
    table = frequencies.table.set_index("code").reindex(order)
    code_frame = pd.DataFrame({
        "code": order,
        "name": [names[c] for c in order],
        "category": [paths.get(parents[c], "") if isinstance(parents[c], str) else "" for c in order],
        "documents": table["documents"].fillna(0).astype(np.int64).to_numpy(),
        "share_documents": (table["documents"].fillna(0) / len(documents)).to_numpy(dtype=float),
        "segments": table["segments"].fillna(0).astype(np.int64).to_numpy(),
    })

    doc_codes = passages[["document", "code"]].drop_duplicates()
    by_group = None
    if group in corpus.attributes:
        by_group = _breakdown(doc_codes, documents, group, order, min_size, OTHER_GROUPS.de)
    by_city = None
    cities: tuple[str, ...] = ()
    if city_attribute in corpus.attributes:
        cities = tuple(sorted(documents[city_attribute].dropna().astype(str).unique()))
        if len(cities) > 1:
            by_city = _breakdown(doc_codes, documents, city_attribute, order, min_size, OTHER_GROUPS.de)

    if quote_codes:
        chosen_codes = tuple(dict.fromkeys(i for code in quote_codes for i in _code_ids(corpus, code)))
    else:
        ranked = code_frame[code_frame["documents"] > 0].assign(_pos=range((code_frame["documents"] > 0).sum()))
        ranked = ranked.sort_values(["documents", "segments", "_pos"], ascending=[False, False, True], kind="stable")
        chosen_codes = tuple(ranked["code"].head(DEFAULT_QUOTE_CODES))
    shown_groups = {g for g in (by_group.suppression.shown if by_group else ())}
    quotes: list[CodeQuote] = []
    without: list[str] = []
    if quotes_per_code > 0:
        for code in chosen_codes:
            found = _choose_quotes(corpus, code, names[code], reference=reference, k=quotes_per_code,
                                   max_chars=max_quote_chars, group=group if by_group else None,
                                   shown_groups=shown_groups)
            if not found:
                without.append(names[code])
            quotes += found
    return ThemesReflection(
        codes=code_frame, frequencies=frequencies, n_documents=len(documents), coders=counted_coders,
        coder=counted_coders[0] if coder is not None and counted_coders else None, group=group,
        by_group=by_group, city_attribute=city_attribute, by_city=by_city, cities=cities, cooccurrence=co,
        quotes=tuple(quotes), quote_codes=chosen_codes, codes_without_quote=tuple(without), min_size=min_size,
        max_quote_chars=max_quote_chars, warnings=tuple(notes))


# --- presentation ------------------------------------------------------------------------------


def _slug(name: str) -> str:
    text = name.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "code"
    return text if not text[0].isdigit() else f"c_{text}"


def _other_label(label: str, locale: str) -> str:
    """Translate the merged column's label ("Weitere Gruppen (...)") to ``locale``."""
    if label.startswith(OTHER_GROUPS.de + " ("):
        return OTHER_GROUPS.get(locale) + label[len(OTHER_GROUPS.de):]
    return label


def _breakdown_note(b: Breakdown, locale: str, unit: str) -> str:
    de = locale.startswith("de")
    parts = []
    if b.merged:
        sizes = ", ".join(b.merged)
        parts.append(
            (f"Gruppen mit weniger als {b.suppression.min_size} {unit} sind aus Datenschutzgründen nicht einzeln "
             f"ausgewiesen, sondern zu „{OTHER_GROUPS.de}“ zusammengefasst: {sizes}.") if de else
            (f"Groups with fewer than {b.suppression.min_size} {unit} are not shown on their own for privacy; "
             f"they are merged into “{OTHER_GROUPS.en}”: {sizes}."))
    elif b.suppression.suppressed:
        parts.append(b.suppression.note(locale, unit=unit) + (
            " Auch zusammengefasst erreichen sie die Mindestgröße nicht." if de
            else " Merged, they still do not reach the minimum size."))
    if b.n_without_value:
        parts.append(f"{b.n_without_value} {unit} ohne Angabe nicht berücksichtigt." if de
                     else f"{b.n_without_value} {unit} without a value left out.")
    return " ".join(parts)


def present(result: ThemesReflection, locale: str) -> Section:
    """The themes chapter: frequency table, heatmaps by actor group (and city), co-occurrence, quotes."""
    de = locale.startswith("de")
    n = result.n_documents
    blocks: list = []
    codes = result.codes
    n_text = fmt.integer(n, locale=locale)
    if len(result.coders) > 1 and result.coder is None:
        coder_note = (f"Die Interviews wurden von {len(result.coders)} Personen codiert "
                      f"({', '.join(result.coders)}). Ein Code zählt für ein Interview, wenn mindestens eine "
                      "Person ihn vergeben hat; überlappende Segmente desselben Codes werden zu einer Textstelle "
                      "zusammengefasst, damit nichts doppelt gezählt wird.") if de else (
                      f"The interviews were coded by {len(result.coders)} people ({', '.join(result.coders)}). "
                      "A code counts for an interview when at least one of them assigned it; overlapping segments "
                      "of the same code are merged into one passage, so nothing is counted twice.")
    elif result.coder is not None:
        coder_note = (f"Gezählt werden nur die Codierungen von {result.coder}." if de
                      else f"Only the codings of {result.coder} are counted.")
    else:
        coder_note = ""
    top = codes.sort_values(["documents", "segments"], ascending=False, kind="stable").iloc[0] \
        if len(codes) else None
    intro = (f"Ausgewertet wurden {n_text} Interviews mit {len(codes)} Codes." if de
             else f"{n_text} interviews with {len(codes)} codes were analysed.")
    if top is not None and top["documents"] > 0:
        intro += (f" Am häufigsten angesprochen wurde „{top['name']}“ ({fmt.integer(top['documents'], locale=locale)} "
                  f"von {n_text} Interviews)." if de else
                  f" The most frequent theme was “{top['name']}” ({fmt.integer(top['documents'], locale=locale)} of "
                  f"{n_text} interviews).")
    blocks.append(Paragraph(intro + (" " + coder_note if coder_note else "")))

    segment_label = ("Textstellen" if de else "Passages") if result.coder is None else ("Segmente" if de
                                                                                       else "Segments")
    rows = tuple((row.category, row.name, f"{fmt.integer(row.documents, locale=locale)} / {n_text}",
                  fmt.percent(row.share_documents, locale=locale), fmt.integer(row.segments, locale=locale))
                 for row in codes.itertuples())
    blocks.append(Table(
        id="tab-themes-codes",
        caption="Codes: Zahl der Interviews und Textstellen" if de else "Codes: number of interviews and passages",
        columns=("Kategorie" if de else "Category", "Code", "Interviews", "Anteil" if de else "Share",
                 segment_label),
        rows=rows, numeric=(False, False, True, True, True),
        notes=((f"Interviews = Interviews, in denen der Code mindestens einmal vergeben wurde, von {n_text}; "
                f"Anteil = Interviews mit dem Code / {n_text}; {segment_label} = codierte Textstellen "
                + ("(überlappende Segmente desselben Codes, auch verschiedener Codierender, als eine gezählt)."
                   if result.coder is None else f"von {result.coder}.")) if de else
               (f"Interviews = interviews in which the code was assigned at least once, of {n_text}; "
                f"share = interviews with the code / {n_text}; {segment_label} = coded passages "
                + ("(overlapping segments of the same code, also by different coders, counted once)."
                   if result.coder is None else f"by {result.coder}.")),),
    ))

    key_figures: dict[str, str] = {"n_interviews": n_text}
    highlights: tuple[KeyFigure, ...] = ()
    summary: list[str] = []
    if top is not None and top["documents"] > 0:
        value = (f"{fmt.integer(top['documents'], locale=locale)} von {n_text} Interviews" if de
                 else f"{fmt.integer(top['documents'], locale=locale)} of {n_text} interviews")
        key_figures["top_code"] = str(top["name"])
        key_figures["top_code_interviews"] = value
        highlights = (KeyFigure(name="top_code_interviews",
                                label=(f"Häufigstes Thema: {top['name']}" if de
                                       else f"Most frequent theme: {top['name']}"),
                                value=value,
                                context=fmt.percent(top["share_documents"], locale=locale)),)
        summary.append(intro)
    used_slugs: set[str] = set()
    for row in codes.itertuples():
        slug = _slug(row.name)
        while slug in used_slugs:
            slug += "_"
        used_slugs.add(slug)
        key_figures[f"interviews_{slug}"] = fmt.integer(row.documents, locale=locale)
        key_figures[f"share_{slug}"] = fmt.percent(row.share_documents, locale=locale)

    for breakdown, what, fig_id in ((result.by_group, "group", "fig-themes-groups"),
                                    (result.by_city, "city", "fig-themes-cities")):
        if breakdown is None:
            continue
        blocks += _breakdown_blocks(result, breakdown, locale, what, fig_id)
    if result.by_group is None:
        blocks.append(Paragraph(
            (f"Eine Aufschlüsselung nach Akteursgruppe ist nicht möglich: den Interviews fehlt das "
             f"Dokumentattribut „{result.group}“.") if de else
            (f"No breakdown by actor group: the interviews lack the document attribute “{result.group}”.")))
    if result.by_city is None and len(result.cities) == 1:
        blocks.append(Paragraph(
            f"Alle Interviews stammen aus {result.cities[0]}; eine Aufschlüsselung nach Stadt entfällt." if de
            else f"All interviews come from {result.cities[0]}; there is no breakdown by city."))

    if result.cooccurrence is not None:
        blocks += _cooccurrence_blocks(result, locale)

    if result.quotes or result.codes_without_quote:
        blocks.append(Heading("Zitate" if de else "Quotes"))
        blocks.append(Paragraph(
            ("Zitiert wird nur aus Interviews, deren Interviewte der Zitierung ausdrücklich zugestimmt haben. "
             f"Je Code wird die längste passende Textstelle (höchstens {result.max_quote_chars} Zeichen) "
             "gewählt; längere Stellen sind an einer Wortgrenze gekürzt (…). Die Akteursgruppe wird nur "
             f"genannt, wenn sie mindestens {result.min_size} Interviews umfasst.") if de else
            ("Quotes come only from interviews whose interviewees explicitly consented to being quoted. For each "
             f"code the longest fitting passage (at most {result.max_quote_chars} characters) is chosen; longer "
             "passages are shortened at a word boundary (…). The actor group is named only when it has at least "
             f"{result.min_size} interviews.")))
        by_code: dict[str, list[CodeQuote]] = {}
        for q in result.quotes:
            by_code.setdefault(q.code, []).append(q)
        for code in result.quote_codes:
            for q in by_code.get(code, []):
                source = q.document_name + (f", {q.group}" if q.group else "")
                blocks.append(Quote(text=q.text, source=f"{q.code_name} – {source}"))
        if result.codes_without_quote:
            blocks.append(Paragraph(
                ("Für folgende Codes gibt es keine zitierfähige Textstelle (keine Zustimmung zur Zitierung): "
                 if de else "No quotable passage (no consent to quote) for: ") + ", ".join(result.codes_without_quote)
                + "."))

    code_names = dict(zip(codes["code"], codes["name"]))
    for note in result.warnings:
        for code, name in code_names.items():
            note = note.replace(repr(code), repr(name))
        blocks.append(Paragraph(("Hinweis: " if de else "Note: ") + note))
    return Section(id="themes", title=SPEC.title.get(locale), blocks=tuple(blocks), summary=tuple(summary),
                   key_figures=key_figures, highlights=highlights)


def _breakdown_blocks(result: ThemesReflection, b: Breakdown, locale: str, what: str, fig_id: str) -> list:
    de = locale.startswith("de")
    codes = result.codes
    columns = [_other_label(c, locale) for c in b.columns]
    label = ("Akteursgruppe" if de else "actor group") if what == "group" else ("Stadt" if de else "city")
    blocks: list = []
    note = _breakdown_note(b, locale, "Interviews")
    if not b.columns:
        blocks.append(Paragraph(
            (f"Keine Aufschlüsselung nach {label}: keine Gruppe erreicht {b.suppression.min_size} Interviews. "
             if de else f"No breakdown by {label}: no group reaches {b.suppression.min_size} interviews. ") + note))
        return blocks
    values = b.shares.reindex(index=codes["code"]).to_numpy(dtype=float)
    size_text = ", ".join(f"{c}: n = {fmt.integer(int(b.sizes[raw]), locale=locale)}"
                          for c, raw in zip(columns, b.columns))
    cells = []
    for name, row in zip(codes["name"], values):
        cells.append(f"{name}: " + ", ".join(f"{c} {fmt.percent(v, locale=locale)}" for c, v in zip(columns, row)))
    alt = ((f"Heatmap: Anteil der Interviews je {label}, in denen der Code vorkommt ({size_text}). " if de
            else f"Heatmap: share of interviews per {label} mentioning each code ({size_text}). ")
           + "; ".join(cells) + ".")
    caption = (f"Anteil der Interviews je {label}, die den Code ansprechen ({size_text})" if de
               else f"Share of interviews per {label} mentioning each code ({size_text})")
    blocks.append(Figure(
        id=fig_id, caption=caption + (". " + note if note else ""), alt=alt,
        svg=heatmap(values, rows=list(codes["name"]), columns=columns, locale=locale,
                    colorbar_label="Anteil der Interviews" if de else "Share of interviews"),
    ))
    rows = []
    for code_name, code in zip(codes["name"], codes["code"]):
        rows.append((code_name, *(f"{fmt.integer(int(b.counts.loc[code, raw]), locale=locale)} / "
                                  f"{fmt.integer(int(b.sizes[raw]), locale=locale)}" for raw in b.columns)))
    blocks.append(Table(
        id=f"tab-themes-{'groups' if what == 'group' else 'cities'}",
        caption=(f"Interviews mit dem Code je {label}" if de else f"Interviews mentioning the code per {label}"),
        columns=("Code", *columns), rows=tuple(rows), numeric=(False,) + (True,) * len(columns),
        notes=tuple(x for x in (
            ("Zellen: Interviews der Gruppe mit dem Code / Interviews der Gruppe; ein Code zählt, wenn mindestens "
             "eine codierende Person ihn vergeben hat." if result.coder is None else
             f"Zellen: Interviews der Gruppe mit dem Code / Interviews der Gruppe (Codierung von {result.coder}).")
            if de else
            ("Cells: interviews of the group mentioning the code / interviews of the group; a code counts when at "
             "least one coder assigned it." if result.coder is None else
             f"Cells: interviews of the group mentioning the code / interviews of the group (coding by "
             f"{result.coder})."),
            note) if x),
    ))
    return blocks


def _cooccurrence_blocks(result: ThemesReflection, locale: str) -> list:
    de = locale.startswith("de")
    co = result.cooccurrence
    if co is None:
        return []
    codes = [c for c in result.codes["code"] if c in co.codes]
    names = dict(zip(result.codes["code"], result.codes["name"]))
    counts = co.counts.reindex(index=codes, columns=codes).to_numpy()
    if co.mode == "document":
        coefficient = co.c_documents.reindex(index=codes, columns=codes).to_numpy(dtype=float)
    else:
        coefficient = co.c_coefficient.reindex(index=codes, columns=codes).to_numpy(dtype=float)
    k = len(codes)
    values = np.full((k, k), np.nan)
    texts = [[""] * k for _ in range(k)]
    pairs = []
    for i in range(k):
        for j in range(i):
            values[i, j] = coefficient[i, j] if np.isfinite(coefficient[i, j]) else np.nan
            texts[i][j] = fmt.integer(int(counts[i, j]), locale=locale)
            if counts[i, j] > 0:
                pairs.append((int(counts[i, j]), names[codes[i]], names[codes[j]], coefficient[i, j]))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    if co.mode == "overlap":
        unit = "überlappende Textstellen-Paare" if de else "pairs of overlapping passages"
        rule = ("Gezählt werden Paare von Textstellen zweier Codes im selben Interview, die sich um mindestens ein "
                "Zeichen überlappen" if de else
                "Counted are pairs of passages of two codes in the same interview that share at least one "
                "character")
    else:
        unit = "Interviews mit beiden Codes" if de else "interviews with both codes"
        rule = ("Gezählt werden Interviews, in denen beide Codes vorkommen" if de else
                "Counted are interviews in which both codes occur")
    top = "; ".join(f"{a} & {b}: {fmt.integer(c, locale=locale)} (c = {fmt.number(v, locale=locale)})"
                    for c, a, b, v in pairs[:5])
    alt = ((f"Heatmap des gemeinsamen Auftretens von {k} Codes (unteres Dreieck). Zahlen: {unit}; "
            f"Farbe: c-Koeffizient. Häufigste Paare: {top or 'keine'}.") if de else
           (f"Heatmap of the co-occurrence of {k} codes (lower triangle). Numbers: {unit}; colour: "
            f"c-coefficient. Most frequent pairs: {top or 'none'}."))
    note = ((f"{rule}; die Farbe zeigt den c-Koeffizienten c = n_AB / (n_A + n_B − n_AB) (0 = nie gemeinsam, "
             "1 = immer gemeinsam). Überlappende Segmente desselben Codes sind zuvor zu einer Textstelle "
             "zusammengefasst; leere Felder: nicht berechnet.") if de else
            (f"{rule}; the colour shows the c-coefficient c = n_AB / (n_A + n_B − n_AB) (0 = never together, "
             "1 = always together). Overlapping segments of the same code were first merged into one passage; "
             "blank cells: not computed."))
    blocks: list = [Heading("Gemeinsames Auftreten von Codes" if de else "Co-occurrence of codes")]
    if pairs:
        c, a, b, v = pairs[0]
        blocks.append(Paragraph(
            (f"Am häufigsten traten „{a}“ und „{b}“ gemeinsam auf ({fmt.integer(c, locale=locale)} {unit}, "
             f"c = {fmt.number(v, locale=locale)}).") if de else
            (f"“{a}” and “{b}” co-occurred most often ({fmt.integer(c, locale=locale)} {unit}, "
             f"c = {fmt.number(v, locale=locale)}).")))
    blocks.append(Figure(
        id="fig-themes-cooccurrence",
        caption=(f"Gemeinsames Auftreten der Codes: Zahlen = {unit}, Farbe = c-Koeffizient. {note}" if de
                 else f"Co-occurrence of codes: numbers = {unit}, colour = c-coefficient. {note}"),
        alt=alt,
        # lower triangle: the first row and the last column would be empty
        svg=heatmap(values[1:, :-1], rows=[names[c] for c in codes[1:]], columns=[names[c] for c in codes[:-1]],
                    locale=locale, cell_text=[row[:-1] for row in texts[1:]],
                    colorbar_label="c-Koeffizient" if de else "c-coefficient",
                    colorbar_format="number", column_wrap=30),
    ))
    return blocks
