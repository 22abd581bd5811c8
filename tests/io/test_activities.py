"""The activity log as German Excel writes it."""

from __future__ import annotations

import pytest

from kosieval.errors import DataFormatError
from kosieval.io.activities import read_activities

HEADER = ("Datum;Format;Thema;Ort;Dauer (h);Verwaltung;Politik;Wirtschaft;Wissenschaft;"
          "Zivilgesellschaft;Teilnehmende gesamt")


def _write(tmp_path, *rows):
    path = tmp_path / "aktivitaeten.csv"
    path.write_bytes(("\r\n".join((HEADER, *rows)) + "\r\n").encode("cp1252"))
    return path


def test_reads_decimal_comma_and_german_dates(tmp_path):
    path = _write(tmp_path, "05.03.2026;Workshop;Grünflächen für alle;Rathaus;2,5;4;1;2;3;12;22",
                  "14.09.2026;Lab-Sitzung;Öffentlicher Raum;Bürgerhaus;1.234,5;1;0;0;0;1;5")
    activities, log = read_activities(path, file="aktivitaeten.csv", encoding="cp1252")
    events = activities.events
    assert events["topic"].tolist() == ["Grünflächen für alle", "Öffentlicher Raum"]
    assert events["duration_h"].tolist() == [2.5, 1234.5]
    assert events["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-05", "2026-09-14"]
    assert events["Zivilgesellschaft"].tolist() == [12, 1]
    assert log == []


def test_bad_date_names_line_and_column(tmp_path):
    path = _write(tmp_path, "2026-03-05;Workshop;x;y;2;1;1;1;1;1;5")
    with pytest.raises(DataFormatError) as info:
        read_activities(path, file="aktivitaeten.csv", encoding="cp1252")
    assert "Zeile/row 2" in str(info.value) and "'Datum'" in str(info.value)


def test_groups_adding_up_to_more_than_total_is_a_warning(tmp_path):
    path = _write(tmp_path, "05.03.2026;Workshop;x;y;2;4;1;2;3;12;10")
    _, log = read_activities(path, file="aktivitaeten.csv", encoding="cp1252")
    assert [(e.row, e.severity) for e in log] == [(2, "warning")]
