"""One test for "a usable number" in data from outside, and one wording when it fails.

JSON gives ``true`` (a Python ``bool``, so an ``int``), ``1e999`` (infinity),
integers too large for a float, and text that looks like a number. Every
reader (canvas restore, Excalidraw, saved documents, the capacity table, the
problem bank, stored critiques) asks the same question, so it is asked here
once and answered in one wording: ``expected a positive number, got "12"``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from design.model.echo import echo

__all__ = ["MAX_COORDINATE", "NumberError", "finite_number", "is_finite_number", "shown"]

#: The largest coordinate or size a drawing may use (pixels); beyond it is no drawing, only a hostile file.
MAX_COORDINATE = 1e7


class NumberError(ValueError):
    """A value is not a number in the range asked for; the message says what was expected and what came."""


def shown(value: object) -> str:
    """A short rendering of an offending value for a message: never the whole of a huge one, never a raw control
    character (the value comes from a file, and the message goes to a terminal or a page)."""
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else "infinity" if value > 0 else "-infinity"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        return f"a {len(str(abs(value)))}-digit number" if abs(value) < 10**4000 else "a huge number"
    return echo(value)  # text quoted, escaped and cut: no control, bidi or 30 KB value reaches the message


def _wanted(low: float, high: float, low_open: bool) -> str:
    if high == math.inf:
        if low == -math.inf:
            return "a finite number"
        if low == 0:
            return "a positive number" if low_open else "a non-negative number"
        return f"a number {'above' if low_open else 'of at least'} {low:,g}"
    if low == -high and not low_open:
        return f"a number between {low:,.0f} and {high:,.0f}"
    return f"a number from {low:,g} to {high:,g}"


def is_finite_number(value: object, low: float = -math.inf, high: float = math.inf, *, low_open: bool = False) -> bool:
    """Whether ``value`` is a real number (not a bool, not NaN or infinite) within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        f = float(value)
    except OverflowError:  # an integer too large for a float
        return False
    return math.isfinite(f) and (low < f <= high if low_open else low <= f <= high)


def finite_number(value: object, low: float = -math.inf, high: float = math.inf, *, low_open: bool = False) -> float:
    """``value`` as a float, or :class:`NumberError` saying what was expected (``low_open``: ``low`` itself is not allowed).

    >>> finite_number(3), finite_number(2.5, 0, low_open=True)
    (3.0, 2.5)
    >>> finite_number("12", 0)
    Traceback (most recent call last):
    ...
    design.model.numbers.NumberError: expected a non-negative number, got "12"
    >>> finite_number(float("inf"), -1e7, 1e7)
    Traceback (most recent call last):
    ...
    design.model.numbers.NumberError: expected a number between -10,000,000 and 10,000,000, got infinity
    """
    kind = type(value)
    if kind is float or kind is int:  # the usual case, one range test (NaN and ±inf fail it too)
        try:
            f = float(value)  # type: ignore[arg-type]
        except OverflowError:
            f = math.nan
        if ((low < f <= high) if low_open else (low <= f <= high)) and math.isfinite(f):
            return f
    elif is_finite_number(value, low, high, low_open=low_open):  # a subclass of int or float
        return float(value)  # type: ignore[arg-type]
    raise NumberError(f"expected {_wanted(low, high, low_open)}, got {shown(value)}")
