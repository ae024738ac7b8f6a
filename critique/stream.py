"""Read the streamed reply once, as it arrives: each probe is handed over the moment its JSON closes.

The reply is ``{"assessments": [...], "probes": [{...}, {...}, ...]}`` sent a
few characters at a time. Re-parsing the whole text so far on every chunk
costs the square of the reply's length: an endpoint that ignores
``max_tokens`` and sends 20,000 probes kept a core busy for minutes. This
scanner looks at every character exactly once (``scanned`` counts them),
tracks only nesting and strings, and parses each probe, and each other
top-level value, once when it is complete. The caller decides when to stop
reading (see :mod:`critique.claude`); the final text, when there is one, is
still validated whole by :mod:`critique.reply`.

A reply that is not a JSON object, or whose ``probes`` is not a list, yields
nothing here; the final check reports it.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

__all__ = ["ReplyScanner"]

_IN_STRING = re.compile(r'["\\]')
_STRUCTURE = re.compile(r'[\[\]{}",:]')
#: A top-level key longer than this is no key of ours; only its first characters are kept.
_MAX_KEY = 64


class ReplyScanner:
    """Feed it the reply's text deltas in order; :meth:`feed` returns the probes each delta completed.

    >>> s = ReplyScanner()
    >>> s.feed('{"assessments": [], "probes": [{"question": "Wh'), s.feed('y?"}, {"q')
    ([], [{'question': 'Why?'}])
    >>> s.more, s.values, s.feed('uestion": "And }?"}]}'), s.more, s.scanned
    (True, {'assessments': []}, [{'question': 'And }?'}], False, 77)
    """

    def __init__(self) -> None:
        #: Characters examined so far (each once).
        self.scanned = 0
        #: Completed top-level values other than ``probes``, parsed (``assessments``).
        self.values: dict[str, Any] = {}
        #: Whether the last completed probe was followed by a comma: another one is coming.
        self.more = False
        self._depth = 0
        self._in_string = False
        self._escape = False
        self._broken = False
        self._key_mode = False
        self._key: list[str] | None = None  # the top-level key being read
        self._key_len = 0
        self._last_key = ""
        self._value_key: str | None = None  # the top-level key whose value is being captured
        self._in_probes = False
        self._expect_probes = False
        self._capture: list[str] | None = None  # the text of the probe or value being read

    def feed(self, text: str) -> list[Any]:
        """Examine ``text`` (the next delta) and return each probe it completed, parsed."""
        self.scanned += len(text)
        if self._broken or not text:
            return []
        done: list[Any] = []
        start = 0  # where the capture resumes in this delta
        pos = 0
        n = len(text)
        if self._escape:  # a backslash ended the previous delta: this character is escaped
            self._escape = False
            self._key_text(text, 0, 1)
            pos = 1
        while pos < n:
            if self._in_string:
                m = _IN_STRING.search(text, pos)
                if m is None:
                    self._key_text(text, pos, n)
                    break
                i = m.start()
                if text[i] == "\\":
                    if i + 1 < n:
                        self._key_text(text, pos, i + 2)
                        pos = i + 2
                    else:
                        self._key_text(text, pos, n)
                        self._escape = True
                        pos = n
                    continue
                self._key_text(text, pos, i)
                self._in_string = False
                if self._key is not None:
                    self._last_key = _decode_key("".join(self._key))
                    self._key = None
                pos = i + 1
                continue
            m = _STRUCTURE.search(text, pos)
            if m is None:
                break
            i = m.start()
            pos = i + 1
            start = self._structure(text[i], text, i, start, done)
            if self._broken:
                return done
        if self._capture is not None:
            self._capture.append(text[start:])
        return done

    # --- one structural character outside a string ------------------------------------------

    def _structure(self, c: str, text: str, i: int, start: int, done: list[Any]) -> int:
        """Apply ``c`` (at ``text[i]``); returns where the capture resumes in ``text``."""
        depth = self._depth
        if c == '"':
            self._in_string = True
            if depth == 1 and self._key_mode:
                self._key, self._key_len = [], 0
            return start
        if c in "{[":
            if depth == 0:
                if c != "{":
                    self._broken = True
                self._depth, self._key_mode = 1, True
            elif depth == 1 and self._expect_probes and c == "[":
                self._expect_probes = False
                self._in_probes, self._depth = True, 2
                self._capture = []
                return i + 1
            else:
                self._depth += 1
            return start
        if c in "}]":
            if self._in_probes and depth == 2:
                self._finish_probe(text, start, i, done, more=False)
                self._in_probes, self._depth = False, 1
            elif depth == 1:
                self._finish_value(text, start, i)
                self._depth = 0
                self._broken = True  # the object is closed: nothing after it is ours
            else:
                self._depth -= 1
            return start
        if c == ",":
            if self._in_probes and depth == 2:
                self._finish_probe(text, start, i, done, more=True)
                self._capture = []
                return i + 1
            if depth == 1:
                self._finish_value(text, start, i)
                self._expect_probes, self._key_mode = False, True
            return start
        # ':'
        if depth == 1 and self._key_mode:
            self._key_mode = False
            if self._last_key == "probes":
                self._expect_probes = True
            self._value_key = self._last_key
            self._capture = []
            return i + 1
        return start

    def _finish_probe(self, text: str, start: int, end: int, done: list[Any], *, more: bool) -> None:
        raw = "".join((*(self._capture or ()), text[start:end]))
        self._capture = None
        if raw.strip():
            try:
                done.append(json.loads(raw))
            except (ValueError, RecursionError):
                done.append(None)  # counted as a probe; the reader drops it with a note
            self.more = more

    def _finish_value(self, text: str, start: int, end: int) -> None:
        key, self._value_key = self._value_key, None
        if self._capture is None or key is None:
            self._capture = None
            return
        raw = "".join((*self._capture, text[start:end]))
        self._capture = None
        if key != "probes" and raw.strip():
            with contextlib.suppress(ValueError, RecursionError):
                self.values[key] = json.loads(raw)

    def _key_text(self, text: str, a: int, b: int) -> None:
        if self._key is not None and self._key_len < _MAX_KEY:
            piece = text[a : min(b, a + _MAX_KEY - self._key_len)]
            self._key.append(piece)
            self._key_len += len(piece)


def _decode_key(raw: str) -> str:
    try:
        key = json.loads('"' + raw + '"')
    except ValueError:
        return raw
    return key if isinstance(key, str) else raw
