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
