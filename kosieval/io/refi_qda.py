"""REFI-QDA projects (``.qdpx``, ``.qde``) and codebooks (``.qdc``) as a CodedCorpus.

REFI-QDA is the exchange standard of the QDA programs (ATLAS.ti, MAXQDA, NVivo, QualCoder,
f4analyse, ...). A **project** is an XML file (``.qde``, root ``Project``, schema
``Project.xsd`` of QDA-XML 1.0) that lists the users, the code book, variables, cases,
sources, notes and sets; a ``.qdpx`` is a zip archive with that file and a ``Sources``
folder holding the documents (``internal://<name>``). A **codebook** (``.qdc``, root
``CodeBook``, ``Codebook.xsd``) holds the codes only.

How the parts become a :class:`~kosieval.model.coding.CodedCorpus`:

* ``Users/User`` -> ``coders`` (``id`` = the user's GUID, which ``creatingUser`` refers to;
  ``name``; ``user_id`` = the short ``id`` attribute where the tool writes one).
* ``CodeBook/Codes/Code`` (nested) -> ``codes``: ``id`` = GUID (not required to be
  GUID-shaped), ``path`` from the nesting, ``codable`` from ``isCodable``, ``color`` as
  ``#RRGGBB`` (upper case), ``description`` from ``Description``.
* ``Sources/TextSource`` -> ``documents``. The text comes from ``PlainTextContent`` or from
  ``plainTextPath``: ``internal://name`` inside the archive's ``Sources``/``sources`` folder
  (any case; for a bare ``.qde``, such a folder beside it), ``relative://path`` against the
  project's ``basePath`` — resolved only inside the folder of the ``.qde``/``.qdpx``, a path
  escaping it is refused and logged — or a plain file name (as the ``qc`` tool writes).
  Absolute paths (``absolute://``, other schemes) are not followed. A missing source gives a
  document with text None (warning). Picture, PDF, audio and video sources are not read
  (info).
* ``PlainTextSelection`` -> one segment per ``Coding``/``CodeRef``, coder = the coding's
  ``creatingUser`` (else the selection's). A selection without ``Coding`` (a memo) is no
  segment (counted in ``detected["selections_without_coding"]``). NVivo writes one
  selection per code, so identical ranges repeat: each is a segment.
* ``VariableValue`` on sources and on cases (``Case/SourceRef``), -> document attribute
  columns named as the variable (typed: text, bool, int, float; dates as written); a
  ``case`` column holds the case name(s). ``Sets/Set/MemberSource`` -> a column
  ``set:<name>`` (True/False).
* ``Notes`` are counted (``detected["notes"]``) and not read further.

**Offsets.** The standard counts characters, but the programs do not agree what a character
is: NVivo counts UTF-16 code units (a character outside the Basic Multilingual Plane, e.g. an
emoji, counts twice) over text with CRLF line ends, not counting the byte-order mark;
ATLAS.ti counts CRLF as one character. For each document the reader therefore tries three
readings of the offsets over the text as stored — ``code_points``, ``utf16`` and
``crlf_as_one`` (a reading is tried only where it differs from code points) — and takes the
one under which most selections start and end on word boundaries (ties: code points). The
decision is in ``detected["offset_unit:<document id>"]`` with the counts in
``detected["offset_check:<document id>"]``. Offsets are then converted to code points of the
**text as stored, with the byte-order mark removed and CRLF kept** (so ``text[start:end]`` is
the coded passage, line ends included as the tool stored them). Text inside
``PlainTextContent`` has its line ends normalised to LF by the XML parser. Where a document
has no text, its segments keep the offsets as written (unconverted, unchecked: logged).

**Security.** XML is parsed with defusedxml (entity declarations, external entities ->
DataFormatError); archive members are read into memory, never extracted, with limits on the
number of entries and the uncompressed bytes (see :mod:`kosieval.io.archive`).
"""

from __future__ import annotations

import codecs
import re
import zipfile
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import TreeBuilder

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from kosieval.errors import DataFormatError
from kosieval.io.archive import SafeArchive, unsafe_member_name
from kosieval.io.xml_errors import xml_error
from kosieval.model.coding import (
    CODE_COLUMNS,
    CODER_COLUMNS,
    DOCUMENT_COLUMNS,
    PATH_SEPARATOR,
    SEGMENT_COLUMNS,
    CodedCorpus,
    empty_table,
)
from kosieval.model.importlog import LogEntry, Severity

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

FORMAT = "refi_qda"
UNITS = ("code_points", "utf16", "crlf_as_one")
_SOURCE_KINDS = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")
_RESERVED = (*DOCUMENT_COLUMNS, "case")
_COLOR = re.compile(r"#?([0-9A-Fa-f]{6})")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://(.*)", re.DOTALL)


def read_refi_qda(
    path: Path | str,
    *,
    file: str | None = None,
    max_entries: int = 10_000,
    max_bytes: int = 2_000_000_000,
) -> tuple[CodedCorpus, list[LogEntry]]:
    """Read a REFI-QDA project (``.qdpx`` archive or bare ``.qde``) or codebook (``.qdc``).

    Parameters
    ----------
    path
        The file (opened read-only). A zip archive is read as ``.qdpx`` whatever its
        extension; its project file is the single ``*.qde`` in it (any name). Otherwise the
        file is XML with root ``Project`` (project) or ``CodeBook`` (codebook).
    file
        The name used in messages and the log (default: the file name).
    max_entries
        The largest number of entries accepted in an archive.
    max_bytes
        The most uncompressed bytes read (from an archive in total, or from one file).

    Returns
    -------
    tuple[CodedCorpus, list[LogEntry]]
        The corpus (format ``"refi_qda"``; for a codebook, documents and segments are empty)
        and the log of everything dropped, converted or not checked. See the module
        docstring for the mapping and for offsets (code points of the text as stored, BOM
        removed, CRLF kept).

    Raises
    ------
    DataFormatError
        When the file is missing, not well-formed XML (with line and column), declares
        entities, is neither a project nor a codebook, or the archive is unsafe (absolute or
        ``..`` member names, too many entries, more than ``max_bytes`` uncompressed) or has
        no single ``.qde``.
    """
    path = Path(path)
    file = file or path.name
    if not path.is_file():
        raise DataFormatError("die Datei fehlt / the file does not exist", path=path,
                              hint="check the file name in study.yaml")
    if zipfile.is_zipfile(path):
        with SafeArchive(path, max_entries=max_entries, max_bytes=max_bytes) as archive:
            inner = _project_member(archive)
            where = f"{path}::{inner.filename}"
            root, lines = _parse_xml(archive.read(inner), where=where)
            prefix = str(PurePosixPath(inner.filename).parent)
            finder = _SourceFinder(folder=path.parent, archive=archive,
                                   prefix="" if prefix == "." else prefix + "/", max_bytes=max_bytes)
            detected = {"container": "qdpx", "inner_file": inner.filename}
            return _read_root(root, lines, finder, file=file, where=where, detected=detected)
    size = path.stat().st_size
    if size > max_bytes:
        raise DataFormatError(
            f"die Datei ist größer als erlaubt ({size} > {max_bytes} Bytes) / the file is larger than accepted "
            f"({size} > {max_bytes} bytes)", path=path, hint="pass a larger max_bytes if the file is genuine")
    root, lines = _parse_xml(path.read_bytes(), where=str(path))
    finder = _SourceFinder(folder=path.parent, archive=None, prefix="", max_bytes=max_bytes)
    return _read_root(root, lines, finder, file=file, where=str(path), detected={"container": "xml"})


# -- XML -----------------------------------------------------------------------------------------


class _LineTreeBuilder(TreeBuilder):
    """A tree builder that remembers the line on which each element starts."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Element, int] = {}
        self.parser: DefusedXMLParser | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[element] = self.parser.parser.CurrentLineNumber
        return element


def _parse_xml(data: bytes, *, where: str) -> tuple[Element, dict[Element, int]]:
    """Parse with defusedxml, keeping element lines; every failure becomes a DataFormatError."""
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except (DefusedXmlException, ParseError) as exc:
        raise xml_error(exc, path=where, tool="QDA programs",
                        export_again="export the project again from the QDA program") from None
    return root, builder.lines


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def _namespace(tag: object) -> str:
    text = str(tag)
    return text[1:text.index("}")] if text.startswith("{") else ""


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _grandchildren(element: Element | None, outer: str, inner: str) -> list[Element]:
    if element is None:
        return []
    return [c for o in _children(element, outer) for c in _children(o, inner)]


# -- archive and source files ----------------------------------------------------------------------


def _project_member(archive: SafeArchive) -> zipfile.ZipInfo:
    """The single ``*.qde`` member (a root-level one wins when there are several)."""
    found = [i for i in archive.infos if not i.is_dir() and i.filename.lower().endswith(".qde")]
    top = [i for i in found if "/" not in i.filename.replace("\\", "/")]
    if len(found) == 1:
        return found[0]
    if len(top) == 1:
        return top[0]
    names = ", ".join(i.filename for i in found) or "-"
    raise DataFormatError(
        f"das Archiv enthält {len(found)} .qde-Dateien statt genau einer ({names}) / the archive holds "
        f"{len(found)} .qde files instead of exactly one ({names})",
        path=archive.path,
        hint="a REFI-QDA project (.qdpx) holds one project file (.qde); export the project again",
    )


@dataclass(frozen=True)
class _Found:
    data: bytes | None
    where: str
    problem: str | None = None
    severity: Severity = "warning"


@dataclass
class _SourceFinder:
    """Finds the bytes of a source named by ``plainTextPath``."""

    folder: Path
    archive: SafeArchive | None
    prefix: str
    max_bytes: int
    base_path: str = ""
    sources_folder: str | None = None
    _members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.archive is not None:
            for info in self.archive.infos:
                self._members.setdefault(info.filename.replace("\\", "/").lower(), info)

    def find(self, reference: str) -> _Found:
        match = _SCHEME.fullmatch(reference.strip())
        scheme, rest = (match.group(1).lower(), match.group(2)) if match else ("", reference.strip())
        rest = rest.replace("\\", "/")
        if scheme == "relative":
            return self._relative(rest)
        if scheme not in ("", "internal"):
            return _Found(None, reference, f"the path {reference!r} points outside the project (scheme "
                          f"{scheme}://), which is not followed")
        if not rest or unsafe_member_name(rest):
            return _Found(None, reference, f"the path {reference!r} is absolute or contains '..'; refused",
                          "error")
        return self._archive(rest) if self.archive is not None else self._beside(rest)

    def _archive(self, name: str) -> _Found:
        assert self.archive is not None
        for candidate in (f"{self.prefix}sources/{name}", f"{self.prefix}{name}"):
            info = self._members.get(candidate.lower())
            if info is not None and not info.is_dir():
                if candidate.lower().startswith(f"{self.prefix}sources/"):
                    self.sources_folder = info.filename[len(self.prefix):].split("/")[0]
                return _Found(self.archive.read(info), info.filename)
        return _Found(None, name, f"the archive has no file {name!r} in its Sources folder")

    def _beside(self, name: str) -> _Found:
        folders = [d for d in sorted(self.folder.iterdir()) if d.is_dir() and d.name.lower() == "sources"]
        for folder in (*folders, self.folder):
            candidate = folder / name
            if candidate.is_file():
                return self._read_file(candidate)
        return _Found(None, name, f"no file {name!r} in a Sources folder beside the project file "
                      "(a bare .qde does not contain its documents)")

    def _relative(self, rest: str) -> _Found:
        root = self.folder.resolve()
        base = root
        if self.base_path and not _looks_absolute(self.base_path):
            base = root / self.base_path.replace("\\", "/")
        candidate = (base / rest).resolve()
        if not candidate.is_relative_to(root):
            return _Found(None, f"relative://{rest}",
                          f"the path relative://{rest} leads outside the project's folder ({root}); refused", "error")
        if not candidate.is_file():
            return _Found(None, str(candidate), f"the file {candidate} does not exist")
        return self._read_file(candidate)

    def _read_file(self, candidate: Path) -> _Found:
        size = candidate.stat().st_size
        if size > self.max_bytes:
            return _Found(None, str(candidate), f"the file {candidate} is larger than max_bytes ({size} bytes); "
                          "not read", "error")
        return _Found(candidate.read_bytes(), str(candidate))


def _looks_absolute(path: str) -> bool:
    return path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":")


def _decode(data: bytes) -> tuple[str | None, str]:
    """Text without BOM and how it was decoded (text None when it cannot be decoded)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError:
            return None, "UTF-8 with BOM, but not valid UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16 with BOM"
        except UnicodeDecodeError:
            return None, "UTF-16 with BOM, but not valid UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "not UTF-8; read as Windows-1252 (cp1252)"


# -- offsets ----------------------------------------------------------------------------------------


def _converter(unit: str, text: str) -> Callable[[int], int | None]:
    """A function: offset in ``unit`` -> code point of ``text`` (None when it lands on no character)."""
    length = len(text)
    if unit == "utf16":
        # unit index at which each astral character (two UTF-16 units) starts
        starts = [m.start() + j for j, m in enumerate(_ASTRAL.finditer(text))]
        total = length + len(starts)

        def from_utf16(offset: int) -> int | None:
            if not 0 <= offset <= total:
                return None
            before = bisect_left(starts, offset)
            if before and starts[before - 1] == offset - 1:
                return None  # between the two halves of a surrogate pair
            return offset - before

        return from_utf16
    if unit == "crlf_as_one":
        # position each CRLF has when it counts as one character
        starts = [m.start() - j for j, m in enumerate(re.finditer("\r\n", text))]
        total = length - len(starts)

        def from_crlf(offset: int) -> int | None:
            return offset + bisect_left(starts, offset) if 0 <= offset <= total else None

        return from_crlf
    return lambda offset: offset if 0 <= offset <= length else None


def _on_boundary(text: str, position: int) -> bool:
    if position <= 0 or position >= len(text):
        return True
    return not (text[position - 1].isalnum() and text[position].isalnum())


@dataclass(frozen=True)
class _UnitChoice:
    unit: str
    check: str
    on_boundaries: int
    total: int


def _choose_unit(text: str, ranges: list[tuple[int, int]]) -> _UnitChoice:
    """The offset unit under which most ranges start and end on word boundaries (ties: code points)."""
    candidates = ["code_points"]
    if _ASTRAL.search(text):
        candidates.append("utf16")
    if "\r\n" in text:
        candidates.append("crlf_as_one")
    if not ranges:
        return _UnitChoice("code_points", "no selections to check", 0, 0)
    scores: dict[str, tuple[int, int]] = {}
    for unit in candidates:
        convert = _converter(unit, text)
        inside = good = 0
        for start, end in ranges:
            a, b = convert(start), convert(end)
            if a is None or b is None:
                continue
            inside += 1
            good += _on_boundary(text, a) and _on_boundary(text, b)
        scores[unit] = (good, inside)
    best = max(candidates, key=lambda u: (*scores[u], -candidates.index(u)))
    others = ", ".join(f"{u} {scores[u][0]}" for u in candidates if u != best)
    check = f"{scores[best][0]}/{len(ranges)} selections on word boundaries"
    check += f" (other readings: {others})" if others else " (the text has no CRLF and no characters outside the " \
        "BMP, so all readings agree)"
    return _UnitChoice(best, check, scores[best][0], len(ranges))


# -- the project -------------------------------------------------------------------------------------


@dataclass
class _Context:
    file: str
    where: str
    lines: dict[Element, int]
    log: list[LogEntry] = field(default_factory=list)

    def add(self, element: Element | None, value: str | None, new_value: str | None, action: str, reason: str,
            severity: Severity) -> None:
        row = self.lines.get(element) if element is not None else None
        column = _local(element.tag) if element is not None else None
        self.log.append(LogEntry(self.file, row, column, value, new_value, action, reason, severity))


def _read_root(root: Element, lines: dict[Element, int], finder: _SourceFinder, *, file: str, where: str,
               detected: dict[str, str]) -> tuple[CodedCorpus, list[LogEntry]]:
    kind = _local(root.tag)
    if kind not in ("Project", "CodeBook"):
        raise DataFormatError(
            f"die Wurzel ist <{kind}>, kein REFI-QDA-Projekt oder -Codebuch / the root element is <{kind}>, "
            "not a REFI-QDA project (<Project>) or codebook (<CodeBook>)",
            path=where, line=lines.get(root), column=kind,
            hint="export the project as REFI-QDA (.qdpx) or the codebook as .qdc")
    context = _Context(file, where, lines)
    detected = {**detected, "kind": "project" if kind == "Project" else "codebook",
                "namespace": _namespace(root.tag)}
    for attribute in ("origin", "name"):
        if root.get(attribute):
            detected["origin" if attribute == "origin" else "project_name"] = root.get(attribute, "")
    codebook = root if kind == "CodeBook" else _child(root, "CodeBook")
    codes = _read_codes(_child(codebook, "Codes") if codebook is not None else None, context)
    if kind == "CodeBook":
        corpus = CodedCorpus(codes, empty_table(DOCUMENT_COLUMNS), empty_table(SEGMENT_COLUMNS),
                             empty_table((*CODER_COLUMNS, "user_id")), file=file, format=FORMAT, detected=detected)
        return corpus, context.log
    coders = _read_users(root, context)
    finder.base_path = root.get("basePath", "") or ""
    project = _Project(context, finder, codes, coders, detected)
    return project.corpus(root, file=file)


def _read_users(root: Element, context: _Context) -> pd.DataFrame:
    rows = []
    for user in _grandchildren(root, "Users", "User"):
        guid = user.get("guid")
        if not guid:
            context.add(user, user.get("name"), "dropped", "user dropped",
                        "a User without guid cannot be referred to; it is left out", "warning")
            continue
        if any(r["id"] == guid for r in rows):
            context.add(user, guid, "dropped", "user dropped", "this user guid occurs twice; the first is kept",
                        "warning")
            continue
        rows.append({"id": guid, "name": user.get("name"), "user_id": user.get("id")})
    return pd.DataFrame(rows, columns=[*CODER_COLUMNS, "user_id"])


def _read_codes(codes: Element | None, context: _Context) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()

    def walk(element: Element, parent: str | None, path: tuple[str, ...]) -> None:
        for code in _children(element, "Code"):
            line = context.lines.get(code)
            guid = code.get("guid") or f"code-line-{line}"
            name = code.get("name")
            if not code.get("guid"):
                context.add(code, name, guid, "id generated",
                            f"this Code has no guid; it was given the id {guid!r}", "warning")
            if name is None:
                name = guid
                context.add(code, None, name, "name set to the id", "this Code has no name", "warning")
            code_path = (*path, name)
            if guid in seen:
                context.add(code, guid, "dropped", "code dropped",
                            f"the code guid {guid!r} occurs twice; the code {name!r} here is left out (codes "
                            "nested in it are kept under the first)", "error")
            else:
                seen.add(guid)
                rows.append({"id": guid, "name": name, "parent": parent, "path": PATH_SEPARATOR.join(code_path),
                             "color": _color(code, context), "codable": _codable(code, context),
                             "description": _description(code)})
            walk(code, guid, code_path)

    if codes is not None:
        walk(codes, None, ())
    if not rows:
        return empty_table(CODE_COLUMNS).astype({"codable": bool})
    return pd.DataFrame(rows, columns=list(CODE_COLUMNS))


def _color(code: Element, context: _Context) -> str | None:
    raw = code.get("color")
    if raw is None or not raw.strip():
        return None
    match = _COLOR.fullmatch(raw.strip())
    if match is None:
        context.add(code, raw, "None", "colour dropped", f"{raw!r} is not a colour #RRGGBB", "warning")
        return None
    return "#" + match.group(1).upper()


def _codable(code: Element, context: _Context) -> bool:
    raw = (code.get("isCodable") or "true").strip().lower()
    if raw not in ("true", "false", "1", "0"):
        context.add(code, raw, "True", "isCodable read as true", "isCodable must be true or false", "warning")
        return True
    return raw in ("true", "1")


def _description(element: Element) -> str | None:
    found = _child(element, "Description")
    text = (found.text or "").strip() if found is not None else ""
    return text or None


_VALUE_KINDS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")


class _Project:
    """Reads the sources, variables, cases and sets of a ``Project``."""

    def __init__(self, context: _Context, finder: _SourceFinder, codes: pd.DataFrame, coders: pd.DataFrame,
                 detected: dict[str, str]) -> None:
        self.context = context
        self.finder = finder
        self.codes = codes
        self.code_ids = set(codes["id"])
        self.coders = coders
        self.coder_ids = set(coders["id"])
        self.detected = detected
        self.unknown_users: dict[str, None] = {}
        self.variables: dict[str, tuple[str, str]] = {}
        self.documents: list[dict[str, Any]] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        self.segments: list[dict[str, Any]] = []
        self.attribute_names: list[str] = []

    def corpus(self, root: Element, *, file: str) -> tuple[CodedCorpus, list[LogEntry]]:
        self._read_variables(root)
        counts = {"selections": 0, "codings": 0, "selections_without_coding": 0, "whole_document_codings": 0,
                  "other_sources": 0}
        sources = _child(root, "Sources")
        for source in list(sources) if sources is not None else []:
            kind = _local(source.tag)
            if kind == "TextSource":
                self._read_text_source(source, counts)
            elif kind in _SOURCE_KINDS:
                counts["other_sources"] += 1
                self.context.add(source, source.get("name"), "not read", "source skipped",
                                 f"{kind} {source.get('name')!r}: only text sources are read; its codings are not "
                                 "imported", "info")
        self._read_cases(root)
        self._read_sets(root)
        notes = _grandchildren(root, "Notes", "Note")
        self.detected.update({key: str(value) for key, value in counts.items()})
        self.detected["notes"] = str(len(notes))
        if self.finder.sources_folder:
            self.detected["sources_folder"] = self.finder.sources_folder
        coders = self.coders
        if self.unknown_users:
            extra = pd.DataFrame({"id": list(self.unknown_users), "name": None, "user_id": None})
            coders = pd.concat([coders, extra], ignore_index=True) if len(coders) else extra
        declared = [column for column, _ in self.variables.values() if column in self.attribute_names]
        rest = [column for column in self.attribute_names if column not in declared]
        columns = [*DOCUMENT_COLUMNS, *declared, *sorted(rest, key=lambda c: c.startswith("set:"))]
        documents = pd.DataFrame(self.documents, columns=columns) if self.documents else empty_table(DOCUMENT_COLUMNS)
        for column in self.attribute_names:
            if column.startswith("set:"):
                documents[column] = documents[column].fillna(False).astype(bool)
        segments = (pd.DataFrame(self.segments, columns=list(SEGMENT_COLUMNS)) if self.segments
                    else empty_table(SEGMENT_COLUMNS))
        corpus = CodedCorpus(self.codes, documents, segments, coders, file=file, format=FORMAT,
                             detected=self.detected)
        return corpus, self.context.log

    # -- variables, cases, sets

    def _read_variables(self, root: Element) -> None:
        for variable in _grandchildren(root, "Variables", "Variable"):
            guid, name = variable.get("guid"), variable.get("name")
            if not guid or not name:
                self.context.add(variable, guid or name, "dropped", "variable dropped",
                                 "a Variable needs a guid and a name", "warning")
                continue
            column = name if name not in _RESERVED and not name.startswith("set:") else f"variable:{name}"
            if column != name:
                self.context.add(variable, name, column, "attribute renamed",
                                 f"{name!r} is a reserved column name of the documents table", "info")
            self.variables[guid] = (column, variable.get("typeOfVariable", "Text"))
        self.detected["variables"] = str(len(self.variables))

    def _values(self, element: Element) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for entry in _children(element, "VariableValue"):
            ref = _child(entry, "VariableRef")
            target = ref.get("targetGUID") if ref is not None else None
            if target not in self.variables:
                self.context.add(entry, target, "dropped", "value dropped",
                                 f"VariableValue refers to the variable {target!r}, which is not in <Variables>",
                                 "warning")
                continue
            column = self.variables[target][0]
            found = [c for c in entry if _local(c.tag) in _VALUE_KINDS]
            if not found:
                values[column] = None
                continue
            values[column] = self._typed(found[0], column)
            self._attribute(column)
        return values

    def _typed(self, value: Element, column: str) -> Any:
        kind, raw = _local(value.tag), (value.text or "").strip()
        try:
            if kind == "BooleanValue":
                if raw.lower() not in ("true", "false", "1", "0"):
                    raise ValueError(raw)
                return raw.lower() in ("true", "1")
            if kind == "IntegerValue":
                return int(raw)
            if kind == "FloatValue":
                return float(raw)
        except ValueError:
            self.context.add(value, raw, raw, "kept as text",
                             f"{raw!r} is not a valid {kind} for the variable {column!r}", "warning")
            return raw
        return value.text if kind == "TextValue" else raw

    def _attribute(self, column: str) -> None:
        if column not in self.attribute_names:
            self.attribute_names.append(column)

    def _document(self, guid: str | None) -> dict[str, Any] | None:
        return self.by_id.get(guid) if guid is not None else None

    def _read_cases(self, root: Element) -> None:
        cases = _grandchildren(root, "Cases", "Case")
        self.detected["cases"] = str(len(cases))
        for case in cases:
            name = case.get("name") or case.get("guid") or "?"
            values = self._values(case)
            for ref in _children(case, "SourceRef"):
                document = self._document(ref.get("targetGUID"))
                if document is None:
                    self.context.add(ref, ref.get("targetGUID"), None, "reference ignored",
                                     f"the case {name!r} refers to a source that is not a text source of the project",
                                     "info")
                    continue
                self._attribute("case")
                document["case"] = name if not document.get("case") else f"{document['case']}; {name}"
                for column, value in values.items():
                    if column in document and document[column] is not None and document[column] != value:
                        self.context.add(ref, str(value), str(document[column]), "value kept",
                                         f"the document {document['name']!r} already has {column} = "
                                         f"{document[column]!r}; the case {name!r} says {value!r}", "warning")
                        continue
                    document[column] = value

    def _read_sets(self, root: Element) -> None:
        sets = _grandchildren(root, "Sets", "Set")
        self.detected["sets"] = str(len(sets))
        for member_set in sets:
            members = _children(member_set, "MemberSource")
            if not members:
                continue
            column = f"set:{member_set.get('name') or member_set.get('guid')}"
            self._attribute(column)
            for ref in members:
                document = self._document(ref.get("targetGUID"))
                if document is None:
                    self.context.add(ref, ref.get("targetGUID"), None, "reference ignored",
                                     f"the set {column[4:]!r} names a source that is not a text source of the "
                                     "project", "info")
                    continue
                document[column] = True

    # -- sources and selections

    def _read_text_source(self, source: Element, counts: dict[str, int]) -> None:
        context = self.context
        guid = source.get("guid")
        line = context.lines.get(source)
        if not guid:
            guid = f"source-line-{line}"
            context.add(source, source.get("name"), guid, "id generated", "this TextSource has no guid", "warning")
        if self._document(guid) is not None:
            context.add(source, guid, "dropped", "source dropped",
                        f"the source guid {guid!r} occurs twice; this TextSource and its codings are left out",
                        "error")
            return
        reference = source.get("plainTextPath") or ""
        name = source.get("name")
        if not name:
            name = PurePosixPath(reference.replace("\\", "/")).stem or guid
            context.add(source, None, name, "name taken from the file", "this TextSource has no name", "info")
        text = self._text(source, name, reference)
        document = {"id": guid, "name": name, "text": text, **self._values(source)}
        self.documents.append(document)
        self.by_id[guid] = document
        for coding in _children(source, "Coding"):
            counts["whole_document_codings"] += 1
            context.add(coding, _code_ref(coding), "not imported", "coding skipped",
                        f"a coding of the whole source {name!r} (not of a text selection) is not imported", "warning")
        ranges = self._selections(source, name, counts)
        convert = self._offsets(source, guid, name, text, ranges)
        for start, end, selection in ranges:
            self._segments(selection, start, end, guid, name, text, convert, counts)

    def _selections(self, source: Element, name: str, counts: dict[str, int]) -> list[tuple[int, int, Element]]:
        """The selections of a source with valid ranges (memos counted, bad ranges logged)."""
        ranges: list[tuple[int, int, Element]] = []
        for selection in _children(source, "PlainTextSelection"):
            counts["selections"] += 1
            coded = bool(_children(selection, "Coding"))
            counts["selections_without_coding"] += not coded
            start, end = _int(selection.get("startPosition")), _int(selection.get("endPosition"))
            if start is None or end is None or start < 0 or end <= start:
                if coded:
                    self.context.add(selection, _range_text(selection), "dropped", "selection dropped",
                                     f"source {name!r}: the selection's startPosition/endPosition are not two whole "
                                     "numbers with start < end; fix the coding in the QDA program", "error")
                continue
            ranges.append((start, end, selection))
        return ranges

    def _offsets(self, source: Element, guid: str, name: str, text: str | None,
                 ranges: list[tuple[int, int, Element]]) -> Callable[[int], int | None] | None:
        """Decide the offset unit of one source (recorded and logged); its converter, None without text."""
        context = self.context
        if text is None:
            coded = sum(1 for _, _, selection in ranges if _children(selection, "Coding"))
            if coded:
                self.detected[f"offset_unit:{guid}"] = "unknown (no text)"
                context.add(source, f"{coded} selections", "kept unchecked", "segments not checked",
                            f"source {name!r} has no text, so its {coded} coded selections could not be checked; "
                            "their offsets are kept as written (not converted) and their text is empty", "warning")
            return None
        choice = _choose_unit(text, [(start, end) for start, end, _ in ranges])
        self.detected[f"offset_unit:{guid}"] = choice.unit
        self.detected[f"offset_check:{guid}"] = choice.check
        if choice.unit != "code_points":
            context.add(source, "offsets in " + choice.unit, "code points", "offsets converted",
                        f"source {name!r}: selection offsets read as {choice.unit} ({choice.check}) and converted "
                        "to code points of the text", "info")
        if choice.total and choice.on_boundaries * 2 < choice.total:
            context.add(source, choice.check, None, "offsets doubtful",
                        f"source {name!r}: under every reading, fewer than half of the selections start and end "
                        "on word boundaries; the text may not be the one that was coded; check some segments",
                        "warning")
        return _converter(choice.unit, text)

    def _segments(self, selection: Element, start: int, end: int, guid: str, name: str, text: str | None,
                  convert: Callable[[int], int | None] | None, counts: dict[str, int]) -> None:
        """One segment per Coding of a selection (unplaceable ones logged as errors)."""
        context = self.context
        codings = _children(selection, "Coding")
        if not codings:
            return
        if convert is not None and text is not None:
            a, b = convert(start), convert(end)
            if a is None or b is None or b <= a:
                context.add(selection, _range_text(selection), "dropped", "segment dropped",
                            f"source {name!r}: the selection {start}-{end} lies outside the text "
                            f"({len(text)} characters) or splits a character; check the source file", "error")
                return
            start_cp, end_cp, covered = a, b, text[a:b]
        else:
            start_cp, end_cp, covered = start, end, None
        for coding in codings:
            counts["codings"] += 1
            code = _code_ref(coding)
            if code not in self.code_ids:
                context.add(coding, code, "dropped", "segment dropped",
                            f"source {name!r}, selection {start}-{end}: the coding refers to the code {code!r}, "
                            "which is not in the code book", "error")
                continue
            coder = coding.get("creatingUser") or selection.get("creatingUser")
            if coder is not None and coder not in self.coder_ids and coder not in self.unknown_users:
                self.unknown_users[coder] = None
                context.add(coding, coder, coder, "coder added",
                            f"the user {coder!r} who made this coding is not in <Users>; added without a name",
                            "warning")
            self.segments.append({"document": guid, "code": code, "coder": coder, "start": start_cp,
                                  "end": end_cp, "text": covered})

    def _text(self, source: Element, name: str, reference: str) -> str | None:
        context = self.context
        content = _child(source, "PlainTextContent")
        if content is not None:
            return content.text or ""
        if not reference:
            context.add(source, name, "text None", "no text",
                        f"source {name!r} has neither PlainTextContent nor plainTextPath", "warning")
            return None
        found = self.finder.find(reference)
        if found.data is None:
            context.add(source, reference, "text None", "source missing",
                        f"source {name!r}: {found.problem}; the document is kept without text", found.severity)
            return None
        text, how = _decode(found.data)
        if text is None or how.startswith("not UTF-8"):
            context.add(source, found.where, "text None" if text is None else "cp1252", "decoding",
                        f"source {name!r}: the file is {how}", "warning" if text is not None else "error")
        return text


def _code_ref(coding: Element) -> str | None:
    ref = _child(coding, "CodeRef")
    return ref.get("targetGUID") if ref is not None else None


def _range_text(selection: Element) -> str:
    return f"{selection.get('startPosition')}-{selection.get('endPosition')} (guid {selection.get('guid')})"


def _int(raw: str | None) -> int | None:
    try:
        return int(raw.strip()) if raw is not None else None
    except ValueError:
        return None
