"""A round's scorecard as plain records, ready to show: what the Markdown report prints.

``design/`` never imports the critique stage: :meth:`critique.scorecard.Scorecard.view`
turns a scorecard into these records, and the exports only show them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EvidenceView", "ScoreRowView", "ScorecardView"]


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One line of evidence: what the round showed, points earned of those possible, and the fix if short."""

    text: str
    earned: float
    possible: float
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class ScoreRowView:
    """One phase: its title, score and bar out of 100, and the evidence for every point."""

    title: str
    score: int
    bar: int
    evidence: tuple[EvidenceView, ...]

    @property
    def passed(self) -> bool:
        return self.score >= self.bar


@dataclass(frozen=True, slots=True)
class ScorecardView:
    """The card at a level (``mid``, ``senior``, ``staff``): its verdict and rows, and the round it scores."""

    level: str
    verdict: str
    rows: tuple[ScoreRowView, ...]
    round_label: str = ""
