"""One translation of XML parser failures into messages a researcher understands.

Every XML the readers open (LimeSurvey ``.lss``, REFI-QDA ``.qde``/``.qdc``) is parsed with
defusedxml; its refusal of entity declarations and the parser's syntax errors both become a
:class:`~kosieval.errors.DataFormatError` naming the file, line and character.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from kosieval.errors import DataFormatError

__all__ = ["xml_error"]


def xml_error(exc: DefusedXmlException | ParseError, *, path: Path | str, tool: str,
              export_again: str) -> DataFormatError:
    """The DataFormatError for a refused or broken XML file.

    Parameters
    ----------
    exc
        What defusedxml raised: entity declarations refused, or a syntax error.
    path
        The file (or ``archive::member``) for the message.
    tool
        Who writes such files ("LimeSurvey", "QDA programs"), for the message.
    export_again
        What to do, for the hint ("export the survey structure again from LimeSurvey").
    """
    if isinstance(exc, DefusedXmlException):
        return DataFormatError(
            f"die XML-Datei deklariert Entitäten ({type(exc).__name__}) / the XML file declares entities "
            f"({type(exc).__name__}): an entity bomb or an external entity; files from {tool} never "
            "contain them, so the file was not read",
            path=path,
            hint=f"{export_again}; do not use a file of unknown origin",
        )
    line, column = getattr(exc, "position", (None, None))
    reason = str(exc).split(":")[0]
    return DataFormatError(
        f"kein gültiges XML / not well-formed XML ({reason})",
        path=path,
        line=line,
        column=f"Zeichen/character {column + 1}" if column is not None else None,
        hint=f"the file is damaged or was edited by hand; {export_again}",
    )
