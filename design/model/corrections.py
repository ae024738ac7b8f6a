"""User corrections to what recognition guessed: kind, replica count, throughput, managed, pools.

Corrections are keyed by component id (ids are stable across reruns), saved
with the sketch, and applied before anything else reads the sketch, so the
analysis, exports and critique all see the user's word rather than our guess.

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

__all__ = ["Correction", "apply_corrections", "split_pools"]


@dataclass(frozen=True, slots=True)
class Correction:
    """What the user said about one component; ``None`` (or ``False`` for ``split``) means "keep the guess"."""

    kind: Kind | None = None
    replicas: int | None = None
    throughput: float | None = None
    managed: bool | None = None
    split: bool = False

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.kind is not None:
            out["kind"] = self.kind.value
        if self.replicas is not None:
            out["replicas"] = self.replicas
        if self.throughput is not None:
            out["throughput"] = self.throughput
        if self.managed is not None:
            out["managed"] = self.managed
        if self.split:
            out["split"] = True
        return out

    @classmethod
    def from_json(cls, fix: Mapping[str, object]) -> Correction:
        """The inverse of :meth:`to_json`, for a dict this program wrote (a saved file is checked by
        ``design.model.document`` instead)."""
        kind = fix.get("kind")
        replicas = fix.get("replicas")
        throughput = fix.get("throughput")
        managed = fix.get("managed")
        return cls(
            kind=Kind(kind) if isinstance(kind, str) and kind else None,
            replicas=int(replicas) if isinstance(replicas, int | float) and not isinstance(replicas, bool) else None,
            throughput=float(throughput) if isinstance(throughput, int | float) and not isinstance(throughput, bool) else None,
            managed=managed if isinstance(managed, bool) else None,
            split=fix.get("split") is True,
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
        if fix.throughput is not None:
            changes["throughput"] = fix.throughput
        if fix.managed is not None:
            changes["managed"] = fix.managed
        comps.append(dataclasses.replace(c, **changes))  # type: ignore[arg-type]
    return dataclasses.replace(sketch, components=tuple(comps))
