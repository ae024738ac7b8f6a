"""A stored critique as plain records, ready to show: what exports and the history diff display.

``design/`` never reads the critique stage's payload format: the critique
stage owns it, and ``critique.payload.view`` turns a stored payload (from the
database or an imported export) into these records, leniently and within the
critique limits. Exports and the diff only show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from design.model.sketch import Severity

__all__ = ["CritiqueView", "ProbeView", "RoundView"]


@dataclass(frozen=True, slots=True)
class ProbeView:
    """One question; ``severity`` is ``None`` when the stored one was missing or unknown."""

    question: str
    why_it_matters: str
    targets: tuple[str, ...]
    category: str
    severity: Severity | None


@dataclass(frozen=True, slots=True)
class RoundView:
    """One round: its probes, the user's answers (by probe position) and, from round 2, the verdicts on the round before.

    ``assessments`` are ``(probe position in the round before, verdict, comment)``;
    ``notes`` are the critic's notes, then what the reader left out or cut.
    """

    probes: tuple[ProbeView, ...]
    answers: Mapping[int, str]
    assessments: tuple[tuple[int, str, str], ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class CritiqueView:
    """A critique and its follow-up rounds, oldest first.

    ``notes`` are what the reader left out of the critique as a whole (an
    unreadable payload has no rounds and says why here). ``left_out`` repeats
    every note the reader made, here and in the rounds, for a shell to report
    (the CLI prints them on stderr). ``payload`` is the cleaned payload, bounded
    like the view, which the JSON export writes so that the export can be
    imported again.
    """

    critic: str
    model: str | None
    mode: str
    mode_title: str
    version: int | None
    rounds: tuple[RoundView, ...]
    notes: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    payload: Mapping[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """``Stress test · offline critic`` or ``Harder variant · claude (claude-haiku-5-5)``."""
        who = "offline critic" if self.critic == "offline" else f"{self.critic} ({self.model})" if self.model else self.critic
        return f"{self.mode_title} · {who}"
