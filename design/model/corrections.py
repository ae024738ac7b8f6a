"""User corrections to what recognition guessed and to the table's figures: kind, replica count, throughput,
and the numbers model's hop latency, availability and price.

Corrections are keyed by component id (ids are stable across reruns), saved
with the sketch, and applied before anything else reads the sketch, so the
analysis, the numbers model, exports and critique all see the user's word
rather than our guess or the capacity table's rule of thumb.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from design.model.sketch import Kind, Sketch

__all__ = ["FIGURES", "Correction", "apply_corrections"]

#: The figures a user may set for one component, as saved (the model's units: ms, a fraction, US dollars a month).
FIGURES = ("p50_ms", "p99_ms", "availability", "monthly_usd")


@dataclass(frozen=True, slots=True)
class Correction:
    """What the user said about one component; ``None`` means "keep the guess" (or the table's figure).

    ``p50_ms``/``p99_ms`` are the component's own hop latency, ``availability`` one instance's (0.999 for
    99.9%; for what a provider runs, the whole service's), ``monthly_usd`` one instance's price (for what a
    provider runs or prices by use, the whole service's).
    """

    kind: Kind | None = None
    replicas: int | None = None
    throughput: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    availability: float | None = None
    monthly_usd: float | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.kind is not None:
            out["kind"] = self.kind.value
        for key in ("replicas", "throughput", *FIGURES):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Correction:
        """The inverse of :meth:`to_json` for data already validated (a saved document's, or the page's own)."""
        kind = data.get("kind")
        return cls(Kind(kind) if kind else None, *(data.get(k) for k in ("replicas", "throughput", *FIGURES)))  # type: ignore[arg-type]


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
        for key in ("throughput", *FIGURES):
            value = getattr(fix, key)
            if value is not None:
                changes[key] = value
        comps.append(dataclasses.replace(c, **changes) if changes else c)  # type: ignore[arg-type]
    return dataclasses.replace(sketch, components=tuple(comps))
