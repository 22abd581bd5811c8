"""Shortening text for quotes, joint displays and running headers."""

from __future__ import annotations

__all__ = ["ELLIPSIS", "collapse_whitespace", "shorten"]

ELLIPSIS = "\u2026"
#: Stripped from the end of a cut text before the ellipsis ("Satz, …" reads as "Satz…").
_TRAILING = " ,;:.-\u2013"


def collapse_whitespace(text: str) -> str:
    """``text`` with every run of whitespace (line breaks, tabs) turned into one space, trimmed."""
    return " ".join(str(text).split())


def shorten(text: str, limit: int) -> str:
    """``text`` with whitespace collapsed and, when longer than ``limit``, cut at a word boundary.

    Parameters
    ----------
    text
        Any text.
    limit
        The longest result in characters, the ellipsis included (at least 2).

    Returns
    -------
    str
        The collapsed text when it fits; otherwise the words that fit before the ellipsis
        (a single word longer than the limit is cut inside), without trailing punctuation,
        followed by "…". Compare with :func:`collapse_whitespace` to learn whether it was cut.
    """
    if limit < 2:
        raise ValueError(f"limit: must be at least 2, got {limit}")
    text = collapse_whitespace(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:  # the last word of the cut is incomplete: drop it
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(_TRAILING) + ELLIPSIS
