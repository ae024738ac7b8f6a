"""How the estimated peak traffic spreads over the components of a design.

A back-of-the-envelope model, stated so it can be argued with:

- the peak reads and writes per second enter at the clients, split evenly
  between them;
- a flow labelled *read* carries reads only, one labelled *write* carries
  writes only, and any other flow carries both: every request may touch
  every dependency, so a component's figure is an upper bound ("up to");
- a datastore read by a component that also reads a cache sees only the
  misses (``cache_hit_ratio``, default 0.8);
- a queue absorbs the peak: flows *out of* a queue carry nothing, because
  consumers drain it at their own pace; replication flows and metrics sent
  to monitoring carry nothing; arrows back from a datastore are answers, not
  new load;
- no component takes more than the whole peak (several paths to one node
  are the same requests, not more of them).

One pass over the strongly connected components in topological order: linear
in the size of the design.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from design.analysis.context import PASSIVE_KINDS, Context
from design.model.sketch import Kind

__all__ = ["DEFAULT_CACHE_HIT_RATIO", "Load", "spread_load"]

DEFAULT_CACHE_HIT_RATIO = 0.8


@dataclass(frozen=True, slots=True)
class Load:
    """Peak reads and writes per second reaching one component (all its instances together)."""

    reads: float = 0.0
    writes: float = 0.0

    @property
    def total(self) -> float:
        return self.reads + self.writes


def _carries(ctx: Context, u: str, v: str) -> bool:
    if ctx.kind(u) is Kind.QUEUE or ctx.kind(v) is Kind.MONITORING or ctx.G.edges[u, v].get("op") == "replicate":
        return False
    return not ctx.is_answer(u, v)


def spread_load(ctx: Context, reads: float, writes: float, cache_hit_ratio: float = DEFAULT_CACHE_HIT_RATIO) -> dict[str, Load]:
    """Peak load per component id, for ``reads``/``writes`` per second entering at the entries."""
    if not ctx.entries:
        return {}
    H = nx.DiGraph()
    H.add_nodes_from(ctx.G.nodes)
    H.add_edges_from((u, v) for u, v in ctx.G.edges if _carries(ctx, u, v))
    C = nx.condensation(H)
    share_r, share_w = reads / len(ctx.entries), writes / len(ctx.entries)
    entries = set(ctx.entries)
    caching = {u for u in ctx.G.nodes if ctx.caches_reads(u)}
    miss = max(0.0, min(1.0, 1.0 - cache_hit_ratio))

    incoming: dict[int, list[float]] = {c: [0.0, 0.0] for c in C.nodes}
    out: dict[str, Load] = {}
    for c in nx.topological_sort(C):
        members = C.nodes[c]["members"]
        acc = incoming[c]
        for m in members:
            if m in entries:
                acc[0] += share_r
                acc[1] += share_w
        load = Load(min(acc[0], reads), min(acc[1], writes))
        for m in members:
            out[m] = load
        for m in members:
            for v in H.successors(m):
                if v in members:
                    continue
                op = ctx.G.edges[m, v].get("op")
                r = 0.0 if op == "write" else load.reads
                w = 0.0 if op == "read" else load.writes
                if m in caching and ctx.kind(v) in PASSIVE_KINDS and ctx.kind(v) is not Kind.CACHE:
                    r *= miss
                target = incoming[C.graph["mapping"][v]]
                target[0] += r
                target[1] += w
    return out
