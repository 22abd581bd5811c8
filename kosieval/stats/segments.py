r"""Agreement of coders on coded segments: characters, segments with an overlap tolerance, code presence.

:func:`segment_agreement` compares the segments that two or more coders set in the same
documents with the same codes (the segment table of DESIGN.md §4: ``document``, ``code``,
``coder``, ``start``, ``end`` in code points, end exclusive). Three views, because each
answers a different question:

- **characters**: is each character coded with the code by both, one or none of two coders
  (percent agreement and Cohen's kappa of the character-level 2 x 2 table);
- **segments**: does a segment of one coder find a segment of the same code by the other
  coder that overlaps it enough (MAXQDA's segment agreement);
- **documents**: is the code present in the document for each coder (Krippendorff's alpha).
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from kosieval.stats.arguments import label_order
from kosieval.stats.krippendorff import krippendorff_alpha
from kosieval.stats.qualitative import check_segments

__all__ = ["SegmentAgreement", "segment_agreement"]

_TABLE = ("both_coded", "only_1", "only_2", "neither")


@dataclass(frozen=True, eq=False)
class SegmentAgreement:
    """Agreement of coders on coded segments, per pair of coders, code and document.

    In the frames, ``coder_1`` and ``coder_2`` name the pair (in the order of ``coders``);
    the suffixes ``_1`` and ``_2`` refer to them.

    Attributes
    ----------
    coders
        The coders compared (all pairs of them).
    overlap
        The overlap threshold of the segment level (0 = any shared character).
    per_code
        One row per coder pair x code used by at least one of the two: ``coder_1``,
        ``coder_2``, ``code``; character level pooled over all documents: ``n_characters``
        (sum of the document lengths), ``both_coded``, ``only_1``, ``only_2``, ``neither``,
        ``percent_agreement_characters``, ``kappa_characters``; segment level:
        ``segments_1``, ``matched_1``, ``unmatched_1``, ``segments_2``, ``matched_2``,
        ``unmatched_2``, ``percent_agreement_segments``.
    per_document
        The same per coder pair x code x document (``document``, ``length``), for the
        documents where at least one of the two coders used the code.
    pairs
        One row per coder pair: the character tables pooled over codes and documents
        (``percent_agreement_characters``, ``kappa_characters``) and the segment counts
        pooled over codes (``matched``, ``unmatched``, ``percent_agreement_segments``).
    alpha
        One row per code: ``code``, ``alpha`` (Krippendorff's alpha, nominal, on the
        presence of the code per document and coder), ``observed`` and ``expected``
        disagreement, ``n_documents``, ``n_coders``, ``ratings_present`` (document x coder
        cells with the code).
    n_documents
        Documents compared (the keys of ``document_lengths``).
    n_segments_dropped
        Segments of coders not in ``coders``, left out.
    method
        The conventions, in words.
    """

    coders: tuple[Hashable, ...]
    overlap: float
    per_code: pd.DataFrame
    per_document: pd.DataFrame
    pairs: pd.DataFrame
    alpha: pd.DataFrame
    n_documents: int
    n_segments_dropped: int
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return :attr:`per_code` with the alpha of each code joined on ``code``."""
        return self.per_code.merge(self.alpha[["code", "alpha"]], on="code", how="left")


def _check_lengths(document_lengths: object, seg: pd.DataFrame) -> pd.Series:
    """``document_lengths`` as an int64 Series indexed by document; ValueError naming it."""
    if isinstance(document_lengths, pd.Series):
        lengths = document_lengths
    elif isinstance(document_lengths, Mapping):
        lengths = pd.Series(dict(document_lengths), dtype=object)
    else:
        raise ValueError(
            "document_lengths: must map each document id to its length in code points (a dict or Series), got "
            f"{type(document_lengths).__name__}"
        )
    if len(lengths) == 0:
        raise ValueError("document_lengths: is empty")
    if lengths.index.has_duplicates:
        raise ValueError(f"document_lengths: document {lengths.index[lengths.index.duplicated()][0]!r} repeats")
    try:
        values = pd.to_numeric(lengths, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"document_lengths: lengths must be whole numbers ({exc})") from None
    if pd.api.types.is_bool_dtype(lengths.dtype) or any(isinstance(v, (bool, np.bool_)) for v in lengths):
        raise ValueError("document_lengths: lengths must be whole numbers, not True/False")
    bad = ~np.isfinite(values) | (values != np.round(values)) | (values <= 0)
    if bad.any():
        doc = lengths.index[int(bad.argmax())]
        raise ValueError(f"document_lengths: length of {doc!r} is {lengths.loc[doc]!r}; must be a whole number > 0")
    lengths = pd.Series(values.astype(np.int64), index=lengths.index)
    unknown = ~seg["document"].isin(lengths.index)
    if unknown.any():
        raise ValueError(f"document_lengths: has no length for document {seg['document'][unknown].iloc[0]!r}")
    beyond = seg["end"].to_numpy() > lengths.reindex(seg["document"]).to_numpy()
    if beyond.any():
        row = seg.index[int(beyond.argmax())]
        raise ValueError(
            f"segments: row {row!r} ends at {seg['end'].loc[row]}, beyond the length "
            f"{lengths.loc[seg['document'].loc[row]]} of document {seg['document'].loc[row]!r} in document_lengths"
        )
    return lengths


def _check_coders(coders: object, seg: pd.DataFrame) -> list[Hashable]:
    """The coders to compare (at least 2, each with segments); ValueError naming ``coders`` or ``segments``."""
    if coders is None:
        absent = seg["coder"].isna()
        if absent.any():
            raise ValueError(
                f"segments: row {seg.index[int(absent.to_numpy().argmax())]!r} has no coder; agreement needs the "
                "coder of every segment (or pass coders=[...] to compare a subset)"
            )
        chosen = label_order(seg["coder"], "segments")
    else:
        if isinstance(coders, (str, bytes)) or not isinstance(coders, (Sequence, pd.Index, np.ndarray)):
            raise ValueError(f"coders: must be a list of coder ids, got {coders!r}")
        chosen = list(coders)
        if len(set(chosen)) != len(chosen):
            raise ValueError(f"coders: a coder is named twice in {chosen!r}")
        used = set(seg["coder"].dropna().unique())
        unknown = [c for c in chosen if c not in used]
        if unknown:
            raise ValueError(f"coders: {unknown!r} have no segments; known coders: {sorted(map(str, used))!r}")
    if len(chosen) < 2:
        raise ValueError(f"coders: agreement needs at least 2 coders, got {len(chosen)} ({chosen!r})")
    return chosen


def _check_overlap(overlap: object) -> float:
    """The overlap threshold as a float in [0, 1]; ValueError naming ``overlap``."""
    is_number = isinstance(overlap, (int, float, np.integer, np.floating)) and not isinstance(overlap, (bool, np.bool_))
    if not is_number or not 0.0 <= float(overlap) <= 1.0:  # type: ignore[arg-type]
        raise ValueError(f"overlap: must be a number from 0 to 1 (share of the union of two segments), got {overlap!r}")
    return float(overlap)  # type: ignore[arg-type]


def _union_lengths(group: np.ndarray, start: np.ndarray, end: np.ndarray) -> pd.Series:
    """Number of characters covered by the union of the intervals of each group, indexed by group.

    Sorted by (group, start), the groups are shifted apart by ``span`` so that one running
    maximum of the ends finds the blocks of overlapping or touching intervals of all groups.
    """
    order = np.lexsort((start, group))
    g, s, e = group[order], start[order], end[order]
    span = int(e.max()) + 1
    shifted_s = g * span + s
    running = np.maximum.accumulate(g * span + e)
    new = np.ones(g.shape[0], dtype=bool)
    new[1:] = shifted_s[1:] > running[:-1]
    first = np.flatnonzero(new)
    last = np.r_[first[1:] - 1, g.shape[0] - 1]
    block = running[last] - shifted_s[first]
    groups, where = np.unique(g[first], return_inverse=True)
    return pd.Series(np.bincount(where, weights=block).astype(np.int64), index=groups)


def _kappa_2x2(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Percent agreement and Cohen's kappa of 2 x 2 tables (a = both coded, d = neither); kappa NaN if undefined."""
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    n = a + b + c + d
    po = (a + d) / n
    denominator = (a + b) * (b + d) + (a + c) * (c + d)
    kappa = np.full(a.shape, np.nan)
    defined = denominator > 0
    kappa[defined] = 2.0 * (a[defined] * d[defined] - b[defined] * c[defined]) / denominator[defined]
    return po, kappa


def segment_agreement(
    segments: pd.DataFrame,
    *,
    document_lengths: Mapping[Hashable, int] | pd.Series,
    coders: Sequence[Hashable] | None = None,
    overlap: float = 0.0,
) -> SegmentAgreement:
    r"""Agreement of coders on coded segments: character level, segment level, code presence.

    Parameters
    ----------
    segments
        The coded segments: ``document``, ``code``, ``coder``, ``start``, ``end`` (code
        points, end exclusive). Segments of one coder with one code may overlap; at the
        character level their union counts.
    document_lengths
        Document id -> length in code points (dict or Series), for every document that
        **all** coders coded: these documents, and only these, are compared. A document
        in which a coder set no segment counts as coded "nothing" by that coder, so do not
        list documents that some coder never worked on.
    coders
        The coders to compare (at least 2); default all coders in ``segments`` (then every
        segment must name its coder). Two coders give one pair; more give every pair
        (character and segment level) and one alpha over all of them per code. Segments of
        other coders are left out.
    overlap
        Threshold of the segment level, from 0 to 1: a segment is matched when the other
        coder has a segment of the same code in the document with
        :math:`|s \cap t| / |s \cup t| \ge` ``overlap``; 0 (default) accepts any shared
        character (:math:`|s \cap t| > 0`). MAXQDA's default is 0.9.

    Returns
    -------
    SegmentAgreement

    Raises
    ------
    ValueError
        Malformed ``segments`` (a missing column, offsets that are not whole numbers >= 0,
        ``end <= start``, a segment beyond its document's length); ``document_lengths`` not
        a mapping, missing a document of ``segments``, or with lengths that are not whole
        numbers > 0; fewer than 2 ``coders``, a coder without segments, or a segment without
        coder when ``coders`` is None; ``overlap`` outside [0, 1].

    Warns
    -----
    RuntimeWarning
        When a character-level kappa is undefined: both coders put every character of the
        table in the same category (e.g. both coded a whole document with the code), so
        :math:`p_e = 1` and kappa is 0/0 (NaN; percent agreement is 1). When the alpha of a
        code is undefined because every document x coder cell has the same presence value
        (the code in every document for every coder): :math:`D_e = 0` (NaN).

    Notes
    -----
    **Character level** (per coder pair, code and document; pooled per code over the
    documents and per pair over codes and documents). Each of the :math:`L` characters of a
    document is coded with the code or not by each coder; with :math:`A, B` the sets of
    characters covered by the segments of coder 1 and 2, the 2 x 2 table is
    :math:`a = |A \cap B|`, :math:`b = |A \setminus B|`, :math:`c = |B \setminus A|`,
    :math:`d = L - |A \cup B|`. It is computed from interval lengths, without expanding
    characters: :math:`|A|`, :math:`|B|` and :math:`|A \cup B|` are union lengths of sorted
    intervals, :math:`a = |A| + |B| - |A \cup B|`. Then :math:`p_o = (a + d)/L` and Cohen's
    (1960) kappa

    .. math::

        \kappa = \frac{p_o - p_e}{1 - p_e}
               = \frac{2(ad - bc)}{(a+b)(b+d) + (a+c)(c+d)},\qquad
        p_e = \frac{(a+b)(a+c) + (c+d)(b+d)}{L^2},

    the kappa of :func:`kosieval.stats.kappa.cohen_kappa` on the characters as units. Pooled
    tables add the cells; the per-code table adds, for the documents where neither coder
    used the code, their length to :math:`d`. Characters are not independent units, so no
    standard error is given, and the large number of uncoded characters raises :math:`p_o`
    much more than kappa.

    **Segment level** (MAXQDA's intercoder agreement at segment level; Rädiker & Kuckartz,
    2019; VERBI, MAXQDA manual). Every segment of either coder is checked: it is *matched*
    when the other coder has a segment of the same code in the same document that
    overlaps it by at least the threshold (overlap relative to the union of the two
    segments, :math:`|s \cap t| / |s \cup t|`, with :math:`|s \cup t| = |s| + |t| - |s \cap
    t|`), else *unmatched*. The percent agreement is

    .. math::

        P = \frac{\text{matched}_1 + \text{matched}_2}
                 {\text{matched}_1 + \text{unmatched}_1 + \text{matched}_2 + \text{unmatched}_2},

    i.e. agreements / (agreements + non-agreements) over the segments of both coders. A
    segment can be matched by a segment that is itself matched by another one, so
    ``matched_1`` and ``matched_2`` can differ.

    **Code presence** (MAXQDA's "code existence in the document" view, with a chance-corrected
    coefficient): for each code the ratings are documents x coders with 1 when the coder set
    at least one segment of the code in the document and 0 otherwise, all documents of
    ``document_lengths``; Krippendorff's alpha (nominal) of these ratings is
    :func:`kosieval.stats.krippendorff.krippendorff_alpha` (Krippendorff, 2011).

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    Psychological Measurement, 20(1), 37-46. https://doi.org/10.1177/001316446002000104

    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School
    for Communication, University of Pennsylvania. https://repository.upenn.edu/asc_papers/43

    Rädiker, S., & Kuckartz, U. (2019). Intercoder-Übereinstimmung analysieren. In Analyse
    qualitativer Daten mit MAXQDA (pp. 287-303). Springer VS.
    https://doi.org/10.1007/978-3-658-22095-2_19

    VERBI Software. MAXQDA manual: Intercoder agreement.
    https://www.maxqda.com/help-mx24/coding/problem-intercoder-agreement-qualitative-research

    Examples
    --------
    >>> seg = pd.DataFrame({"document": ["d", "d"], "code": ["A", "A"], "coder": ["x", "y"],
    ...                     "start": [0, 2], "end": [6, 8]})
    >>> res = segment_agreement(seg, document_lengths={"d": 10, "e": 5})
    >>> row = res.per_code.iloc[0]
    >>> round(float(row["percent_agreement_characters"]), 4), round(float(row["kappa_characters"]), 4)
    (0.7333, 0.4444)
    >>> float(res.alpha["alpha"].iloc[0])
    1.0
    """
    seg = check_segments(segments, coder=True)
    overlap = _check_overlap(overlap)
    lengths = _check_lengths(document_lengths, seg)
    chosen = _check_coders(coders, seg)
    keep = seg["coder"].isin(chosen).to_numpy()
    n_dropped = int((~keep).sum())
    seg = seg.loc[keep]
    codes = label_order(seg["code"], "segments")
    k = len(codes)
    n_docs = len(lengths)
    total_length = int(lengths.sum())

    doc_index = pd.Index(lengths.index)
    seg = seg.assign(
        _doc=doc_index.get_indexer(seg["document"]).astype(np.int64),
        _code=pd.Index(codes).get_indexer(seg["code"]).astype(np.int64),
        _coder=pd.Index(chosen).get_indexer(seg["coder"]).astype(np.int64),
        _row=np.arange(len(seg)),
    )
    seg["_group"] = seg["_doc"] * k + seg["_code"]
    doc_len = lengths.to_numpy()

    def union_of(part: pd.DataFrame) -> pd.Series:
        if len(part) == 0:
            return pd.Series(dtype=np.int64)
        return _union_lengths(part["_group"].to_numpy(), part["start"].to_numpy(), part["end"].to_numpy())

    by_coder = {i: seg.loc[seg["_coder"] == i] for i in range(len(chosen))}
    covered = {i: union_of(part) for i, part in by_coder.items()}

    doc_rows: list[pd.DataFrame] = []
    code_rows: list[pd.DataFrame] = []
    pair_rows: list[dict[str, object]] = []
    for i, j in combinations(range(len(chosen)), 2):
        s1, s2 = by_coder[i], by_coder[j]
        joint = union_of(pd.concat([s1, s2]))
        groups = joint.index.to_numpy()
        len_1 = covered[i].reindex(groups, fill_value=0).to_numpy()
        len_2 = covered[j].reindex(groups, fill_value=0).to_numpy()
        both = len_1 + len_2 - joint.to_numpy()
        docs_of, codes_of = groups // k, groups % k
        table = pd.DataFrame(
            {
                "coder_1": chosen[i],
                "coder_2": chosen[j],
                "code": np.asarray(codes, dtype=object)[codes_of],
                "document": np.asarray(doc_index, dtype=object)[docs_of],
                "length": doc_len[docs_of],
                "both_coded": both,
                "only_1": len_1 - both,
                "only_2": len_2 - both,
                "neither": doc_len[docs_of] - joint.to_numpy(),
                "_code": codes_of,
                "_doc": docs_of,
            }
        )

        # segment level: pairs of segments of the two coders with the same document and code
        left = s1[["_group", "_row", "start", "end"]]
        right = s2[["_group", "_row", "start", "end"]]
        cand = left.merge(right, on="_group", suffixes=("_1", "_2"))
        inter = np.minimum(cand["end_1"], cand["end_2"]) - np.maximum(cand["start_1"], cand["start_2"])
        inter = np.maximum(inter.to_numpy(), 0)
        union = (cand["end_1"] - cand["start_1"] + cand["end_2"] - cand["start_2"]).to_numpy() - inter
        hit = inter > 0 if overlap == 0.0 else (inter > 0) & (inter / union >= overlap)
        matched_rows_1 = np.unique(cand["_row_1"].to_numpy()[hit])
        matched_rows_2 = np.unique(cand["_row_2"].to_numpy()[hit])
        for side, part, matched in (("1", s1, matched_rows_1), ("2", s2, matched_rows_2)):
            flag = part["_row"].isin(matched).to_numpy()
            counts = pd.DataFrame({"_group": part["_group"].to_numpy(), "m": flag.astype(np.int64)})
            agg = counts.groupby("_group")["m"].agg(["size", "sum"]).reindex(groups, fill_value=0)
            table[f"segments_{side}"] = agg["size"].to_numpy(dtype=np.int64)
            table[f"matched_{side}"] = agg["sum"].to_numpy(dtype=np.int64)
            table[f"unmatched_{side}"] = table[f"segments_{side}"] - table[f"matched_{side}"]

        per_code = table.groupby("_code", sort=True)[
            ["both_coded", "only_1", "only_2", "segments_1", "matched_1", "unmatched_1", "segments_2", "matched_2",
             "unmatched_2"]
        ].sum()
        per_code["neither"] = total_length - per_code[["both_coded", "only_1", "only_2"]].sum(axis=1)
        per_code["n_characters"] = total_length
        per_code.insert(0, "code", np.asarray(codes, dtype=object)[per_code.index.to_numpy()])
        per_code.insert(0, "coder_2", chosen[j])
        per_code.insert(0, "coder_1", chosen[i])
        doc_rows.append(table)
        code_rows.append(per_code.reset_index())

        cells = per_code[["both_coded", "only_1", "only_2", "neither"]].sum()
        po, kappa = _kappa_2x2(*(np.array([cells[name]]) for name in _TABLE))
        matched = int(per_code["matched_1"].sum() + per_code["matched_2"].sum())
        unmatched = int(per_code["unmatched_1"].sum() + per_code["unmatched_2"].sum())
        pair_rows.append(
            {
                "coder_1": chosen[i],
                "coder_2": chosen[j],
                "codes": len(per_code),
                "n_characters": total_length * len(per_code),
                **{name: int(cells[name]) for name in _TABLE},
                "percent_agreement_characters": float(po[0]),
                "kappa_characters": float(kappa[0]),
                "matched": matched,
                "unmatched": unmatched,
                "percent_agreement_segments": matched / (matched + unmatched),
            }
        )

    def finish(frame: pd.DataFrame) -> pd.DataFrame:
        po, kappa = _kappa_2x2(*(frame[name].to_numpy() for name in _TABLE))
        frame["percent_agreement_characters"] = po
        frame["kappa_characters"] = kappa
        # every row has a segment of at least one of the two coders
        frame["percent_agreement_segments"] = (frame["matched_1"] + frame["matched_2"]) / (
            frame["segments_1"] + frame["segments_2"])
        return frame

    per_document = finish(pd.concat(doc_rows, keys=range(len(doc_rows)), names=["_pair", None]).reset_index(0))
    per_document = per_document.sort_values(["_pair", "_code", "_doc"], kind="stable")[
        ["coder_1", "coder_2", "code", "document", "length", *_TABLE, "percent_agreement_characters",
         "kappa_characters", "segments_1", "matched_1", "unmatched_1", "segments_2", "matched_2", "unmatched_2",
         "percent_agreement_segments"]
    ].reset_index(drop=True)
    per_code = finish(pd.concat(code_rows, ignore_index=True))
    per_code = per_code[
        ["coder_1", "coder_2", "code", "n_characters", *_TABLE, "percent_agreement_characters",
         "kappa_characters", "segments_1", "matched_1", "unmatched_1", "segments_2", "matched_2", "unmatched_2",
         "percent_agreement_segments"]
    ]
    pairs = pd.DataFrame(pair_rows)

    n_undefined = int(per_document["kappa_characters"].isna().sum() + per_code["kappa_characters"].isna().sum()
                      + pairs["kappa_characters"].isna().sum())
    if n_undefined:
        warnings.warn(
            f"segment_agreement: {n_undefined} character-level table(s) have all characters in one category for "
            "both coders (e.g. both coded a whole document with the code), so p_e = 1 and kappa is undefined; "
            "kappa_characters is NaN there (percent agreement 1)",
            RuntimeWarning,
            stacklevel=2,
        )

    # --- Krippendorff's alpha on the presence of each code per document -------------------------
    presence = np.zeros((k, n_docs, len(chosen)), dtype=np.int64)
    presence[seg["_code"].to_numpy(), seg["_doc"].to_numpy(), seg["_coder"].to_numpy()] = 1
    alpha_rows = []
    constant_codes = []
    for c in range(k):
        ratings = presence[c]
        if ratings.min() == ratings.max():
            constant_codes.append(codes[c])
            alpha = d_obs = d_exp = np.nan
        else:
            res = krippendorff_alpha(pd.DataFrame(ratings, columns=list(chosen)), level="nominal")
            alpha, d_obs, d_exp = res.statistic, res.observed, res.expected
        alpha_rows.append(
            {"code": codes[c], "alpha": alpha, "observed": d_obs, "expected": d_exp, "n_documents": n_docs,
             "n_coders": len(chosen), "ratings_present": int(ratings.sum())}
        )
    if constant_codes:
        warnings.warn(
            f"segment_agreement: code(s) {constant_codes!r} are present in every one of the {n_docs} documents for "
            "every coder, so the expected disagreement De = 0 and Krippendorff's alpha is undefined (NaN)",
            RuntimeWarning,
            stacklevel=2,
        )
    alpha_table = pd.DataFrame(alpha_rows)

    threshold = "any shared character (overlap = 0)" if overlap == 0.0 else (
        f"|s & t| / |s | t| >= {overlap:g}")
    method = (
        f"{len(chosen)} coders ({len(list(combinations(chosen, 2)))} pair(s)) on {n_docs} documents "
        f"({n_dropped} segment(s) of other coders left out); character level: each character coded/uncoded per "
        "code, segments of one coder united, percent agreement and Cohen's kappa of the 2 x 2 table from interval "
        "lengths, pooled per code over all documents; segment level (MAXQDA): a segment is matched when the other "
        f"coder has a segment of the same code in the document with {threshold}, percent agreement = matched / "
        "(matched + unmatched) over the segments of both coders; code presence per document: Krippendorff's alpha "
        "(nominal) over all coders"
    )
    return SegmentAgreement(
        coders=tuple(chosen),
        overlap=overlap,
        per_code=per_code.reset_index(drop=True),
        per_document=per_document,
        pairs=pairs,
        alpha=alpha_table,
        n_documents=n_docs,
        n_segments_dropped=n_dropped,
        method=method,
    )
