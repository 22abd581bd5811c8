"""Tests of kosieval.stats.qualitative: code frequencies, codes by attribute, code co-occurrence.

References: counts done by hand on the small corpus below (the hand count is written beside
each expected number), R 4.2 ``table``/``crossprod`` for the document counts, and brute-force
double loops over all pairs of segments (written here, independent of the vectorised sweep)
for random corpora. R does not run in the test suite. Setup of the R session::

    doc  <- c("d1","d1","d1","d1","d2","d2","d2","d3","d3","d3","d4")
    code <- c("A","A","B","C","A","B","C","B","A","A","C")
    grp  <- c(d1 = "admin", d2 = "civil", d3 = "admin", d4 = "civil")
    D <- (table(doc, code) > 0) * 1
    u <- unique(data.frame(code, doc))
"""

from __future__ import annotations

import dataclasses
import itertools
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from kosieval.stats.qualitative import (
    CodeFrequencies,
    CodeMatrix,
    Cooccurrence,
    code_by_attribute,
    code_cooccurrence,
    code_frequencies,
)

NAN = np.nan

# The hand corpus. Offsets in code points, end exclusive.
#   d1: A [0,10) by x and the same A [0,10) by y (a duplicate of two coders), B [5,15), C [20,30)
#   d2: A [0,5), B [5,9) (touches A, shares no character), C [100,110)
#   d3: B [0,50) enclosing A [10,20) and A [30,40)
#   d4: C [0,5);  d5: no segment
SEGMENTS = pd.DataFrame(
    {
        "document": ["d1", "d1", "d1", "d1", "d2", "d2", "d2", "d3", "d3", "d3", "d4"],
        "code": ["A", "A", "B", "C", "A", "B", "C", "B", "A", "A", "C"],
        "coder": ["x", "y", "x", "x", "x", "x", "x", "x", "x", "x", "x"],
        "start": [0, 0, 5, 20, 0, 5, 100, 0, 10, 30, 0],
        "end": [10, 10, 15, 30, 5, 9, 110, 50, 20, 40, 5],
        "text": ["..."] * 11,
    }
)
DOCUMENTS = pd.DataFrame(
    {
        "id": ["d1", "d2", "d3", "d4", "d5"],
        "name": ["Interview 1", "Interview 2", "Interview 3", "Interview 4", "Interview 5"],
        "group": ["admin", "civil", "admin", "civil", None],
        "person": ["p1", "p2", "p1", None, "p3"],
    }
)


def random_corpus(seed: int, n: int, n_docs: int, n_codes: int, doc_length: int, max_len: int) -> pd.DataFrame:
    """Random segments (possibly overlapping, duplicated, touching)."""
    rng = np.random.default_rng(seed)
    start = rng.integers(0, doc_length, n)
    return pd.DataFrame(
        {
            "document": [f"doc{i:03d}" for i in rng.integers(0, n_docs, n)],
            "code": [f"c{i:02d}" for i in rng.integers(0, n_codes, n)],
            "start": start,
            "end": start + rng.integers(1, max_len, n),
        }
    )


def brute_force(seg: pd.DataFrame, mode: str, distance: int) -> tuple[dict, dict]:
    """Pair counts and document counts per unordered pair of codes, by looping over all pairs of segments."""
    pairs: dict = {}
    docs: dict = {}
    for doc, part in seg.groupby("document"):
        rows = list(part[["code", "start", "end"]].itertuples(index=False))
        for (ca, sa, ea), (cb, sb, eb) in itertools.combinations(rows, 2):
            if ca == cb:
                continue
            gap = max(sa, sb) - min(ea, eb)  # > 0: characters between them; <= 0: they share or touch
            hit = gap < 0 if mode == "overlap" else max(0, gap) <= distance
            if hit:
                key = tuple(sorted((ca, cb)))
                pairs[key] = pairs.get(key, 0) + 1
                docs.setdefault(key, set()).add(doc)
    return pairs, {key: len(value) for key, value in docs.items()}


# --- code_frequencies ---------------------------------------------------------------------------


def test_code_frequencies_hand_counts() -> None:
    res = code_frequencies(SEGMENTS, documents=DOCUMENTS, interviewee="person")
    assert isinstance(res, CodeFrequencies)
    table = res.table.set_index("code")
    assert list(table.index) == ["A", "B", "C"]
    # R: table(code) -> A 5, B 3, C 3 (the duplicate A of coders x and y in d1 counts twice)
    assert table["segments"].tolist() == [5, 3, 3]
    # R: colSums(D) -> 3 3 3 (A: d1, d2, d3; B: d1, d2, d3; C: d1, d2, d4)
    assert table["documents"].tolist() == [3, 3, 3]
    # 3 documents of the 5 rows of DOCUMENTS (d5 has no segment but counts in the denominator)
    assert table["share_documents"].tolist() == pytest.approx([0.6, 0.6, 0.6], abs=1e-15)
    # A: persons of d1, d2, d3 = {p1, p2}; B: the same; C: d1, d2, d4 = {p1, p2} + missing -> 2
    assert table["interviewees"].tolist() == [2, 2, 2]
    assert res.n_segments == 11
    assert res.n_documents == 5
    assert res.n_interviewees == 3  # p1, p2, p3
    assert res.by is None and res.by_table is None and res.group_sizes is None
    assert res.n_documents_without_by == 0
    pd.testing.assert_frame_equal(res.to_frame(), res.table)
    assert "counted as given" in res.method


def test_code_frequencies_without_documents_uses_the_documents_in_segments() -> None:
    res = code_frequencies(SEGMENTS)
    # 3 of the 4 documents that occur in the segments (d1..d4)
    assert res.n_documents == 4
    assert res.table["share_documents"].tolist() == pytest.approx([0.75, 0.75, 0.75], abs=1e-15)
    assert "interviewees" not in res.table.columns
    assert res.n_interviewees is None


def test_code_frequencies_by_attribute_hand_counts() -> None:
    res = code_frequencies(SEGMENTS, documents=DOCUMENTS, by="group", interviewee="person")
    by = res.by_table
    assert list(by.columns) == ["code", "group", "segments", "documents", "share_documents", "interviewees"]
    assert list(zip(by["code"], by["group"])) == [
        ("A", "admin"), ("A", "civil"), ("B", "admin"), ("B", "civil"), ("C", "admin"), ("C", "civil")]
    # R: table(code, grp[doc]) -> A 4 1 / B 2 1 / C 1 2
    assert by["segments"].tolist() == [4, 1, 2, 1, 1, 2]
    # R: table(u$code, grp[u$doc]) -> A 2 1 / B 2 1 / C 1 2
    assert by["documents"].tolist() == [2, 1, 2, 1, 1, 2]
    # admin = {d1, d3}, civil = {d2, d4}: 2 documents each -> documents / 2
    assert by["share_documents"].tolist() == pytest.approx([1.0, 0.5, 1.0, 0.5, 0.5, 1.0], abs=1e-15)
    # admin documents belong to p1 only, civil to p2 (d4 has no person)
    assert by["interviewees"].tolist() == [1, 1, 1, 1, 1, 1]
    assert res.group_sizes["group"].tolist() == ["admin", "civil"]
    assert res.group_sizes["documents"].tolist() == [2, 2]
    assert res.group_sizes["interviewees"].tolist() == [1, 1]
    assert res.n_documents_without_by == 1  # d5
    assert "missing value left out" in res.method


def test_code_frequencies_by_keeps_codes_absent_in_a_group_as_zero() -> None:
    seg = SEGMENTS[SEGMENTS["code"] != "C"].copy()
    seg.loc[len(seg)] = ["d2", "Z", "x", 0, 3, "..."]
    res = code_frequencies(seg, documents=DOCUMENTS, by="group")
    z = res.by_table[res.by_table["code"] == "Z"]
    # Z: one segment in d2 (civil), none in admin
    assert z["segments"].tolist() == [0, 1]
    assert z["documents"].tolist() == [0, 1]
    assert z["share_documents"].tolist() == [0.0, 0.5]


def test_code_frequencies_argument_errors() -> None:
    with pytest.raises(ValueError, match="^by: needs the documents"):
        code_frequencies(SEGMENTS, by="group")
    with pytest.raises(ValueError, match="^interviewee: needs the documents"):
        code_frequencies(SEGMENTS, interviewee="person")
    with pytest.raises(ValueError, match="^by: 'city' is not a column of documents"):
        code_frequencies(SEGMENTS, documents=DOCUMENTS, by="city")
    with pytest.raises(ValueError, match="^by: must name an attribute column"):
        code_frequencies(SEGMENTS, documents=DOCUMENTS, by="id")
    with pytest.raises(ValueError, match="^interviewee: 'who'"):
        code_frequencies(SEGMENTS, documents=DOCUMENTS, interviewee="who")
    with pytest.raises(ValueError, match="^documents: must be a pandas DataFrame"):
        code_frequencies(SEGMENTS, documents=[["d1"]])
    with pytest.raises(ValueError, match="^segments: document 'd4' is not in documents"):
        code_frequencies(SEGMENTS, documents=DOCUMENTS[DOCUMENTS["id"] != "d4"])
    with pytest.raises(ValueError, match="^documents: id 'd1' occurs more than once"):
        code_frequencies(SEGMENTS, documents=pd.concat([DOCUMENTS, DOCUMENTS.iloc[:1]]))
    with pytest.raises(ValueError, match="^documents: missing column 'id'"):
        code_frequencies(SEGMENTS, documents=DOCUMENTS.drop(columns="id"))
    docs = DOCUMENTS.rename(columns={"group": "segments"})
    with pytest.raises(ValueError, match="^by: the attribute column must not be named 'segments'"):
        code_frequencies(SEGMENTS, documents=docs, by="segments")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.drop(columns="end"), r"^segments: missing column\(s\) \['end'\]"),
        (lambda s: s.iloc[0:0], "^segments: has no rows"),
        (lambda s: s.assign(start=s["start"].astype(float).where(s.index != 2, 1.5)),
         "^segments: start of row 2 is 1.5"),
        (lambda s: s.assign(start=s["start"].where(s.index != 3, -1)), "^segments: start of row 3 is -1"),
        (lambda s: s.assign(end=s["end"].astype(float).where(s.index != 4, NAN)), "^segments: end of row 4 is nan"),
        (lambda s: s.assign(end=s["start"].where(s.index != 5, s["end"])), "^segments: row 0 ends where it starts"),
        (lambda s: s.assign(start=s["start"].astype(str)), "^segments: column 'start' must hold integer offsets"),
        (lambda s: s.assign(code=s["code"].where(s.index != 6, None)), "^segments: row 6 has no code"),
        (lambda s: s.assign(document=s["document"].where(s.index != 1, None)), "^segments: row 1 has no document"),
    ],
)
def test_segment_table_errors(change: Callable[[pd.DataFrame], pd.DataFrame], message: str) -> None:
    bad = change(SEGMENTS.copy())
    for call in (lambda: code_frequencies(bad), lambda: code_cooccurrence(bad),
                 lambda: code_by_attribute(bad, DOCUMENTS, attribute="group")):
        with pytest.raises(ValueError, match=message):
            call()


def test_segments_must_be_a_dataframe() -> None:
    with pytest.raises(ValueError, match="^segments: must be a pandas DataFrame"):
        code_frequencies([["d1", "A", 0, 1]])


# --- code_by_attribute ----------------------------------------------------------------------------


def test_code_by_attribute_documents_hand_counts() -> None:
    res = code_by_attribute(SEGMENTS, DOCUMENTS, attribute="group")
    assert isinstance(res, CodeMatrix)
    m = res.matrix
    assert list(m.index) == ["A", "B", "C", "total"]
    assert list(m.columns) == ["admin", "civil", "total"]
    # R: table(u$code, grp[u$doc]) -> A 2 1 / B 2 1 / C 1 2; row totals = R colSums(D) = 3 3 3
    assert m.loc["A"].tolist() == [2, 1, 3]
    assert m.loc["B"].tolist() == [2, 1, 3]
    assert m.loc["C"].tolist() == [1, 2, 3]
    # column totals: distinct coded documents admin {d1, d3} = 2, civil {d2, d4} = 2, all 4
    # (not the column sums 5 and 4: d1 has three codes)
    assert m.loc["total"].tolist() == [2, 2, 4]
    assert res.group_sizes.tolist() == [2, 2]
    assert res.n_documents_missing == 1  # d5
    assert res.n_segments_dropped == 0
    assert res.measure == "documents" and res.attribute == "group"
    long = res.to_frame()
    assert list(long.columns) == ["code", "group", "count"]
    assert long["count"].tolist() == [2, 1, 2, 1, 1, 2]


def test_code_by_attribute_segments_hand_counts() -> None:
    res = code_by_attribute(SEGMENTS, DOCUMENTS, attribute="group", measure="segments")
    m = res.matrix
    # R: table(code, grp[doc]) -> A 4 1 / B 2 1 / C 1 2; totals are sums
    assert m.loc["A"].tolist() == [4, 1, 5]
    assert m.loc["B"].tolist() == [2, 1, 3]
    assert m.loc["C"].tolist() == [1, 2, 3]
    assert m.loc["total"].tolist() == [7, 4, 11]
    assert "sums of the cells" in res.method


def test_code_by_attribute_warns_about_coded_documents_without_value() -> None:
    seg = pd.concat([SEGMENTS, pd.DataFrame({"document": ["d5"], "code": ["A"], "start": [0], "end": [4]})],
                    ignore_index=True)
    with pytest.warns(RuntimeWarning, match="1 coded document\\(s\\) have no value of 'group'; their 1 segment"):
        res = code_by_attribute(seg, DOCUMENTS, attribute="group", measure="segments")
    assert res.matrix.loc["A"].tolist() == [4, 1, 5]  # the segment of d5 is not counted
    assert res.n_segments_dropped == 1


def test_code_by_attribute_categorical_order_and_errors() -> None:
    docs = DOCUMENTS.assign(group=pd.Categorical(DOCUMENTS["group"], categories=["civil", "admin", "research"]))
    res = code_by_attribute(SEGMENTS, docs, attribute="group")
    assert list(res.matrix.columns) == ["civil", "admin", "total"]  # category order; unused category left out
    assert res.matrix.loc["C"].tolist() == [2, 1, 3]
    with pytest.raises(ValueError, match="^measure: must be one of 'documents', 'segments'"):
        code_by_attribute(SEGMENTS, DOCUMENTS, attribute="group", measure="quotes")
    with pytest.raises(ValueError, match="^attribute: 'city' is not a column of documents"):
        code_by_attribute(SEGMENTS, DOCUMENTS, attribute="city")
    with pytest.raises(ValueError, match="^attribute: a value of 'group' is 'total'"):
        code_by_attribute(SEGMENTS, DOCUMENTS.assign(group="total"), attribute="group")
    with pytest.raises(ValueError, match="^segments: a code is named 'total'"):
        code_by_attribute(SEGMENTS.assign(code="total"), DOCUMENTS, attribute="group")
    with pytest.raises(ValueError, match="^documents: must be a pandas DataFrame"):
        code_by_attribute(SEGMENTS, None, attribute="group")


# --- code_cooccurrence ----------------------------------------------------------------------------


def test_cooccurrence_overlap_hand_counts() -> None:
    res = code_cooccurrence(SEGMENTS)
    assert isinstance(res, Cooccurrence)
    assert res.codes == ("A", "B", "C") and res.unit == "segment pairs"
    c = res.counts
    # d1: B [5,15) overlaps A [0,10) of x and of y -> 2 pairs; d2: A [0,5) and B [5,9) only touch -> 0;
    # d3: B [0,50) overlaps A [10,20) and A [30,40) -> 2 pairs. A-B = 4 pairs in {d1, d3} = 2 documents.
    assert c.loc["A", "B"] == 4 and c.loc["B", "A"] == 4
    assert res.documents.loc["A", "B"] == 2
    # C [20,30) in d1, [100,110) in d2 and [0,5) in d4 overlap nothing
    assert c.loc["A", "C"] == 0 and c.loc["B", "C"] == 0
    # diagonal: segments of the code (R: table(code) -> 5 3 3) and documents with it (3 3 3)
    assert np.diag(c).tolist() == [5, 3, 3]
    assert np.diag(res.documents).tolist() == [3, 3, 3]
    # c = 4 / (5 + 3 - 4) = 1; in documents 2 / (3 + 3 - 2) = 0.5
    assert res.c_coefficient.loc["A", "B"] == pytest.approx(1.0, abs=1e-15)
    assert res.c_documents.loc["A", "B"] == pytest.approx(0.5, abs=1e-15)
    assert res.c_coefficient.loc["A", "C"] == 0.0
    assert np.diag(res.c_coefficient).tolist() == [1.0, 1.0, 1.0]
    assert (res.counts.to_numpy() == res.counts.to_numpy().T).all()
    assert res.n_segments == 11 and res.n_documents == 4
    frame = res.to_frame()
    assert frame[["code_a", "code_b"]].to_numpy().tolist() == [["A", "B"], ["A", "C"], ["B", "C"]]
    assert frame["count"].tolist() == [4, 0, 0]
    assert frame["documents"].tolist() == [2, 0, 0]
    assert frame["n_a"].tolist() == [5, 5, 3] and frame["n_b"].tolist() == [3, 3, 3]
    assert frame["c_coefficient"].tolist() == pytest.approx([1.0, 0.0, 0.0], abs=1e-15)


def test_cooccurrence_document_mode_equals_crossprod() -> None:
    res = code_cooccurrence(SEGMENTS, mode="document")
    # R: crossprod(D) -> A 3 3 2 / B 3 3 2 / C 2 2 3
    assert res.counts.to_numpy().tolist() == [[3, 3, 2], [3, 3, 2], [2, 2, 3]]
    assert res.documents.to_numpy().tolist() == [[3, 3, 2], [3, 3, 2], [2, 2, 3]]
    assert res.unit == "documents"
    # c: A-B 3 / (3 + 3 - 3) = 1; A-C and B-C 2 / (3 + 3 - 2) = 0.5
    expected = [[1.0, 1.0, 0.5], [1.0, 1.0, 0.5], [0.5, 0.5, 1.0]]
    np.testing.assert_allclose(res.c_coefficient.to_numpy(), expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(res.c_documents.to_numpy(), expected, rtol=0, atol=1e-15)


def test_cooccurrence_proximity_hand_counts() -> None:
    # distance 0: overlapping plus touching -> the 4 overlap pairs + d2 A [0,5) / B [5,9) = 5 pairs in 3 documents;
    # c = 5 / (5 + 3 - 5) = 5/3 > 1 (ATLAS.ti's "out of range"), with a warning
    with pytest.warns(RuntimeWarning, match="1 pair\\(s\\) of codes the c-coefficient in segment pairs exceeds 1"):
        res0 = code_cooccurrence(SEGMENTS, mode="proximity", distance=0)
    assert res0.counts.loc["A", "B"] == 5 and res0.documents.loc["A", "B"] == 3
    assert res0.c_coefficient.loc["A", "B"] == pytest.approx(5 / 3, rel=1e-15)
    assert res0.c_documents.loc["A", "B"] == pytest.approx(1.0, rel=1e-15)  # 3 / (3 + 3 - 3)
    assert res0.counts.loc["B", "C"] == 0
    # distance 5: in d1, C [20,30) is 20 - 15 = 5 after B [5,15) -> B-C 1 pair; 20 - 10 = 10 after A -> no
    with pytest.warns(RuntimeWarning):
        res5 = code_cooccurrence(SEGMENTS, mode="proximity", distance=5)
    assert res5.counts.loc["B", "C"] == 1 and res5.documents.loc["B", "C"] == 1
    assert res5.counts.loc["A", "C"] == 0
    assert res5.c_coefficient.loc["B", "C"] == pytest.approx(0.2, rel=1e-15)  # 1 / (3 + 3 - 1)
    # distance 10: both A [0,10) of d1 are now close to C -> A-C 2 pairs in 1 document
    with pytest.warns(RuntimeWarning):
        res10 = code_cooccurrence(SEGMENTS, mode="proximity", distance=10)
    assert res10.counts.loc["A", "C"] == 2 and res10.documents.loc["A", "C"] == 1
    assert res10.c_coefficient.loc["A", "C"] == pytest.approx(1 / 3, rel=1e-15)  # 2 / (5 + 3 - 2)
    assert "<= 10 code points" in res10.method


def test_cooccurrence_undefined_c_is_nan_with_warning() -> None:
    # two A and two B on the same passage: 4 overlapping pairs, n_A + n_B - n_AB = 2 + 2 - 4 = 0
    seg = pd.DataFrame({"document": ["d"] * 4, "code": ["A", "A", "B", "B"], "start": [0, 0, 0, 5],
                        "end": [10, 10, 10, 10]})
    with pytest.warns(RuntimeWarning, match="n_A \\+ n_B - n_AB <= 0"):
        res = code_cooccurrence(seg)
    assert res.counts.loc["A", "B"] == 4
    assert np.isnan(res.c_coefficient.loc["A", "B"])
    assert res.c_documents.loc["A", "B"] == 1.0  # 1 / (1 + 1 - 1)


def test_cooccurrence_single_code_and_no_pairs() -> None:
    seg = pd.DataFrame({"document": ["d", "d"], "code": ["A", "A"], "start": [0, 2], "end": [5, 9]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = code_cooccurrence(seg)
    assert res.counts.to_numpy().tolist() == [[2]]  # pairs within one code are not counted; diagonal n_A
    assert res.c_coefficient.to_numpy().tolist() == [[1.0]]
    assert res.to_frame().empty


@pytest.mark.parametrize(("mode", "distance"), [("overlap", 0), ("proximity", 0), ("proximity", 7),
                                                ("proximity", 40)])
def test_cooccurrence_against_brute_force(mode: str, distance: int) -> None:
    seg = random_corpus(seed=11, n=1500, n_docs=20, n_codes=7, doc_length=600, max_len=60)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # c > 1 for some pairs
        res = code_cooccurrence(seg, mode=mode, distance=distance)
    pairs, docs = brute_force(seg, mode, distance)
    assert sum(pairs.values()) > 1000  # the case is not trivial
    for a, b in itertools.combinations(res.codes, 2):
        assert res.counts.loc[a, b] == pairs.get((a, b), 0)
        assert res.documents.loc[a, b] == docs.get((a, b), 0)
        n_a, n_b = int((seg["code"] == a).sum()), int((seg["code"] == b).sum())
        n_ab = pairs.get((a, b), 0)
        if n_a + n_b - n_ab > 0:
            assert res.c_coefficient.loc[a, b] == pytest.approx(n_ab / (n_a + n_b - n_ab), rel=1e-15)
        else:
            assert np.isnan(res.c_coefficient.loc[a, b])


def test_cooccurrence_document_mode_against_loop() -> None:
    seg = random_corpus(seed=3, n=400, n_docs=30, n_codes=6, doc_length=500, max_len=40)
    res = code_cooccurrence(seg, mode="document")
    sets = seg.groupby("code")["document"].agg(set)
    for a, b in itertools.product(res.codes, repeat=2):
        both = len(sets[a] & sets[b])
        assert res.counts.loc[a, b] == both
        assert res.c_documents.loc[a, b] == pytest.approx(both / len(sets[a] | sets[b]), rel=1e-15)


def test_cooccurrence_large_corpus_runs() -> None:
    # 50,000 segments in 500 documents (the size the brief asks for; ~0.05 s, not timed here)
    seg = random_corpus(seed=5, n=50_000, n_docs=500, n_codes=40, doc_length=20_000, max_len=800)
    res = code_cooccurrence(seg)
    assert res.n_segments == 50_000 and res.n_documents == 500
    # total overlapping pairs of different codes = sum of the upper triangle; cross-check the diagonal
    assert np.diag(res.counts).sum() == 50_000
    assert (res.counts.to_numpy() == res.counts.to_numpy().T).all()


def test_cooccurrence_argument_errors() -> None:
    with pytest.raises(ValueError, match="^mode: must be one of 'overlap', 'document', 'proximity'"):
        code_cooccurrence(SEGMENTS, mode="near")
    with pytest.raises(ValueError, match="^distance: must be an integer >= 0"):
        code_cooccurrence(SEGMENTS, mode="proximity", distance=-1)
    with pytest.raises(ValueError, match="^distance: must be an integer >= 0"):
        code_cooccurrence(SEGMENTS, mode="proximity", distance=2.5)
    with pytest.raises(ValueError, match="^distance: must be an integer >= 0"):
        code_cooccurrence(SEGMENTS, mode="proximity", distance=True)
    with pytest.raises(ValueError, match="^distance: only used with mode='proximity'"):
        code_cooccurrence(SEGMENTS, distance=3)


def test_results_are_frozen() -> None:
    res = code_cooccurrence(SEGMENTS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.mode = "document"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        code_frequencies(SEGMENTS).n_documents = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        code_by_attribute(SEGMENTS, DOCUMENTS, attribute="group").measure = "x"  # type: ignore[misc]
