"""Uptime percentages as readers see them: two decimals, truncated, never rounded up."""
from __future__ import annotations

import math


def percent_text(percent: float) -> str:
    """99.996 reads "99.99%" (never "100.00%" while there was downtime); 99.9 reads "99.90%".

    Rounding to six places first undoes float noise (1 - 0.001 is 0.99899999...), which
    plain truncation would turn into 99.89.
    """
    return f"{math.floor(round(percent * 100, 6)) / 100:.2f}%"
