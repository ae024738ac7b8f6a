"""User corrections to what recognition guessed and to the table's figures: kind, replica count,
throughput, managed, pools, and the numbers model's hop latency, availability and price.

Corrections are keyed by component id (ids are stable across reruns), saved
with the sketch, and applied before anything else reads the sketch, so the
analysis, the numbers model, exports and critique all see the user's word
rather than our guess or the capacity table's rule of thumb.

Splitting a pool ("Web Server 1" and "Web Server 2" read as one component) is
the one correction recognition itself must hear: :func:`split_pools` gives it
the pool ids to leave apart, and the boxes come back as separate components.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from design.model.kinds import managed_by_default
from design.model.sketch import Kind, Sketch

__all__ = ["FIGURES", "Correction", "apply_corrections", "split_pools"]

#: The figures a user may set for one component, as saved (the model's units: ms, a fraction, US dollars a month).
FIGURES = ("p50_ms", "p99_ms", "availability", "monthly_usd")


@dataclass(frozen=True, slots=True)
class Correction:
    """What the user said about one component; ``None`` (or ``False`` for ``split``) means "keep the guess"
    (or the table's figure).

    ``p50_ms``/``p99_ms`` are the component's own hop latency, ``availability`` one instance's (0.999 for
    99.9%; for what a provider runs, the whole service's), ``monthly_usd`` one instance's price (for what a
    provider runs or prices by use, the whole service's).
    """

    kind: Kind | None = None
    replicas: int | None = None
    throughput: float | None = None
    managed: bool | None = None
    split: bool = False
    p50_ms: float | None = None
    p99_ms: float | None = None
    availability: float | None = None
    monthly_usd: float | None = None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.kind is not None:
            out["kind"] = self.kind.value
        for key in ("replicas", "throughput", "managed", *FIGURES):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.split:
            out["split"] = True
        return out

    @classmethod
    def from_json(cls, fix: Mapping[str, object]) -> Correction:
        """The inverse of :meth:`to_json`, for a dict this program wrote or a saved document already validated
        (a saved file is checked by ``design.model.document``)."""
        def number(key: str) -> float | None:
            value = fix.get(key)
            return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

        kind = fix.get("kind")
        replicas = fix.get("replicas")
        managed = fix.get("managed")
        return cls(
            kind=Kind(kind) if isinstance(kind, str) and kind else None,
            replicas=int(replicas) if isinstance(replicas, int | float) and not isinstance(replicas, bool) else None,
            throughput=number("throughput"),
            managed=managed if isinstance(managed, bool) else None,
            split=fix.get("split") is True,
            **{key: number(key) for key in FIGURES},
        )


def split_pools(corrections: Mapping[str, Correction]) -> frozenset[str]:
    """The ids of pools the user asked to see as separate boxes."""
    return frozenset(cid for cid, fix in corrections.items() if fix.split)


def apply_corrections(sketch: Sketch, corrections: Mapping[str, Correction]) -> Sketch:
    """Return ``sketch`` with the user's corrections applied; unknown ids are ignored.

    A corrected kind is marked ``kind_source="user"`` (and, unless the user
    said whether it is managed, its managed default is read again for the new
    kind); a corrected replica count above one marks the component replicated.
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
            if fix.managed is None and fix.kind is not c.kind:
                changes["managed"] = managed_by_default(fix.kind, c.label)
        if fix.replicas is not None:
            changes.update(replicas=fix.replicas, replicated=fix.replicas > 1 or (c.replicated and c.replicas <= 1))
        for key in ("throughput", "managed", *FIGURES):
            value = getattr(fix, key)
            if value is not None:
                changes[key] = value
        comps.append(dataclasses.replace(c, **changes) if changes else c)  # type: ignore[arg-type]
    return dataclasses.replace(sketch, components=tuple(comps))
