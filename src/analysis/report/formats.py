"""Numbers as the report reads them, in one place for tables, figures and the explorer.

Every p and q value goes through `format_p` (a permutation p at its floor reads
`< 1/(B+1)`, never `0.000`); every share with its interval through
`format_interval` (an empty cell shows its one-sided upper bound, never
`0.0% (0.0–0.0)`); counts as integers, ranks without a spurious `.0`.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis import config

NA = "\u2013"  # en dash: not applicable / missing
PROSE_WIDTH = 110  # printed prose in a notebook: wrapped at spaces, never inside a word by the browser
P_MIN = 0.001  # below this (and above a permutation floor) a p value reads "< 0.001"


def _missing(x) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(isinstance(x, float | np.floating) and math.isnan(x))
    except TypeError:
        return False


def _positional(x: float, digits: int = 2) -> str:
    """`digits` significant digits, never in scientific notation (0.0005, not 5e-04)."""
    return np.format_float_positional(x, precision=digits, fractional=False, trim="-")


def permutation_floor(n_permutations: int | None) -> float | None:
    """The smallest p an add-one permutation test with B permutations can give: 1/(B+1)."""
    return None if not n_permutations else 1.0 / (n_permutations + 1)


def format_p(p, n_permutations: int | None = None) -> str:
    """A p or q value as read in a report; the one function every table and figure uses.

    A permutation p at its floor 1/(B+1) reads `< 1/(B+1)` (B = 2,000: `< 0.0005`): the test
    found no permutation as extreme, which bounds p, it does not make it zero. Other small
    values read `< 0.001`; never `0.000`.
    """
    if _missing(p):
        return NA
    p = float(p)
    floor = permutation_floor(n_permutations)
    if floor is not None and p < 1.5 * floor:  # the next possible value is 2/(B+1)
        return f"< {_positional(floor, 1)}"
    if p < P_MIN:
        return f"< {P_MIN:g}"
    if p < 0.01:
        return f"{p:.4f}"
    if p < 0.1:
        # '0.050' would hide which side of the 0.05 line a q near it falls on (0.0496 is significant)
        return f"{p:.4f}" if f"{p:.3f}" == "0.050" and f"{p:.4f}" != "0.0500" else f"{p:.3f}"
    return f"{p:.2f}"


def p_label(name: str, p, n_permutations: int | None = None) -> str:
    """A p or q value with its name, for figures and sentences: 'q = 0.012', 'q < 0.0005'."""
    value = format_p(p, n_permutations)
    return f"{name} {value}" if value.startswith("<") else f"{name} = {value}"


def format_share(x, decimals: int = 1) -> str:
    """A proportion as a percentage: 0.1234 -> '12.3%'. Near the ends it never rounds to a certainty
    it is not: 0.9995 -> '> 99.9%', 0.0004 -> '< 0.1%' (a theme first in all but one resample)."""
    if _missing(x):
        return NA
    x = float(x)
    shown, step = f"{100 * x:.{decimals}f}", 10.0**-decimals
    if 0 < x and float(shown) == 0:
        return f"< {step:.{decimals}f}%"
    if x < 1 and float(shown) == 100:
        return f"> {100 - step:.{decimals}f}%"
    return f"{shown}%"


def shown(share):
    """A corrected share as every table, figure and sentence shows it: clipped to [0, 1]. The estimate is
    unbiased as it stands and can fall below 0 or, with a handful of validated sentences, above 1
    (docs/statistics.md); its interval is clipped already. Works on a number or a Series."""
    return share.clip(0, 1) if isinstance(share, pd.Series) else min(max(float(share), 0.0), 1.0)


def shown_difference(diff):
    """A difference of corrected shares as the tables show it: within [-1, 1], where its interval is held
    (`correction.difference`). With a handful of validated sentences a corrected share can fall outside
    [0, 1], and their difference beyond +-100 pp (+128.1 pp, its interval 21.4 to 100.0, on the bundled
    sample with four validated sentences per group); shown so, the point would lie outside its own
    interval. Machine-coded differences are always inside."""
    return float(np.clip(diff, -1.0, 1.0))


def format_detectable(mdd) -> str:
    """A minimum detectable difference in percentage points, '12.3'; above 100 points 'none (> 100)': no two
    shares differ by more, so an mdd of 1.30 (from 4 validated sentences per group) says that no difference
    is detectable, and '130.0' read as a size some difference could reach. The tables keep the number."""
    if _missing(mdd):
        return NA
    return "none (> 100)" if float(mdd) > 1 else f"{100 * float(mdd):.1f}"


def interval_case(share, ci_low, ci_high) -> str:
    """'interval', 'bound' (an empty cell with its one-sided upper bound), 'below' (a corrected
    estimate below 0: shown as 0 with its interval, for the theme was raised), 'none' or 'missing'."""
    if _missing(share):
        return "missing"
    if float(share) < 0:
        return "none" if _missing(ci_high) else "below"
    if float(share) == 0:
        return "bound" if not _missing(ci_high) and float(ci_high) > 0 else "none"
    return "none" if _missing(ci_low) or _missing(ci_high) else "interval"


def format_interval(share, ci_low, ci_high) -> str:
    """A share with its 95% interval, as in a table: '12.3% (8.1–17.0)'.

    A cell with no sentence (share 0) shows its one-sided upper bound, `0.0% (≤ 4.2)`,
    taken as given from `ci_high` (the statistics compute it); '0.0% (0.0–0.0)' would read
    as certainty. A corrected estimate below 0 (pass it unclipped) shows as `0.0% (0.0–17.2)`:
    its sentences were there, so "≤" (nothing found) would mislead. Without an interval (one
    delegation, or no bound given) the share stands alone.
    """
    case = interval_case(share, ci_low, ci_high)
    if case == "missing":
        return NA
    s = f"{100 * shown(share):.1f}%"
    if case == "bound":
        return f"{s} (\u2264 {100 * float(ci_high):.1f})"
    if case == "none":
        return f"{s} (no interval)"
    # an interval, or a corrected estimate below 0 with its (already clipped: comparison.correction) one
    return f"{s} ({100 * float(ci_low):.1f}\u2013{100 * float(ci_high):.1f})"


def interval_words(share, ci_low, ci_high) -> str:
    """The same in words, for a sentence: '95% interval 8.1% to 17.0%', 'one-sided 95% upper bound 4.2%'."""
    case = interval_case(share, ci_low, ci_high)
    if case == "bound":
        return f"one-sided 95% upper bound {float(ci_high):.1%}"
    if case == "below":
        return f"95% interval {float(ci_low):.1%} to {float(ci_high):.1%}; the estimate fell below 0"
    if case == "interval":
        return f"95% interval {float(ci_low):.1%} to {float(ci_high):.1%}"
    return "no interval"


def plural(n: int, word: str) -> str:
    """'1 sentence', '2 sentences', '1,200 sentences' (a regular plural, thousands grouped as the
    summaries group them)."""
    return f"{n} {word}" if n == 1 else f"{n:,} {word}s"


def format_count(x) -> str:
    return NA if _missing(x) else f"{int(round(float(x))):,}"


def format_number(x, decimals: int = 2) -> str:
    """A measured value with a fixed number of decimals, so a column lines up ('13.0' beside '13.6');
    a column of whole numbers is shown as counts by the display layer instead."""
    return NA if _missing(x) else f"{float(x):,.{decimals}f}"


def format_rank(x) -> str:
    """Ranks as integers, ties as their average ('4.5'), never '5.0'."""
    if _missing(x):
        return NA
    x = float(x)
    return f"{x:.0f}" if x.is_integer() else f"{x:.1f}"


def format_points(x) -> str:
    """A difference of shares in percentage points, signed: '+5.2 pp'."""
    return NA if _missing(x) else f"{100 * float(x):+.1f} pp"


def format_bool(x) -> str:
    return NA if _missing(x) else ("yes" if bool(x) else "no")


def format_list(x) -> str:
    """A list cell (a list, an array, or 'a|b' / 'a;b' as stored in CSV) as 'a, b', which can wrap."""
    if isinstance(x, str):
        items = [i for i in re.split(r"[|;]", x) if i]
    elif isinstance(x, Iterable):
        items = [str(i) for i in x]
    else:
        return NA if _missing(x) else str(x)
    return ", ".join(items) if items else NA


def first_few(items: list[str], n: int = 5) -> str:
    """The first `n` items of a long list in a message, and how many more there are."""
    return ", ".join(items[:n]) + (f" and {len(items) - n} more" if len(items) > n else "")


def format_text(x) -> str:
    return NA if _missing(x) else str(x)


def group_name(x) -> str:
    """Regional groups by their short names, as in the figures ('rest': all the other groups)."""
    if _missing(x):
        return NA
    return "all others" if str(x) == "rest" else config.GROUP_SHORT.get(str(x), str(x))


def wrap_prose(text: str, width: int = PROSE_WIDTH) -> str:
    """Each line of `text` as a paragraph wrapped at spaces, continuation lines indented: printed
    output in JupyterLab otherwise wraps at the window's edge, inside words."""
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
        for line in text.splitlines()
    )
