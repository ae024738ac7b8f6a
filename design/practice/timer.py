"""A timed practice round as a pure function of its start time.

The app stores *when* a round or a pairing started, never a running counter,
and asks these functions what that means *now*: the phase and the time left. So a rerun, a reload or a second browser all agree, and nothing here
reads a clock (``now`` is always passed in).

Running out of time only changes what is said (:class:`Alert`); no function
here locks or discards anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

__all__ = [
    "DEFAULT_SHARES",
    "DEFAULT_TIME_BOX",
    "Alert",
    "Phase",
    "PhaseSlot",
    "PracticeSession",
    "SessionStatus",
    "format_clock",
    "phase_plan",
    "session_status",
    "shares_from",
]

DEFAULT_TIME_BOX = timedelta(minutes=45)


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
    #: Where the clock starts: a retried stage starts at its own phase, with only the phases from it on.
    start_phase: Phase = Phase.REQUIREMENTS
    #: The last saved version when the reference design was first opened in this round (``None``: never).
    revealed_version: int | None = None
    #: The newest version of the design when the round started (0: none): the round's own versions come after it.
    version_mark: int = 0
    #: The newest critique id of the design when the round started: the round's critiques come after it.
    critique_mark: int = 0

    @property
    def active(self) -> bool:
        return self.ended_at is None

    @property
    def shares(self) -> tuple[tuple[Phase, int], ...]:
        """The phases this round's clock walks (all five, or those from a retried stage on)."""
        return shares_from(self.start_phase)

    def time_used(self, now: datetime) -> timedelta:
        """From start to end (or to ``now`` while the round is still open); never negative."""
        return max(timedelta(0), (self.ended_at or now) - self.started_at)


def shares_from(phase: Phase, shares: Sequence[tuple[Phase, int]] = DEFAULT_SHARES) -> tuple[tuple[Phase, int], ...]:
    """The phases from ``phase`` on, with their weights: the plan of a round that starts at that phase.

    >>> [p.value for p, _ in shares_from(Phase.HIGH_LEVEL)]
    ['high_level_sketch', 'deep_dive', 'wrap_up']
    """
    order = [p for p, _ in shares]
    return tuple(shares[order.index(phase):]) if phase in order else tuple(shares)


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
