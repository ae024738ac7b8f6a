"""Presenter mode as data: one step per finding, then one per critic question.

A shared screen shows one thing at a time, big enough to read across a room,
with the elements it concerns highlighted on the user's own sketch. The order
is the analysis order (most severe first, numbered like the badges), then the
questions in the order the critic asked them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from design.model.sketch import Finding
from design.picture.scene import PROBE_COLOR, SEVERITY_COLOR
from design.practice.diff import ProbeRecord

__all__ = ["Step", "presentation_steps"]


@dataclass(frozen=True, slots=True)
class Step:
    """One screen: a heading ("Finding 2 of 5 · HIGH"), the statement, its detail, what to highlight."""

    heading: str
    text: str
    detail: str
    elements: tuple[str, ...]
    color: str


def presentation_steps(
    findings: Sequence[Finding], probes: Sequence[ProbeRecord], version: int | None = None
) -> list[Step]:
    """Findings first, then the critic's questions, each with the ids to highlight.

    A question asked about another version than the one shown (``version``)
    says which, so nobody mistakes it for a question about this sketch.
    """
    steps = [
        Step(f"Finding {i} of {len(findings)} · {f.severity.value.upper()}", f.message, f.why, f.elements,
             SEVERITY_COLOR[f.severity])
        for i, f in enumerate(findings, 1)
    ]
    steps += [
        Step(f"Question Q{j} of {len(probes)}" + ("" if p.version == version else f" · asked about v{p.version}"),
             p.question, f"Your answer: {p.answer}" if p.answer else "",
             p.targets, PROBE_COLOR)
        for j, p in enumerate(probes, 1)
    ]
    return steps
