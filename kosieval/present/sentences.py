"""APA-style result sentences in German and English, from the same formatting as tables.

German: ``t(41) = 2,31, p = ,026, d_z = 0,36, 95 %-KI [0,05; 0,67]``;
English: ``t(41) = 2.31, p = .026, d_z = 0.36, 95% CI [0.05, 0.67]``.
"""

from __future__ import annotations

import math

from kosieval.present import numbers as fmt
from kosieval.present.apa import apa
from kosieval.stats import ChangeResult


def t_test_report(change: ChangeResult, *, locale: str) -> str:
    """``t(df) = …, p = …, d_z = …, 95 %-KI […]`` for a paired change (see :func:`kosieval.present.apa.apa`)."""
    return apa(change, locale=locale, test="t")


def change_sentence(
    label: str,
    change: ChangeResult,
    *,
    locale: str,
    p_adjusted: float | None = None,
    adjust_label: str | None = None,
    alpha: float = 0.05,
) -> str:
    """One sentence describing the paired change of ``label``.

    Parameters
    ----------
    label
        What changed ("Selbstwirksamkeit").
    change
        The paired result.
    locale
        "de" or "en".
    p_adjusted
        The p-value after correction for multiple tests, where one was made.
    adjust_label
        Name of the correction ("Holm-korrigiert").
    alpha
        The significance level deciding the wording.
    """
    de = locale.startswith("de")
    p_decide = p_adjusted if p_adjusted is not None else change.p_t
    before = fmt.number(change.mean_before, locale=locale)
    after = fmt.number(change.mean_after, locale=locale)
    m = f"M{fmt.NBSP}={fmt.NBSP}"
    stats_text = t_test_report(change, locale=locale)
    if p_adjusted is not None and adjust_label:
        stats_text += "; " + fmt.p_with_operator(p_adjusted, locale=locale, symbol=f"p ({adjust_label})")
    if p_decide is None or math.isnan(p_decide):
        verb = "ließ sich nicht prüfen" if de else "could not be tested"
        return f"{label} {verb} (n = {change.n_pairs})."
    if p_decide < alpha:
        if de:
            verb = "stieg" if change.mean_diff > 0 else "sank"
            return f"{label} {verb} von {m}{before} auf {m}{after} ({stats_text})."
        verb = "rose" if change.mean_diff > 0 else "fell"
        return f"{label} {verb} from {m}{before} to {m}{after} ({stats_text})."
    if de:
        return (f"{label} veränderte sich nicht bedeutsam ({m}{before} und {m}{after}; "
                f"{stats_text}).")
    return f"{label} did not change significantly ({m}{before} and {m}{after}; {stats_text})."
