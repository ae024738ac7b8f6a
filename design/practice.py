"""A timed practice round and a pair at one screen, as pure functions of a start time.

The app stores *when* a round or a pairing started, never a running counter,
and asks these functions what that means *now*: the phase, the time left, who
drives. So a rerun, a reload or a second browser all agree, and nothing here
reads a clock (``now`` is always passed in).

Running out of time only changes what is said (:class:`Alert`); no function
here locks or discards anything.

The "explain before you prompt" rule lives here too (:func:`explain_first`):
before the first critique the user writes the approach and at least one
requirement, and before "check my estimates" their own numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from design.document import ESTIMATE_KEYS

__all__ = [
    "DEFAULT_ROTATION",
    "DEFAULT_SHARES",
    "DEFAULT_TIME_BOX",
    "OWN_ESTIMATE_KEYS",
    "Alert",
    "Pairing",
    "PairingError",
    "Phase",
    "PhaseSlot",
    "PracticeSession",
    "Roles",
    "SessionStatus",
    "explain_first",
    "format_clock",
    "make_pairing",
    "phase_plan",
    "requirement_lines",
    "roles_at",
    "session_status",
]

DEFAULT_TIME_BOX = timedelta(minutes=45)
DEFAULT_ROTATION = timedelta(minutes=10)
#: How long after a swap the app keeps announcing it.
SWAP_ANNOUNCE = timedelta(seconds=30)
MAX_NAME = 60
MIN_APPROACH_WORDS = 5
#: The estimate fields the user fills with their own derived numbers.
OWN_ESTIMATE_KEYS = tuple(k for k in ESTIMATE_KEYS if k.startswith("my_"))


class Phase(StrEnum):
    """The phases of a system-design interview, in order."""

    REQUIREMENTS = "requirements"
    ESTIMATES = "estimates"
    HIGH_LEVEL = "high_level_sketch"
    DEEP_DIVE = "deep_dive"
    WRAP_UP = "wrap_up"

    @property
    def label(self) -> str:
        return _TITLES[self]

    @property
    def hint(self) -> str:
        return _HINTS[self]


_TITLES = {
    Phase.REQUIREMENTS: "Requirements",
    Phase.ESTIMATES: "Estimates",
    Phase.HIGH_LEVEL: "High-level sketch",
    Phase.DEEP_DIVE: "Deep dive",
    Phase.WRAP_UP: "Wrap-up",
}
_HINTS = {
    Phase.REQUIREMENTS: "Write the functional and non-functional requirements. Ask what is out of scope.",
    Phase.ESTIMATES: "Estimate traffic, storage and bandwidth from the scale figures, before drawing.",
    Phase.HIGH_LEVEL: "Draw the components and the flows between them. Save when the shape is there.",
    Phase.DEEP_DIVE: "Pick the weakest part and go deep: failure points, data model, bottlenecks. Ask for a critique.",
    Phase.WRAP_UP: "Summarise the trade-offs, name what you would do next, and save the final version.",
}

#: Relative weight of each phase: 5/5/15/15/5 minutes of a 45-minute round.
DEFAULT_SHARES: tuple[tuple[Phase, int], ...] = (
    (Phase.REQUIREMENTS, 1),
    (Phase.ESTIMATES, 1),
    (Phase.HIGH_LEVEL, 3),
    (Phase.DEEP_DIVE, 3),
    (Phase.WRAP_UP, 1),
)


class Alert(StrEnum):
    """What the timer says, from calm to urgent. None of them stops the user."""

    ON_TRACK = "on_track"
    PHASE_ENDING = "phase_ending"
    LAST_MINUTES = "last_minutes"
    TIME_UP = "time_up"


@dataclass(frozen=True, slots=True)
class PhaseSlot:
    phase: Phase
    start: timedelta
    end: timedelta

    @property
    def length(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class SessionStatus:
    """A round at one moment. ``remaining`` stops at zero; ``overtime`` counts on."""

    phase: Phase
    phase_index: int
    elapsed: timedelta
    remaining: timedelta
    phase_remaining: timedelta
    overtime: timedelta
    alert: Alert
    next_phase: Phase | None
    plan: tuple[PhaseSlot, ...]

    @property
    def message(self) -> str:
        """One plain sentence for the current alert."""
        if self.alert is Alert.TIME_UP:
            return (f"Time is up ({format_clock(self.overtime)} over). Nothing is lost: keep going, "
                    "save, and finish the round when you are ready.")
        if self.alert is Alert.LAST_MINUTES:
            return f"{format_clock(self.remaining)} left in the round: start wrapping up and save."
        if self.alert is Alert.PHASE_ENDING and self.next_phase is not None:
            return f"{format_clock(self.phase_remaining)} left for {self.phase.label.lower()}; next: {self.next_phase.label.lower()}."
        return f"{format_clock(self.phase_remaining)} left for {self.phase.label.lower()}."


@dataclass(frozen=True, slots=True)
class PracticeSession:
    """One practice round as stored: what was practised, when, and how it ended."""

    id: int
    design_id: int
    problem: str | None
    prompt: str
    time_box: timedelta
    started_at: datetime
    ended_at: datetime | None = None
    final_version: int | None = None
    findings_at_end: Mapping[str, int] = field(default_factory=dict)
    critique_rounds: int | None = None
    design_title: str = ""

    @property
    def active(self) -> bool:
        return self.ended_at is None

    def time_used(self, now: datetime) -> timedelta:
        """From start to end (or to ``now`` while the round is still open); never negative."""
        return max(timedelta(0), (self.ended_at or now) - self.started_at)


def phase_plan(time_box: timedelta, shares: Sequence[tuple[Phase, int]] = DEFAULT_SHARES) -> tuple[PhaseSlot, ...]:
    """Split a time box into consecutive phase slots by weight, in whole seconds.

    >>> [(s.phase.value, int(s.length.total_seconds() // 60)) for s in phase_plan(timedelta(minutes=45))]
    [('requirements', 5), ('estimates', 5), ('high_level_sketch', 15), ('deep_dive', 15), ('wrap_up', 5)]
    """
    total = int(time_box.total_seconds())
    if total <= 0:
        raise ValueError("the time box must be positive")
    weights = [w for _, w in shares]
    if not shares or any(w <= 0 for w in weights):
        raise ValueError("every phase needs a positive share")
    slots, used, acc = [], 0, 0
    for phase, weight in shares:
        acc += weight
        end = total * acc // sum(weights)
        slots.append(PhaseSlot(phase, timedelta(seconds=used), timedelta(seconds=end)))
        used = end
    return tuple(slots)


def session_status(
    started_at: datetime,
    time_box: timedelta,
    now: datetime,
    shares: Sequence[tuple[Phase, int]] = DEFAULT_SHARES,
) -> SessionStatus:
    """Where a round that started at ``started_at`` stands at ``now``.

    A clock that reads earlier than the start (another machine, a skewed
    clock) counts as the very start, never as negative time.
    """
    plan = phase_plan(time_box, shares)
    elapsed = max(timedelta(0), now - started_at)
    total = plan[-1].end
    index = next((i for i, s in enumerate(plan) if elapsed < s.end), len(plan) - 1)
    slot = plan[index]
    remaining = max(timedelta(0), total - elapsed)
    overtime = max(timedelta(0), elapsed - total)
    phase_left = max(timedelta(0), slot.end - elapsed)
    if elapsed >= total:
        alert = Alert.TIME_UP
    elif remaining <= min(timedelta(minutes=5), total / 5):
        alert = Alert.LAST_MINUTES
    elif index < len(plan) - 1 and phase_left <= min(timedelta(minutes=1), slot.length / 4):
        alert = Alert.PHASE_ENDING
    else:
        alert = Alert.ON_TRACK
    nxt = plan[index + 1].phase if index + 1 < len(plan) else None
    return SessionStatus(slot.phase, index, elapsed, remaining, phase_left, overtime, alert, nxt, plan)


def format_clock(span: timedelta) -> str:
    """``m:ss`` (or ``h:mm:ss``), rounded down to the second; negative spans read as zero.

    >>> format_clock(timedelta(minutes=44, seconds=59.7)), format_clock(timedelta(hours=1, seconds=5))
    ('44:59', '1:00:05')
    """
    seconds = max(0, int(span.total_seconds()))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# --- pairing -------------------------------------------------------------------


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


# --- explain before you prompt ---------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)]|\[[ xX]?\])\s*")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def requirement_lines(text: str) -> list[str]:
    """The requirements written in a notes field: one per non-empty line, bullets stripped.

    >>> requirement_lines("- shorten a URL\\n\\n2) redirect in < 50 ms\\n  -  ")
    ['shorten a URL', 'redirect in < 50 ms']
    """
    lines = (_BULLET.sub("", line).strip() for line in text.splitlines())
    return [line for line in lines if _WORD.search(line)]


def explain_first(
    requirements: str,
    approach: str,
    *,
    first_critique: bool,
    checks_estimates: bool = False,
    estimates: Mapping[str, float] | None = None,
) -> str | None:
    """Why a critique may not run yet, or ``None`` when the user has explained enough.

    Before the first critique of a design the user must have written at least
    one requirement and their approach (a sentence of at least
    ``MIN_APPROACH_WORDS`` words). In "check my estimates" mode their own
    derived numbers (any ``my_*`` estimate) must be there first, every time,
    so the check compares their figures with the computed ones rather than
    handing the computed ones over.
    """
    if first_critique:
        missing = []
        if not requirement_lines(requirements):
            missing.append("at least one requirement")
        if len(_WORD.findall(approach)) < MIN_APPROACH_WORDS:
            missing.append(f"your approach (a sentence or three, at least {MIN_APPROACH_WORDS} words)")
        if missing:
            return (
                "Explain before you prompt: write " + " and ".join(missing) + " in the notes before the first "
                "critique. Saying it in your own words first is the practice."
            )
    if checks_estimates and not any(k in (estimates or {}) for k in OWN_ESTIMATE_KEYS):
        return (
            "Check my estimates compares your numbers with computed ones: write at least one of your own "
            "figures first (read QPS, write QPS, storage per year or bandwidth)."
        )
    return None
