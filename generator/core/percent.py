"""Uptime percentages, one rule for every format: truncated, never rounded up.

The page and the text report show two decimals; JSON and CSV carry four. Both are the same figure
truncated, so the two decimals a reader sees are always the first two of the number a program reads
(a 4-place round-up would turn 99.71996 into 99.72 in JSON while the page shows 99.71, and 99.99996
into 100.0 while there was downtime).
"""
from __future__ import annotations

import math


def truncated(percent: float, places: int) -> float:
    """`percent` cut (not rounded) to `places` decimals.

    Rounding to six more places first undoes float noise (1 - 0.001 is 0.99899999...), which plain
    truncation would turn into 99.89.
    """
    scale = 10 ** places
    return round(math.floor(round(percent * scale, 6)) / scale, places)


def percent_figure(percent: float) -> float:
    """The number JSON and CSV carry: four decimals, truncated."""
    return truncated(percent, 4)


def percent_text(percent: float) -> str:
    """99.996 reads "99.99%" (never "100.00%" while there was downtime); 99.9 reads "99.90%"."""
    return f"{truncated(percent, 2):.2f}%"
