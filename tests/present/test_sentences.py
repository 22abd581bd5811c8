"""APA sentences for paired change, in German and English."""

import pytest

from kosieval.present.sentences import change_sentence, t_test_report
from kosieval.stats import paired_change

# A fixed paired sample; the numbers below were checked against R:
# before <- c(3,2,4,3,2,3,4,2,3,3); after <- c(4,3,4,4,2,4,5,3,3,4)
# t.test(after, before, paired = TRUE) -> t = 4.5826, df = 9, p-value = 0.001323
BEFORE = [3, 2, 4, 3, 2, 3, 4, 2, 3, 3]
AFTER = [4, 3, 4, 4, 2, 4, 5, 3, 3, 4]


def visible(text: str) -> str:
    return text.replace("\u2060", "").replace("\u00a0", " ")


def _change():
    # every non-zero difference is positive: r_rb = 1 and its CI is undefined (warned)
    with pytest.warns(RuntimeWarning, match="rank_biserial = 1"):
        return paired_change(BEFORE, AFTER)


def test_german_report_string():
    change = _change()
    text = visible(t_test_report(change, locale="de"))
    assert text.startswith("t(9) = 4,58, p = ,001, d_z = ")
    assert "95 %-KI [" in text and "; " in text.split("KI", 1)[1]


def test_english_sentence_direction_and_format():
    change = _change()
    sentence = visible(change_sentence("Self-efficacy", change, locale="en"))
    assert sentence.startswith("Self-efficacy rose from M = 2.90 to M = 3.60 (t(9) = 4.58, p = .001")


def test_non_significant_wording_and_adjusted_p():
    change = _change()
    sentence = visible(change_sentence("Vertrauen", change, locale="de", p_adjusted=0.2,
                                       adjust_label="Holm-korrigiert"))
    assert sentence.startswith("Vertrauen veränderte sich nicht bedeutsam (M = 2,90 und M = 3,60;")
    assert "p (Holm-korrigiert) = ,200" in sentence
