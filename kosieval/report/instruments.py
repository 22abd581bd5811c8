"""The instruments appendix: what was asked, how it was answered, how scales are scored.

For every instrument the study used (in the order of the surveys in study.yaml): a
sub-heading with the instrument's title, a sentence naming the respondent group and the
waves, a table of its questions (id, wording in the report's language, response format,
scale, reverse keying) and a table of its scales (items, scoring, minimum valid items,
source with DOI). Items marked ``personal`` are left out unless
``privacy.allow_personal_columns`` is set. Long tables break across pages with their header
row repeated (see print.css).
"""

from __future__ import annotations

from kosieval.model.codebook import Codebook, Item, Scale
from kosieval.model.study import Study
from kosieval.present import numbers as fmt
from kosieval.present.section import Block, Heading, Paragraph, Section, Table

#: Single-choice items with at most this many options list every option; longer ones show the ends.
LIST_OPTIONS = 6

_GROUPS = {
    "participants": ("Teilnehmende des Labs", "lab participants"),
    "team": ("Lab-Team und Kooperationspartner", "lab team and partners"),
}


def _group(codebook: Codebook, de: bool) -> str:
    names = _GROUPS.get(codebook.respondent_group)
    if names is None:
        return codebook.respondent_group
    return names[0] if de else names[1]


def response_format(item: Item, *, locale: str) -> str:
    """Describe an item's response format ("1–5 (trifft nicht zu … trifft voll zu)").

    Parameters
    ----------
    item
        The item or attribute.
    locale
        ``"de"`` or ``"en"``.

    Returns
    -------
    str
        Likert items: code range with the labels of both ends; single/multiple choice with at
        most :data:`LIST_OPTIONS` options: every ``code = label``; numeric: range and unit;
        free text and dates: their kind.
    """
    de = locale.startswith("de")
    if item.type == "text":
        return ("Freitext (Antworten erscheinen nicht im Bericht)" if de
                else "free text (answers not shown in the report)")
    if item.type == "date":
        return "Datum" if de else "date"
    if item.type == "numeric":
        kind = "Zahl" if de else "number"
        if item.min is not None and item.max is not None:
            low = fmt.number(item.min, locale=locale, digits=0 if float(item.min).is_integer() else 2)
            high = fmt.number(item.max, locale=locale, digits=0 if float(item.max).is_integer() else 2)
            kind += f" {low}–{high}"
        return f"{kind} ({item.unit})" if item.unit else kind
    options = item.options
    prefix = ""
    if item.type == "multi":
        prefix = "Mehrfachauswahl: " if de else "multiple choice: "
    if item.type != "likert" and len(options) <= LIST_OPTIONS:
        return prefix + "; ".join(f"{o.code} = {o.label.get(locale)}" for o in options)
    first, last = options[0], options[-1]
    return (prefix + f"{first.code}–{last.code} ({first.label.get(locale)} \u2026 {last.label.get(locale)})")


def _source(scale: Scale, de: bool) -> str:
    """Name, citation and DOI of a scale's source ("DOI nicht verfügbar" when it has none)."""
    source = scale.source
    if source is None:
        return "eigene Skala" if de else "own scale"
    doi = f"DOI {source.doi}" if source.doi else ("DOI nicht verfügbar" if de else "DOI not available")
    parts = [source.name.strip().rstrip("."), source.citation.strip().rstrip("."), doi]
    return ". ".join(p for p in parts if p) + "."


def _items_table(codebook: Codebook, items: list[Item], *, locale: str, excluded: int) -> Table:
    de = locale.startswith("de")
    scales_of: dict[str, list[str]] = {}
    reverse: set[str] = set()
    for scale in codebook.scales:
        for item_id in scale.items:
            scales_of.setdefault(item_id, []).append(scale.title.get(locale))
        reverse.update(scale.reverse)
    rows = tuple(
        (item.id, " ".join(item.text.get(locale).split()), response_format(item, locale=locale),
         "; ".join(scales_of.get(item.id, ())), ("ja" if de else "yes") if item.id in reverse else "")
        for item in items
    )
    notes = []
    if codebook.missing_codes:
        codes = "; ".join(f"{m.code} = {m.label.get(locale)}" for m in codebook.missing_codes)
        notes.append(f"Fehlende Werte: {codes} (als fehlend behandelt)." if de
                     else f"Missing values: {codes} (treated as missing).")
    notes.append("Umgepolt = negativ formuliertes Item, vor der Skalenbildung umgepolt." if de
                 else "Reverse = negatively worded item, reverse-keyed before scoring.")
    if excluded:
        notes.append(f"{excluded} personenbezogene Items sind nicht aufgeführt." if de
                     else f"{excluded} personal items are not listed.")
    return Table(
        id=f"tab-instruments-items-{codebook.id}",
        caption=(f"Items: {codebook.title.get(locale)}"),
        columns=("Item", "Wortlaut", "Antwortformat", "Skala", "Umgepolt") if de
        else ("Item", "Wording", "Response format", "Scale", "Reverse"),
        rows=rows,
        numeric=(False,) * 5,
        notes=tuple(notes),
    )


def _scales_table(codebook: Codebook, *, locale: str) -> Table:
    de = locale.startswith("de")
    rows = []
    for scale in codebook.scales:
        items = ", ".join(scale.items)
        if scale.reverse:
            items += (" (umgepolt: " if de else " (reverse: ") + ", ".join(scale.reverse) + ")"
        scoring = {"mean": ("Mittelwert", "mean"), "sum": ("Summe", "sum")}[scale.scoring][0 if de else 1]
        rows.append((scale.title.get(locale), items, scoring,
                     f"{fmt.integer(scale.min_valid, locale=locale)} / {fmt.integer(len(scale.items), locale=locale)}",
                     _source(scale, de)))
    return Table(
        id=f"tab-instruments-scales-{codebook.id}",
        caption=f"Skalen: {codebook.title.get(locale)}" if de else f"Scales: {codebook.title.get(locale)}",
        columns=("Skala", "Items", "Wertung", "Min. gültig", "Quelle") if de
        else ("Scale", "Items", "Scoring", "Min. valid", "Source"),
        rows=tuple(rows),
        numeric=(False, False, False, True, False),
        notes=(("Min. gültig = Mindestzahl gültiger Items / Zahl der Items; mit weniger gültigen Items bleibt "
                "der Skalenwert fehlend. Die Items sind eigene Formulierungen in Anlehnung an die genannten "
                "Quellen; Anmerkungen zu den Quellen stehen im Codebuch des Instruments.") if de else
               ("Min. valid = least number of valid items / number of items; with fewer valid items the scale "
                "score is missing. The items are own wordings adapted from the sources named; notes on the "
                "sources are in the instrument's codebook."),),
    )


def instruments_appendix(study: Study, *, locale: str) -> Section:
    """The appendix "Instrumente" / "Instruments" for the instruments the study used.

    Parameters
    ----------
    study
        The loaded study.
    locale
        ``"de"`` or ``"en"``.

    Returns
    -------
    Section
        ``id="instruments"``; per instrument a heading, a sentence on respondents and waves,
        the items table (``tab-instruments-items-<id>``) and, where it has scales, the scales
        table (``tab-instruments-scales-<id>``).
    """
    de = locale.startswith("de")
    allow_personal = study.config.privacy.allow_personal_columns
    blocks: list[Block] = [Paragraph(
        "Die folgenden Tabellen dokumentieren die in dieser Studie eingesetzten Instrumente: Wortlaut und "
        "Antwortformat jedes Items sowie Bildung und Herkunft der Skalen." if de else
        "The tables below document the instruments used in this study: wording and response format of "
        "every item, and how the scales are formed and where they come from.")]
    seen: list[str] = []
    for survey in study.surveys.values():
        if survey.instrument not in seen and survey.instrument in study.codebooks:
            seen.append(survey.instrument)
    for instrument in seen:
        codebook = study.codebooks[instrument]
        surveys = study.surveys_of(instrument)
        waves = ", ".join(f"{s.wave} (n = {fmt.integer(s.n, locale=locale)})" for s in surveys)
        planned = ", ".join(codebook.waves)
        blocks.append(Heading(codebook.title.get(locale)))
        blocks.append(Paragraph(
            f"Befragt: {_group(codebook, de)}. Vorgesehene Wellen: {planned}; in dieser Studie: {waves}. "
            f"Version {codebook.version} des Instruments ({codebook.id})." if de else
            f"Respondents: {_group(codebook, de)}. Planned waves: {planned}; in this study: {waves}. "
            f"Version {codebook.version} of the instrument ({codebook.id})."))
        variables = list(codebook.variables)
        items = [v for v in variables if allow_personal or not v.personal]
        blocks.append(_items_table(codebook, items, locale=locale, excluded=len(variables) - len(items)))
        if codebook.scales:
            blocks.append(_scales_table(codebook, locale=locale))
    return Section(id="instruments", title="Instrumente" if de else "Instruments", blocks=tuple(blocks))
