"""Write a small study folder from DataFrames and load it, for exact-number tests.

One builder for every reflection test: instruments as dicts (written to the study's own
``instruments/``), surveys as DataFrames (plain CSV, column ``id`` = respondent id, other
columns = item ids), interviews as a generic segment table with the document texts and an
attribute table, activities in the German Excel layout. The folder is then read with
:func:`kosieval.load_study`, so the tests exercise the same path as real studies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

import kosieval
from kosieval.model.activities import ACTOR_GROUPS
from kosieval.model.study import Study

AGREE5 = [{"code": c, "label": {"de": f"Stufe {c}", "en": f"level {c}"}} for c in range(1, 6)]
GROUPS = [{"code": i, "label": {"de": g, "en": g}} for i, g in enumerate(ACTOR_GROUPS, 1)]


def instrument(id: str, *, waves: Sequence[str], scales: Mapping[str, Sequence[str]],
               reverse: Mapping[str, Sequence[str]] | None = None, options: list[dict] | None = None,
               extra_items: Sequence[dict] = ()) -> dict[str, Any]:
    """An instrument dict: an ``actor_group`` attribute, Likert items 1–5, one scale per entry.

    Parameters
    ----------
    id
        Instrument id.
    waves
        Its waves.
    scales
        Scale id -> item ids (items are created as Likert items with ``options``).
    reverse
        Scale id -> reverse-keyed items.
    options
        Response options (default 1–5).
    extra_items
        Further item dicts (e.g. a free-text comment).
    """
    reverse = reverse or {}
    items = [{"id": item, "type": "likert", "options": options or AGREE5,
              "text": {"de": f"Aussage {item}", "en": f"Statement {item}"}}
             for items in scales.values() for item in items]
    return {
        "id": id, "title": {"de": f"Instrument {id}", "en": f"Instrument {id}"},
        "respondent_group": "participants", "waves": list(waves),
        "missing_codes": [{"code": -9, "label": {"de": "keine Angabe", "en": "no answer"}}],
        "attributes": [{"id": "actor_group", "type": "single", "options": GROUPS,
                        "text": {"de": "Akteursgruppe", "en": "Actor group"}}],
        "items": items + list(extra_items),
        "scales": [{"id": s, "title": {"de": f"Skala {s}", "en": f"Scale {s}"}, "items": list(i),
                    "reverse": list(reverse.get(s, ())), "min_valid": 1} for s, i in scales.items()],
    }


def write_study(
    folder: Path,
    *,
    instruments: Sequence[dict[str, Any]],
    surveys: Sequence[tuple[str, str, str, pd.DataFrame]],
    interviews: pd.DataFrame | None = None,
    documents: Mapping[str, str] | None = None,
    document_attributes: pd.DataFrame | None = None,
    activities: pd.DataFrame | None = None,
    report: Mapping[str, Any] | None = None,
    privacy: Mapping[str, Any] | None = None,
    city: str = "Teststadt",
) -> Path:
    """Write a study folder; returns the folder.

    Parameters
    ----------
    folder
        Where to write (created).
    instruments
        Instrument dicts (see :func:`instrument`).
    surveys
        (survey id, instrument id, wave, responses) per survey; responses have a column
        ``id`` and one column per item/attribute id.
    interviews
        Generic segment table: columns document, code, coder, start, end, text.
    documents
        Document name -> full text (written to ``interviews/<name>.txt``).
    document_attributes
        One row per document: column ``document`` plus attribute columns.
    activities
        Columns date (datetime.date), format, topic, place, duration_h and one column per
        actor group in :data:`~kosieval.model.activities.ACTOR_GROUPS`.
    report, privacy
        The ``report:`` and ``privacy:`` sections of study.yaml.
    city
        The study's city.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "instruments").mkdir(exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    for inst in instruments:
        (folder / "instruments" / f"{inst['id']}.yaml").write_text(
            yaml.safe_dump(inst, allow_unicode=True, sort_keys=False), encoding="utf-8")
    config: dict[str, Any] = {
        "study": {"id": city.lower(), "title": {"de": f"Studie {city}", "en": f"Study {city}"},
                  "city": city, "authors": ["Test Person"], "date": dt.date(2026, 11, 24),
                  "test_phase": [dt.date(2026, 3, 1), dt.date(2026, 9, 30)]},
        "surveys": [],
    }
    for survey_id, instrument_id, wave, frame in surveys:
        file = f"data/{survey_id}.csv"
        frame.to_csv(folder / file, index=False)
        config["surveys"].append({"id": survey_id, "instrument": instrument_id, "wave": wave,
                                  "file": file, "format": "csv", "respondent_id": "id"})
    if interviews is not None:
        interviews.to_csv(folder / "data" / "segments.csv", index=False)
        entry: dict[str, Any] = {"file": "data/segments.csv", "format": "generic"}
        if documents is not None:
            (folder / "interviews").mkdir(exist_ok=True)
            for name, text in documents.items():
                (folder / "interviews" / f"{name}.txt").write_text(text, encoding="utf-8")
            entry["documents"] = "interviews"
        if document_attributes is not None:
            document_attributes.to_csv(folder / "data" / "attributes.csv", index=False)
            entry["attributes"] = "data/attributes.csv"
        config["interviews"] = entry
    if activities is not None:
        lines = ["Datum;Format;Thema;Ort;Dauer (h);" + ";".join(ACTOR_GROUPS) + ";Teilnehmende gesamt"]
        for row in activities.itertuples():
            counts = [int(getattr(row, g)) for g in ACTOR_GROUPS]
            lines.append(f"{row.date:%d.%m.%Y};{row.format};{row.topic};{row.place};"
                         f"{str(row.duration_h).replace('.', ',')};" + ";".join(map(str, counts))
                         + f";{sum(counts)}")
        (folder / "data" / "activities.csv").write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
        config["activities"] = {"file": "data/activities.csv", "encoding": "cp1252"}
    if report is not None:
        config["report"] = dict(report)
    if privacy is not None:
        config["privacy"] = dict(privacy)
    (folder / "study.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    return folder


def load(folder: Path) -> Study:
    """Load the study folder written by :func:`write_study`."""
    return kosieval.load_study(folder)
