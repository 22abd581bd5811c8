"""Choosing the executive summary's key figures and collecting the key findings."""

from __future__ import annotations

import pytest

from kosieval.errors import ConfigError
from kosieval.present.section import KeyFigure, Section
from kosieval.report.summary import MAX_FIGURES, available_figures, default_figures, key_findings, select_figures


def _figure(name: str) -> KeyFigure:
    return KeyFigure(name=name, label=f"Label {name}", value=name.upper(), context=f"Kontext {name}")


SECTIONS = (
    Section(id="participation", title="Beteiligung", summary=("Viele kamen.", "  "),
            highlights=(_figure("a1"), _figure("a2"), _figure("a3")), key_figures={"a1": "A1", "n_total": "151"}),
    Section(id="change", title="Veränderung", summary=(" Es stieg. ",), highlights=(_figure("b1"),),
            key_figures={"d_z_self_efficacy": "0,40"}),
    Section(id="reliability", title="Reliabilität", summary=("α gut.",)),
    Section(id="themes", title="Themen", highlights=(_figure("c1"), _figure("c2"))),
)


def test_default_takes_each_modules_first_highlight_then_the_second() -> None:
    names = [f.name for f in default_figures(SECTIONS)]
    assert names == ["a1", "b1", "c1", "a2", "c2", "a3"]


def test_default_stops_at_eight() -> None:
    many = tuple(Section(id=f"m{i}", title=f"M{i}", highlights=(_figure(f"m{i}x"), _figure(f"m{i}y")))
                 for i in range(5))
    chosen = [f.name for f in default_figures(many)]
    assert len(chosen) == MAX_FIGURES == 8
    assert chosen == ["m0x", "m1x", "m2x", "m3x", "m4x", "m0y", "m1y", "m2y"]
    assert default_figures(many, limit=3) == default_figures(many)[:3]
    assert default_figures(()) == ()
    with pytest.raises(ValueError, match="limit"):
        default_figures(many, limit=-1)


def test_select_by_name_in_the_given_order() -> None:
    chosen = select_figures(SECTIONS, ["change.b1", "participation.a3", "change.d_z_self_efficacy"])
    assert [f.name for f in chosen] == ["b1", "a3", "d_z_self_efficacy"]
    assert chosen[0] == _figure("b1")  # a highlight keeps the module's label and context
    assert chosen[2] == KeyFigure(name="d_z_self_efficacy", label="Veränderung: d_z_self_efficacy", value="0,40")
    assert select_figures(SECTIONS, []) == default_figures(SECTIONS)


def test_a_highlight_wins_over_a_key_figure_of_the_same_name() -> None:
    assert available_figures(SECTIONS)["participation.a1"] == _figure("a1")
    assert available_figures(SECTIONS)["participation.n_total"].value == "151"
    assert list(available_figures(SECTIONS))[:4] == ["participation.a1", "participation.a2", "participation.a3",
                                                     "participation.n_total"]


def test_unknown_names_list_what_is_available() -> None:
    with pytest.raises(ConfigError) as info:
        select_figures(SECTIONS, ["change.b1", "change.wellbeing", "collaboration.mean"])
    text = str(info.value)
    assert info.value.key == "report.summary_figures"
    assert "'change.wellbeing'" in text and "'collaboration.mean'" in text
    assert "participation.a1, participation.a2" in text and "change.d_z_self_efficacy" in text


def test_too_many_or_doubled_names() -> None:
    with pytest.raises(ConfigError, match="too many"):
        select_figures(SECTIONS, [f"participation.a{i}" for i in range(9)])
    with pytest.raises(ConfigError, match="twice"):
        select_figures(SECTIONS, ["change.b1", "change.b1"])


def test_key_findings_in_module_order_without_blanks() -> None:
    assert key_findings(SECTIONS) == ("Viele kamen.", "Es stieg.", "α gut.")
