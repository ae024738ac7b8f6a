"""The scorecard's vocabulary: the phases a round is scored on, and the levels it is judged at.

Kept apart from the scorecard itself because problem files name phases too
(``"practises": ["estimates"]``) and the problem loader must not import the
scorecard that reads problems.

Each phase names the timer phase a *Retry this stage* would restart at, so the
two vocabularies stay tied together in one place.
"""

from __future__ import annotations

from enum import StrEnum

from design.practice.timer import Phase

__all__ = ["LEVEL_ORDER", "Level", "RoundPhase"]


class RoundPhase(StrEnum):
    """A scored row of the scorecard, in interview order."""

    REQUIREMENTS = "requirements"
    ESTIMATES = "estimates"
    HIGH_LEVEL = "high_level"
    DEEP_DIVE = "deep_dive"
    TRADEOFFS = "tradeoffs"

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def timer_phase(self) -> Phase:
        """Where the round's clock stands when this stage is retried."""
        return _TIMER[self]


_TITLES = {
    RoundPhase.REQUIREMENTS: "Requirements",
    RoundPhase.ESTIMATES: "Estimates",
    RoundPhase.HIGH_LEVEL: "High-level design",
    RoundPhase.DEEP_DIVE: "Deep dive",
    RoundPhase.TRADEOFFS: "Trade-offs and answers",
}
_TIMER = {
    RoundPhase.REQUIREMENTS: Phase.REQUIREMENTS,
    RoundPhase.ESTIMATES: Phase.ESTIMATES,
    RoundPhase.HIGH_LEVEL: Phase.HIGH_LEVEL,
    RoundPhase.DEEP_DIVE: Phase.DEEP_DIVE,
    RoundPhase.TRADEOFFS: Phase.WRAP_UP,
}


class Level(StrEnum):
    """The bar a round is held to."""

    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"

    @property
    def title(self) -> str:
        return self.value.capitalize()


#: Lowest bar first: a round "meets" a level when it clears every row at it.
LEVEL_ORDER: tuple[Level, ...] = (Level.MID, Level.SENIOR, Level.STAFF)
