"""Reference data shared by the stats tests (the R side of each comparison is in the tests)."""

from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data"
NAN = np.nan

# 8 items x 12 cases, 1..5, generated in R with set.seed(20240601) from one latent factor,
# then 5 values set missing by hand.
DATA_A = pd.DataFrame(
    {
        "i1": [4, 5, 3, 4, NAN, 2, 5, 5, 3, 3, 4, 4],
        "i2": [3, 4, 2, 4, 3, 1, 4, 4, 3, 1, NAN, 4],
        "i3": [2, NAN, 2, 3, 1, 3, 4, 4, 2, 3, 2, 2],
        "i4": [4, 5, 2, 3, 2, 2, 5, 4, 4, 4, 4, 2],
        "i5": [2, 5, 3, 3, 3, 3, 5, 4, 5, 4, 4, 4],
        "i6": [4, 4, 1, 3, NAN, 4, 4, 4, 5, 4, 3, 4],
        "i7": [3, 5, 5, 4, 2, 2, 5, 5, 4, 3, 3, 4],
        "i8": [3, 4, 3, 2, 2, 1, 4, 3, NAN, 1, 2, 3],
    }
)


def bfi_raw() -> pd.DataFrame:
    """psych's bfi[1:100, 1:5], as exported to tests/data (see tests/data/README.md)."""
    return pd.read_csv(DATA / "bfi_agreeableness_1-100.csv", index_col="sapa_id")
