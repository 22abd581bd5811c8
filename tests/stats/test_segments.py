"""Tests of kosieval.stats.segments.segment_agreement.

References: the 2 x 2 character tables, the segment matches and Krippendorff's alpha of the
hand case below are computed by hand beside the expected numbers; the kappas are checked
against kosieval's cohen_kappa and R psych::cohen.kappa on the characters expanded one by
one, the alphas against the krippendorff package (0.9), and random cases against a
brute-force expansion and loop. R 4.2.2 with psych 2.2.9, printed with
``sprintf("%.17g", ...)``, did not run in the test suite::

    library(psych)
    x1 <- c(rep(1, 12), rep(0, 8)); y1 <- c(0, 0, rep(1, 10), rep(0, 8))     # code A in d1
    x  <- c(x1, rep(1, 4), rep(0, 6), rep(0, 10)); y <- c(y1, rep(0, 20))    # code A, d1..d3
    xb <- c(rep(1, 15), rep(0, 25))                                          # code B, both coders
    cohen.kappa(cbind(x1, y1))$kappa; cohen.kappa(cbind(x, y))$kappa
    cohen.kappa(cbind(c(x, xb), c(y, xb)))$kappa                            # pooled over A and B
"""

from __future__ import annotations

import dataclasses
import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

from kosieval.stats.kappa import cohen_kappa
from kosieval.stats.segments import SegmentAgreement, segment_agreement

krippendorff = pytest.importorskip("krippendorff")

# Hand case: documents d1 (20 code points), d2 (10), d3 (10); coders x and y.
#   code A  x: d1 [0,10) and [5,12) (overlapping: together [0,12)), d2 [0,4);  y: d1 [2,12)
#   code B  x: d1 [15,20), d3 [0,10) (the whole document);           y: the same
SEGMENTS = pd.DataFrame(
    {
        "document": ["d1", "d1", "d2", "d1", "d1", "d3", "d1", "d3"],
        "code": ["A", "A", "A", "A", "B", "B", "B", "B"],
        "coder": ["x", "x", "x", "y", "x", "x", "y", "y"],
        "start": [0, 5, 0, 2, 15, 0, 15, 0],
        "end": [10, 12, 4, 12, 20, 10, 20, 10],
    }
)
LENGTHS = {"d1": 20, "d2": 10, "d3": 10}


def hand_case(**kwargs: object) -> SegmentAgreement:
    """segment_agreement of the hand case; the undefined kappa of B in d3 warns."""
    with pytest.warns(RuntimeWarning, match="kappa is undefined"):
        return segment_agreement(SEGMENTS, document_lengths=LENGTHS, **kwargs)


def expand(seg: pd.DataFrame, coder: str, document: str, code: str, length: int) -> np.ndarray:
    """0/1 per character: coded with ``code`` by ``coder`` in ``document``."""
    flags = np.zeros(length, dtype=int)
    part = seg[(seg["coder"] == coder) & (seg["document"] == document) & (seg["code"] == code)]
    for start, end in zip(part["start"], part["end"]):
        flags[start:end] = 1
    return flags


# --- character level ------------------------------------------------------------------------------


def test_character_tables_hand_case() -> None:
    res = hand_case()
    doc = res.per_document.set_index(["code", "document"])
    assert list(doc.index) == [("A", "d1"), ("A", "d2"), ("B", "d1"), ("B", "d3")]  # d where a coder used the code
    # A in d1: x covers [0,12) = 12, y [2,12) = 10, union 12 -> a = 12 + 10 - 12 = 10, b = 2, c = 0, d = 20 - 12 = 8
    assert doc.loc[("A", "d1"), ["both_coded", "only_1", "only_2", "neither"]].tolist() == [10, 2, 0, 8]
    # A in d2: x [0,4), y nothing -> a = 0, b = 4, c = 0, d = 6
    assert doc.loc[("A", "d2"), ["both_coded", "only_1", "only_2", "neither"]].tolist() == [0, 4, 0, 6]
    # B in d1: both [15,20) -> a = 5, d = 15; B in d3: both the whole document -> a = 10, d = 0
    assert doc.loc[("B", "d1"), ["both_coded", "only_1", "only_2", "neither"]].tolist() == [5, 0, 0, 15]
    assert doc.loc[("B", "d3"), ["both_coded", "only_1", "only_2", "neither"]].tolist() == [10, 0, 0, 0]
    assert doc["length"].tolist() == [20, 10, 20, 10]
    # po = (a + d) / L: 18/20, 6/10, 20/20, 10/10
    assert doc["percent_agreement_characters"].tolist() == pytest.approx([0.9, 0.6, 1.0, 1.0], rel=1e-15)
    kappa = doc["kappa_characters"]
    # A d1: pe = (12*10 + 8*10)/400 = 0.5, kappa = (0.9 - 0.5)/0.5 = 0.8
    # R: psych::cohen.kappa(cbind(x1, y1))$kappa -> 0.80000000000000004
    assert kappa[("A", "d1")] == pytest.approx(0.80000000000000004, rel=1e-9)
    # A d2: pe = (4*0 + 6*10)/100 = 0.6 = po -> kappa 0
    assert kappa[("A", "d2")] == pytest.approx(0.0, abs=1e-15)
    # B d1: b = c = 0 -> kappa 1; B d3: every character coded by both, pe = 1 -> undefined
    assert kappa[("B", "d1")] == pytest.approx(1.0, rel=1e-15)
    assert np.isnan(kappa[("B", "d3")])


def test_character_level_pooled_per_code_and_pair() -> None:
    res = hand_case()
    code = res.per_code.set_index("code")
    # A over d1..d3 (40 characters): a = 10, b = 2 + 4 = 6, c = 0, d = 40 - 16 = 24
    assert code.loc["A", ["both_coded", "only_1", "only_2", "neither"]].tolist() == [10, 6, 0, 24]
    assert code.loc["A", "n_characters"] == 40
    # po = 34/40; kappa = 2(10*24 - 0) / ((16)(30) + (10)(24)) = 480/720
    # R: psych::cohen.kappa(cbind(x, y))$kappa -> 0.66666666666666663, mean(x == y) -> 0.84999999999999998
    assert code.loc["A", "percent_agreement_characters"] == pytest.approx(0.84999999999999998, rel=1e-9)
    assert code.loc["A", "kappa_characters"] == pytest.approx(0.66666666666666663, rel=1e-9)
    # B: a = 15, d = 25 -> kappa 1
    assert code.loc["B", ["both_coded", "only_1", "only_2", "neither"]].tolist() == [15, 0, 0, 25]
    assert code.loc["B", "kappa_characters"] == pytest.approx(1.0, rel=1e-15)
    pair = res.pairs.iloc[0]
    assert (pair["coder_1"], pair["coder_2"], pair["codes"], pair["n_characters"]) == ("x", "y", 2, 80)
    # pooled over A and B: a = 25, b = 6, c = 0, d = 49; po = 74/80; kappa = 2*25*49 / (31*55 + 25*49) = 2450/2930
    # R: psych::cohen.kappa(cbind(c(x, xb), c(y, xb)))$kappa -> 0.83617747440273049
    assert pair["percent_agreement_characters"] == pytest.approx(0.92500000000000004, rel=1e-9)
    assert pair["kappa_characters"] == pytest.approx(0.83617747440273049, rel=1e-9)


def test_character_kappa_equals_cohen_kappa_on_expanded_characters() -> None:
    res = hand_case()
    x = np.concatenate([expand(SEGMENTS, "x", d, "A", n) for d, n in LENGTHS.items()])
    y = np.concatenate([expand(SEGMENTS, "y", d, "A", n) for d, n in LENGTHS.items()])
    ref = cohen_kappa(pd.DataFrame({"x": x, "y": y}))
    code = res.per_code.set_index("code")
    assert code.loc["A", "kappa_characters"] == pytest.approx(ref.statistic, rel=1e-12)
    assert code.loc["A", "percent_agreement_characters"] == pytest.approx(ref.observed, rel=1e-12)
    d1 = cohen_kappa(pd.DataFrame({"x": x[:20], "y": y[:20]}))
    row = res.per_document[(res.per_document["code"] == "A") & (res.per_document["document"] == "d1")].iloc[0]
    assert row["kappa_characters"] == pytest.approx(d1.statistic, rel=1e-12)


def test_random_case_against_expanded_characters_and_brute_force_matching() -> None:
    rng = np.random.default_rng(7)
    lengths = {f"doc{i}": int(n) for i, n in enumerate(rng.integers(150, 400, 8))}
    rows = []
    for doc, n in lengths.items():
        for coder in ("x", "y"):
            for _ in range(rng.integers(3, 9)):
                start = int(rng.integers(0, n - 10))
                rows.append((doc, f"c{rng.integers(0, 3)}", coder, start, int(min(n, start + rng.integers(1, 80)))))
    seg = pd.DataFrame(rows, columns=["document", "code", "coder", "start", "end"])
    for threshold in (0.0, 0.5):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            res = segment_agreement(seg, document_lengths=lengths, overlap=threshold)
        for row in res.per_document.itertuples(index=False):
            x = expand(seg, "x", row.document, row.code, row.length)
            y = expand(seg, "y", row.document, row.code, row.length)
            assert row.both_coded == int((x & y).sum()) and row.neither == int(((1 - x) & (1 - y)).sum())
            assert row.only_1 == int((x & (1 - y)).sum()) and row.only_2 == int(((1 - x) & y).sum())
            if len(set(x) | set(y)) > 1:  # cohen_kappa of one category is undefined (it warns)
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", "cohen_kappa: the SE of kappa under H0", RuntimeWarning)
                    ref = cohen_kappa(pd.DataFrame({"x": x, "y": y}))
                assert row.kappa_characters == pytest.approx(ref.statistic, rel=1e-10, abs=1e-12)
            # brute force: a segment is matched if a segment of the other coder (same doc, code) overlaps enough
            mine = seg[(seg["document"] == row.document) & (seg["code"] == row.code)]
            for side, me, other in (("1", "x", "y"), ("2", "y", "x")):
                matched = 0
                for s in mine[mine["coder"] == me].itertuples():
                    for t in mine[mine["coder"] == other].itertuples():
                        inter = min(s.end, t.end) - max(s.start, t.start)
                        union = (s.end - s.start) + (t.end - t.start) - max(inter, 0)
                        if inter > 0 and inter / union >= threshold:
                            matched += 1
                            break
                assert getattr(row, f"matched_{side}") == matched
                assert getattr(row, f"segments_{side}") == int((mine["coder"] == me).sum())
        # pooled per code: the sums over documents, uncoded documents adding their length to "neither"
        total = sum(lengths.values())
        for row in res.per_code.itertuples(index=False):
            x = np.concatenate([expand(seg, "x", d, row.code, n) for d, n in lengths.items()])
            y = np.concatenate([expand(seg, "y", d, row.code, n) for d, n in lengths.items()])
            assert row.n_characters == total == x.size
            ref = cohen_kappa(pd.DataFrame({"x": x, "y": y}))
            assert row.kappa_characters == pytest.approx(ref.statistic, rel=1e-10)
            assert row.percent_agreement_characters == pytest.approx(ref.observed, rel=1e-12)


# --- segment level --------------------------------------------------------------------------------


def test_segment_level_hand_case_any_overlap() -> None:
    res = hand_case()
    code = res.per_code.set_index("code")
    # A: x [0,10) and [5,12) both share characters with y [2,12) -> matched; x d2 [0,4) has no partner;
    #    y [2,12) is matched. matched_1 = 2, unmatched_1 = 1, matched_2 = 1, unmatched_2 = 0 -> 3/4
    assert code.loc["A", ["segments_1", "matched_1", "unmatched_1"]].tolist() == [3, 2, 1]
    assert code.loc["A", ["segments_2", "matched_2", "unmatched_2"]].tolist() == [1, 1, 0]
    assert code.loc["A", "percent_agreement_segments"] == pytest.approx(0.75, rel=1e-15)
    # B: identical segments -> 2 + 2 matched of 4
    assert code.loc["B", ["matched_1", "unmatched_1", "matched_2", "unmatched_2"]].tolist() == [2, 0, 2, 0]
    assert code.loc["B", "percent_agreement_segments"] == 1.0
    pair = res.pairs.iloc[0]
    assert (pair["matched"], pair["unmatched"]) == (7, 1)
    assert pair["percent_agreement_segments"] == pytest.approx(7 / 8, rel=1e-15)
    assert res.overlap == 0.0 and "any shared character" in res.method


@pytest.mark.parametrize(
    ("threshold", "matched_1", "matched_2", "percent"),
    [
        # x [0,10) vs y [2,12): 8 / 12 = 0.667; x [5,12) vs y [2,12): 7 / 10 = 0.7
        (0.7, 1, 1, 2 / 4),  # 0.7 >= 0.7: the threshold is inclusive -> x [5,12) and y [2,12) matched
        (0.66, 2, 1, 3 / 4),  # both x segments reach 0.66
        (0.8, 0, 0, 0.0),  # nothing reaches 0.8
    ],
)
def test_segment_level_overlap_threshold(threshold: float, matched_1: int, matched_2: int, percent: float) -> None:
    res = hand_case(overlap=threshold)
    a = res.per_code.set_index("code").loc["A"]
    assert (a["matched_1"], a["unmatched_1"]) == (matched_1, 3 - matched_1)
    assert (a["matched_2"], a["unmatched_2"]) == (matched_2, 1 - matched_2)
    assert a["percent_agreement_segments"] == pytest.approx(percent, abs=1e-15)


# --- code presence: Krippendorff's alpha ------------------------------------------------------------


def test_alpha_on_code_presence_hand_case() -> None:
    res = hand_case()
    alpha = res.alpha.set_index("code")
    # A: d1 (1, 1), d2 (1, 0), d3 (0, 0). Coincidences o11 = 2, o10 = o01 = 1, o00 = 2; n1 = n0 = 3, n = 6;
    #    alpha = 1 - (n - 1) * (o10 + o01) / (2 n1 n0) = 1 - 5 * 2 / 18 = 4/9
    # krippendorff.alpha([[1, 1, 0], [1, 0, 0]], level_of_measurement="nominal") -> 0.4444444444444444
    assert alpha.loc["A", "alpha"] == pytest.approx(4 / 9, rel=1e-12)
    assert alpha.loc["A", "alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=[[1, 1, 0], [1, 0, 0]], level_of_measurement="nominal"), rel=1e-12)
    assert alpha.loc["A", "observed"] == pytest.approx(2 / 6, rel=1e-12)  # Do = 2 / n
    assert alpha.loc["A", "expected"] == pytest.approx(18 / 30, rel=1e-12)  # De = 2 n1 n0 / (n (n - 1))
    # B: d1 (1, 1), d2 (0, 0), d3 (1, 1) -> Do = 0, alpha = 1
    assert alpha.loc["B", "alpha"] == pytest.approx(1.0, rel=1e-15)
    assert alpha["ratings_present"].tolist() == [3, 4]
    assert alpha["n_documents"].tolist() == [3, 3] and alpha["n_coders"].tolist() == [2, 2]
    frame = res.to_frame()
    assert frame["alpha"].tolist() == pytest.approx([4 / 9, 1.0], rel=1e-12)


def test_three_coders_pairs_and_alpha_against_krippendorff_package() -> None:
    z = pd.DataFrame({"document": ["d1", "d2", "d3"], "code": ["A", "A", "B"], "coder": ["z"] * 3,
                      "start": [3, 0, 0], "end": [12, 4, 5]})
    seg = pd.concat([SEGMENTS, z], ignore_index=True)
    with pytest.warns(RuntimeWarning, match="kappa is undefined"):
        res = segment_agreement(seg, document_lengths=LENGTHS)
    assert res.coders == ("x", "y", "z")
    assert res.pairs[["coder_1", "coder_2"]].to_numpy().tolist() == [["x", "y"], ["x", "z"], ["y", "z"]]
    # the pair x, y is the hand case
    assert res.pairs.iloc[0]["kappa_characters"] == pytest.approx(0.83617747440273049, rel=1e-9)
    # presence per document (d1, d2, d3): A x 1 1 0, y 1 0 0, z 1 1 0; B x 1 0 1, y 1 0 1, z 0 0 1
    alpha = res.alpha.set_index("code")["alpha"]
    ref_a = krippendorff.alpha(reliability_data=[[1, 1, 0], [1, 0, 0], [1, 1, 0]], level_of_measurement="nominal")
    ref_b = krippendorff.alpha(reliability_data=[[1, 0, 1], [1, 0, 1], [0, 0, 1]], level_of_measurement="nominal")
    # hand, A (pairs within a unit weighted 1/(m_u - 1) = 1/2): d1 (1,1,1) -> o11 += 6/2; d2 (1,0,1) -> o11 += 2/2,
    #   o10 += 2/2, o01 += 2/2; d3 (0,0,0) -> o00 += 6/2. n1 = 5, n0 = 4, n = 9:
    #   alpha = 1 - (n - 1)(o10 + o01) / (2 n1 n0) = 1 - 8 * 2 / 40 = 0.6; B by symmetry of the counts also 0.6
    # krippendorff.alpha(...) -> 0.6 and 0.6
    assert alpha["A"] == pytest.approx(0.6, rel=1e-12)
    assert alpha["B"] == pytest.approx(0.6, rel=1e-12)
    assert alpha["A"] == pytest.approx(ref_a, rel=1e-12)
    assert alpha["B"] == pytest.approx(ref_b, rel=1e-12)
    # z vs x on A in d1: z [3,12) (9), x [0,12) (12) -> a = 9, b = 3, c = 0, d = 8
    xz = res.per_document[(res.per_document["coder_1"] == "x") & (res.per_document["coder_2"] == "z")]
    row = xz[(xz["code"] == "A") & (xz["document"] == "d1")].iloc[0]
    assert [row["both_coded"], row["only_1"], row["only_2"], row["neither"]] == [9, 3, 0, 8]


def test_coders_subset_drops_other_segments() -> None:
    z = pd.DataFrame({"document": ["d1"], "code": ["C"], "coder": ["z"], "start": [0], "end": [3]})
    seg = pd.concat([SEGMENTS, z], ignore_index=True)
    with pytest.warns(RuntimeWarning, match="kappa is undefined"):
        res = segment_agreement(seg, document_lengths=LENGTHS, coders=["x", "y"])
    assert res.n_segments_dropped == 1
    assert res.per_code["code"].tolist() == ["A", "B"]  # code C only used by z
    assert res.pairs.iloc[0]["kappa_characters"] == pytest.approx(0.83617747440273049, rel=1e-9)


def test_alpha_undefined_when_code_everywhere_warns() -> None:
    seg = pd.DataFrame({"document": ["d1", "d2", "d1", "d2"], "code": ["A"] * 4, "coder": ["x", "x", "y", "y"],
                        "start": [0, 0, 1, 0], "end": [5, 5, 5, 4]})
    with pytest.warns(RuntimeWarning, match=r"code\(s\) \['A'\] are present in every one of the 2 documents"):
        res = segment_agreement(seg, document_lengths={"d1": 10, "d2": 10})
    assert np.isnan(res.alpha["alpha"].iloc[0])
    # character level is defined: d1 a = 4, b = 1, c = 0, d = 5 -> kappa = 2*20 / (5*6 + 4*5) = 0.8
    d1 = res.per_document.set_index("document").loc["d1"]
    assert d1["kappa_characters"] == pytest.approx(0.8, rel=1e-12)


def test_all_agree_gives_one() -> None:
    seg = pd.DataFrame({"document": ["d1", "d1", "d2", "d2"], "code": ["A"] * 4, "coder": ["x", "y", "x", "y"],
                        "start": [2, 2, 0, 0], "end": [6, 6, 3, 3]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = segment_agreement(seg, document_lengths={"d1": 10, "d2": 10, "d3": 10}, overlap=1.0)
    row = res.per_code.iloc[0]
    assert row["kappa_characters"] == 1.0 and row["percent_agreement_characters"] == 1.0
    assert row["percent_agreement_segments"] == 1.0
    assert res.alpha["alpha"].iloc[0] == 1.0  # presence d1 (1, 1), d2 (1, 1), d3 (0, 0)


# --- arguments ------------------------------------------------------------------------------------


def test_argument_errors() -> None:
    with pytest.raises(ValueError, match=r"^segments: missing column\(s\) \['coder'\]"):
        segment_agreement(SEGMENTS.drop(columns="coder"), document_lengths=LENGTHS)
    with pytest.raises(ValueError, match="^segments: row 2 has no coder"):
        segment_agreement(SEGMENTS.assign(coder=SEGMENTS["coder"].where(SEGMENTS.index != 2, None)),
                          document_lengths=LENGTHS)
    with pytest.raises(ValueError, match="^coders: agreement needs at least 2 coders"):
        segment_agreement(SEGMENTS[SEGMENTS["coder"] == "x"], document_lengths=LENGTHS)
    with pytest.raises(ValueError, match="^coders: agreement needs at least 2 coders"):
        segment_agreement(SEGMENTS, document_lengths=LENGTHS, coders=["x"])
    with pytest.raises(ValueError, match=r"^coders: \['q'\] have no segments"):
        segment_agreement(SEGMENTS, document_lengths=LENGTHS, coders=["x", "q"])
    with pytest.raises(ValueError, match="^coders: a coder is named twice"):
        segment_agreement(SEGMENTS, document_lengths=LENGTHS, coders=["x", "x"])
    with pytest.raises(ValueError, match="^coders: must be a list"):
        segment_agreement(SEGMENTS, document_lengths=LENGTHS, coders="xy")
    for bad in (-0.1, 1.5, True, "0.5", None):
        with pytest.raises(ValueError, match="^overlap: must be a number from 0 to 1"):
            segment_agreement(SEGMENTS, document_lengths=LENGTHS, overlap=bad)
    with pytest.raises(ValueError, match="^document_lengths: has no length for document 'd3'"):
        segment_agreement(SEGMENTS, document_lengths={"d1": 20, "d2": 10})
    with pytest.raises(ValueError, match="^segments: row 0 ends at 10, beyond the length 5 of document 'd1'"):
        segment_agreement(SEGMENTS, document_lengths={**LENGTHS, "d1": 5})
    with pytest.raises(ValueError, match="^document_lengths: length of 'd2' is 0"):
        segment_agreement(SEGMENTS, document_lengths={**LENGTHS, "d2": 0})
    with pytest.raises(ValueError, match="^document_lengths: length of 'd2' is 2.5"):
        segment_agreement(SEGMENTS, document_lengths={**LENGTHS, "d2": 2.5})
    with pytest.raises(ValueError, match="^document_lengths: lengths must be whole numbers"):
        segment_agreement(SEGMENTS, document_lengths={**LENGTHS, "d2": "long"})
    with pytest.raises(ValueError, match="^document_lengths: lengths must be whole numbers, not True/False"):
        segment_agreement(SEGMENTS, document_lengths={**LENGTHS, "d2": True})
    with pytest.raises(ValueError, match="^document_lengths: must map each document id"):
        segment_agreement(SEGMENTS, document_lengths=[20, 10, 10])
    with pytest.raises(ValueError, match="^document_lengths: is empty"):
        segment_agreement(SEGMENTS, document_lengths={})


def test_lengths_as_series_and_frozen_result() -> None:
    with pytest.warns(RuntimeWarning):
        res = segment_agreement(SEGMENTS, document_lengths=pd.Series(LENGTHS))
    assert res.n_documents == 3
    assert res.pairs.iloc[0]["kappa_characters"] == pytest.approx(0.83617747440273049, rel=1e-9)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.overlap = 0.5  # type: ignore[misc]
    assert list(itertools.chain(res.per_code.columns[:4])) == ["coder_1", "coder_2", "code", "n_characters"]
