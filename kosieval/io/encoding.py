"""Decoding export files: byte-order mark, then the encoding asked for, else UTF-8, then cp1252.

Detection order for a file without an encoding given: a byte-order mark (UTF-8, UTF-16 LE/BE)
wins; UTF-16 without a BOM is recognised by its zero bytes; then strict UTF-8; then
Windows-1252 (cp1252), which Excel on Windows writes — that fallback is reported
(``DecodedText.fallback``) so the reader can log it. A file that is not valid in an encoding
the researcher gave explicitly gets an error that names the line and the byte, and says
which encoding to pass.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from kosieval.errors import DataFormatError
from kosieval.model.importlog import LogEntry

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 mit BOM / with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE mit BOM / with BOM"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE mit BOM / with BOM"),
)


@dataclass(frozen=True)
class DecodedText:
    """The text of a file and how it was decoded."""

    text: str
    encoding: str
    description: str
    fallback: bool = False


def decode_file(path: Path, *, encoding: str | None = None) -> DecodedText:
    """Read ``path`` and decode it.

    Parameters
    ----------
    path
        The file (opened read-only; never written).
    encoding
        The encoding to use instead of detection (e.g. ``"cp1252"``). A byte-order mark
        still wins over it, because it cannot be wrong.

    Returns
    -------
    DecodedText

    Raises
    ------
    DataFormatError
        When the bytes are not valid in the encoding; names line and byte, and suggests
        an encoding.
    """
    raw = Path(path).read_bytes()
    for bom, codec, description in _BOMS:
        if raw.startswith(bom):
            return DecodedText(_decode(raw, codec, path), codec, description)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise DataFormatError(f"unbekannte Kodierung / unknown encoding {encoding!r}", path=path,
                                  hint="use utf-8, cp1252, latin-1 or utf-16") from None
        suggest = "cp1252" if codecs.lookup(encoding).name == "utf-8" else None
        return DecodedText(_decode(raw, encoding, path, suggest=suggest), encoding, encoding)
    sample = raw[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
        return DecodedText(_decode(raw, "utf-16-le", path), "utf-16-le", "UTF-16 LE ohne BOM / without BOM")
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8", "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return DecodedText(_decode(raw, "utf-8", path, suggest="cp1252"), "utf-8", "UTF-8")
    return DecodedText(text, "cp1252", "Windows-1252 (cp1252), kein UTF-8 / not UTF-8", fallback=True)


def _decode(raw: bytes, codec: str, path: Path, *, suggest: str | None = None) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        hint = (
            f"the file is probably {suggest}: pass encoding: {suggest} (study.yaml) or "
            f"encoding=\"{suggest}\" (Python); Excel on Windows saves CSV as {suggest}"
            if suggest
            else "check the encoding given in study.yaml"
        )
        raise DataFormatError(
            f"die Datei ist nicht {codec} kodiert / the file is not valid {codec} "
            f"(byte 0x{byte} at position {exc.start})",
            path=path,
            line=line,
            hint=hint,
        ) from None


def guessed_encoding_entry(file: str, decoded: DecodedText) -> LogEntry:
    """The ImportLog warning for a file whose encoding was guessed as cp1252."""
    return LogEntry(file, None, None, None, decoded.encoding, "encoding guessed",
                    "the file is not UTF-8; it was read as Windows-1252 (cp1252), as Excel on Windows saves "
                    "it. Check umlauts and set encoding: cp1252 to confirm", "warning")


def head_text(head: bytes) -> str:
    """The first bytes of a file as text, for format detection (BOM, UTF-16 without BOM, else UTF-8)."""
    for bom, codec, _ in _BOMS:
        if head.startswith(bom):
            return head.decode(codec, errors="ignore")
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:
        return head.decode("utf-16-le", errors="ignore")
    return head.decode("utf-8", errors="replace")
