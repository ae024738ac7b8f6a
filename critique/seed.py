"""Deterministic choice: the same design and mode always get the same questions.

The offline critic must vary its questions across designs and modes without
ever being random: a seed derived from the design's content picks template
variants and breaks ties, so a test, a saved critique and a rerun all agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar

__all__ = ["Seed"]

T = TypeVar("T")


class Seed:
    """A content-derived seed; every draw is a hash of the seed and a label, never shared state.

    >>> s = Seed("design-a", "stress")
    >>> s.pick(["x", "y", "z"], "cache:web") == Seed("design-a", "stress").pick(["x", "y", "z"], "cache:web")
    True
    """

    def __init__(self, *parts: str):
        self._root = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def number(self, *labels: str) -> int:
        """A stable 64-bit number for this seed and these labels."""
        digest = hashlib.sha256((self._root + "\x1f" + "\x1f".join(labels)).encode()).digest()
        return int.from_bytes(digest[:8], "big")

    def pick(self, options: Sequence[T], *labels: str) -> T:
        """One of ``options`` (which must not be empty)."""
        return options[self.number(*labels) % len(options)]

    def order(self, options: Sequence[T], *labels: str) -> list[T]:
        """``options`` shuffled deterministically."""
        return sorted(options, key=lambda o: self.number(*labels, repr(o)))
