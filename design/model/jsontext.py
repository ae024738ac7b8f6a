"""Reading JSON text the way every reader needs it: each failure says where.

Shared by the saved document, canvas JSON, JSON exports and Excalidraw scenes,
so a broken file is reported the same way (``line N: ...`` or ``byte N: ...``)
whatever format it claims to be.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["JSONTextError", "decode_text", "parse_json"]


class JSONTextError(ValueError):
    """Text that is not JSON we can read; the message starts with ``line N:`` or ``byte N:``."""


#: Python refuses to convert integers longer than this (``sys.get_int_max_str_digits``).
_LONG_NUMBER = re.compile(r"\d{4301,}")


def decode_text(data: str | bytes) -> str:
    """Bytes as UTF-8 text (a leading BOM dropped), or a :class:`JSONTextError` naming the bad byte."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JSONTextError(f"byte {exc.start}: not UTF-8 text") from None


def parse_json(text: str | bytes) -> Any:
    """``json.loads`` whose every failure is a :class:`JSONTextError` that says where.

    Besides malformed JSON this covers bytes that are not UTF-8, nesting too
    deep for the parser, and integers too long for Python to convert (4,300+
    digits), each of which ``json.loads`` reports with a bare exception and no
    position.
    """
    text = decode_text(text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JSONTextError(f"line {exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    except RecursionError:
        raise JSONTextError("line 1: JSON nested too deeply") from None
    except ValueError as exc:  # int too long for str -> int conversion
        long = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, long.start()) + 1 if long else 1
        raise JSONTextError(f"line {line}: a number is too long to read ({exc.__class__.__name__})") from None
