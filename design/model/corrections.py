"""User corrections to what recognition guessed: kind, replica count, throughput.

Corrections are keyed by component id (ids are stable across reruns), saved
with the sketch, and applied before anything else reads the sketch, so the
analysis, exports and critique all see the user's word rather than our guess.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from design.model.sketch import Kind, Sketch

__all__ = ["Correction", "apply_corrections"]


@dataclass(frozen=True, slots=True)
class Correction:
    """What the user said about one component; ``None`` means "keep the guess"."""

    kind: Kind | None = None
    replicas: int | None = None
    throughput: float | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.kind is not None:
            out["kind"] = self.kind.value
        if self.replicas is not None:
            out["replicas"] = self.replicas
        if self.throughput is not None:
            out["throughput"] = self.throughput
        return out


def apply_corrections(sketch: Sketch, corrections: Mapping[str, Correction]) -> Sketch:
    """Return ``sketch`` with the user's corrections applied; unknown ids are ignored.

    A corrected kind is marked ``kind_source="user"``; a corrected replica
    count above one marks the component replicated.
    """
    if not corrections:
        return sketch
    comps = []
    for c in sketch.components:
        fix = corrections.get(c.id)
        if fix is None:
            comps.append(c)
            continue
        changes: dict[str, object] = {}
        if fix.kind is not None:
            changes.update(kind=fix.kind, kind_source="user")
        if fix.replicas is not None:
            changes.update(replicas=fix.replicas, replicated=fix.replicas > 1 or (c.replicated and c.replicas <= 1))
        if fix.throughput is not None:
            changes["throughput"] = fix.throughput
        comps.append(dataclasses.replace(c, **changes))  # type: ignore[arg-type]
    return dataclasses.replace(sketch, components=tuple(comps))
