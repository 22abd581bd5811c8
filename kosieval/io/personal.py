"""Which export columns hold personal data (names, e-mail, IP, tokens, geo, referrer).

They are dropped at import unless the study allows them (``privacy.allow_personal_columns``)
and every drop is logged. Platform readers add the names their platform uses; the patterns
below catch the usual spellings of any export.
"""

from __future__ import annotations

import re

_PATTERNS = (
    r"e-?mail",
    r"^(first|last|full|sur)?_?name$",
    r"^(vor|nach|voll|familien)?name$",
    r"^ip_?addr(ess)?$",
    r"^ipaddr$",
    r"^ip$",
    r"token",
    r"^ref_?url$",
    r"^referr?er$",
    r"^(location_?)?(lat|latitude|lon|lng|long|longitude)$",
    r"^geo",
    r"^(phone|telefon|handy|mobile)",
    r"^(address|adresse|strasse|straße)$",
)
_REGEX = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def is_personal(column: str, *, extra: frozenset[str] = frozenset()) -> bool:
    """Return True when ``column`` names personal data.

    Parameters
    ----------
    column
        The column name as in the export.
    extra
        Column names the platform reader knows to be personal.
    """
    name = column.strip()
    return name in extra or bool(_REGEX.search(name))
