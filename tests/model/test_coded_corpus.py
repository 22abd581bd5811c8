"""CodedCorpus: the checks every reader's output passes, and the joins analyses use."""

from __future__ import annotations

import pandas as pd
import pytest

from kosieval.model.coding import CODER_COLUMNS, CodedCorpus, empty_table

TEXT = "Wir haben auf Augenhöhe gearbeitet. Die Verwaltung war offen."


def corpus(**changes: pd.DataFrame) -> CodedCorpus:
    tables = {
        "codes": pd.DataFrame({"id": ["c0", "c1"], "name": ["Zusammenarbeit", "Augenhöhe"], "parent": [None, "c0"],
                               "path": ["Zusammenarbeit", "Zusammenarbeit > Augenhöhe"], "color": [None, "#0072B2"],
                               "codable": [False, True], "description": [None, None]}),
        "documents": pd.DataFrame({"id": ["d1"], "name": ["Interview 1"], "text": [TEXT], "actor_group": ["admin"]}),
        "segments": pd.DataFrame({"document": ["d1"], "code": ["c1"], "coder": ["u1"], "start": [14], "end": [23],
                                  "text": [TEXT[14:23]]}),
        "coders": pd.DataFrame({"id": ["u1"], "name": ["A. Muster"]}),
    }
    tables.update(changes)
    return CodedCorpus(**tables, file="interviews.qdpx", format="refi_qda")


def test_joins_code_names_and_attributes():
    c = corpus()
    assert c.attributes == ("actor_group",)
    joined = c.segments_with("actor_group")
    assert joined.loc[0, "text"] == "Augenhöhe"
    assert joined.loc[0, "code_path"] == "Zusammenarbeit > Augenhöhe"
    assert joined.loc[0, "actor_group"] == "admin"
    assert c.summary() == {"codes": 2, "codable_codes": 1, "documents": 1, "documents_with_text": 1,
                           "segments": 1, "coders": 1}
    with pytest.raises(ValueError, match="unknown document attribute"):
        c.segments_with("city")


def test_segments_must_point_at_known_codes_and_documents():
    good = corpus().segments
    with pytest.raises(ValueError, match="code 'c9' is not in codes"):
        corpus(segments=good.assign(code="c9"))
    with pytest.raises(ValueError, match="document 'd9' is not in documents"):
        corpus(segments=good.assign(document="d9"))
    with pytest.raises(ValueError, match="ends where it starts"):
        corpus(segments=good.assign(end=14))
    with pytest.raises(ValueError, match="segments: missing column"):
        corpus(segments=good.drop(columns="coder"))


def test_ids_are_unique():
    codes = corpus().codes
    with pytest.raises(ValueError, match="codes: id 'c1' occurs more than once"):
        corpus(codes=pd.concat([codes, codes.iloc[[1]]]))
    assert corpus(coders=empty_table(CODER_COLUMNS)).summary()["coders"] == 0


def test_quotes_only_from_documents_with_explicit_consent():
    documents = pd.DataFrame({"id": ["d1", "d2", "d3", "d4", "d5"], "name": ["I1", "I2", "I3", "I4", "I5"],
                              "text": [TEXT] * 5, "consent_quote": [True, False, None, "vielleicht", " Ja "]})
    segments = pd.DataFrame({"document": ["d1", "d2", "d3", "d4", "d1", "d5"], "code": ["c1"] * 6,
                             "coder": ["u1"] * 6, "start": [14, 14, 14, 14, 36, 14], "end": [23, 23, 23, 23, 60, 23],
                             "text": [TEXT[14:23]] * 4 + [TEXT[36:60], TEXT[14:23]]})
    c = corpus(documents=documents, segments=segments)
    quotes = c.quotes("Augenhöhe")
    # False, missing and an unclear text are no consent; True and the text "ja" (QualCoder and
    # spreadsheets store attributes as text) are: I1 (both segments) and I5
    assert quotes["document_name"].tolist() == ["I1", "I1", "I5"]
    c = corpus(documents=documents.iloc[:4], segments=segments.iloc[:5])
    quotes = c.quotes("Augenhöhe")
    assert quotes["text"].tolist() == ["Augenhöhe", TEXT[36:60]]
    assert c.quotes("c1", max_length=10)["text"].tolist() == ["Augenhöhe"]
    assert c.quotes("Zusammenarbeit > Augenhöhe").shape[0] == 2
    with pytest.raises(ValueError, match="'Vertrauen' is not a code"):
        c.quotes("Vertrauen")
    assert corpus().quotes("c1").empty  # no consent attribute at all: nothing may be quoted


@pytest.mark.parametrize(("value", "given", "unclear"), [
    (True, True, False), (False, False, False), (None, False, False), (float("nan"), False, False),
    (1, True, False), (0, False, False), (2, False, True), (1.0, True, False),
    ("ja", True, False), ("Yes", True, False), (" TRUE ", True, False), ("wahr", True, False), ("x", True, False),
    ("nein", False, False), ("no", False, False), ("false", False, False), ("", False, False),
    ("vielleicht", False, True), ("ja, aber anonym", False, True),
])
def test_consent_values(value, given, unclear):
    from kosieval.model.coding import consent_given, consent_unclear

    assert (consent_given(value), consent_unclear(value)) == (given, unclear)
