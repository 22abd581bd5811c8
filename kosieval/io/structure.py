"""Which structure reader drafts a codebook from which file (``kosieval codebook draft``).

=========================================  ==============================================
file                                        reader
=========================================  ==============================================
LimeSurvey ``.lss`` (old and l10ns layout)  :func:`kosieval.io.limesurvey_structure.read_lss`
LimeSurvey tab-separated structure ``.txt``  :func:`kosieval.io.limesurvey_structure.read_limesurvey_tsv`
SoSci Survey ``variables_*.csv``            :func:`kosieval.io.sosci_structure.draft_from_sosci`
                                            (``values_*.csv`` beside it is used too)
XLSForm ``.xlsx`` (sheet ``survey``)        :func:`kosieval.io.kobo.draft_from_xlsform`
KoboToolbox asset ``.json``                 :func:`kosieval.io.kobo.draft_from_kobo_json`
SPSS ``.sav``/``.zsav``, Stata ``.dta``     :func:`kosieval.io.spss.draft_from_spss`
any other survey export                     :func:`kosieval.io.inferred.draft_from_export`
=========================================  ==============================================
"""

from __future__ import annotations

from pathlib import Path

from kosieval.errors import DataFormatError
from kosieval.io.draft import DraftInstrument
from kosieval.io.encoding import head_text


def draft_codebook(path: Path | str, *, values: Path | str | None = None) -> DraftInstrument:
    """Draft an instrument from a survey's structure file or export.

    Parameters
    ----------
    path
        The structure file or export (never written to).
    values
        SoSci Survey only: the values listing, when it is not beside the variables file as
        ``values_<same suffix>``.

    Returns
    -------
    DraftInstrument
    """
    path = Path(path)
    if not path.is_file():
        raise DataFormatError("die Datei fehlt / the file does not exist", path=path)
    suffix = path.suffix.lower()
    head = path.read_bytes()[:4096]
    if suffix == ".lss" or (b"<document>" in head and b"<LimeSurveyDocType>" in head):
        from kosieval.io.limesurvey_structure import read_lss

        return read_lss(path)
    if suffix in (".sav", ".zsav", ".dta"):
        from kosieval.io.spss import draft_from_spss

        return draft_from_spss(path)
    if suffix == ".json":
        from kosieval.io.kobo import draft_from_kobo_json

        return draft_from_kobo_json(path)
    if suffix in (".xlsx", ".xlsm"):
        from kosieval.io.spreadsheet import workbook_sheets

        if "survey" in {name.strip().lower() for name in workbook_sheets(path, max_row=1)}:
            from kosieval.io.kobo import draft_from_xlsform

            return draft_from_xlsform(path)
    text = head_text(head)
    first = text.split("\n", 1)[0]
    fields = {f.strip().strip('"') for f in first.replace(";", "\t").replace(",", "\t").split("\t")}
    if {"VAR", "LABEL", "TYPE"} <= fields:
        from kosieval.io.sosci_structure import draft_from_sosci

        given = Path(values) if values else path.with_name(path.name.replace("variables", "values", 1))
        return draft_from_sosci(path, given if given.is_file() and given != path else None)
    if {"class", "type/scale", "name"} <= fields:
        from kosieval.io.limesurvey_structure import read_limesurvey_tsv

        return read_limesurvey_tsv(path)
    from kosieval.io.inferred import draft_from_export
    from kosieval.io.survey import read_raw

    return draft_from_export(read_raw(path))

