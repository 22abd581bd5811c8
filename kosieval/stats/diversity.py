"""Diversity of the actor groups taking part in a lab: Blau index and Shannon entropy.

:func:`diversity` follows the definitions of R's ``vegan::diversity`` (Oksanen et al.,
vegan 2.6-4): its ``"simpson"`` index is the Blau index, its ``"shannon"`` index the
Shannon entropy with the natural logarithm.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kosieval.stats.arguments import category_order, label_vector

__all__ = ["DiversityResult", "diversity"]


@dataclass(frozen=True, eq=False)
class DiversityResult:
    r"""Blau index and Shannon entropy of a distribution over categories.

    Attributes
    ----------
    blau
        Blau (Gini-Simpson) index :math:`1 - \sum p_i^2`: the probability that two
        participants drawn with replacement belong to different groups.
    blau_max
        Its maximum :math:`1 - 1/K` (all :math:`K` categories equally frequent).
    blau_normalized
        ``blau / blau_max`` (the index of qualitative variation); NaN when :math:`K = 1`.
    shannon
        Shannon entropy :math:`H = -\sum p_i \ln p_i` (natural logarithm, in nats).
    evenness
        Pielou's evenness :math:`H / \ln K`; NaN when :math:`K = 1`.
    n
        Participants with a group (missing values dropped).
    n_missing
        Participants without a group (missing values), not counted in the shares.
    k
        Number of categories :math:`K` used in ``blau_max`` and ``evenness``: the number of
        ``categories`` given, or else the number of categories observed.
    k_observed
        Number of categories with at least one participant.
    categories_given
        Whether :math:`K` comes from ``categories`` (True) or from the data (False).
    counts
        One row per category: ``category``, ``count``, ``share`` (of ``n``); categories that
        were given but not observed appear with 0.
    method
        The exact conventions, in words.
    """

    blau: float
    blau_max: float
    blau_normalized: float
    shannon: float
    evenness: float
    n: int
    n_missing: int
    k: int
    k_observed: int
    categories_given: bool
    counts: pd.DataFrame
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the indices as a one-row DataFrame (the distribution is in :attr:`counts`)."""
        return pd.DataFrame(
            {
                "blau": [self.blau],
                "blau_max": [self.blau_max],
                "blau_normalized": [self.blau_normalized],
                "shannon": [self.shannon],
                "evenness": [self.evenness],
                "n": [self.n],
                "n_missing": [self.n_missing],
                "k": [self.k],
                "k_observed": [self.k_observed],
                "categories_given": [self.categories_given],
                "method": [self.method],
            }
        )






def diversity(groups: object, *, categories: Iterable[Hashable] | None = None) -> DiversityResult:
    r"""Blau index and Shannon entropy (with normalised forms) of the actor groups.

    Parameters
    ----------
    groups
        One label per participant: the actor group (e.g. administration, civil society,
        research, business). List, 1-D array or Series; any hashable labels; missing values
        (None, NaN, NA) are dropped and counted in ``n_missing``.
    categories
        All possible groups, in the order the counts table should show them. Then
        :math:`K` = ``len(categories)`` and groups nobody belongs to appear with count 0;
        every observed label must be one of them. Default: the groups observed
        (:math:`K` = number of observed groups).

    Returns
    -------
    DiversityResult

    Raises
    ------
    ValueError
        No participant with a group, ``groups`` not one-dimensional, or ``categories`` empty,
        with duplicates or missing values, or not covering an observed label.

    Warns
    -----
    RuntimeWarning
        When :math:`K = 1`: ``blau_normalized`` and ``evenness`` are 0/0, undefined and NaN
        (``blau`` and ``shannon`` are then 0, which is a real value: no diversity).

    Notes
    -----
    With :math:`p_i = n_i / n` the share of group :math:`i` among the :math:`n`
    participants with a group and :math:`K` categories:

    .. math::

        B = 1 - \sum_i p_i^2, \qquad B_{norm} = \frac{B}{1 - 1/K}, \qquad
        H = -\sum_{i:\,p_i > 0} p_i \ln p_i, \qquad J = \frac{H}{\ln K}.

    :math:`B` is Blau's (1977) index of heterogeneity, also known as the Gini-Simpson index
    (``vegan::diversity(x, "simpson")``); :math:`B_{norm}` is Agresti & Agresti's (1978)
    index of qualitative variation; :math:`H` is Shannon's (1948) entropy with the natural
    logarithm (``vegan::diversity(x, "shannon")``, base :math:`e`), and :math:`J` Pielou's
    (1966) evenness. :math:`0 \ln 0 = 0`, so categories without participants add nothing
    to :math:`B` and :math:`H`, but they do raise :math:`K` and thereby lower
    :math:`B_{norm}` and :math:`J`: pass ``categories`` when the possible groups are fixed
    by design, so that labs are compared on the same :math:`K`. vegan's usual evenness
    ``H / log(specnumber(x))`` uses the observed :math:`K` (the default here).

    The indices describe the sample; no sampling correction (e.g. :math:`n/(n-1)` for the
    Blau index) is applied.

    References
    ----------
    Blau, P. M. (1977). Inequality and heterogeneity: A primitive theory of social
    structure. Free Press.

    Agresti, A., & Agresti, B. F. (1978). Statistical analysis of qualitative variation.
    Sociological Methodology, 9, 204-237.

    Shannon, C. E. (1948). A mathematical theory of communication. Bell System Technical
    Journal, 27(3), 379-423. https://doi.org/10.1002/j.1538-7305.1948.tb01338.x

    Pielou, E. C. (1966). The measurement of diversity in different types of biological
    collections. Journal of Theoretical Biology, 13, 131-144.
    https://doi.org/10.1016/0022-5193(66)90013-0

    Oksanen, J., et al. (2022). vegan: Community Ecology Package (R package version 2.6-4),
    function ``diversity``.

    Examples
    --------
    >>> res = diversity(["admin", "civil", "admin", "research", None])
    >>> res.n, res.n_missing, res.k, round(res.blau, 3)
    (4, 1, 3, 0.625)
    """
    labels = label_vector(groups, "groups")
    n_missing = int(labels.isna().sum())
    observed = labels.dropna()
    n = int(observed.shape[0])
    if n == 0:
        raise ValueError(
            f"groups: no participant with a group ({n_missing} missing value(s)); diversity "
            "needs at least one"
        )
    order, given = category_order(observed, categories, "groups")
    counts = observed.value_counts(sort=False).reindex(order, fill_value=0).to_numpy(dtype=np.int64)
    k = len(order)
    k_observed = int((counts > 0).sum())

    p = counts / n
    blau = 1.0 - float(np.sum(p**2))
    present = p[p > 0]
    shannon = float(-np.sum(present * np.log(present))) + 0.0  # + 0.0: no -0.0 for K = 1
    blau_max = 1.0 - 1.0 / k
    if k == 1:
        warnings.warn(
            f"diversity: only one category ({order[0]!r}), so the normalised Blau index "
            "(divided by 1 - 1/K = 0) and the evenness (divided by ln K = 0) are undefined and "
            "NaN; blau and shannon are 0 (no diversity)",
            RuntimeWarning,
            stacklevel=2,
        )
        blau_norm = evenness = np.nan
    else:
        blau_norm = blau / blau_max
        evenness = shannon / np.log(k)

    table = pd.DataFrame(
        {"category": pd.Series(order, dtype=object), "count": counts, "share": p}
    )
    k_text = (
        f"K = {k} categories given ({k_observed} observed)"
        if given
        else f"K = {k} categories observed"
    )
    method = (
        f"Blau index 1 - sum p^2 (vegan 'simpson'), normalised by its maximum 1 - 1/K; "
        f"Shannon entropy -sum p ln p with the natural logarithm (vegan 'shannon'), evenness "
        f"H / ln K (Pielou); {k_text}; shares among the n = {n} participants with a group "
        f"({n_missing} missing dropped); no sampling correction"
    )
    return DiversityResult(
        blau=blau,
        blau_max=blau_max,
        blau_normalized=float(blau_norm),
        shannon=shannon,
        evenness=float(evenness),
        n=n,
        n_missing=n_missing,
        k=k,
        k_observed=k_observed,
        categories_given=given,
        counts=table,
        method=method,
    )
