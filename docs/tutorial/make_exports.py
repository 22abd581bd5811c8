"""The exports of the fictional second city Beispielburg, for docs/tutorial.md.

The tutorial walks a new city from its raw exports to its report. Beispielburg runs its
participant survey with a tool that hands over SPSS files and codes its interviews in
QualCoder, so this script writes, into the folder given::

    teilnehmende_T0.sav, teilnehmende_T1.sav   participant survey T0 and T1 (SPSS)
    team_T1.csv                                 team survey T1 (SoSci Survey CSV download)
    interviews.qda/data.qda                     QualCoder project (SQLite)
    aktivitaeten.csv                            activity log (German Excel CSV)

The data come from a synthetic city written by ``benchmarks/synthetic_study.py``
(:data:`SYNTHETIC`: 120 participants at T0, 12 interviews, seed 7), read with kosieval and
written again in the formats above, so the synthetic generator's effects are in them (a
rise of self-efficacy, sense of community and internal political efficacy from T0 to T1;
lower partnership synergy of the administration in the team survey). The SPSS files look
as an SPSS user would keep them: SPSS-style variable names that are not the item ids
(:data:`SPSS_NAMES`), variable labels, value labels, -9 "keine Angabe" declared
user-missing. Incomplete responses are not in them (the survey tool exported completed
interviews only). Planted for ``kosieval validate``:

- ``teilnehmende_T0.sav``: the synthetic generator's planted error, ``SE03`` = 7 (valid 1-4);
- ``teilnehmende_T1.sav``: one person filled in the questionnaire twice (the same ``CODE``
  in two rows, the second one last in the file).

Deterministic: every run writes the same bytes, with these limits. The SPSS header's
creation date and time (which pyreadstat sets to the current time) are overwritten with
fixed values (:data:`SAV_CREATED`); other pyreadstat versions may lay the file out
differently. ``data.qda`` is written by the same SQL statements in the same order; its bytes
are the same for the same SQLite library (the file header records the library's version
number), so they may differ between machines.

Usage::

    python docs/tutorial/make_exports.py beispielburg/data
    python docs/tutorial/make_exports.py --apply-changes beispielburg/study.yaml

The second call makes the tutorial's ``study.yaml`` changes (:data:`CHANGES_FILE`, shown in
docs/tutorial.md) for those who do not want to type them; it rewrites ``study.yaml``
without its comments.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd
import pyreadstat
import yaml

import kosieval
from kosieval.io.coding import read_coding
from kosieval.model.codebook import Codebook, Item
from kosieval.model.coding import CodedCorpus
from kosieval.model.survey import Survey

HERE = Path(__file__).resolve().parent
#: The synthetic study generator of the benchmarks.
SYNTHETIC_SCRIPT = HERE.parents[1] / "benchmarks" / "synthetic_study.py"
#: The tutorial's changes to the ``study.yaml`` that ``kosieval init`` writes.
CHANGES_FILE = HERE / "study_changes.yaml"
CITY = "Beispielburg"
#: Arguments of ``write_synthetic_study`` for Beispielburg.
SYNTHETIC: Mapping[str, Any] = {"city": CITY, "respondents": 120, "waves": ("T0", "T1"), "interviews": 12,
                                "team": 30, "events": 20, "seed": 7}

#: SPSS variable name -> item id of the participant instrument, in file order (after ``CODE``).
SPSS_NAMES: Mapping[str, str] = {
    "AKTEUR": "actor_group", "ROLLE": "role", "ALTER": "age_group", "GESCHL": "gender",
    **{f"SE{k:02d}": f"se{k}" for k in range(1, 7)},
    **{f"PW{k:02d}": f"pe{k}" for k in range(1, 7)},
    **{f"VM{k:02d}": f"it{k}" for k in range(1, 4)},
    **{f"VI{k:02d}": f"ti{k}" for k in range(1, 6)},
    **{f"GG{k:02d}": f"sc{k}" for k in range(1, 9)},
    "EA01": "ve1", "EA02": "ve2", "KOMM": "comment",
}
#: The respondent code that links T0 and T1.
CODE = "CODE"
#: The missing code written for unanswered questions (declared user-missing in the files).
NO_ANSWER = -9
NO_ANSWER_LABEL = "keine Angabe"
#: What each export is, as printed by :func:`main` (file name -> description).
DESCRIPTIONS: Mapping[str, str] = {
    "teilnehmende_T0.sav": "participant survey T0, SPSS; planted: SE03 = 7 in one row (valid 1-4)",
    "teilnehmende_T1.sav": "participant survey T1, SPSS; planted: one CODE in two rows",
    "team_T1.csv": "team survey T1, SoSci Survey CSV",
    "interviews.qda": "QualCoder project (data.qda inside): 12 coded interviews",
    "aktivitaeten.csv": "activity log, German Excel CSV",
}
#: Fixed SPSS header date and time per wave (the last day of field work).
SAV_CREATED: Mapping[str, tuple[str, str]] = {"T0": ("19 Mar 26", "18:00:00"), "T1": ("17 Sep 26", "18:00:00")}
_SAV_DATE = slice(92, 101)
_SAV_TIME = slice(101, 109)
_STAMP = "2026-10-30 16:00:00"

# The tables of a QualCoder project that kosieval reads (database version v8, as QualCoder's
# MainWindow.new_project creates them, ccbogel/QualCoder src/qualcoder/__main__.py), plus `project`.
QUALCODER_SCHEMA = (
    "CREATE TABLE project (databaseversion text, date text, memo text,about text, bookmarkfile integer, "
    "bookmarkpos integer, codername text)",
    "CREATE TABLE source (id integer primary key, name text, fulltext text, mediapath text, memo text, "
    "owner text, date text, av_text_id integer, risid integer, unique(name))",
    "CREATE TABLE attribute_type (name text primary key, date text, owner text, memo text, caseOrFile text, "
    "valuetype text)",
    "CREATE TABLE attribute (attrid integer primary key, name text, attr_type text, value text, id integer, "
    "date text, owner text, unique(name,attr_type,id))",
    "CREATE TABLE case_text (id integer primary key, caseid integer, fid integer, pos0 integer, pos1 integer, "
    "owner text, date text, memo text)",
    "CREATE TABLE cases (caseid integer primary key, name text, memo text, owner text,date text, "
    "constraint ucm unique(name))",
    "CREATE TABLE code_cat (catid integer primary key, name text, owner text, date text, memo text, "
    "supercatid integer, unique(name))",
    "CREATE TABLE code_text (ctid integer primary key, cid integer, fid integer,seltext text, pos0 integer, "
    "pos1 integer, owner text, date text, memo text, avid integer, important integer, "
    "unique(cid,fid,pos0,pos1, owner))",
    "CREATE TABLE code_name (cid integer primary key, name text, memo text, catid integer, owner text,"
    "date text, color text, unique(name))",
)
#: Document attributes written as QualCoder file attributes (all of type "character").
ATTRIBUTES = ("actor_group", "city", "consent_quote")


def load_synthetic_generator() -> ModuleType:
    """Import ``benchmarks/synthetic_study.py`` (it is not part of the kosieval package).

    Returns
    -------
    ModuleType
        The module; its ``write_synthetic_study`` writes a synthetic study folder.
    """
    spec = importlib.util.spec_from_file_location("_tutorial_synthetic_study", SYNTHETIC_SCRIPT)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {SYNTHETIC_SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_exports(folder: str | Path) -> tuple[Path, ...]:
    """Write Beispielburg's exports into ``folder`` (created; files of earlier runs are replaced).

    Parameters
    ----------
    folder
        Where the exports go: the ``data/`` folder of the study.

    Returns
    -------
    tuple[Path, ...]
        The files written (the QualCoder project as its folder), in the order of the module
        docstring.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="beispielburg-") as tmp:
        synthetic = load_synthetic_generator().write_synthetic_study(Path(tmp) / "synthetic", **SYNTHETIC)
        study = kosieval.load_study(synthetic)
        log = study.log.to_frame()
        surveys = {wave: study.surveys[f"participants_{wave.lower()}"] for wave in SYNTHETIC["waves"]}
        frames = {wave: spss_frame(survey) for wave, survey in surveys.items()}
        frames["T0"] = _plant_out_of_range(frames["T0"], surveys["T0"], log)
        frames["T1"] = _plant_duplicate(frames["T1"], linked=set(frames["T0"][CODE]))
        written = []
        for wave, frame in frames.items():
            target = folder / f"teilnehmende_{wave}.sav"
            write_sav(frame, target, codebook=surveys[wave].codebook, wave=wave)
            written.append(target)
        for name in ("team_T1.csv", "aktivitaeten.csv"):
            shutil.copyfile(synthetic / "data" / name, folder / name)
        corpus, _ = read_coding(synthetic / "data" / "interviews.qdpx")
    project = write_qualcoder(corpus, folder / "interviews.qda")
    return (*written, folder / "team_T1.csv", project, folder / "aktivitaeten.csv")


def spss_frame(survey: Survey) -> pd.DataFrame:
    """The responses of a participant survey under their SPSS names (:data:`SPSS_NAMES`).

    Parameters
    ----------
    survey
        A wave of the participant survey as kosieval read it.

    Returns
    -------
    pandas.DataFrame
        ``CODE`` (text) and one float column per SPSS variable; unanswered questions are
        :data:`NO_ANSWER`, ``EA02`` (hours) is empty where ``EA01`` was not "yes" (not asked),
        ``KOMM`` (free text) is empty text.
    """
    responses = survey.responses
    frame = pd.DataFrame({CODE: responses["respondent"].astype(str).to_numpy()})
    for name, item_id in SPSS_NAMES.items():
        item = survey.codebook.item(item_id)
        if item.type == "text":
            frame[name] = ""
            continue
        values = responses[item_id].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        if item_id == "ve2":
            asked = responses["ve1"].eq(1).fillna(False).to_numpy()
            values = np.where(asked & np.isnan(values), NO_ANSWER, values)
        else:
            values = np.where(np.isnan(values), NO_ANSWER, values)
        frame[name] = values
    return frame


def _spss_name(item_id: str) -> str:
    return next(name for name, item in SPSS_NAMES.items() if item == item_id)


def _plant_out_of_range(frame: pd.DataFrame, survey: Survey, log: pd.DataFrame) -> pd.DataFrame:
    """Put back the out-of-range code the synthetic generator planted (kosieval read it as NA)."""
    column = _spss_name("se3")
    planted = log[log["file"].str.endswith("teilnehmende_T0.csv") & log["column"].eq("SE[SQ003]")
                  & log["value"].eq("7")]
    if len(planted) != 1:
        raise RuntimeError(f"expected the synthetic generator's planted SE[SQ003] = 7 once, found {len(planted)}")
    respondent = survey.responses.loc[int(planted["row"].iloc[0]), "respondent"]
    frame = frame.copy()
    frame.loc[frame[CODE].eq(respondent), column] = 7.0
    return frame


def _plant_duplicate(frame: pd.DataFrame, *, linked: set[str]) -> pd.DataFrame:
    """Append a second questionnaire of the tenth person who also answered at T0, a few answers changed."""
    position = [k for k, code in enumerate(frame[CODE]) if code in linked][9]
    again = frame.iloc[[position]].copy()
    for name in ("SE01", "GG02", "VI03"):
        value = float(again[name].iloc[0])
        if value != NO_ANSWER:
            again[name] = value - 1 if value > 1 else value + 1
    return pd.concat([frame, again], ignore_index=True)


def _value_labels(item: Item, codebook: Codebook) -> dict[int | float, str]:
    """The German option labels (not those that only repeat the code, as 1-9 of the 0-10 scale) and -9."""
    labels: dict[int | float, str] = {option.code: option.label.de for option in item.options
              if option.label.de != str(option.code)}
    labels[NO_ANSWER] = next((m.label.de for m in codebook.missing_codes if m.code == NO_ANSWER), NO_ANSWER_LABEL)
    return labels


def write_sav(frame: pd.DataFrame, path: Path, *, codebook: Codebook, wave: str) -> Path:
    """Write ``frame`` (from :func:`spss_frame`) as an SPSS file with labels and user-missing -9.

    Parameters
    ----------
    frame
        ``CODE`` and the SPSS variables.
    path
        The ``.sav`` file to write (replaced).
    codebook
        The participant instrument: variable labels (German item texts), value labels.
    wave
        The wave, for the file label and the fixed header date (:data:`SAV_CREATED`).

    Returns
    -------
    Path
    """
    labels: dict[str, str] = {CODE: "Teilnahmecode (selbst erzeugt, verknüpft T0 und T1)"}
    value_labels: dict[str, dict[int | float, str]] = {}
    missing: dict[str, list[int | float | str]] = {}
    measure: dict[str, str] = {CODE: "nominal"}
    formats: dict[str, str] = {}
    for name, item_id in SPSS_NAMES.items():
        item = codebook.item(item_id)
        labels[name] = item.text.de
        if item.type == "text":
            measure[name] = "nominal"
            continue
        missing[name] = [NO_ANSWER]
        if item.type == "numeric":
            measure[name], formats[name] = "scale", "F4.1"
            value_labels[name] = {NO_ANSWER: NO_ANSWER_LABEL}
        else:
            measure[name] = "ordinal" if item.type == "likert" else "nominal"
            formats[name] = "F2.0"
            value_labels[name] = _value_labels(item, codebook)
    pyreadstat.write_sav(frame, str(path), file_label=f"KoSI-Lab {CITY}: Teilnehmendenbefragung {wave}",
                         column_labels=labels, variable_value_labels=value_labels, missing_ranges=missing,
                         variable_measure=measure, variable_format=formats)
    date, time = SAV_CREATED[wave]
    blob = bytearray(path.read_bytes())
    blob[_SAV_DATE] = date.encode("ascii")
    blob[_SAV_TIME] = time.encode("ascii")
    path.write_bytes(bytes(blob))
    return path


def write_qualcoder(corpus: CodedCorpus, folder: Path) -> Path:
    """Write ``corpus`` as a QualCoder project: ``folder/data.qda`` (an earlier one is replaced).

    Codes that cannot be coded (REFI-QDA's categories) become QualCoder categories
    (``code_cat``), the others codes (``code_name``) under their category; documents become
    text sources, segments coded text (``code_text``, owner = the coder's name), and
    :data:`ATTRIBUTES` file attributes of type "character" (QualCoder has no yes/no type, so
    ``consent_quote`` is written as the text ``true`` or ``false``).

    Parameters
    ----------
    corpus
        The interviews.
    folder
        The project folder (``<name>.qda``).

    Returns
    -------
    Path
        ``folder``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "data.qda"
    database.unlink(missing_ok=True)
    codes = corpus.codes
    categories = codes[~codes["codable"]].reset_index(drop=True)
    codable = codes[codes["codable"]].reset_index(drop=True)
    catid = {code_id: k for k, code_id in enumerate(categories["id"], 1)}
    cid = {code_id: k for k, code_id in enumerate(codable["id"], 1)}
    fid = {doc_id: k for k, doc_id in enumerate(corpus.documents["id"], 1)}
    coders = dict(zip(corpus.coders["id"], corpus.coders["name"]))
    owner = str(corpus.coders["name"].iloc[0])
    connection = sqlite3.connect(database)
    try:
        for statement in QUALCODER_SCHEMA:
            connection.execute(statement)
        connection.execute("INSERT INTO project VALUES ('v8', ?, '', 'QualCoder 3.5', 0, 0, ?)", (_STAMP, owner))
        connection.executemany(
            "INSERT INTO code_cat (catid, name, owner, date, memo, supercatid) VALUES (?,?,?,?,?,?)",
            [(catid[row.id], row.name, owner, _STAMP, _text(row.description), catid.get(row.parent))
             for row in categories.itertuples()])
        connection.executemany(
            "INSERT INTO code_name (cid, name, memo, catid, owner, date, color) VALUES (?,?,?,?,?,?,?)",
            [(cid[row.id], row.name, _text(row.description), catid.get(row.parent), owner, _STAMP, _text(row.color))
             for row in codable.itertuples()])
        connection.executemany(
            "INSERT INTO source (id, name, fulltext, mediapath, memo, owner, date) VALUES (?,?,?,?,?,?,?)",
            [(fid[row.id], row.name, row.text, None, "", owner, _STAMP) for row in corpus.documents.itertuples()])
        connection.executemany(
            "INSERT INTO code_text (cid, fid, seltext, pos0, pos1, owner, date, memo) VALUES (?,?,?,?,?,?,?,?)",
            [(cid[row.code], fid[row.document], row.text, int(row.start), int(row.end), coders[row.coder], _STAMP,
              "") for row in corpus.segments.itertuples()])
        connection.executemany("INSERT INTO attribute_type VALUES (?,?,?,?,?,?)",
                               [(name, _STAMP, owner, "", "file", "character") for name in ATTRIBUTES])
        connection.executemany(
            "INSERT INTO attribute (name, attr_type, value, id, date, owner) VALUES (?,?,?,?,?,?)",
            [(name, "file", _attribute(value), fid[doc_id], _STAMP, owner)
             for name in ATTRIBUTES for doc_id, value in zip(corpus.documents["id"], corpus.documents[name])])
        connection.commit()
    finally:
        connection.close()
    return folder


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _attribute(value: object) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    return _text(value)


# -- the study.yaml changes -----------------------------------------------------------------


def study_changes(path: Path = CHANGES_FILE) -> dict[str, Any]:
    """The tutorial's ``study.yaml`` changes (:data:`CHANGES_FILE`) as a mapping.

    Parameters
    ----------
    path
        The YAML file with the changes.

    Returns
    -------
    dict
    """
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def merge_config(config: Any, changes: Any) -> Any:
    """``config`` with ``changes`` applied, as a person editing ``study.yaml`` would.

    Mappings are merged key by key; a list of mappings with ``id`` (``surveys``,
    ``report.dimensions``) is merged entry by entry (an id not in ``config`` is added at the
    end); anything else in ``changes`` replaces the value in ``config``.

    Parameters
    ----------
    config
        The loaded ``study.yaml`` (not changed).
    changes
        The loaded changes.

    Returns
    -------
    object
        The changed config (new containers where something changed).
    """
    if isinstance(config, dict) and isinstance(changes, dict):
        merged = dict(config)
        for key, value in changes.items():
            merged[key] = merge_config(config[key], value) if key in config else value
        return merged
    if _entries_with_id(config) and _entries_with_id(changes):
        merged_list = list(config)
        position = {entry["id"]: k for k, entry in enumerate(merged_list)}
        for entry in changes:
            if entry["id"] in position:
                k = position[entry["id"]]
                merged_list[k] = merge_config(merged_list[k], entry)
            else:
                merged_list.append(entry)
        return merged_list
    return changes


def _entries_with_id(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(e, dict) and "id" in e for e in value)


class _PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def apply_study_changes(study_yaml: str | Path, changes: Path = CHANGES_FILE) -> Path:
    """Make the tutorial's changes to a ``study.yaml`` written by ``kosieval init``.

    The file is rewritten without its comments (the changes themselves are what the
    tutorial asks you to type).

    Parameters
    ----------
    study_yaml
        The ``study.yaml`` to change.
    changes
        The changes (default: :data:`CHANGES_FILE`).

    Returns
    -------
    Path
        ``study_yaml``.
    """
    path = Path(study_yaml)
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    merged = merge_config(config, study_changes(changes))
    header = (f"# study.yaml of kosieval init with the changes of {changes.name} (docs/tutorial.md), "
              "written by docs/tutorial/make_exports.py\n")
    path.write_text(header + yaml.dump(merged, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False,
                                       width=110), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the exports into a folder, or apply the study.yaml changes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", help="where the exports go (the study's data/ folder)")
    parser.add_argument("--apply-changes", type=Path, metavar="STUDY_YAML",
                        help=f"make the changes of {CHANGES_FILE.name} to this study.yaml instead")
    args = parser.parse_args(argv)
    if (args.folder is None) == (args.apply_changes is None):
        parser.error("give either FOLDER or --apply-changes STUDY_YAML")
    if args.apply_changes is not None:
        print(f"{apply_study_changes(args.apply_changes)}: changed as in {CHANGES_FILE.name}")
        return 0
    for path in write_exports(args.folder):
        print(f"{path.as_posix():<42} {DESCRIPTIONS[path.name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
