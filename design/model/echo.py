"""Input quoted in a message: one short printable line, whatever the input holds.

Every reader's errors and notes name what they could not read (``schema:
version 7 is newer...``, ``"colour": unknown field``). The value comes from
the file, so it may be a 30 KB line, a 4,001-digit number, or a key full of
terminal escapes (clear the screen, retitle the window, write the clipboard)
and bidi overrides that reorder the line around it. A message goes to a
terminal, a log or a page, so every echoed value goes through :func:`echo`
(or :func:`echo_key` for a path segment): control, format and surrogate
characters are shown as escapes, never passed through, and the result is cut
to a few dozen characters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

__all__ = ["ECHO_LIMIT", "echo", "echo_key", "echo_name", "escape_unprintable"]

#: Characters of a quoted value in a message (quotes and the "..." included).
ECHO_LIMIT = 40

_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: Integers longer than this many digits are described, not written out (str() of them is slow, then cut anyway).
_LONG_DIGITS = 30


def echo(value: object, limit: int = ECHO_LIMIT, quote: str = '"') -> str:
    """``value`` as a message may show it: text quoted and escaped, numbers as written, containers by kind.

    Readers of JSON quote like JSON (``"fridge"``, the default); the Mermaid
    reader and the kill drill quote like Python (``quote="'"``), as their
    messages always have.

    >>> echo("fridge"), echo(3), echo(None), echo([1, 2]), echo({"a": 1})
    ('"fridge"', '3', 'null', 'list', 'object')
    >>> echo(chr(27) + "]52;c;aGk=" + chr(7) + chr(0x202E) + "x")
    '"\\\\u001b]52;c;aGk=\\\\u0007\\\\u202ex"'
    >>> echo("a" * 30_000)
    '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..."'
    >>> echo(10 ** 4000)
    'a 4,001-digit number'
    """
    if value is None or isinstance(value, bool):
        return "null" if value is None else ("true" if value else "false")
    if isinstance(value, int):
        return _integer(value, limit)
    if isinstance(value, float):
        text = repr(value) if math.isfinite(value) else ("NaN" if math.isnan(value) else "Infinity")
        return text if len(text) <= limit else text[: limit - 3] + "..."
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list | tuple):
        return "list"
    if not isinstance(value, str):
        return type(value).__name__
    return _quoted(value, limit, quote)


def echo_key(key: object) -> str:
    """A key as one segment of an error path: bare when plain (``web-1``), else quoted like :func:`echo`.

    >>> echo_key("web-1"), echo_key("a b"), echo_key(""), echo_key(chr(27) + "[2J")
    ('web-1', '"a b"', '""', '"\\\\u001b[2J"')
    """
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return key
    return echo(key)


def echo_name(name: str, limit: int = 160) -> str:
    """A file name or path as a message starts with it: bare when printable and short, else quoted like :func:`echo`.

    >>> echo_name("designs/shop.json"), echo_name("evil" + chr(27) + "]0;x" + chr(7) + ".json")
    ('designs/shop.json', '"evil\\\\u001b]0;x\\\\u0007.json"')
    """
    if len(name) <= limit and name.isprintable() and not name.startswith('"'):
        return name
    return echo(name, limit)


def _integer(value: int, limit: int) -> str:
    if value.bit_length() <= 100:  # up to 30 digits: written out
        text = str(value)
        if len(text) <= min(limit, _LONG_DIGITS + 1):
            return text
    digits = max(1, math.floor((value.bit_length() - 1) * math.log10(2)) + 1)
    if abs(value) >= 10**digits:  # the estimate from the bit length can be one short
        digits += 1
    elif abs(value) < 10 ** (digits - 1):
        digits -= 1
    return f"a {'negative ' if value < 0 else ''}{digits:,}-digit number"


def _quoted(text: str, limit: int, quote: str = '"') -> str:
    """Escape and cut in one pass over at most ``limit`` characters (a 10 MB value costs no more than a short one)."""
    budget = max(limit - 2, 4)  # room inside the two quotes
    out: list[str] = []
    used = 0
    for ch in text[:budget]:
        piece = ("\\" + ch if ch == quote else _ESCAPES.get(ch)) or (ch if ch.isprintable() else _escape(ch))
        if used + len(piece) > budget:
            break
        out.append(piece)
        used += len(piece)
    else:
        if len(text) <= budget:
            return quote + "".join(out) + quote
    while out and used > budget - 3:
        used -= len(out.pop())
    return quote + "".join(out) + "..." + quote


def escape_unprintable(text: str) -> str:
    """``text`` with every character that is not printable, line breaks aside, as a JSON ``\\uXXXX`` escape.

    For JSON bound for a terminal: ``json.dumps(ensure_ascii=False)`` escapes
    only C0 controls, so 8-bit C1 controls, bidi overrides and lone
    surrogates would reach the terminal raw. Applied to JSON text, the result
    is the same JSON (those characters can only stand inside strings).

    >>> escape_unprintable('{"q": "a' + chr(0x9B) + '2J' + chr(0x202E) + 'b"}')
    '{"q": "a\\\\u009b2J\\\\u202eb"}'
    """
    return "\n".join(
        line if line.isprintable() else "".join(ch if ch.isprintable() else _escape(ch) for ch in line)
        for line in text.split("\n")
    )


def _escape(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # a non-printable character outside the BMP (tag characters): its UTF-16 pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"
