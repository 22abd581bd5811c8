"""Decoding export files: byte-order marks first, then the encoding asked for, then UTF-8.

A file that is not valid UTF-8 and came without an encoding gets an error that names the
line and the byte, and says which encoding to pass (Excel on Windows writes cp1252).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from kosieval.errors import DataFormatError

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
        return DecodedText(_decode(raw, encoding, path), encoding, encoding)
    return DecodedText(_decode(raw, "utf-8", path, suggest="cp1252"), "utf-8", "UTF-8")


def _decode(raw: bytes, codec: str, path: Path, *, suggest: str | None = None) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        hint = (
            f"pass the file's encoding in study.yaml (encoding: {suggest}); Excel on Windows "
            f"saves CSV as {suggest}"
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
