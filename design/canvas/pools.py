"""Which boxes are one pool: "Web Server 1" and "Web Server 2", or three "App" boxes behind one balancer.

People draw a replicated tier as several boxes. Counting each box as a single
instance would report N single points of failure where the drawing shows
one redundant pool. Two readings make a pool:

- **numbered siblings**: labels that differ only by a trailing number (or
  ``N``), wired to at least one common neighbour (or, unwired, drawn in the
  same group): "Web Server 1 … N", "Worker-2", "Replica 1";
- **identical labels** fed by one distributor (a load balancer, gateway,
  queue, CDN or DNS), or, for compute (services, workers, unknown), sharing
  any neighbour: three "App" boxes behind one load balancer.

Numbers that tell things apart are not copies ("Shard 1", "Region 2", "Step 3",
"API v2"; see :func:`design.model.labels.numbered_stem`), nor are boxes of one
name where one calls the other (stages of a chain; copies talk both ways if at
all), and a user who disagrees splits the pool (a saved correction). Shared neighbours are joined
through a map from neighbour to members, so finding pools is linear in flows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from design.model.labels import numbered_stem
from design.model.sketch import Kind

__all__ = ["DISTRIBUTORS", "Pool", "find_pools"]

#: Kinds that spread work over identical copies behind them.
DISTRIBUTORS = frozenset({Kind.LOAD_BALANCER, Kind.API_GATEWAY, Kind.QUEUE, Kind.CDN, Kind.DNS})
#: Kinds whose identical boxes behind a shared caller are copies of one program.
_COMPUTE = frozenset({Kind.SERVICE, Kind.WORKER, Kind.UNKNOWN, Kind.API_GATEWAY, Kind.LOAD_BALANCER, Kind.AUTH})


@dataclass(frozen=True, slots=True)
class Pool:
    """Some boxes (indices into the caller's list) read as one component called ``stem``."""

    members: tuple[int, ...]
    stem: str


class _Union:
    def __init__(self, n: int):
        self.up = list(range(n))

    def find(self, i: int) -> int:
        while self.up[i] != i:
            self.up[i] = self.up[self.up[i]]
            i = self.up[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.up[max(ra, rb)] = min(ra, rb)


def find_pools(
    names: Sequence[str],
    kind: Callable[[int], Kind],
    parents: Sequence[object],
    edges: Sequence[tuple[int, int]],
    order: Sequence[tuple[float, float]],
) -> list[Pool]:
    """The pools among boxes named ``names`` (a box's kind, innermost group, flows between boxes, positions).

    >>> kinds = [Kind.LOAD_BALANCER, Kind.SERVICE, Kind.SERVICE]
    >>> find_pools(["LB", "Web 1", "Web 2"], kinds.__getitem__, [None, None, None], [(0, 1), (0, 2)],
    ...            [(0, 0), (0, 1), (0, 2)])
    [Pool(members=(1, 2), stem='Web')]
    """
    numbered: dict[str, list[int]] = {}
    stems: dict[int, tuple[str, str]] = {}
    same: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        parsed = numbered_stem(name)
        if parsed is not None:
            stems[i] = parsed
            numbered.setdefault(parsed[0].lower(), []).append(i)
        elif name.strip():
            same.setdefault(" ".join(name.lower().split()), []).append(i)
    candidates = {i for bucket in (*numbered.values(), *same.values()) if len(bucket) > 1 for i in bucket}
    if not candidates:
        return []
    # Who is wired to the boxes that could be pooled (and only to them: a drawing is mostly other boxes).
    callers: dict[int, set[int]] = {i: set() for i in candidates}
    nbrs: dict[int, set[int]] = {i: set() for i in candidates}
    calls: set[tuple[int, int]] = set()
    for a, b in edges:
        if a != b and (a in candidates or b in candidates):
            if b in candidates:
                callers[b].add(a)
                nbrs[b].add(a)
            if a in candidates:
                nbrs[a].add(b)
            calls.add((a, b))

    def apart(bucket: list[int]) -> list[int]:
        """Boxes of one name that call one another are stages of a chain, not copies: left out."""
        if len(bucket) < 2:
            return []
        inside = set(bucket)
        chained = {x for a in bucket for b in nbrs[a] if b in inside and ((a, b) in calls) != ((b, a) in calls)
                   for x in (a, b)}
        return [m for m in bucket if m not in chained]

    pools: list[Pool] = []
    for bucket in numbered.values():
        for members in _linked(apart(bucket), nbrs, parents, lambda _n, _m: True):
            ranked = sorted(members, key=lambda i: (_number(stems[i][1]), order[i]))
            pools.append(Pool(tuple(ranked), stems[ranked[0]][0]))
    for bucket in same.values():
        if len(bucket) < 2:
            continue

        def distributes(n: int, m: int) -> bool:
            return kind(m) in _COMPUTE or (kind(n) in DISTRIBUTORS and n in callers[m])

        for members in _linked(apart(bucket), nbrs, parents, distributes):
            ranked = sorted(members, key=lambda i: order[i])
            pools.append(Pool(tuple(ranked), names[ranked[0]].strip()))
    return pools


def _number(text: str) -> float:
    return float(text) if text.isdigit() else float("inf")  # "N" comes last


def _linked(bucket: list[int], nbrs: dict[int, set[int]], parents: Sequence[object], shares) -> list[list[int]]:  # noqa: ANN001
    """The sets of ≥2 bucket members joined by a shared neighbour that ``shares(neighbour, member)`` accepts;
    members with no neighbour at all join the others in their group."""
    if len(bucket) < 2:
        return []
    local = {m: k for k, m in enumerate(bucket)}
    union = _Union(len(bucket))
    seen: dict[int, int] = {}
    lonely: dict[object, int] = {}
    for m in bucket:
        if not nbrs[m]:
            if parents[m] is not None:
                first = lonely.setdefault(parents[m], m)
                union.join(local[first], local[m])
            continue
        for n in nbrs[m]:
            if n in local or not shares(n, m):
                continue
            if n in seen:
                union.join(local[seen[n]], local[m])
            else:
                seen[n] = m
    sets: dict[int, list[int]] = {}
    for m in bucket:
        sets.setdefault(union.find(local[m]), []).append(m)
    return [s for s in sets.values() if len(s) >= 2]
