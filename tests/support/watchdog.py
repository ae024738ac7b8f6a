"""A hang detector for tests of code that must end by itself: a failure with a message, never a timing assertion.

SIGALRM raises :class:`Hung` in the main thread after ``seconds`` (far longer
than the code needs), so a regression that loops or blocks for ever fails
the test instead of stalling the suite. A no-op off the main thread.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


class Hung(Exception):
    """The code under test did not finish in a time far beyond what it needs."""


@contextlib.contextmanager
def watchdog(seconds: int) -> Iterator[None]:
    def alarm(*_: object) -> None:
        raise Hung(f"no answer in {seconds} s")

    try:
        previous = signal.signal(signal.SIGALRM, alarm)
    except ValueError:  # not the main thread
        yield
        return
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
