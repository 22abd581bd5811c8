"""``kosieval validate STUDY_DIR``: check config and data, print every problem grouped by file and kind.

The account has four parts: the study, what was detected per source (platform, encoding,
separator, number of responses), the problems by file (study.yaml first, then each data
file in the order study.yaml names them) and by kind within a file, and a summary line
("3 Fehler, 12 Hinweise in 4 Dateien / 3 errors, 12 warnings in 4 files"). Problems of
one kind (same severity, action and reason) are one group whose rows are listed compactly
per column ("Zeilen/rows 5 ('7'), 9 ('0') … (+12 weitere / more)"), so 300 wrong cells of
one column take three lines. ``--format json`` gives every problem as a record for CI.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import click

from kosieval.cli.errors import KosievalCommand
from kosieval.cli.reflections import module_readiness
from kosieval.errors import ConfigError
from kosieval.io.study import CONFIG_NAME, ConfigProblem, StudyCheck, check_study, yaml_line
from kosieval.model.importlog import LogEntry
from kosieval.reflections.registry import module_of

#: Rows listed per group before "(+N weitere / more)".
MAX_ROWS = 10
_WIDTH = 100
_VALUE_CHARS = 30
_SEVERITIES = ("error", "warning", "accepted", "info")
_LABEL = {"error": "Fehler/error", "warning": "Hinweis/warning", "accepted": "Akzeptiert/accepted",
          "info": "Protokoll/note"}
_WORDS = {"error": ("Fehler", "Fehler", "error", "errors"), "warning": ("Hinweis", "Hinweise", "warning", "warnings"),
          "accepted": ("akzeptiert", "akzeptiert", "accepted", "accepted"),
          "info": ("Protokolleintrag", "Protokolleinträge", "note", "notes")}
#: Columns listed per group before "(+N weitere Spalten / more columns)".
MAX_COLUMNS = 10


@dataclass(frozen=True)
class Problem:
    """One problem as ``kosieval validate --format json`` writes it.

    Parameters
    ----------
    file
        The file, relative to the study folder (``study.yaml``, ``data/export.csv``).
    line
        The 1-based line (study.yaml) or row (data file, header = 1), where known.
    column
        The column of the data file, where there is one.
    key
        The dotted key of study.yaml (``surveys.0.mapping``), for configuration problems.
    severity
        "error", "warning" or "info".
    action
        What was done with the value ("recoded to missing", "row dropped", ...); None for
        configuration problems.
    value
        The value as it stood in the file, where there is one.
    message
        What is wrong.
    hint
        What to do, where known.
    """

    file: str
    line: int | None
    column: str | None
    key: str | None
    severity: str
    action: str | None
    value: str | None
    message: str
    hint: str | None = None


def _from_config(problem: ConfigProblem) -> Problem:
    return Problem(problem.file, problem.line, None, problem.key, "error", None, None, problem.message, problem.hint)


def _from_log(entry: LogEntry) -> Problem:
    return Problem(entry.file, entry.row, entry.column, None, entry.severity, entry.action, entry.value, entry.reason)


def accept(entries: list[Problem], check: StudyCheck) -> list[Problem]:
    """Errors that study.yaml's ``accepted:`` lists become "accepted" (with the reason given).

    An ``accepted:`` entry that matches no error any more (the data were corrected) is a
    warning at its line of study.yaml, so the list does not outlive its reason.
    """
    accepted = check.config.accepted if check.config is not None else ()
    if not accepted:
        return entries
    used: set[int] = set()
    out = []
    for problem in entries:
        index = next((i for i, a in enumerate(accepted) if problem.severity == "error"
                      and a.matches(problem.file, problem.line, problem.column)), None)
        if index is None:
            out.append(problem)
            continue
        used.add(index)
        out.append(replace(problem, severity="accepted",
                           message=f"{problem.message} (akzeptiert / accepted: {accepted[index].reason})"))
    for index, item in enumerate(accepted):
        if index not in used:
            key = f"accepted.{index}"
            out.append(Problem(CONFIG_NAME, yaml_line(check.config_text, key), None, key, "warning", None, None,
                               f"kein solcher Fehler mehr / no such error any more: {item.file}"
                               + (f", Zeile/row {item.row}" if item.row else "")
                               + (f", Spalte/column {item.column!r}" if item.column else ""),
                               "remove this entry from 'accepted:' if the data were corrected"))
    return out


def module_problems(check: StudyCheck) -> list[ConfigProblem]:
    """The reflection modules of ``report.reflections`` that are unknown or cannot run with this study.

    Parameters
    ----------
    check
        What :func:`~kosieval.io.study.check_study` found; module requirements are checked
        only when the whole study could be read.

    Returns
    -------
    list of ConfigProblem
        One per unknown module, unknown module parameter, broken module input (a checklist)
        and module whose requirements the study does not meet, each pointing at study.yaml.
    """
    if check.config is None:
        return []
    text = check.config_text
    key = "report.reflections"
    problems: list[ConfigProblem] = []
    for name in check.config.report.reflections:
        try:
            module_of(name)
        except ConfigError as exc:
            problems.append(ConfigProblem(CONFIG_NAME, key, yaml_line(text, key), exc.message, exc.hint))
            continue
        if check.study is None:
            continue
        readiness = module_readiness(check.study, name)
        for error in readiness.config_errors:
            file = CONFIG_NAME if error.path is None else _relative(Path(error.path), check.folder)
            line = yaml_line(text, error.key) if file == CONFIG_NAME else None
            problems.append(ConfigProblem(file, error.key, line, error.message, error.hint))
        if readiness.missing:
            problems.append(ConfigProblem(
                CONFIG_NAME, key, yaml_line(text, key),
                f"Modul/module {name!r} kann mit diesen Daten nicht laufen / cannot run with this data; "
                f"es fehlt / missing: {'; '.join(readiness.missing)}",
                "'kosieval reflections STUDY_DIR' lists what each module needs; add the data or remove the "
                "module from report.reflections"))
    return problems


def _relative(path: Path, folder: Path) -> str:
    """``path`` relative to the study folder where it lies inside it."""
    return path.relative_to(folder).as_posix() if path.is_relative_to(folder) else str(path)


def _file_order(check: StudyCheck, problems: Iterable[Problem]) -> list[str]:
    """study.yaml, then the files in the order study.yaml names them, then any other file."""
    order = [CONFIG_NAME]
    if check.config is not None:
        order += [s.file for s in check.config.surveys]
        if check.config.activities is not None:
            order.append(check.config.activities.file)
        if check.config.interviews is not None:
            order += [f for f in (check.config.interviews.file, check.config.interviews.attributes) if f]
    for problem in problems:
        order.append(problem.file)
    return list(dict.fromkeys(order))


def _counts(counts: dict[str, int], *, files: int | None = None, zeros: bool = False) -> str:
    """'3 Fehler, 12 Hinweise in 4 Dateien / 3 errors, 12 warnings in 4 files'.

    ``zeros`` names no errors and no warnings too ("0 Fehler, 0 Hinweise"); notes only when there are some.
    """
    de, en = [], []
    for severity in _SEVERITIES:
        n = counts.get(severity, 0)
        if n or (zeros and severity in ("error", "warning")):
            singular_de, plural_de, singular_en, plural_en = _WORDS[severity]
            de.append(f"{n} {singular_de if n == 1 else plural_de}")
            en.append(f"{n} {singular_en if n == 1 else plural_en}")
    where_de = where_en = ""
    if files:
        where_de = f" in {files} Datei" + ("" if files == 1 else "en")
        where_en = f" in {files} file" + ("" if files == 1 else "s")
    return f"{', '.join(de)}{where_de} / {', '.join(en)}{where_en}"


def _cell(problem: Problem) -> str:
    """'112 ('7')': the row and the value as it stood in the file (shortened)."""
    value = None
    if problem.value is not None:
        value = problem.value if len(problem.value) <= _VALUE_CHARS else problem.value[:_VALUE_CHARS - 1] + "…"
    if problem.line is None:
        return value if value is not None else ""
    return f"{problem.line} ({value!r})" if value is not None else str(problem.line)


def _pack(first: str, parts: list[str], *, indent: str) -> list[str]:
    """``first`` and ``parts`` joined by ", ", wrapped between parts at 100 characters."""
    lines = [first]
    for index, part in enumerate(parts):
        piece = part + ("," if index < len(parts) - 1 else "")
        if len(lines[-1]) + 1 + len(piece) > _WIDTH and lines[-1].strip():
            lines.append(indent + piece)
        else:
            lines[-1] += ("" if lines[-1].endswith(" ") or not lines[-1].strip() else " ") + piece
    return lines


def _wrap(text: str, *, indent: str, hang: str) -> list[str]:
    """``text`` wrapped at 100 characters; its own line breaks (a list of further problems) are kept."""
    lines: list[str] = []
    for index, part in enumerate(text.split("\n")):
        body = part.lstrip(" ")
        lead = indent if index == 0 else hang + part[:len(part) - len(body)]
        follow = hang if index == 0 else lead + "  "
        lines += click.wrap_text(body, width=_WIDTH, initial_indent=lead, subsequent_indent=follow).splitlines()
    return lines


def _column_lines(column: str | None, problems: list[Problem]) -> list[str]:
    """Where one kind of problem stands in one column: 'Spalte/column 'X', Zeilen/rows 5 ('7'), 9 ('0')'."""
    rows = [p for p in problems if p.line is not None]
    cells = [c for c in (_cell(p) for p in problems[:MAX_ROWS]) if c]
    if len(problems) > MAX_ROWS:
        cells.append(f"… (+{len(problems) - MAX_ROWS} weitere / more)")
    where = f"Spalte/column {column!r}" if column else ""
    if not cells:
        return ["      " + where] if where else []
    if rows:
        where = ", ".join(part for part in (where, "Zeile/row" if len(rows) == 1 else "Zeilen/rows") if part)
    elif where:
        where += ":"
    return _pack("      " + where, cells, indent="        ")


def _group_lines(group: list[Problem]) -> list[str]:
    """One kind of problem in one file: what and how often, then where (columns, rows, values)."""
    first = group[0]
    reasons = {p.message for p in group}
    reason = first.message if len(reasons) == 1 else re.sub(r"\d+", "…", first.message)
    count = f" ({len(group)}×)" if len(group) > 1 else ""
    action = f" → {first.action}" if first.action else ""
    lines = _wrap(f"{_LABEL[first.severity]}{count}: {reason}{action}", indent="  ", hang="      ")
    by_column: dict[str | None, list[Problem]] = {}
    for problem in group:
        by_column.setdefault(problem.column, []).append(problem)
    if len(by_column) > 1 and all(p.line is None and p.value is None for p in group):
        return lines + _pack("      Spalten/columns", [repr(c) for c in by_column if c], indent="        ")
    for column, problems in list(by_column.items())[:MAX_COLUMNS]:
        lines += _column_lines(column, problems)
    if len(by_column) > MAX_COLUMNS:
        lines.append(f"      … (+{len(by_column) - MAX_COLUMNS} weitere Spalten / more columns)")
    return lines


def _groups(problems: list[Problem]) -> list[list[Problem]]:
    """Problems of one file by kind: same severity, action and reason (across columns).

    Reasons that differ only in numbers are one kind within a column ("the same id stands in
    line 42") and, for whole-column notes ("missing codes in 3 cells"), across columns;
    otherwise a different reason is a different kind. Errors first, then warnings, then
    notes, each by the first row.
    """
    buckets: dict[tuple[str, str | None, str], list[Problem]] = {}
    for problem in problems:
        buckets.setdefault((problem.severity, problem.action, re.sub(r"\d+", "#", problem.message)), []).append(problem)
    groups: list[list[Problem]] = []
    for bucket in buckets.values():
        if len({p.message for p in bucket}) == 1 or all(p.line is None for p in bucket):
            groups.append(bucket)
            continue
        by_column: dict[str | None, list[Problem]] = {}
        for problem in bucket:
            by_column.setdefault(problem.column, []).append(problem)
        groups += by_column.values()
    return sorted(groups, key=lambda g: (_SEVERITIES.index(g[0].severity),
                                         min((p.line for p in g if p.line is not None), default=0)))


def _config_lines(problem: Problem) -> list[str]:
    where = ", ".join(part for part in (f"Zeile/line {problem.line}" if problem.line else "",
                                         f"Schlüssel/key {problem.key}" if problem.key else "") if part)
    lines = _wrap(f"{_LABEL[problem.severity]}" + (f" ({where})" if where else "") + f": {problem.message}",
                  indent="  ", hang="      ")
    if problem.hint:
        lines += _wrap(f"Hinweis/hint: {problem.hint}", indent="      ", hang="        ")
    return lines


def _file_lines(file: str, problems: list[Problem]) -> list[str]:
    counts = {s: sum(p.severity == s for p in problems) for s in _SEVERITIES}
    lines = [f"{file} – {_counts(counts)}"]
    for problem in (p for p in problems if p.action is None):
        lines += _config_lines(problem)
    for group in _groups([p for p in problems if p.action is not None]):
        lines += _group_lines(group)
    return lines


#: Details a reader may record that belong in `--format json`, not on the one line per source.
_DETAILS = frozenset({"written by", "file label", "measure levels", "categorical multiple-response sets", "cases",
                      "variables", "extended missing values"})
_SUMMARY_CHARS = 110


def _detected_summary(detected: dict[str, str]) -> str:
    """Format, encoding, separator ... of an export on one readable line (long details left out)."""
    text = ", ".join(v for k, v in detected.items() if k not in _DETAILS)
    return text if len(text) <= _SUMMARY_CHARS else text[: _SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _sources(check: StudyCheck) -> list[tuple[str, str, str]]:
    """(source, file, what was detected) for every input study.yaml names."""
    config = check.config
    if config is None:
        return []
    unread = "nicht gelesen (Probleme unten) / not read (problems below)"
    rows = []
    for source in config.surveys:
        survey = check.surveys.get(source.id)
        detected = f"{_detected_summary(survey.detected)}; n = {survey.n}" if survey is not None else unread
        rows.append((source.id, source.file, detected))
    if config.activities is not None:
        activities = check.activities
        rows.append(("activities", config.activities.file,
                     unread if activities is None else f"{activities.n_events} Veranstaltungen/events"))
    if config.interviews is not None:
        corpus = check.interviews
        rows.append(("interviews", config.interviews.file, unread if corpus is None else (
            f"{corpus.format}: {len(corpus.documents)} Dokumente/documents, {len(corpus.segments)} "
            f"Segmente/segments, {len(corpus.coders)} Codierende/coders")))
    return rows


def _text(check: StudyCheck, problems: list[Problem], *, notes_hidden: int) -> str:
    lines = []
    if check.config is not None:
        lines.append(f"Studie / study: {check.config.study.id} ({check.config.study.city})")
    else:
        lines.append(f"Studie / study: {check.folder} ({CONFIG_NAME}: siehe unten / see below)")
    sources = _sources(check)
    if sources:
        lines.append("Quellen / sources:")
        widths = [max(len(row[i]) for row in sources) for i in range(2)]
        lines += [f"  {s.ljust(widths[0])}  {f.ljust(widths[1])}  {d}" for s, f, d in sources]
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    for file in _file_order(check, problems):
        if file in by_file:
            lines += ["", *_file_lines(file, by_file[file])]
    counts = {s: sum(p.severity == s for p in problems) for s in ("error", "warning", "accepted")}
    lines += ["", _counts(counts, files=len({p.file for p in problems if p.severity != "info"}), zeros=True)]
    if notes_hidden:
        lines.append(f"{notes_hidden} Protokolleinträge (fehlende Werte, entfernte Spalten) mit --all zeigen / "
                     f"{notes_hidden} routine notes (missing codes, dropped columns): show with --all")
    return "\n".join(lines)


def _json(check: StudyCheck, problems: list[Problem], *, notes: int) -> str:
    config = check.config
    record = {
        "study": None if config is None else {"id": config.study.id, "city": config.study.city},
        "folder": str(check.folder),
        "sources": [{"source": s, "file": f, "detected": d} for s, f, d in _sources(check)],
        "problems": [asdict(p) for p in problems],
        "summary": {"errors": sum(p.severity == "error" for p in problems),
                    "warnings": sum(p.severity == "warning" for p in problems),
                    "accepted": sum(p.severity == "accepted" for p in problems),
                    "notes": notes,
                    "files": len({p.file for p in problems if p.severity != "info"})},
    }
    return json.dumps(record, ensure_ascii=False, indent=2)


@click.command(cls=KosievalCommand)
@click.argument("study_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--all", "show_all", is_flag=True,
              help="auch Protokolleinträge zeigen / also show routine notes (missing codes, dropped columns).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Ausgabe als Text oder als JSON-Datensätze (für CI) / output as text or as JSON records (for CI).")
def validate(study_dir: Path, show_all: bool, fmt: str) -> None:
    """Studie prüfen / check study.yaml and every data file of STUDY_DIR.

    Zeigt alle Probleme auf einmal, nach Datei und Art geordnet, mit Zeile, Spalte und
    Hinweis. / Lists every problem at once, by file and kind, with row, column and hint.

    Exit-Code 0 ohne Fehler (Hinweise erlaubt), 1 bei Fehlern oder ohne study.yaml. / Exit
    code 0 when there are no errors (warnings allowed), 1 when there are errors or
    study.yaml is missing.
    """
    check = check_study(study_dir)
    problems = [_from_config(p) for p in (*check.problems, *module_problems(check))]
    entries = accept([_from_log(e) for e in check.log], check)
    notes = sum(p.severity == "info" for p in entries)
    problems += [p for p in entries if show_all or p.severity != "info"]
    if fmt == "json":
        click.echo(_json(check, problems, notes=notes))
    else:
        click.echo(_text(check, problems, notes_hidden=0 if show_all else notes))
    if any(p.severity == "error" for p in problems):
        if fmt == "text":
            click.echo("Fehler gefunden: bitte beheben und erneut prüfen / errors found: fix them and run "
                       "'kosieval validate' again.", err=True)
        raise SystemExit(1)
    if fmt == "text":
        click.echo("Keine Fehler / no errors.")
