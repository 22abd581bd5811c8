"""A synthetic report for the report-layer tests (no study, no reflections needed).

Also used to render the sample PDF by hand::

    python tests/report/sample_report.py /tmp/report_sample.pdf
"""

from __future__ import annotations

import datetime as dt
import io

from kosieval.present.section import Figure, Paragraph, Section, Table
from kosieval.report.document import InputFile, Provenance, ReportDocument

SCRIPT_TEXT = "Rohtext mit <script>alert(1)</script> & Sonderzeichen."


def bar_chart_svg() -> str:
    """A small matplotlib bar chart as deterministic SVG (text kept as text)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"svg.hashsalt": "kosieval-test", "svg.fonttype": "none", "font.size": 9}):
        fig, ax = plt.subplots(figsize=(6.0, 3.0))
        groups = ["Verwaltung", "Politik", "Wirtschaft", "Wissenschaft", "Zivilgesellschaft"]
        ax.bar(groups, [3.9, 3.4, 3.6, 4.1, 4.2], color="#0072B2")
        ax.set_ylim(1, 5)
        ax.set_ylabel("Mittelwert (1–5)")
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    return buffer.getvalue()


def make_document(*, locale: str = "de", kind: str = "evaluation", long_table_rows: int = 40) -> ReportDocument:
    """Build a report with two chapters, a figure, an appendix and provenance."""
    reliability = Section(
        id="reliability",
        title="Reliabilität der Skalen" if locale == "de" else "Reliability of the scales",
        blocks=(
            Paragraph(
                "Die interne Konsistenz der Skalen wurde mit Cronbachs α und McDonalds ω geschätzt; "
                "die Konfidenzintervalle folgen Feldt (1965)."
            ),
            Table(
                id="reliability-scales",
                caption="Reliabilität der Skalen zu T0",
                columns=("Skala", "Items", "n", "α", "95 %-KI", "ω"),
                rows=(
                    ("Selbstwirksamkeit", "4", "118", "0,82", "[0,76; 0,87]", "0,83"),
                    ("Zusammenarbeit auf Augenhöhe", "6", "112", "0,88", "[0,84; 0,91]", "0,89"),
                    ("Vertrauen in die Verwaltung", "5", "115", "0,71", "[0,62; 0,79]", "0,72"),
                ),
                notes=("α = Cronbachs Alpha; KI = Konfidenzintervall nach Feldt.",),
                numeric=(False, True, True, True, True, True),
            ),
        ),
        summary=("Alle Skalen erreichen eine Reliabilität von mindestens α = 0,71.",),
    )
    collaboration = Section(
        id="collaboration",
        title="Zusammenarbeit auf Augenhöhe" if locale == "de" else "Collaboration on equal terms",
        blocks=(
            Paragraph(SCRIPT_TEXT),
            Paragraph(
                "Die Befragten aus der Zivilgesellschaft bewerten die Zusammenarbeit am besten "
                "(M = 4,20; SD = 0,61), die aus der Politik am schlechtesten (M = 3,40; SD = 0,95)."
            ),
            Table(
                id="collaboration-groups",
                caption="Zusammenarbeit nach Akteursgruppe",
                columns=("Akteursgruppe", "n", "M", "SD", "Median"),
                rows=(
                    ("Verwaltung", "31", "3,90", "0,72", "4,00"),
                    ("Politik", "9", "3,40", "0,95", "3,50"),
                    ("Wirtschaft", "14", "3,60", "0,80", "3,75"),
                    ("Wissenschaft", "12", "4,10", "0,55", "4,00"),
                    ("Zivilgesellschaft", "46", "4,20", "0,61", "4,25"),
                ),
                notes=("Skala von 1 (trifft nicht zu) bis 5 (trifft voll zu).", "Gruppen unter n = 5 unterdrückt."),
                numeric=(False, True, True, True, True),
            ),
            Figure(
                id="collaboration-bar",
                caption="Mittlere Zusammenarbeit nach Akteursgruppe",
                alt="Balkendiagramm: Mittelwerte der Zusammenarbeit von 3,4 (Politik) bis 4,2 (Zivilgesellschaft).",
                svg=bar_chart_svg(),
            ),
        ),
        summary=("Die Zusammenarbeit wird im Mittel mit 3,94 bewertet.",),
    )
    items = Section(
        id="instruments",
        title="Instrumente" if locale == "de" else "Instruments",
        blocks=(
            Paragraph("Kennwerte aller Items der Befragung der Teilnehmenden."),
            Table(
                id="items",
                caption="Itemkennwerte",
                columns=("Item", "Wortlaut (gekürzt)", "n", "fehlend", "M", "SD"),
                rows=tuple(
                    (
                        f"se{i}",
                        f"Ich kann Vorhaben im Labor gemeinsam mit anderen Akteursgruppen umsetzen ({i}).",
                        str(100 + i),
                        str(i % 7),
                        f"3,{i % 10}0",
                        f"0,{(i * 7) % 10}4",
                    )
                    for i in range(1, long_table_rows + 1)
                ),
                numeric=(False, False, True, True, True, True),
            ),
        ),
    )
    return ReportDocument(
        kind=kind,
        locale=locale,
        title="Evaluation des KoSI-Labs Musterstadt",
        subtitle="Ergebnisse der Begleitforschung zur Testphase 2025–2026",
        city="Musterstadt",
        institution="Institut für Sozialforschung",
        authors=("Dr. Anna Beispiel", "Ben Muster M. A."),
        date=dt.date(2026, 11, 24),
        summary=(
            "An der Testphase nahmen 118 Personen aus fünf Akteursgruppen teil.",
            "Die Selbstwirksamkeit stieg von T0 zu T1 um 0,31 Skalenpunkte (d_z = 0,42).",
            "Die Zusammenarbeit wird im Mittel mit 3,94 bewertet.",
        ),
        methods=(
            Paragraph("Die Daten stammen aus zwei Befragungswellen (T0, T1) und 24 Interviews."),
            Table(
                id="methods-waves",
                caption="Befragungswellen",
                columns=("Welle", "Zeitraum", "n"),
                rows=(("T0", "März 2025", "118"), ("T1", "Oktober 2026", "96")),
                numeric=(False, False, True),
            ),
        ),
        sections=(reliability, collaboration),
        appendices=(items,),
        provenance=Provenance(
            inputs=(
                InputFile("data/teilnehmende_T0.csv", "0" * 63 + "1", 12345),
                InputFile("data/teilnehmende_T1.csv", "ab" * 32, 9876),
                InputFile("data/interviews.qdpx", "c3" * 32, 1234567),
            ),
            versions={"kosieval": "0.1.0", "python": "3.11.7", "weasyprint": "70.0", "pandas": "3.1.1"},
            config_text=(
                "study:\n  id: musterstadt\n  city: Musterstadt\n"
                "report:\n  reflections: [reliability, collaboration]\n"
            ),
            created=dt.date(2026, 11, 24),
        ),
    )


if __name__ == "__main__":  # pragma: no cover - manual sample rendering
    import sys
    import time

    from kosieval.report.render import render_pdf

    start = time.perf_counter()
    target = render_pdf(make_document(), sys.argv[1] if len(sys.argv) > 1 else "report_sample.pdf")
    print(f"{target} in {time.perf_counter() - start:.2f} s")
