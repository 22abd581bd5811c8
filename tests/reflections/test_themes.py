"""The themes module: code frequencies without double counting, privacy merging, co-occurrence, quotes."""

from __future__ import annotations

import dataclasses
import re
from itertools import combinations

import pandas as pd
import pytest

import kosieval
from kosieval.errors import SpecError
from kosieval.model.study import PrivacyConfig
from kosieval.present.section import Figure, Paragraph, Quote, Table
from kosieval.reflections import themes
from tests.reflections.tiny_study import instrument, load, write_study

# --- the tiny study -----------------------------------------------------------------------------

TEXTS = {
    "D1": "Wir haben viel gelernt dabei. Die Zeit war knapp. Geld fehlte leider sehr oft.",
    "D2": "Alles gut so. Mehr Zeit bitte. Zu wenig Geld da.",
    "D3": "<script>alert(1)</script> sagte die Teilnehmerin, und alle lachten darüber laut.",
    "D4": "Verwaltung spricht hier.",
    "D5": "Politik spricht dort.",
}
# (document, code, coder, start, end)
SEGMENTS = [
    ("D1", "A", "X", 0, 29), ("D1", "A", "Y", 4, 29),   # one passage coded by both coders
    ("D1", "B", "X", 30, 50), ("D1", "C", "Y", 40, len(TEXTS["D1"])),  # B and C overlap
    ("D2", "A", "X", 0, 13), ("D2", "A", "X", 20, 30),   # two passages of A
    ("D2", "B", "Y", 5, 16),                             # overlaps the first A passage
    ("D3", "A", "X", 0, len(TEXTS["D3"])),
    ("D4", "C", "X", 0, 10),                             # no consent to quote
    ("D5", "A", "Y", 0, 10),
]
ATTRIBUTES = pd.DataFrame({
    "document": ["D1", "D2", "D3", "D4", "D5"],
    "actor_group": ["Zivilgesellschaft", "Zivilgesellschaft", "Zivilgesellschaft", "Verwaltung", "Politik"],
    "city": ["Aberstadt", "Aberstadt", "Aberstadt", "Bestadt", "Bestadt"],
    "consent_quote": [True, True, True, False, True],
})


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("themes")
    seg = pd.DataFrame(SEGMENTS, columns=["document", "code", "coder", "start", "end"]).assign(text=None)
    inst = instrument("p", waves=["T0"], scales={"s": ["a1", "a2"]})
    survey = pd.DataFrame({"id": [1, 2, 3], "actor_group": [1, 2, 5], "a1": [1, 2, 3], "a2": [2, 3, 4]})
    write_study(folder, instruments=[inst], surveys=[("p0", "p", "T0", survey)], interviews=seg,
                documents=TEXTS, document_attributes=ATTRIBUTES, privacy={"min_cell_size": 2})
    return load(folder)


def _with_min_size(study, size):
    config = study.config.model_copy(update={"privacy": PrivacyConfig(min_cell_size=size)})
    return dataclasses.replace(study, config=config)


def _brute_documents(coder=None):
    """Documents per code: a code counts for a document when at least one (or the given) coder used it."""
    out: dict[str, set[str]] = {}
    for doc, code, who, _s, _e in SEGMENTS:
        if coder is None or who == coder:
            out.setdefault(code, set()).add(doc)
    return out


def _brute_passages(coder=None):
    """Passages per code: overlapping segments of the same code and document merged (by hand)."""
    spans: dict[tuple[str, str], list[list[int]]] = {}
    for doc, code, who, s, e in sorted(SEGMENTS, key=lambda r: (r[0], r[1], r[3])):
        if coder is not None and who != coder:
            continue
        blocks = spans.setdefault((doc, code), [])
        if blocks and s < blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], e)
        else:
            blocks.append([s, e])
    return spans


def test_frequencies_union_of_coders_without_double_counting(tiny):
    result = themes.analyze(tiny)
    frame = result.codes.set_index("name")
    docs = _brute_documents()
    passages = _brute_passages()
    for code in ("A", "B", "C"):
        assert frame.loc[code, "documents"] == len(docs[code])  # A: 4 (D1, D2, D3, D5), B: 2, C: 2
        assert frame.loc[code, "share_documents"] == pytest.approx(len(docs[code]) / 5)
        assert frame.loc[code, "segments"] == sum(len(v) for (d, c), v in passages.items() if c == code)
    assert frame.loc["A", "segments"] == 5  # D1 (X and Y merged) + D2 two + D3 + D5
    assert result.coder is None and result.coders == ("X", "Y")


def test_frequencies_of_one_coder(tiny):
    result = themes.analyze(tiny, coder="X")
    frame = result.codes.set_index("name")
    docs = _brute_documents("X")
    assert frame.loc["A", "documents"] == len(docs["A"]) == 3
    assert frame.loc["C", "documents"] == len(docs["C"]) == 1
    assert frame.loc["A", "segments"] == 4
    assert result.coder == "X"


def test_groups_merged_when_merged_group_reaches_min_size(tiny):
    b = themes.analyze(tiny).by_group  # min_cell_size 2: Verwaltung 1 + Politik 1 = 2
    other = "Weitere Gruppen (Politik, Verwaltung)"
    assert b.columns == ("Zivilgesellschaft", other)
    assert b.merged == ("Politik", "Verwaltung")
    assert dict(b.sizes) == {"Zivilgesellschaft": 3, other: 2}
    # hand count: Zivilgesellschaft D1-D3: A 3, B 2, C 1; others D4 (C), D5 (A)
    assert b.shares.loc["A"].tolist() == pytest.approx([3 / 3, 1 / 2])
    assert b.shares.loc["B"].tolist() == pytest.approx([2 / 3, 0])
    assert b.shares.loc["C"].tolist() == pytest.approx([1 / 3, 1 / 2])


def test_groups_suppressed_when_merged_group_too_small(tiny):
    result = themes.analyze(_with_min_size(tiny, 3))
    b = result.by_group
    assert b.columns == ("Zivilgesellschaft",)
    assert b.merged == () and set(b.left_out) == {"Politik", "Verwaltung"}
    assert result.by_city is not None and result.by_city.columns == ("Aberstadt",)
    section = themes.present(result, "de")
    footnotes = [n for t in section.tables for n in t.notes] + [f.caption for f in section.figures]
    assert any("Verwaltung" in n and "Politik" in n and "Datenschutz" in n for n in footnotes)
    for table in section.tables:
        cells = " ".join(" ".join(r) for r in table.rows) + " ".join(table.columns)
        assert "Verwaltung" not in cells and "Politik" not in cells
    for figure in section.figures:
        texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", figure.svg))
        assert "Verwaltung" not in texts and "Politik" not in texts
        assert "Verwaltung" not in figure.alt and "Politik" not in figure.alt
    quotes = [b for b in section.blocks if isinstance(b, Quote)]
    assert quotes and all("Politik" not in q.source for q in quotes)


def test_city_breakdown(tiny):
    result = themes.analyze(tiny)
    c = result.by_city
    assert c.columns == ("Aberstadt", "Bestadt")
    assert c.counts.loc["A"].tolist() == [3, 1]
    assert c.counts.loc["C"].tolist() == [1, 1]


def test_cooccurrence_overlap_against_brute_force(tiny):
    co = themes.analyze(tiny).cooccurrence
    passages = _brute_passages()
    counts = {}
    for (d1, c1), b1 in passages.items():
        for (d2, c2), b2 in passages.items():
            if d1 == d2 and c1 < c2:
                n = sum(max(s1, s2) < min(e1, e2) for s1, e1 in b1 for s2, e2 in b2)
                counts[(c1, c2)] = counts.get((c1, c2), 0) + n
    for a, b in combinations(["A", "B", "C"], 2):
        assert co.counts.loc[a, b] == counts.get((a, b), 0)
    assert co.counts.loc["A", "B"] == 1 and co.counts.loc["B", "C"] == 1 and co.counts.loc["A", "C"] == 0
    # c = n_AB / (n_A + n_B - n_AB) = 1 / (5 + 2 - 1)
    assert co.c_coefficient.loc["A", "B"] == pytest.approx(1 / 6)


def test_quotes_consent_choice_and_escaping(tiny):
    result = themes.analyze(tiny, quotes_per_code=3)
    assert result.quote_codes == ("A", "B", "C")  # by interviews (4, 2, 2), then passages, then tree order
    assert all(q.document != "D4" for q in result.quotes)  # no consent
    by_code = {}
    for q in result.quotes:
        by_code.setdefault(q.code, []).append(q)
    # A: reference coder X first, longest fitting segment first, one per interview
    assert [q.document_name for q in by_code["A"]] == ["D3", "D1", "D2"]
    assert by_code["A"][0].text.startswith("<script>alert(1)</script>")
    # C: X's only C segment is in D4 (no consent), so Y's segment in D1 is quoted
    assert [q.document_name for q in by_code["C"]] == ["D1"]
    assert by_code["C"][0].text == TEXTS["D1"][40:]
    section = themes.present(result, "de")
    quotes = [b for b in section.blocks if isinstance(b, Quote)]
    script = [q for q in quotes if "<script>" in q.text]
    assert script and script[0].source == "A – D3, Zivilgesellschaft"
    html = section._repr_html_()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    d5 = [q for q in result.quotes if q.document_name == "D5"]
    assert all(q.group is None for q in d5)  # Politik has 1 interview < 2


def test_quote_shortened_at_word_boundary(tiny):
    result = themes.analyze(tiny, quote_codes=("A",), max_quote_chars=30)
    quote = result.quotes[0]
    # D1's X segment (29 characters) fits; D3's (80) does not
    assert quote.document_name == "D1" and not quote.truncated
    # C's only consented segment (D1, 38 characters) does not fit 20: cut before "fehlte"
    short = themes.analyze(tiny, quote_codes=("C",), max_quote_chars=20).quotes[0]
    assert (short.document_name, short.text, short.truncated) == ("D1", "ar knapp. Geld…", True)


def test_missing_group_attribute_is_a_soft_note(tiny):
    result = themes.analyze(tiny, group="no_such_attribute")
    assert result.by_group is None
    section = themes.present(result, "en")
    assert any(isinstance(b, Paragraph) and "no_such_attribute" in b.text for b in section.blocks)
    assert section.tables[0].id == "tab-themes-codes"


def test_present_both_locales(tiny):
    result = themes.analyze(tiny)
    for locale in ("de", "en"):
        section = themes.present(result, locale)
        assert section.id == "themes"
        assert [t.id for t in section.tables] == ["tab-themes-codes", "tab-themes-groups", "tab-themes-cities"]
        assert [f.id for f in section.figures] == ["fig-themes-groups", "fig-themes-cities",
                                                   "fig-themes-cooccurrence"]
        assert all(f.alt and f.caption and f.svg.startswith("<?xml") for f in section.figures)
        assert all(re.fullmatch(r"[a-z_][a-z0-9_]*", k) for k in section.key_figures)
        assert section.highlights and section.highlights[0].name == "top_code_interviews"
    de = themes.present(result, "de")
    rows = {r[1]: r for r in de.tables[0].rows}
    assert rows["B"][2:] == ("2 / 5", "40\u202f%", "2")
    groups = {r[0]: r for r in de.tables[1].rows}
    assert groups["B"] == ("B", "2 / 3", "0 / 2")
    assert de.highlights[0].value == "4 von 5 Interviews"
    assert "Weitere Gruppen (Politik, Verwaltung): n = 2" in de.figures[0].caption
    assert "67\u202f%" in de.figures[0].alt  # German percent format
    en = themes.present(result, "en")
    assert en.highlights[0].value == "4 of 5 interviews"
    assert "Other groups (Politik, Verwaltung)" in en.tables[1].columns


# --- the example study ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def interview_plan(planted):
    return planted["interviews"]


@pytest.fixture(scope="module")
def example_themes(example_study):
    return kosieval.analyze(example_study, "themes")


def test_example_groups_merged_as_planted(example_themes, interview_plan):
    b = example_themes.by_group
    assert interview_plan["by_group"] == {"Politik": 2, "Verwaltung": 3, "Wirtschaft": 2, "Wissenschaft": 2,
                                   "Zivilgesellschaft": 5}
    assert b.columns == ("Zivilgesellschaft", "Weitere Gruppen (Verwaltung, Politik, Wirtschaft, Wissenschaft)")
    assert b.sizes.tolist() == [5, 9]
    assert example_themes.n_documents == interview_plan["n"] == 14
    assert example_themes.by_city is None and example_themes.cities == ("Musterstadt",)
    assert len(example_themes.codes) == interview_plan["codes"]
    assert example_themes.codes["category"].tolist()[:3] == ["Zusammenarbeit"] * 3  # tree order


def test_example_coder_a_counts_match_planted_codings(example_study, interview_plan):
    result = themes.analyze(example_study, coder="Coder A")
    per_code: dict[str, int] = {}
    for counts in interview_plan["codings_coder_a_by_group"].values():
        for code, n in counts.items():
            per_code[code] = per_code.get(code, 0) + n
    got = dict(zip(result.codes["name"], result.codes["segments"]))
    assert got == per_code


def test_example_no_quotes_without_consent(example_study, interview_plan):
    result = themes.analyze(example_study, quotes_per_code=5,
                            quote_codes=tuple(example_study.interviews.codes["name"][
                                example_study.interviews.codes["codable"]]))
    assert len(result.quotes) > 20
    names = {q.document_name for q in result.quotes}
    assert names.isdisjoint(interview_plan["no_consent"])  # Interview 07, 10, 14
    assert all(len(q.text) <= 300 for q in result.quotes)
    section = themes.present(result, "de")
    for block in section.blocks:
        if isinstance(block, Quote):
            assert not any(n in block.source for n in interview_plan["no_consent"])
            # only Zivilgesellschaft (5 interviews) may be named as source group
            assert block.source.count(",") <= 1
            if "," in block.source:
                assert block.source.endswith("Zivilgesellschaft")


def test_example_present(example_themes):
    section = themes.present(example_themes, "de")
    assert section.highlights[0].value == "14 von 14 Interviews"
    assert isinstance(section.blocks[1], Table)
    assert any(isinstance(b, Figure) and b.id == "fig-themes-cooccurrence" for b in section.blocks)


def test_spec_error_lists_everything_missing(example_study):
    with pytest.raises(SpecError) as info:
        kosieval.analyze(example_study, "themes", coder="Nobody", quote_codes=("Nope", "Augenhöhe"),
                         cooccurrence="sideways")
    message = str(info.value)
    assert "'Nobody'" in message and "'Nope'" in message and "sideways" in message
    assert "Augenhöhe" not in message


def test_spec_error_without_interviews(example_study):
    bare = dataclasses.replace(example_study, interviews=None)
    with pytest.raises(SpecError) as info:
        kosieval.analyze(bare, "themes")
    assert "interviews" in str(info.value)
