"""CodedCorpus: the coded interviews of a study (DESIGN.md §4), whatever tool coded them.

Three tables, as pandas DataFrames so that 50,000 segments stay cheap and every analysis is
vectorised:

``codes``
    One row per code: ``id`` (the tool's GUID or a generated id), ``name``, ``parent`` (id or
    None), ``path`` (the names from the root, joined with " > "), ``color`` ("#RRGGBB" or
    None), ``codable`` (False for a category that only groups codes, REFI ``isCodable``),
    ``description``.
``documents``
    One row per interview: ``id``, ``name``, ``text`` (the plain text, or None where the
    export holds no text), then one column per attribute (actor group, city, wave,
    ``consent_quote``, ...), named as the tool or the attribute file names them.
``segments``
    One row per coded segment: ``document`` (id), ``code`` (id), ``coder`` (id or None),
    ``start`` and ``end`` in **code points** of the document text, end exclusive (Python
    slicing: ``text[start:end]``), and ``text`` (the covered text; from the document where it
    has one, else as the tool exported it).

``coders`` (id, name) lists the users of the tool. Readers convert every offset to code
points and check it against the text; segments that cannot be placed are reported in the
import log, never silently dropped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

CODE_COLUMNS = ("id", "name", "parent", "path", "color", "codable", "description")
DOCUMENT_COLUMNS = ("id", "name", "text")
SEGMENT_COLUMNS = ("document", "code", "coder", "start", "end", "text")
CODER_COLUMNS = ("id", "name")
PATH_SEPARATOR = " > "


#: The document attribute that records consent to be quoted.
CONSENT = "consent_quote"


@dataclass(frozen=True, eq=False)
class CodedCorpus:
    """The codes, documents, coded segments and coders of one coding export.

    Parameters
    ----------
    codes, documents, segments, coders
        The tables described in the module docstring (columns at least those listed there).
    file
        The export, relative to the study folder (for messages).
    format
        The format read (``"refi_qda"``, ``"qualcoder"``, ``"maxqda"``, ...).
    detected
        What the reader detected (origin tool, offset unit, ...), for the log and the report.

    Raises
    ------
    ValueError
        When a table lacks a column, ids repeat, or a segment names a code or document that
        is not in the tables or has ``end <= start`` (readers report such segments in the
        log instead of passing them on).
    """

    codes: pd.DataFrame
    documents: pd.DataFrame
    segments: pd.DataFrame
    coders: pd.DataFrame
    file: str
    format: str
    detected: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, table, columns in (("codes", self.codes, CODE_COLUMNS),
                                     ("documents", self.documents, DOCUMENT_COLUMNS),
                                     ("segments", self.segments, SEGMENT_COLUMNS),
                                     ("coders", self.coders, CODER_COLUMNS)):
            missing = [c for c in columns if c not in table.columns]
            if missing:
                raise ValueError(f"{name}: missing column(s) {missing!r}")
        for name, table in (("codes", self.codes), ("documents", self.documents), ("coders", self.coders)):
            repeated = table["id"][table["id"].duplicated()]
            if len(repeated):
                raise ValueError(f"{name}: id {repeated.iloc[0]!r} occurs more than once")
        unknown_code = ~self.segments["code"].isin(self.codes["id"])
        if unknown_code.any():
            raise ValueError(f"segments: code {self.segments['code'][unknown_code].iloc[0]!r} is not in codes")
        unknown_doc = ~self.segments["document"].isin(self.documents["id"])
        if unknown_doc.any():
            raise ValueError(
                f"segments: document {self.segments['document'][unknown_doc].iloc[0]!r} is not in documents")
        empty = self.segments["end"] <= self.segments["start"]
        if empty.any():
            raise ValueError(f"segments: a segment ends where it starts (row {int(empty.to_numpy().argmax())})")

    @property
    def attributes(self) -> tuple[str, ...]:
        """The document attribute columns (everything beyond id, name, text)."""
        return tuple(c for c in self.documents.columns if c not in DOCUMENT_COLUMNS)

    def segments_with(self, *attributes: str) -> pd.DataFrame:
        """The segments joined with code names/paths and the named document attributes.

        Parameters
        ----------
        *attributes
            Document attribute columns to add (ValueError for an unknown one).
        """
        unknown = [a for a in attributes if a not in self.attributes]
        if unknown:
            raise ValueError(f"attributes: unknown document attribute(s) {unknown!r}; known: {list(self.attributes)!r}")
        frame = self.segments.merge(
            self.codes[["id", "name", "path"]].rename(columns={"id": "code", "name": "code_name", "path": "code_path"}),
            on="code", how="left")
        if attributes:
            docs = self.documents[["id", *attributes]].rename(columns={"id": "document"})
            frame = frame.merge(docs, on="document", how="left")
        return frame

    def quotes(self, code: str, *, consent: str = CONSENT, max_length: int | None = None) -> pd.DataFrame:
        """The segments of ``code`` that may be quoted: only from documents that recorded consent.

        Parameters
        ----------
        code
            A code id or a code name (or path).
        consent
            The document attribute that records consent to quote. Only documents whose value
            records consent (:func:`consent_given`: True, 1, "ja", "yes", "true" ...) are quoted;
            without that attribute, or with False, missing or any other value, never.
        max_length
            Leave out segments longer than this many characters (None: keep all).

        Returns
        -------
        pandas.DataFrame
            ``segments_with`` columns plus ``document_name``, ordered by document and start;
            segments without text are left out.

        Raises
        ------
        ValueError
            When ``code`` is no code of the corpus.
        """
        match = self.codes[(self.codes["id"] == code) | (self.codes["name"] == code) | (self.codes["path"] == code)]
        if match.empty:
            raise ValueError(f"code: {code!r} is not a code of {self.file}")
        if consent not in self.attributes:
            return self.segments_with().iloc[0:0].assign(document_name=pd.Series(dtype=object))
        given = self.documents[consent].map(consent_given)
        allowed = self.documents.loc[given.astype(bool), ["id", "name"]].rename(
            columns={"id": "document", "name": "document_name"})
        frame = self.segments_with().merge(allowed, on="document", how="inner")
        frame = frame[frame["code"].isin(match["id"]) & frame["text"].notna()]
        if max_length is not None:
            frame = frame[frame["text"].str.len() <= max_length]
        return frame.sort_values(["document_name", "start"]).reset_index(drop=True)

    def summary(self) -> dict[str, int]:
        """Counts: codes, codable codes, documents, documents with text, segments, coders."""
        return {
            "codes": len(self.codes),
            "codable_codes": int(self.codes["codable"].sum()),
            "documents": len(self.documents),
            "documents_with_text": int(self.documents["text"].notna().sum()),
            "segments": len(self.segments),
            "coders": len(self.coders),
        }

    def _repr_html_(self) -> str:  # pragma: no cover - notebook display
        counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in self.summary().items())
        return f"<p>CodedCorpus <code>{html.escape(self.file)}</code> ({html.escape(self.format)}): {counts}</p>"


#: Values that record consent to be quoted. QualCoder and spreadsheets store attributes as
#: text, REFI-QDA as booleans; anything else (empty, "nein", "false", "unklar") is no consent.
CONSENT_VALUES = frozenset({"true", "wahr", "ja", "yes", "1", "x"})
#: Values that record a refusal (so that other values can be reported as unclear).
REFUSAL_VALUES = frozenset({"false", "falsch", "nein", "no", "0", ""})


def consent_given(value: object) -> bool:
    """True when a ``consent_quote`` value records consent: True, 1, or "ja"/"yes"/"true"/"wahr"/"1"/"x".

    Case and surrounding spaces do not matter. Everything else -- False, 0, missing, and any
    other text -- is no consent, so a quote never appears by mistake.

    Parameters
    ----------
    value
        The attribute value as read from the coding export or the attributes table.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)) or (isinstance(value, (float, np.floating)) and not np.isnan(value)):
        return value == 1
    if isinstance(value, str):
        return value.strip().lower() in CONSENT_VALUES
    return False


def consent_unclear(value: object) -> bool:
    """True for a ``consent_quote`` value that is neither consent nor a clear refusal (e.g. "vielleicht")."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (int, np.integer)):
        return value not in (0, 1)
    if isinstance(value, (float, np.floating)):
        return not np.isnan(value) and value not in (0.0, 1.0)
    if isinstance(value, str):
        text = value.strip().lower()
        return text not in CONSENT_VALUES and text not in REFUSAL_VALUES
    return True


def empty_table(columns: tuple[str, ...]) -> pd.DataFrame:
    """An empty table with the given columns (object dtype)."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
