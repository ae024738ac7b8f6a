"""A pair at one screen: who drives and who navigates, as a pure function of the start time.

The app stores when the pairing started, never a running counter, so a rerun,
a reload or a second browser all agree on whose turn it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["DEFAULT_ROTATION", "Pairing", "PairingError", "Roles", "make_pairing", "roles_at"]

DEFAULT_ROTATION = timedelta(minutes=10)
#: How long after a swap the app keeps announcing it.
SWAP_ANNOUNCE = timedelta(seconds=30)
MAX_NAME = 60


class PairingError(ValueError):
    """The pair cannot be formed (a missing or repeated name, a bad rotation)."""


@dataclass(frozen=True, slots=True)
class Pairing:
    """Two people taking turns at the pen. ``first`` drives the first turn."""

    first: str
    second: str
    started_at: datetime
    rotation: timedelta = DEFAULT_ROTATION


@dataclass(frozen=True, slots=True)
class Roles:
    driver: str
    navigator: str
    turn: int
    next_swap_in: timedelta
    just_swapped: bool


def make_pairing(first: str, second: str, started_at: datetime, rotation: timedelta = DEFAULT_ROTATION) -> Pairing:
    """A validated pairing: two different, non-empty names and a rotation of at least a minute."""
    a, b = " ".join(first.split()), " ".join(second.split())
    if not a or not b:
        raise PairingError("Enter both names: one person drives (draws), the other navigates (reviews and asks).")
    if a.casefold() == b.casefold():
        raise PairingError("The two names are the same; enter two different people.")
    if len(a) > MAX_NAME or len(b) > MAX_NAME:
        raise PairingError(f"Names are limited to {MAX_NAME} characters.")
    if rotation < timedelta(minutes=1):
        raise PairingError("Swap roles at most once a minute.")
    return Pairing(a, b, started_at, rotation)


def roles_at(pairing: Pairing, now: datetime) -> Roles:
    """Who drives at ``now``: the roles swap every ``rotation`` since the start.

    >>> from datetime import UTC
    >>> from design.practice.timer import format_clock
    >>> p = Pairing("Ada", "Lin", datetime(2026, 1, 1, 10, 0, tzinfo=UTC))
    >>> r = roles_at(p, datetime(2026, 1, 1, 10, 10, 5, tzinfo=UTC))
    >>> r.driver, r.navigator, r.turn, r.just_swapped, format_clock(r.next_swap_in)
    ('Lin', 'Ada', 1, True, '9:55')
    """
    elapsed = max(timedelta(0), now - pairing.started_at)
    turn = int(elapsed / pairing.rotation)
    into = elapsed - turn * pairing.rotation
    driver, navigator = (pairing.first, pairing.second) if turn % 2 == 0 else (pairing.second, pairing.first)
    return Roles(driver, navigator, turn, pairing.rotation - into, turn > 0 and into < SWAP_ANNOUNCE)
