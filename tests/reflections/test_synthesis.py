"""The joint display: each dimension's survey figures and interview themes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

import kosieval
from kosieval.errors import SpecError
from kosieval.reflections import synthesis
from kosieval.stats import code_frequencies
from tests.reflections.tiny_study import instrument, load, write_study


@pytest.fixture(scope="module")
def example_result(example_study):
    return kosieval.analyze(example_study, "synthesis")


# -- the example study ------------------------------------------------------------------------------


def test_example_planted_effects_and_counts(example_study, example_result, planted):
    dims = {d.id: d for d in example_result.dimensions}
    assert list(dims) == ["zusammenarbeit", "wirkung", "vertrauen", "ressourcen", "transfer"]
    wirkung = {s.scale: s for s in dims["wirkung"].scales}
    for scale in ("self_efficacy", "sense_of_community"):
        c = wirkung[scale].change
        expected = planted["change"][scale]
        assert c.n_pairs == expected["n_pairs"] == 100
        assert c.d_z == pytest.approx(expected["realised_d_z"], abs=0.02)
        assert c.d_z_ci_low < expected["planted_d_z"] < c.d_z_ci_high
        assert c.d_z_ci_low > 0  # planted rise found
    trust = {s.scale: s for s in dims["vertrauen"].scales}["trust_local_institutions"].change
    assert trust.d_z_ci_low < 0 < trust.d_z_ci_high  # planted: no change
    # one-wave team scale: a mean, n = 41 finished team responses
    synergy = dims["zusammenarbeit"].scales[0]
    assert synergy.change is None and synergy.mean.n == 41
    # interviews per code = documents with the code in stats.code_frequencies, of 14
    corpus = example_study.interviews
    freq = code_frequencies(corpus.segments, documents=corpus.documents).table.set_index("code")
    for dim in example_result.dimensions:
        for code in dim.codes:
            assert code.documents == int(freq.loc[code.code_id, "documents"]) and code.n_documents == 14
    assert dims["transfer"].scales == () and dims["transfer"].documents == 14


def test_example_quotes_only_with_consent(example_result):
    refused = {"Interview 07", "Interview 10", "Interview 14"}
    quotes = [c for d in example_result.dimensions for c in d.codes if c.quote]
    assert quotes
    for code in quotes:
        assert code.quote_document not in refused
        assert len(code.quote) <= synthesis.QUOTE_LENGTH
        # actor groups are named only where the group has at least 5 interviews
        assert code.quote_group in (None, "Zivilgesellschaft")


def test_example_present(example_result):
    de = synthesis.present(example_result, "de")
    en = synthesis.present(example_result, "en")
    (table,) = de.tables
    assert table.id == "tab-synthesis" and table.caption == "Gemeinsame Darstellung"
    assert table.columns == ("Dimension", "Befragung", "Interviews")
    row = table.rows[1]
    assert row[0] == "Wirkung bei den Teilnehmenden"
    assert row[1].startswith("Allgemeine Selbstwirksamkeit: 2,96 → 3,18, d_z\u00a0=\u00a00,40 [0,20;\u00a00,60]")
    assert "Lernen: 13 von 14 Interviews" in row[2] and "; " in row[2]
    assert en.tables[0].rows[1][1].startswith(
        "General self-efficacy: 2.96 → 3.18, d_z\u00a0=\u00a00.40 [0.20,\u00a00.60]")
    assert any("keine Signifikanztests" in n for n in table.notes)
    headings = [b.text for b in de.blocks if type(b).__name__ == "Heading"]
    assert "Zusammenarbeit auf Augenhöhe" in headings
    assert all(q.source.split(",")[0].split(" (")[0] not in {"Interview 07", "Interview 10", "Interview 14"}
               for q in de.blocks if type(q).__name__ == "Quote")
    assert de.key_figures["wirkung_self_efficacy"] == "0,40" and en.key_figures["wirkung_interviews"] == "14"
    assert len(de.highlights) <= 1 and 1 <= len(de.summary) <= 3
    # no suppressed actor group (Politik, Verwaltung, ... < 5 interviews) in quote sources
    for q in de.blocks:
        if type(q).__name__ == "Quote":
            where = q.source.rsplit(" (", 1)[0]  # the code name follows in parentheses
            assert not any(g in where for g in ("Politik", "Verwaltung", "Wirtschaft", "Wissenschaft"))


# -- a tiny study: exact numbers --------------------------------------------------------------------

TEXTS = {
    "D1": "Wir haben viel gelernt. Und die Stimmung war gut.",
    "D2": "Ich habe gelernt, wie die Verwaltung arbeitet.",
    "D3": ("Auf Augenhöhe zu arbeiten hieß für uns, dass jede Stimme gleich zählt, egal ob sie aus dem Amt oder "
           "aus dem Verein kommt, und dass niemand am Ende allein entscheidet, was gemacht wird und was nicht."),
    "D4": "Dazu kann ich wenig sagen.",
}


def _tree(study):
    """The generic reader keeps "A > X" as a flat code name; make it the code X below category A."""
    corpus = study.interviews
    rows = []
    for code in corpus.codes["id"]:
        parent, name = code.split(" > ")
        if parent not in [r["id"] for r in rows]:
            rows.append({"id": parent, "name": parent, "parent": None, "path": parent, "color": None,
                         "codable": False, "description": None})
        rows.append({"id": code, "name": name, "parent": parent, "path": code, "color": None, "codable": True,
                     "description": None})
    corpus = dataclasses.replace(corpus, codes=pd.DataFrame(rows))
    return dataclasses.replace(study, interviews=corpus)


def _segment(doc, code, coder, text):
    start = TEXTS[doc].index(text)
    return {"document": doc, "code": code, "coder": coder, "start": start, "end": start + len(text), "text": text}


BEFORE = [[1, 2], [2, 2], [3, 3], [2, 4], [1, 1], [4, 3]]
AFTER = [[2, 3], [2, 4], [3, 4], [3, 4], [2, 1], [4, 5]]
TEAM = [3, 4, 4, 5, 2, 4, 3]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthesis")
    pp = instrument("pp", waves=["T0", "T1"], scales={"s1": ["a1", "a2"]})
    tm = instrument("tm", waves=["T1"], scales={"s2": ["b1"]})
    ids = [f"r{i}" for i in range(len(BEFORE))]
    t0 = pd.DataFrame({"id": ids, "a1": [b[0] for b in BEFORE], "a2": [b[1] for b in BEFORE]})
    t1 = pd.DataFrame({"id": ids, "a1": [a[0] for a in AFTER], "a2": [a[1] for a in AFTER]})
    team = pd.DataFrame({"id": [f"t{i}" for i in range(len(TEAM))], "b1": TEAM})
    segments = pd.DataFrame([
        _segment("D1", "Wirkung > Lernen", "A", "Wir haben viel gelernt."),
        _segment("D1", "Zusammenarbeit > Augenhöhe", "B", "Und die Stimmung war gut."),
        _segment("D2", "Wirkung > Lernen", "B", "Ich habe gelernt, wie die Verwaltung arbeitet."),
        _segment("D3", "Zusammenarbeit > Augenhöhe", "A", TEXTS["D3"]),
        _segment("D4", "Wirkung > Netzwerke", "A", "Dazu kann ich wenig sagen."),
    ])
    attributes = pd.DataFrame({"document": list(TEXTS), "actor_group": ["Politik"] * 4})
    write_study(folder, instruments=[pp, tm],
                surveys=[("p0", "pp", "T0", t0), ("p1", "pp", "T1", t1), ("team", "tm", "T1", team)],
                interviews=segments, documents=TEXTS, document_attributes=attributes,
                report={"reflections": ["synthesis"], "dimensions": [
                    {"id": "wirkung", "title": {"de": "Wirkung", "en": "Effects"}, "scales": ["s1"],
                     "codes": ["Lernen", "Wirkung"]},
                    {"id": "team", "title": {"de": "Team", "en": "Team"}, "scales": ["s2"],
                     "codes": ["Zusammenarbeit > Augenhöhe"]}]})
    study = _tree(load(folder))
    # consent must be a real boolean (a CSV holds text): D1 refused, the others agreed
    docs = study.interviews.documents.copy()
    docs["consent_quote"] = docs["name"].map({"D1": False, "D2": True, "D3": True, "D4": True}).astype(object)
    corpus = dataclasses.replace(study.interviews, documents=docs)
    return dataclasses.replace(study, interviews=corpus)


def test_tiny_exact_numbers(tiny):
    result = synthesis.analyze(tiny)
    wirkung, team = result.dimensions
    (s1,) = wirkung.scales
    before = np.mean(BEFORE, axis=1)
    after = np.mean(AFTER, axis=1)
    d = after - before
    assert s1.change.n_pairs == 6
    assert s1.change.mean_before == pytest.approx(before.mean(), abs=1e-12)
    assert s1.change.mean_after == pytest.approx(after.mean(), abs=1e-12)
    assert s1.change.d_z == pytest.approx(d.mean() / d.std(ddof=1), abs=1e-12)  # numpy: mean(d) / sd(d)
    (s2,) = team.scales
    low, high = st.t.interval(0.95, len(TEAM) - 1, loc=np.mean(TEAM), scale=st.sem(TEAM))  # scipy t interval
    assert (s2.mean.mean, s2.mean.ci_low, s2.mean.ci_high) == pytest.approx((np.mean(TEAM), low, high), abs=1e-12)
    codes = {c.code: c for c in wirkung.codes}
    # hand count: Lernen in D1 (coder A) and D2 (coder B); the category Wirkung adds D4 (Netzwerke)
    assert (codes["Lernen"].documents, codes["Lernen"].n_documents) == (2, 4)
    assert codes["Wirkung"].documents == 3 and wirkung.documents == 3
    (augenhoehe,) = team.codes
    assert (augenhoehe.documents, augenhoehe.segments) == (2, 2)
    # quotes: D1 refused consent, so Lernen is quoted from D2; D3's long passage is shortened
    assert codes["Lernen"].quote == TEXTS["D2"] and codes["Lernen"].quote_document == "D2"
    assert augenhoehe.quote_document == "D3"
    assert len(augenhoehe.quote) <= 160 and augenhoehe.quote.endswith("…")
    assert TEXTS["D3"].startswith(augenhoehe.quote[:-1]) and TEXTS["D3"][len(augenhoehe.quote) - 1] == " "
    assert augenhoehe.quote_group is None  # Politik: 4 interviews < 5, not named
    frame = result.to_frame()
    assert list(frame["kind"]) == ["scale", "code", "code", "scale", "code"]


def test_tiny_present_formats(tiny):
    result = synthesis.analyze(tiny)
    de = synthesis.present(result, "de")
    row = de.tables[0].rows[1]
    m = np.mean(TEAM)
    assert row[1].startswith(f"Skala s2: M\u00a0=\u00a0{m:.2f}".replace(".", ","))
    assert row[2] == "Augenhöhe: 2 von 4 Interviews"
    assert "Politik" not in " ".join(q.source for q in de.blocks if type(q).__name__ == "Quote")
    assert all("D1" not in q.source for q in de.blocks if type(q).__name__ == "Quote")


def test_spec_error_lists_everything(tmp_path):
    inst = instrument("pp", waves=["T0"], scales={"s1": ["a1"]})
    segments = pd.DataFrame([
        {"document": "D1", "code": "A > X", "coder": "A", "start": 0, "end": 4, "text": "Wort"},
        {"document": "D1", "code": "B > X", "coder": "A", "start": 5, "end": 9, "text": "Satz"},
    ])
    folder = write_study(tmp_path, instruments=[inst],
                         surveys=[("p0", "pp", "T0", pd.DataFrame({"id": ["a", "b"], "a1": [1, 2]}))],
                         interviews=segments, documents={"D1": "Wort Satz"},
                         report={"dimensions": [{"id": "d", "title": {"de": "D", "en": "D"},
                                                 "scales": ["s1", "nope"], "codes": ["X", "fehlt", "A > X"]}]})
    with pytest.raises(SpecError) as info:
        kosieval.analyze(_tree(load(folder)), "synthesis")
    message = str(info.value)
    assert "'nope'" in message and "'fehlt'" in message
    assert "'X'" in message and "'A > X'" in message and "'B > X'" in message
    assert "'s1'" not in message.replace("scale 's1'", "")  # s1 exists: not listed as missing
    assert len(info.value.missing) == 3
    # no dimensions at all; codes named without interviews
    bare = write_study(tmp_path / "bare", instruments=[inst],
                       surveys=[("p0", "pp", "T0", pd.DataFrame({"id": ["a", "b"], "a1": [1, 2]}))])
    with pytest.raises(SpecError, match="report.dimensions"):
        kosieval.analyze(load(bare), "synthesis")
    no_interviews = write_study(tmp_path / "noint", instruments=[inst],
                                surveys=[("p0", "pp", "T0", pd.DataFrame({"id": ["a", "b"], "a1": [1, 2]}))],
                                report={"dimensions": [{"id": "d", "title": {"de": "D", "en": "D"}, "codes": ["X"]}]})
    with pytest.raises(SpecError, match="interviews"):
        kosieval.analyze(load(no_interviews), "synthesis")
