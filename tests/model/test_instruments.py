"""The KoSI-Lab instrument set (surveys/instruments/*.yaml) against the codebook schema.

Item ids, option codes and missing codes are a contract with the rest of kosieval and with
the example study, so these tests pin them down exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kosieval.model.codebook import Codebook

INSTRUMENTS = Path(__file__).resolve().parents[2] / "surveys" / "instruments"


def _load(name: str) -> Codebook:
    path = INSTRUMENTS / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return Codebook.model_validate(yaml.safe_load(fh))


@pytest.fixture(scope="module")
def participant() -> Codebook:
    return _load("participant")


@pytest.fixture(scope="module")
def team() -> Codebook:
    return _load("team")


@pytest.fixture(scope="module", params=["participant", "team"])
def codebook(request: pytest.FixtureRequest) -> Codebook:
    return _load(request.param)


# -- expected content ---------------------------------------------------------------------

# scale id -> (items, reverse, min_valid, scale_range)
PARTICIPANT_SCALES = {
    "self_efficacy": (("se1", "se2", "se3", "se4", "se5", "se6"), (), 4, (1.0, 4.0)),
    "political_efficacy_internal": (("pe1", "pe2", "pe3"), (), 2, (1.0, 5.0)),
    "political_efficacy_external": (("pe4", "pe5", "pe6"), (), 2, (1.0, 5.0)),
    "interpersonal_trust": (("it1", "it2", "it3"), ("it3",), 2, (1.0, 5.0)),
    "trust_local_institutions": (
        ("ti1", "ti2", "ti3", "ti4", "ti5"),
        (),
        3,
        (0.0, 10.0),
    ),
    "sense_of_community": (
        ("sc1", "sc2", "sc3", "sc4", "sc5", "sc6", "sc7", "sc8"),
        (),
        6,
        (1.0, 5.0),
    ),
}

TEAM_SCALES = {
    "partnership_synergy": (
        tuple(f"syn{i}" for i in range(1, 10)),
        (),
        6,
        (1.0, 5.0),
    ),
    "psychological_safety": (
        tuple(f"psy{i}" for i in range(1, 8)),
        ("psy1", "psy3", "psy5"),
        5,
        (1.0, 5.0),
    ),
    "shared_decision_making": (
        tuple(f"sdm{i}" for i in range(1, 6)),
        (),
        3,
        (1.0, 5.0),
    ),
    "satisfaction": (("sat1", "sat2", "sat3", "sat4"), (), 3, (1.0, 5.0)),
}

# DOIs that were confirmed against a public record; None = no DOI or not confirmed
# (the scale's source note says which).
PARTICIPANT_DOIS = {
    "self_efficacy": "10.6102/zis35",
    "political_efficacy_internal": "10.6102/zis34",
    "political_efficacy_external": "10.6102/zis34",
    "interpersonal_trust": "10.6102/zis37",
    "trust_local_institutions": None,
    "sense_of_community": None,
}

TEAM_DOIS = {
    "partnership_synergy": None,
    "psychological_safety": "10.2307/2666999",
    "shared_decision_making": "10.1093/jopart/mum036",
    "satisfaction": None,
}

AGREE5 = {
    1: ("stimme überhaupt nicht zu", "strongly disagree"),
    2: ("stimme eher nicht zu", "somewhat disagree"),
    3: ("teils/teils", "neither/nor"),
    4: ("stimme eher zu", "somewhat agree"),
    5: ("stimme voll und ganz zu", "strongly agree"),
}

TRUE4 = {
    1: ("trifft gar nicht zu", "not at all true"),
    2: ("trifft wenig zu", "hardly true"),
    3: ("trifft eher zu", "moderately true"),
    4: ("trifft genau zu", "exactly true"),
}

ACTOR_GROUP5 = {
    1: ("Verwaltung", "Administration"),
    2: ("Politik", "Politics"),
    3: ("Wirtschaft", "Business"),
    4: ("Wissenschaft", "Research"),
    5: ("Zivilgesellschaft", "Civil society"),
}

MISSING = {
    -9: ("keine Angabe", "no answer"),
    -1: ("weiß nicht / kann ich nicht beurteilen", "don't know / cannot judge"),
}


def _labels(options) -> dict[int, tuple[str, str]]:
    return {o.code: (o.label.de, o.label.en) for o in options}


# -- header -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["participant", "team"])
def test_file_is_utf8_and_starts_with_a_comment_header(name: str) -> None:
    text = (INSTRUMENTS / f"{name}.yaml").read_bytes().decode("utf-8")
    assert text.startswith("#")
    header = text.split("\nid:", 1)[0]
    assert "own-words" in header.lower()


# -- instrument metadata ------------------------------------------------------------------


def test_participant_metadata(participant: Codebook) -> None:
    assert participant.id == "participant"
    assert participant.respondent_group == "participants"
    assert participant.waves == ("T0", "T1")
    assert participant.title.de and participant.title.en


def test_team_metadata(team: Codebook) -> None:
    assert team.id == "team"
    assert team.respondent_group == "team"
    assert team.waves == ("T1",)
    assert team.title.de and team.title.en


# -- missing codes and response sets -------------------------------------------------------


def test_missing_codes(codebook: Codebook) -> None:
    assert codebook.missing_code_values == frozenset({-9, -1})
    assert _labels(codebook.missing_codes) == MISSING


def test_agree5_and_actor_group5(codebook: Codebook) -> None:
    assert _labels(codebook.response_sets["agree5"]) == AGREE5
    assert _labels(codebook.response_sets["actor_group5"]) == ACTOR_GROUP5


def test_response_sets_per_instrument(participant: Codebook, team: Codebook) -> None:
    assert set(participant.response_sets) == {
        "agree5",
        "true4",
        "trust11",
        "actor_group5",
    }
    assert set(team.response_sets) == {"agree5", "actor_group5"}


def test_true4(participant: Codebook) -> None:
    assert _labels(participant.response_sets["true4"]) == TRUE4


def test_trust11(participant: Codebook) -> None:
    labels = _labels(participant.response_sets["trust11"])
    assert list(labels) == list(range(11))
    assert labels[0] == ("überhaupt kein Vertrauen", "no trust at all")
    assert labels[10] == ("volles Vertrauen", "complete trust")
    for code in range(1, 10):
        assert labels[code] == (str(code), str(code))


def test_items_resolve_their_response_set(codebook: Codebook) -> None:
    for item in codebook.variables:
        if item.response_set is not None:
            assert item.options == codebook.response_sets[item.response_set], item.id


# -- attributes ---------------------------------------------------------------------------


def test_participant_attributes(participant: Codebook) -> None:
    assert [a.id for a in participant.attributes] == [
        "actor_group",
        "role",
        "age_group",
        "gender",
    ]
    assert all(a.type == "single" for a in participant.attributes)
    actor = participant.item("actor_group")
    assert actor.response_set == "actor_group5"
    assert _labels(actor.options) == ACTOR_GROUP5
    assert _labels(participant.item("role").options) == {
        1: ("Teilnehmer/in", "participant"),
        2: ("Mitwirkende/r in der Organisation", "co-organiser"),
        3: ("Gast", "guest-observer"),
    }
    assert _labels(participant.item("age_group").options) == {
        1: ("unter 30", "under 30"),
        2: ("30–44", "30–44"),
        3: ("45–59", "45–59"),
        4: ("60 und älter", "60 and older"),
    }
    assert _labels(participant.item("gender").options) == {
        1: ("weiblich", "female"),
        2: ("männlich", "male"),
        3: ("divers", "diverse"),
    }


def test_team_attributes(team: Codebook) -> None:
    assert [a.id for a in team.attributes] == ["actor_group", "role"]
    assert all(a.type == "single" for a in team.attributes)
    assert team.item("actor_group").response_set == "actor_group5"
    assert _labels(team.item("actor_group").options) == ACTOR_GROUP5
    assert _labels(team.item("role").options) == {
        1: ("Koordination", "coordination"),
        2: ("Teammitglied", "team member"),
        3: ("beratend", "advisory"),
    }


# -- items --------------------------------------------------------------------------------


def test_participant_item_ids(participant: Codebook) -> None:
    expected = [
        *(f"se{i}" for i in range(1, 7)),
        *(f"pe{i}" for i in range(1, 7)),
        *(f"it{i}" for i in range(1, 4)),
        *(f"ti{i}" for i in range(1, 6)),
        *(f"sc{i}" for i in range(1, 9)),
        "ve1",
        "ve2",
        "comment",
    ]
    assert [i.id for i in participant.items] == expected


def test_team_item_ids(team: Codebook) -> None:
    expected = [
        *(f"syn{i}" for i in range(1, 10)),
        *(f"psy{i}" for i in range(1, 8)),
        *(f"sdm{i}" for i in range(1, 6)),
        *(f"sat{i}" for i in range(1, 5)),
        "comment",
    ]
    assert [i.id for i in team.items] == expected


@pytest.mark.parametrize(
    ("prefix", "response_set"),
    [
        ("se", "true4"),
        ("pe", "agree5"),
        ("it", "agree5"),
        ("ti", "trust11"),
        ("sc", "agree5"),
    ],
)
def test_participant_likert_items(
    participant: Codebook, prefix: str, response_set: str
) -> None:
    items = [i for i in participant.items if i.id.rstrip("0123456789") == prefix]
    assert items
    for item in items:
        assert item.type == "likert", item.id
        assert item.response_set == response_set, item.id


def test_team_likert_items(team: Codebook) -> None:
    for item in team.items:
        if item.id == "comment":
            continue
        assert item.type == "likert", item.id
        assert item.response_set == "agree5", item.id


def test_volunteering_items(participant: Codebook) -> None:
    ve1 = participant.item("ve1")
    assert ve1.type == "single"
    assert _labels(ve1.options) == {1: ("ja", "yes"), 2: ("nein", "no")}
    ve2 = participant.item("ve2")
    assert ve2.type == "numeric"
    assert (ve2.min, ve2.max) == (0, 200)
    assert ve2.valid_range == (0.0, 200.0)
    assert ve2.unit == "Stunden pro Monat / hours per month"
    assert ve2.options == ()


def test_comment_is_free_text_and_not_personal(codebook: Codebook) -> None:
    comment = codebook.item("comment")
    assert comment.type == "text"
    assert comment.personal is False
    assert comment.options == ()


def test_every_variable_has_german_and_english_text(codebook: Codebook) -> None:
    for item in codebook.variables:
        assert item.text.de.strip(), item.id
        assert item.text.en.strip(), item.id
        assert item.text.de.strip() != item.text.en.strip(), item.id
        for option in item.options:
            assert option.label.de.strip() and option.label.en.strip(), (
                item.id,
                option.code,
            )


def test_item_texts_are_distinct(codebook: Codebook) -> None:
    for locale in ("de", "en"):
        texts = [i.text.get(locale) for i in codebook.variables]
        assert len(set(texts)) == len(texts), locale


def test_german_texts_use_umlauts_not_transliterations(codebook: Codebook) -> None:
    german = " ".join(i.text.de for i in codebook.variables)
    assert any(ch in german for ch in "äöüß")
    for word in (
        "Buerger",
        "fuer",
        "moechten",
        "waere",
        "koennen",
        "Massnahm",
        "aelter",
    ):
        assert word not in german, word


# -- scales -------------------------------------------------------------------------------


def _check_scales(codebook: Codebook, expected: dict) -> None:
    assert [s.id for s in codebook.scales] == list(expected)
    for scale_id, (items, reverse, min_valid, value_range) in expected.items():
        scale = codebook.scale(scale_id)
        assert scale.items == items, scale_id
        assert scale.reverse == reverse, scale_id
        assert scale.min_valid == min_valid, scale_id
        assert scale.scoring == "mean", scale_id
        assert codebook.scale_range(scale_id) == value_range, scale_id


def test_participant_scales(participant: Codebook) -> None:
    _check_scales(participant, PARTICIPANT_SCALES)


def test_team_scales(team: Codebook) -> None:
    _check_scales(team, TEAM_SCALES)


def test_reverse_keyed_items(participant: Codebook, team: Codebook) -> None:
    assert [i for s in participant.scales for i in s.reverse] == ["it3"]
    assert [i for s in team.scales for i in s.reverse] == ["psy1", "psy3", "psy5"]


def test_every_likert_item_is_in_exactly_one_scale(codebook: Codebook) -> None:
    in_scales = [i for s in codebook.scales for i in s.items]
    likert = [i.id for i in codebook.items if i.type == "likert"]
    assert sorted(in_scales) == sorted(likert)


def test_scales_have_titles_and_descriptions(codebook: Codebook) -> None:
    for scale in codebook.scales:
        assert scale.title.de.strip() and scale.title.en.strip(), scale.id
        assert scale.description is not None, scale.id
        assert scale.description.de.strip() and scale.description.en.strip(), scale.id


def test_every_scale_names_its_source(codebook: Codebook) -> None:
    for scale in codebook.scales:
        source = scale.source
        assert source is not None, scale.id
        assert source.name.strip(), scale.id
        assert source.citation.strip(), scale.id
        assert source.note and source.note.strip(), scale.id


def test_adapted_scales_say_they_are_own_words(codebook: Codebook) -> None:
    for scale in codebook.scales:
        note = scale.source.note.lower()
        assert "own-words adaptation" in note or "own items" in note, scale.id


def test_participant_dois(participant: Codebook) -> None:
    assert {s.id: s.source.doi for s in participant.scales} == PARTICIPANT_DOIS


def test_team_dois(team: Codebook) -> None:
    assert {s.id: s.source.doi for s in team.scales} == TEAM_DOIS


def test_unconfirmed_dois_are_explained(codebook: Codebook) -> None:
    for scale in codebook.scales:
        if scale.source.doi is None:
            note = scale.source.note.lower()
            assert "doi" in note, scale.id


def test_citations_name_their_year_and_dois_are_bare(codebook: Codebook) -> None:
    for scale in codebook.scales:
        source = scale.source
        if source.doi is not None:
            assert source.doi.startswith("10."), scale.id
            assert "doi.org" not in source.doi, scale.id
        if "own items" not in source.name:
            assert "(19" in source.citation or "(20" in source.citation, scale.id


def test_satisfaction_is_own_items(team: Codebook) -> None:
    source = team.scale("satisfaction").source
    assert source.name == "own items, KoSI-Lab"
    assert source.doi is None
