r"""Counts on coded interview segments: code frequencies, codes by attribute, code co-occurrence.

The functions take plain DataFrames in the layout of the coded corpus (DESIGN.md §4), never
the corpus object itself:

``segments``
    One row per coded segment: ``document`` (id), ``code`` (id), ``start`` and ``end`` in
    code points of the document text, end exclusive (``text[start:end]``); ``coder`` is
    needed only by :func:`kosieval.stats.segments.segment_agreement`. Further columns are
    ignored.
``documents``
    One row per interview: ``id`` plus one column per attribute (actor group, city, ...).

Duplicate segments (the same passage coded by several coders) are counted as given; where a
function counts documents, a document counts once however many segments it has.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from kosieval.stats.arguments import check_choice, check_column, label_order

__all__ = [
    "CodeFrequencies",
    "CodeMatrix",
    "Cooccurrence",
    "check_documents",
    "check_segments",
    "code_by_attribute",
    "code_cooccurrence",
    "code_frequencies",
]

_SEGMENT_COLUMNS = ("document", "code", "start", "end")
_MODES = ("overlap", "document", "proximity")
_MEASURES = ("documents", "segments")
_TOTAL = "total"


# --- argument checks shared with kosieval.stats.segments ---------------------------------------


def check_segments(segments: object, *, coder: bool = False) -> pd.DataFrame:
    """Return the segment table with ``document``, ``code``, int64 ``start``/``end`` (and ``coder``).

    ValueError naming ``segments`` when it is not a DataFrame, lacks a column, has no rows,
    a missing document or code, non-integer or negative offsets, or a segment with
    ``end <= start``. The index of ``segments`` is kept (messages name its labels).
    """
    if not isinstance(segments, pd.DataFrame):
        raise ValueError(
            f"segments: must be a pandas DataFrame with columns document, code, start, end, got "
            f"{type(segments).__name__}"
        )
    required = _SEGMENT_COLUMNS + (("coder",) if coder else ())
    missing = [c for c in required if c not in segments.columns]
    if missing:
        raise ValueError(f"segments: missing column(s) {missing!r}")
    if segments.columns.has_duplicates:
        dup = list(segments.columns[segments.columns.duplicated()].unique())
        raise ValueError(f"segments: duplicated column names {dup!r}")
    if len(segments) == 0:
        raise ValueError("segments: has no rows, there is nothing to count")
    for column in ("document", "code"):
        absent = segments[column].isna()
        if absent.any():
            raise ValueError(f"segments: row {segments.index[int(absent.to_numpy().argmax())]!r} has no {column}")
    offsets = {}
    for column in ("start", "end"):
        values = segments[column]
        if pd.api.types.is_bool_dtype(values.dtype) or not pd.api.types.is_numeric_dtype(values.dtype):
            raise ValueError(f"segments: column {column!r} must hold integer offsets, got dtype {values.dtype}")
        array = values.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(array) | (array != np.round(array)) | (array < 0)
        if bad.any():
            pos = int(bad.argmax())
            value = array[pos]
            shown = str(int(value)) if np.isfinite(value) and value == np.round(value) else str(float(value))
            raise ValueError(
                f"segments: {column} of row {segments.index[pos]!r} is {shown}; offsets must be whole numbers >= 0 "
                "(code points)"
            )
        offsets[column] = array.astype(np.int64)
    empty = offsets["end"] <= offsets["start"]
    if empty.any():
        raise ValueError(f"segments: row {segments.index[int(empty.argmax())]!r} ends where it starts or before")
    table = pd.DataFrame(
        {"document": segments["document"], "code": segments["code"], "start": offsets["start"],
         "end": offsets["end"]},
        index=segments.index,
    )
    if coder:
        table["coder"] = segments["coder"]
    return table


def check_documents(documents: object, segments: pd.DataFrame, columns: tuple[Hashable, ...]) -> pd.DataFrame:
    """Return ``documents[["id", *columns]]``; ValueError naming ``documents`` or the column's parameter.

    ``documents`` must be a DataFrame with unique ``id`` values covering every document of
    ``segments``.
    """
    if not isinstance(documents, pd.DataFrame):
        raise ValueError(f"documents: must be a pandas DataFrame with an id column, got {type(documents).__name__}")
    if "id" not in documents.columns:
        raise ValueError("documents: missing column 'id'")
    if documents.columns.has_duplicates:
        dup = list(documents.columns[documents.columns.duplicated()].unique())
        raise ValueError(f"documents: duplicated column names {dup!r}")
    ids = documents["id"]
    if ids.isna().any():
        raise ValueError("documents: an id is missing")
    if ids.duplicated().any():
        raise ValueError(f"documents: id {ids[ids.duplicated()].iloc[0]!r} occurs more than once")
    unknown = ~segments["document"].isin(ids)
    if unknown.any():
        raise ValueError(f"segments: document {segments['document'][unknown].iloc[0]!r} is not in documents")
    return documents[["id", *columns]].reset_index(drop=True)


def _attribute(documents: pd.DataFrame, column: object, name: str) -> Hashable:
    """Check that ``column`` is an attribute column of ``documents`` (not ``id``)."""
    try:
        label = check_column(documents, column, name)
    except ValueError:
        raise ValueError(f"{name}: {column!r} is not a column of documents") from None
    if label == "id":
        raise ValueError(f"{name}: must name an attribute column of documents, not 'id'")
    return label


# --- code frequencies --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CodeFrequencies:
    """How often each code was used: segments, documents, interviewees, overall and by attribute.

    Attributes
    ----------
    table
        One row per code (column ``code``, codes sorted): ``segments`` (segments as given,
        duplicates of several coders included), ``documents`` (documents with at least one
        segment of the code), ``share_documents`` (``documents / n_documents``) and, with
        ``interviewee``, ``interviewees`` (distinct non-missing interviewee values among those
        documents).
    by
        The attribute column of ``by``, or None.
    by_table
        With ``by``: one row per code x attribute value (all combinations, zeros included):
        ``code``, the attribute (column named as ``by``), ``segments``, ``documents``,
        ``share_documents`` (documents with the code / documents with that value) and, with
        ``interviewee``, ``interviewees``. None without ``by``.
    group_sizes
        With ``by``: one row per attribute value: the attribute, ``documents`` (all documents
        with that value, coded or not) and, with ``interviewee``, ``interviewees``. None
        without ``by``.
    n_segments
        Segments counted.
    n_documents
        Denominator of ``share_documents``: the rows of ``documents`` if given, else the
        documents that occur in ``segments``.
    n_interviewees
        Distinct non-missing interviewee values in ``documents`` (None without
        ``interviewee``).
    n_documents_without_by
        Documents with a missing ``by`` value: left out of ``by_table`` and ``group_sizes``
        (0 without ``by``).
    method
        The conventions, in words.
    """

    table: pd.DataFrame
    by: Hashable | None
    by_table: pd.DataFrame | None
    group_sizes: pd.DataFrame | None
    n_segments: int
    n_documents: int
    n_interviewees: int | None
    n_documents_without_by: int
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the per-code table (the per-attribute counts are in :attr:`by_table`)."""
        return self.table.copy()


def code_frequencies(
    segments: pd.DataFrame,
    *,
    documents: pd.DataFrame | None = None,
    by: Hashable | None = None,
    interviewee: Hashable | None = None,
) -> CodeFrequencies:
    r"""Frequencies of the codes: segments, documents and interviewees, overall and per attribute value.

    Parameters
    ----------
    segments
        The coded segments (columns ``document``, ``code``, ``start``, ``end``; see the module
        docstring). Every row counts as one segment, so a passage coded by two coders counts
        twice in ``segments`` but its document counts once in ``documents``.
    documents
        The documents (column ``id`` plus attribute columns). When given, its rows are the
        denominator of the document shares (documents without any segment count too) and it
        must contain every document of ``segments``. Needed for ``by`` and ``interviewee``.
    by
        An attribute column of ``documents`` (actor group, city, ...): the counts are also
        given per value of this attribute (:attr:`CodeFrequencies.by_table`).
    interviewee
        An attribute column of ``documents`` naming the interviewee: the number of distinct
        interviewees with the code is reported (an interviewee with two interviews counts
        once). Documents with a missing interviewee value are not counted as interviewees.

    Returns
    -------
    CodeFrequencies

    Raises
    ------
    ValueError
        ``segments`` or ``documents`` malformed (see :func:`check_segments`,
        :func:`check_documents`); ``by`` or ``interviewee`` without ``documents`` or not an
        attribute column; ``by`` named like a column of the result table.

    Notes
    -----
    For code :math:`c` with segment set :math:`S_c` and :math:`N` documents:
    :math:`\text{segments}_c = |S_c|`, :math:`\text{documents}_c = |\{\text{doc}(s): s \in
    S_c\}|`, :math:`\text{share}_c = \text{documents}_c / N`. Per attribute value
    :math:`v` the same counts use only the segments and documents with value :math:`v`, and
    the share divides by :math:`N_v`, the documents with value :math:`v`. These are the
    "code frequencies" of the QDA programs (e.g. MAXQDA's count of coded segments and of
    documents with the code) written as plain counts.
    """
    seg = check_segments(segments)
    if documents is None:
        for name, value in (("by", by), ("interviewee", interviewee)):
            if value is not None:
                raise ValueError(f"{name}: needs the documents table (documents=...) to look up the attribute")
        docs = None
    else:
        columns: list[Hashable] = []
        if not isinstance(documents, pd.DataFrame):
            check_documents(documents, seg, ())  # raises
        if by is not None:
            columns.append(_attribute(documents, by, "by"))
        if interviewee is not None:
            label = _attribute(documents, interviewee, "interviewee")
            if label not in columns:
                columns.append(label)
        docs = check_documents(documents, seg, tuple(columns))
    reserved = ("code", "segments", "documents", "share_documents", "interviewees")
    if by is not None and by in reserved:
        raise ValueError(f"by: the attribute column must not be named {by!r} (a column of the result); rename it")

    codes = label_order(seg["code"], "segments")
    n_segments = len(seg)
    n_documents = len(docs) if docs is not None else int(seg["document"].nunique())
    table = pd.DataFrame({"code": codes})
    table["segments"] = seg.groupby("code", sort=False).size().reindex(codes).to_numpy(dtype=np.int64)
    table["documents"] = seg.groupby("code", sort=False)["document"].nunique().reindex(codes).to_numpy(dtype=np.int64)
    table["share_documents"] = table["documents"] / n_documents
    n_interviewees = None
    if interviewee is not None and docs is not None:
        people = docs[["id", interviewee]].rename(columns={"id": "document", interviewee: "_who"})
        with_person = seg[["document", "code"]].drop_duplicates().merge(people, on="document", how="left")
        counts = with_person.dropna(subset=["_who"]).groupby("code", sort=False)["_who"].nunique()
        table["interviewees"] = counts.reindex(codes, fill_value=0).to_numpy(dtype=np.int64)
        n_interviewees = int(docs[interviewee].nunique(dropna=True))

    by_table = group_sizes = None
    n_without = 0
    if by is not None and docs is not None:
        has_value = docs[by].notna()
        n_without = int((~has_value).sum())
        values = label_order(docs[by], "by")
        lookup = docs.loc[has_value, ["id", by]].rename(columns={"id": "document"})
        merged = seg.merge(lookup, on="document", how="inner")
        full = pd.MultiIndex.from_product([codes, values], names=["code", by])
        grouped = merged.groupby(["code", by], sort=False)
        by_table = pd.DataFrame(index=full)
        by_table["segments"] = grouped.size().reindex(full, fill_value=0).to_numpy(dtype=np.int64)
        by_table["documents"] = grouped["document"].nunique().reindex(full, fill_value=0).to_numpy(dtype=np.int64)
        sizes = docs.loc[has_value].groupby(by, sort=False)["id"].size().reindex(values)
        group_sizes = pd.DataFrame({by: values, "documents": sizes.to_numpy(dtype=np.int64)})
        by_table["share_documents"] = by_table["documents"].to_numpy() / np.tile(
            group_sizes["documents"].to_numpy(dtype=float), len(codes))
        if interviewee is not None:
            people = docs.loc[has_value, ["id", by, interviewee]].rename(
                columns={"id": "document", interviewee: "_who"})
            pairs = seg[["document", "code"]].drop_duplicates().merge(people, on="document", how="inner")
            per = pairs.dropna(subset=["_who"]).groupby(["code", by], sort=False)["_who"].nunique()
            by_table["interviewees"] = per.reindex(full, fill_value=0).to_numpy(dtype=np.int64)
            group_sizes["interviewees"] = (
                people.dropna(subset=["_who"]).groupby(by, sort=False)["_who"].nunique()
                .reindex(values, fill_value=0).to_numpy(dtype=np.int64)
            )
        by_table = by_table.reset_index()

    parts = [
        f"{n_segments} segments counted as given (segments of several coders each count)",
        "documents counted once per code",
        f"shares of documents out of {n_documents} "
        + ("documents in the documents table" if docs is not None else "documents occurring in the segments"),
    ]
    if interviewee is not None:
        parts.append(f"interviewees = distinct non-missing values of {interviewee!r}")
    if by is not None:
        parts.append(
            f"per value of {by!r}: shares out of the documents with that value; {n_without} document(s) with a "
            "missing value left out"
        )
    return CodeFrequencies(
        table=table,
        by=by,
        by_table=by_table,
        group_sizes=group_sizes,
        n_segments=n_segments,
        n_documents=n_documents,
        n_interviewees=n_interviewees,
        n_documents_without_by=n_without,
        method="code frequencies: " + "; ".join(parts),
    )


# --- code x attribute matrix -------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CodeMatrix:
    """A code x attribute-value table of counts with row and column totals.

    Attributes
    ----------
    matrix
        Rows = codes (index ``code``, sorted) plus a last row ``"total"``; columns = the
        attribute values (sorted, or in categorical order) plus a last column ``"total"``.
        Cells: documents with the code (``measure="documents"``) or segments of the code
        (``measure="segments"``). Totals: see :func:`code_by_attribute`.
    attribute
        The attribute column.
    measure
        ``"documents"`` or ``"segments"``.
    group_sizes
        Documents per attribute value (all documents with that value, coded or not), a
        Series indexed by value.
    n_documents_missing
        Documents with a missing attribute value, left out of the matrix.
    n_segments_dropped
        Segments in those documents, left out of the matrix.
    method
        The conventions, in words.
    """

    matrix: pd.DataFrame
    attribute: Hashable
    measure: str
    group_sizes: pd.Series
    n_documents_missing: int
    n_segments_dropped: int
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the cells without totals as a tidy frame: ``code``, the attribute, ``count``."""
        body = self.matrix.drop(index=_TOTAL, columns=_TOTAL)
        long = body.stack().rename("count").reset_index()
        return long.rename(columns={long.columns[1]: self.attribute})


def code_by_attribute(
    segments: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    attribute: Hashable,
    measure: Literal["documents", "segments"] = "documents",
) -> CodeMatrix:
    r"""Codes by the values of a document attribute (actor group, city): a matrix with totals.

    Parameters
    ----------
    segments
        The coded segments (columns ``document``, ``code``, ``start``, ``end``).
    documents
        The documents: ``id`` plus attribute columns; must contain every document of
        ``segments``.
    attribute
        The attribute column of ``documents`` whose values form the columns.
    measure
        ``"documents"`` (default): each cell counts the documents with that value that have
        at least one segment of the code. ``"segments"``: each cell counts the segments (as
        given, duplicates of several coders included).

    Returns
    -------
    CodeMatrix

    Raises
    ------
    ValueError
        Malformed ``segments`` or ``documents``; ``attribute`` not an attribute column;
        unknown ``measure``; a code or attribute value named ``"total"`` (the label of the
        margins).

    Warns
    -----
    RuntimeWarning
        When documents with segments have no value of ``attribute``: their segments are left
        out of the matrix (the numbers are in the result).

    Notes
    -----
    With :math:`n_{cv}` the cell of code :math:`c` and value :math:`v`:

    - ``"segments"``: the row total is :math:`\sum_v n_{cv}` (segments of the code), the
      column total :math:`\sum_c n_{cv}` (segments in documents with value :math:`v`), the
      grand total all segments counted.
    - ``"documents"``: a document has one value, so the row total :math:`\sum_v n_{cv}` is
      the number of documents with the code. The column total is **not** the column sum (a
      document with several codes would count several times) but the number of distinct
      documents with value :math:`v` that have at least one coded segment; the grand total
      is the number of distinct coded documents. The number of all documents per value
      (coded or not) is :attr:`CodeMatrix.group_sizes`.
    """
    measure = check_choice(measure, "measure", _MEASURES)
    seg = check_segments(segments)
    if not isinstance(documents, pd.DataFrame):
        check_documents(documents, seg, ())  # raises
    column = _attribute(documents, attribute, "attribute")
    docs = check_documents(documents, seg, (column,))
    codes = label_order(seg["code"], "segments")
    values = label_order(docs[column], "attribute")
    if _TOTAL in codes:
        raise ValueError(f"segments: a code is named {_TOTAL!r}, the label of the totals; rename it")
    if _TOTAL in values:
        raise ValueError(f"attribute: a value of {column!r} is {_TOTAL!r}, the label of the totals; rename it")

    has_value = docs[column].notna()
    lookup = docs.loc[has_value, ["id", column]].rename(columns={"id": "document", column: "_value"})
    merged = seg.merge(lookup, on="document", how="inner")
    n_dropped = len(seg) - len(merged)
    n_missing = int((~has_value).sum())
    if n_dropped:
        missing_coded = int(seg.loc[~seg["document"].isin(lookup["document"]), "document"].nunique())
        warnings.warn(
            f"code_by_attribute: {missing_coded} coded document(s) have no value of {column!r}; their "
            f"{n_dropped} segment(s) are left out of the matrix",
            RuntimeWarning,
            stacklevel=2,
        )
    if measure == "segments":
        cells = merged.groupby(["code", "_value"], sort=False).size()
    else:
        cells = merged.groupby(["code", "_value"], sort=False)["document"].nunique()
    body = cells.unstack("_value").reindex(index=codes, columns=values).fillna(0).astype(np.int64)
    if measure == "segments":
        column_total = body.sum(axis=0)
        grand = int(len(merged))
    else:
        column_total = merged.groupby("_value", sort=False)["document"].nunique().reindex(values, fill_value=0)
        grand = int(merged["document"].nunique())
    matrix = body.copy()
    matrix[_TOTAL] = body.sum(axis=1)
    matrix.loc[_TOTAL] = [*column_total.astype(np.int64).tolist(), grand]
    matrix = matrix.astype(np.int64)
    matrix.index.name = "code"
    matrix.columns.name = column
    sizes = docs.loc[has_value].groupby(column, sort=False)["id"].size().reindex(values).astype(np.int64)
    sizes.name = "documents"
    if measure == "segments":
        totals = "totals are sums of the cells"
    else:
        totals = ("row totals = documents with the code; column totals = distinct coded documents with the value "
                  "(not the column sum)")
    method = (
        f"{measure} per code and value of {column!r}"
        + (" (segments counted as given)" if measure == "segments" else " (each document counted once per cell)")
        + f"; {totals}; {n_missing} document(s) without a value and their {n_dropped} segment(s) left out"
    )
    return CodeMatrix(
        matrix=matrix,
        attribute=column,
        measure=measure,
        group_sizes=sizes,
        n_documents_missing=n_missing,
        n_segments_dropped=n_dropped,
        method=method,
    )


# --- co-occurrence -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Cooccurrence:
    """Symmetric code x code co-occurrence counts with the c-coefficient.

    Attributes
    ----------
    mode
        ``"overlap"``, ``"document"`` or ``"proximity"``.
    distance
        The largest gap in code points for ``"proximity"`` (0 for the other modes).
    unit
        Unit of :attr:`counts`: ``"segment pairs"`` (overlap, proximity) or ``"documents"``.
    codes
        The codes, sorted; the order of the rows and columns.
    counts
        Code x code (int). Off the diagonal :math:`n_{AB}`: the pairs (segment of A, segment
        of B) in the same document that overlap (``"overlap"``) or lie within ``distance``
        (``"proximity"``), or the documents containing both codes (``"document"``). On the
        diagonal :math:`n_A`: the segments (``"document"``: documents) of the code, so that the
        c-coefficient of a code with itself is 1.
    documents
        Code x code (int): documents in which A and B co-occur at least once in the sense of
        ``mode`` (for ``"document"`` equal to :attr:`counts`); diagonal: documents with the
        code.
    c_coefficient
        Code x code: :math:`c = n_{AB} / (n_A + n_B - n_{AB})` from :attr:`counts` and its
        diagonal; NaN where the denominator is not positive (with a warning).
    c_documents
        The c-coefficient in the unit documents, from :attr:`documents` (always within
        [0, 1]).
    code_counts
        One row per code: ``code``, ``segments``, ``documents``.
    n_segments, n_documents
        Segments and documents (occurring in ``segments``) analysed.
    method
        The conventions, in words.
    """

    mode: str
    distance: int
    unit: str
    codes: tuple[Hashable, ...]
    counts: pd.DataFrame
    documents: pd.DataFrame
    c_coefficient: pd.DataFrame
    c_documents: pd.DataFrame
    code_counts: pd.DataFrame
    n_segments: int
    n_documents: int
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return one row per pair of different codes (A before B in code order).

        Columns ``code_a``, ``code_b``, ``count``, ``documents``, ``n_a``, ``n_b`` (in the
        unit of ``count``), ``c_coefficient``, ``c_documents``.
        """
        k = len(self.codes)
        rows, cols = np.triu_indices(k, 1)
        n = np.diag(self.counts.to_numpy())
        code_arr = np.asarray(self.codes, dtype=object)
        return pd.DataFrame(
            {
                "code_a": code_arr[rows],
                "code_b": code_arr[cols],
                "count": self.counts.to_numpy()[rows, cols],
                "documents": self.documents.to_numpy()[rows, cols],
                "n_a": n[rows],
                "n_b": n[cols],
                "c_coefficient": self.c_coefficient.to_numpy()[rows, cols],
                "c_documents": self.c_documents.to_numpy()[rows, cols],
            }
        )


def _pair_indices(key: np.ndarray, reach: np.ndarray, side: Literal["left", "right"]) -> tuple[np.ndarray, np.ndarray]:
    """All pairs i < j with ``key[j]`` before ``reach[i]`` (``key`` sorted), as two index arrays.

    For each i the partners are the run ``i+1 .. hi_i - 1`` with
    ``hi_i = searchsorted(key, reach[i], side)``; the runs are expanded without a loop.
    """
    n = key.shape[0]
    hi = np.searchsorted(key, reach, side=side)
    counts = np.maximum(hi - np.arange(n) - 1, 0)
    total = int(counts.sum())
    first = np.repeat(np.arange(n), counts)
    run_start = np.repeat(np.cumsum(counts) - counts, counts)
    second = first + 1 + (np.arange(total) - run_start)
    return first, second


def _c_coefficient(pairs: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, int, int]:
    """The c-coefficient n_AB / (n_A + n_B - n_AB), NaN where the denominator is <= 0; counts of those and of c > 1."""
    denominator = n[:, None] + n[None, :] - pairs
    positive = denominator > 0
    c = np.full(pairs.shape, np.nan)
    c[positive] = pairs[positive] / denominator[positive]
    upper = np.triu(np.ones(pairs.shape, dtype=bool), 1)
    return c, int((~positive & upper).sum()), int((positive & upper & (c > 1)).sum())


def code_cooccurrence(
    segments: pd.DataFrame,
    *,
    mode: Literal["overlap", "document", "proximity"] = "overlap",
    distance: int = 0,
) -> Cooccurrence:
    r"""Co-occurrence of codes: overlapping segments, shared documents or segments close to each other.

    Parameters
    ----------
    segments
        The coded segments (columns ``document``, ``code``, ``start``, ``end``; end
        exclusive, in code points). Segments are used as given: segments of several coders
        all take part, and pairs of two segments of the same code are not counted.
    mode
        ``"overlap"`` (default): a segment of A and a segment of B in the same document whose
        ranges share at least one character, :math:`\max(s_A, s_B) < \min(e_A, e_B)`
        (segments that only touch, :math:`e_A = s_B`, do not overlap).
        ``"document"``: a document containing both codes. ``"proximity"``: a segment of A and
        a segment of B in the same document with a gap of at most ``distance`` code points,
        :math:`\text{gap} = \max(0, \max(s_A, s_B) - \min(e_A, e_B)) \le` ``distance``; for
        the segment that starts first (a) this is :math:`\max(0, s_b - e_a)`. Overlapping
        and touching segments have gap 0, so they count as close.
    distance
        The largest gap for ``"proximity"``: an integer >= 0. Must be 0 for the other modes.

    Returns
    -------
    Cooccurrence
        ``counts``: pairs of segments (overlap, proximity) or documents (document);
        ``documents``: documents in which the codes co-occur at least once; the
        c-coefficients in both units.

    Raises
    ------
    ValueError
        Malformed ``segments``; unknown ``mode``; ``distance`` not an integer >= 0, or not 0
        outside ``"proximity"``.

    Warns
    -----
    RuntimeWarning
        When a c-coefficient in the unit segment pairs is undefined (:math:`n_A + n_B -
        n_{AB} \le 0`, possible because one segment can overlap several segments of the other
        code: NaN) or above 1 (kept, as ATLAS.ti shows such values flagged as out of range).

    Notes
    -----
    **Counts.** For ``"overlap"`` and ``"proximity"``, :math:`n_{AB}` is the number of pairs
    (segment of A, segment of B) in the same document that overlap, or lie within
    ``distance``; ``documents`` counts the documents with at least one such pair. For
    ``"document"``, with :math:`D` the 0/1 document x code matrix, the counts are
    :math:`D^\top D`. The diagonal holds :math:`n_A` (segments of A, resp. documents with A).

    **c-coefficient** (ATLAS.ti's code co-occurrence coefficient, a Jaccard-type index):

    .. math::

        c_{AB} = \frac{n_{AB}}{n_A + n_B - n_{AB}},

    with :math:`n_{AB}` the co-occurrences and :math:`n_A, n_B` the frequencies of the
    codes in the same unit: segments for ``"overlap"``/``"proximity"`` (``c_coefficient``;
    ATLAS.ti's definition with quotation frequencies) and documents for
    ``c_documents`` (the Jaccard (1912) index of the two sets of documents). 0 means the
    codes never co-occur, 1 that they co-occur wherever they are used. ATLAS.ti notes that
    the coefficient assumes separate, non-overlapping units: when one segment of A overlaps
    several segments of B, :math:`n_{AB}` can exceed :math:`\min(n_A, n_B)` and :math:`c`
    can leave [0, 1] or be undefined; ``c_documents`` never does.

    **Algorithm.** Segments are sorted by (document, start) once; for each segment the
    partners are the following segments of the same document that start before its end
    (overlap) or at most ``distance`` after it (proximity), found with one
    ``numpy.searchsorted`` on the key ``document * span + start``; the pairs are expanded
    and tallied with ``numpy.bincount``. No loop runs over documents or codes (50,000
    segments in 500 documents take a few hundredths of a second).

    References
    ----------
    ATLAS.ti Scientific Software Development GmbH. ATLAS.ti Windows (v22) user manual:
    Code co-occurrence coefficient.
    https://doc.atlasti.com/ManualWin.v22/CodeCooccurrence/CodeCoOccurrenceTableCcoefficient.html

    Jaccard, P. (1912). The distribution of the flora in the alpine zone. New Phytologist,
    11(2), 37-50. https://doi.org/10.1111/j.1469-8137.1912.tb05611.x

    Examples
    --------
    >>> seg = pd.DataFrame({"document": ["d1", "d1", "d1"], "code": ["A", "B", "B"],
    ...                     "start": [0, 5, 30], "end": [10, 12, 40]})
    >>> res = code_cooccurrence(seg)
    >>> int(res.counts.loc["A", "B"]), float(res.c_coefficient.loc["A", "B"])
    (1, 0.5)
    """
    mode = check_choice(mode, "mode", _MODES)
    is_int = isinstance(distance, (int, np.integer)) and not isinstance(distance, (bool, np.bool_))
    if not is_int or distance < 0:
        raise ValueError(f"distance: must be an integer >= 0 (code points), got {distance!r}")
    distance = int(distance)
    if mode != "proximity" and distance != 0:
        raise ValueError(f"distance: only used with mode='proximity'; got distance={distance} with mode={mode!r}")
    seg = check_segments(segments)
    codes = label_order(seg["code"], "segments")
    k = len(codes)
    code = pd.Index(codes).get_indexer(seg["code"]).astype(np.int64)
    doc, doc_labels = pd.factorize(seg["document"])
    doc = doc.astype(np.int64)
    n_docs = len(doc_labels)
    start = seg["start"].to_numpy()
    end = seg["end"].to_numpy()

    n_seg_code = np.bincount(code, minlength=k).astype(np.int64)
    present = np.zeros((n_docs, k), dtype=np.int64)
    present[doc, code] = 1
    n_doc_code = present.sum(axis=0)

    if mode == "document":
        pairs = present.T @ present
        doc_pairs = pairs.copy()
        unit = "documents"
    else:
        order = np.lexsort((start, doc))
        d, s, e, c = doc[order], start[order], end[order], code[order]
        span = int(e.max()) + distance + 1
        key = d * span + s
        if mode == "overlap":
            first, second = _pair_indices(key, d * span + e, "left")  # start_j < end_i
        else:
            first, second = _pair_indices(key, d * span + e + distance, "right")  # start_j - end_i <= distance
        ca, cb = c[first], c[second]
        keep = ca != cb
        lo = np.minimum(ca, cb)[keep]
        hi = np.maximum(ca, cb)[keep]
        flat = lo * k + hi
        upper = np.bincount(flat, minlength=k * k).reshape(k, k)
        pairs = upper + upper.T
        np.fill_diagonal(pairs, n_seg_code)
        in_doc = np.unique(d[first][keep] * (k * k) + flat) % (k * k)
        upper_doc = np.bincount(in_doc, minlength=k * k).reshape(k, k)
        doc_pairs = upper_doc + upper_doc.T
        np.fill_diagonal(doc_pairs, n_doc_code)
        unit = "segment pairs"

    c_unit, n_undefined, n_above = _c_coefficient(pairs.astype(float), np.diag(pairs).astype(float))
    c_docs, _, _ = _c_coefficient(doc_pairs.astype(float), np.diag(doc_pairs).astype(float))
    if n_undefined:
        warnings.warn(
            f"code_cooccurrence: for {n_undefined} pair(s) of codes n_A + n_B - n_AB <= 0 (segments of one code "
            "overlap several segments of the other), so the c-coefficient in segment pairs is undefined and NaN; "
            "c_documents is defined",
            RuntimeWarning,
            stacklevel=2,
        )
    if n_above:
        warnings.warn(
            f"code_cooccurrence: for {n_above} pair(s) of codes the c-coefficient in segment pairs exceeds 1 (a "
            "segment co-occurs with several segments of the other code; ATLAS.ti flags such values as out of "
            "range); see c_documents",
            RuntimeWarning,
            stacklevel=2,
        )

    index = pd.Index(codes, name="code")

    def square(values: np.ndarray) -> pd.DataFrame:
        frame = pd.DataFrame(values, index=index, columns=index.copy())
        frame.columns.name = "code"
        return frame

    if mode == "overlap":
        rule = "segments of two different codes in the same document sharing at least one character"
    elif mode == "proximity":
        rule = (f"segments of two different codes in the same document with gap max(0, start_b - end_a) <= "
                f"{distance} code points (overlapping and touching segments included)")
    else:
        rule = "documents containing both codes"
    method = (
        f"code co-occurrence ({mode}): {rule}; counts in {unit}, every segment as given (several coders "
        "included, pairs within one code not counted); diagonal = frequency of the code in that unit; "
        "c = n_AB / (n_A + n_B - n_AB) (ATLAS.ti c-coefficient) in that unit and in documents (c_documents)"
    )
    return Cooccurrence(
        mode=mode,
        distance=distance,
        unit=unit,
        codes=tuple(codes),
        counts=square(pairs.astype(np.int64)),
        documents=square(doc_pairs.astype(np.int64)),
        c_coefficient=square(c_unit),
        c_documents=square(c_docs),
        code_counts=pd.DataFrame({"code": codes, "segments": n_seg_code, "documents": n_doc_code}),
        n_segments=len(seg),
        n_documents=n_docs,
        method=method,
    )
