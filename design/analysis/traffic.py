"""How the estimated peak traffic spreads over the components of a design.

A back-of-the-envelope model, stated so it can be argued with:

- the peak reads and writes per second enter at the clients, split evenly
  between them;
- a flow labelled *read* carries reads only, one labelled *write* carries
  writes only, and any other flow carries both: every request may touch
  every dependency, so a component's figure is an upper bound ("up to");
- a datastore read by a component that also reads a cache sees only the
  misses (``cache_hit_ratio``, default 0.8), and so does whatever a cache or
  a CDN reads through to on a miss (:func:`miss_hops`);
- a queue absorbs the peak: flows *out of* a queue carry nothing, because
  consumers drain it at their own pace; replication flows and metrics sent
  to monitoring carry nothing; arrows back from a datastore are answers, not
  new load;
- no component takes more than the whole peak (several paths to one node
  are the same requests, not more of them).

One pass over the strongly connected components in topological order: linear
in the size of the design. :func:`shared_load` keeps each spread on the
analysis context, so the capacity rule and the numbers model spread a peak
once between them; :func:`instance_checks` is the one statement of what one
instance of a component is compared with.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from design.analysis.context import EPHEMERAL_STATE_WORDS, PASSIVE_KINDS, Context
from design.model.kinds import scales_writes
from design.model.labels import says
from design.model.sketch import Component, Kind
from design.sizing.capacity import CapacityTable, default_capacity
from design.sizing.estimates import human

__all__ = ["DEFAULT_CACHE_HIT_RATIO", "InstanceCheck", "Load", "capacity_table", "hit_ratio", "instance_checks",
           "instances", "miss_hops", "shared_load", "spread_load"]

DEFAULT_CACHE_HIT_RATIO = 0.8


@dataclass(frozen=True, slots=True)
class Load:
    """Peak reads and writes per second reaching one component (all its instances together)."""

    reads: float = 0.0
    writes: float = 0.0

    @property
    def total(self) -> float:
        return self.reads + self.writes


def miss_hops(ctx: Context) -> frozenset[tuple[str, str]]:
    """The arrows a read follows only on a cache miss (computed once per analysis).

    Cache-aside: a component that reads a cache (one holding copies, not sessions or counters) and a
    store beside it reads the store on a miss. Read-through: a cache or a CDN reads what is behind it
    on a miss. Writes always go through, and a cache behind a cache is its own store.
    """
    key = "miss_hops"
    if key not in ctx.memo:
        out = set()
        for u, nbrs in ctx.G.adjacency():
            ku = ctx.kind(u)
            through = ku is Kind.CDN or (ku is Kind.CACHE and not says(ctx.by_id[u].label, *EPHEMERAL_STATE_WORDS))
            aside: bool | None = None  # ctx.caches_reads(u), asked only when it matters
            for v, data in nbrs.items():
                kv = ctx.kind(v)
                if kv is Kind.CACHE or data.get("op") == "write":
                    continue
                if not through and kv in PASSIVE_KINDS:
                    if aside is None:
                        aside = ctx.caches_reads(u)
                    if not aside:
                        continue
                elif not through:
                    continue
                out.add((u, v))
        ctx.memo[key] = frozenset(out)
    return ctx.memo[key]  # type: ignore[return-value]


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
    missed = miss_hops(ctx)
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
                if (m, v) in missed:
                    r *= miss
                target = incoming[C.graph["mapping"][v]]
                target[0] += r
                target[1] += w
    return out


def hit_ratio(ctx: Context) -> float:
    """The cache hit ratio of this analysis (option ``cache_hit_ratio``, default 0.8), clamped to 0..1."""
    return max(0.0, min(1.0, float(ctx.options.get("cache_hit_ratio", DEFAULT_CACHE_HIT_RATIO))))


def capacity_table(ctx: Context) -> CapacityTable:
    """The capacity table of this analysis: the ``capacity`` option, else the packaged one."""
    return ctx.options.get("capacity") or default_capacity()


def shared_load(ctx: Context, reads: float, writes: float) -> dict[str, Load]:
    """:func:`spread_load` at this analysis's hit ratio, computed once per context for each peak."""
    key = ("spread_load", reads, writes, hit_ratio(ctx))
    if key not in ctx.memo:
        ctx.memo[key] = spread_load(ctx, reads, writes, cache_hit_ratio=hit_ratio(ctx))
    return ctx.memo[key]  # type: ignore[return-value]


def instances(ctx: Context, c: Component) -> int:
    """How many instances carry a component's load: its replica count; one marked replicated without a count,
    or a managed product, is taken as two."""
    if c.replicas > 1:
        return c.replicas
    return 2 if c.replicated or ctx.managed_product(c.id) else 1


@dataclass(frozen=True, slots=True)
class InstanceCheck:
    """One comparison for one component: the load ``per_instance`` each instance takes against ``limit``.

    ``what`` is ``requests``, ``reads`` or ``writes``; ``where`` names the instance
    ("each of the 3 instances of API", "the one write primary of Postgres");
    ``own`` is true when the limit is the throughput the user gave the component.
    """

    per_instance: float
    limit: float
    what: str
    where: str
    own: bool = False

    @property
    def headroom(self) -> float:
        """How many times the load the instance takes before it reaches its limit (∞ without load)."""
        return self.limit / self.per_instance if self.per_instance > 0 else float("inf")

    def describe(self, kind: Kind) -> str:
        """``one database node takes about 1k/s``, or ``you gave it a throughput of 500/s``."""
        if self.own:
            return f"you gave it a throughput of {human(self.limit)}/s"
        return f"one {kind.value.replace('_', ' ')} node takes about {human(self.limit)}/s"


def instance_checks(ctx: Context, c: Component, load: Load, name: str) -> list[InstanceCheck]:
    """What each instance of ``c`` carries of ``load`` and what it can take, in the order the capacity rule
    reports them: every request, then reads, then writes. Empty for components nobody here sizes: managed
    kinds and products, unknown kinds, and kinds the table leaves unsized.

    Reads spread over every instance; a database's writes all land on its one primary unless it shards
    them. A throughput the user set replaces the kind's figures.
    """
    if ctx.managed(c.id) or c.kind is Kind.UNKNOWN:
        return []
    n = instances(ctx, c)
    write_nodes = n if c.kind is not Kind.DATABASE or scales_writes(c.label) else 1
    each = f"{name} (one instance)" if n == 1 else f"each of the {n} instances of {name}"
    if c.throughput:
        return [InstanceCheck(load.reads / n + load.writes / write_nodes, c.throughput, "requests", each, own=True)]
    cap = capacity_table(ctx).get(c.kind)
    primary = each if write_nodes == n else f"the one write primary of {name}"
    checks = [
        (load.reads / n + load.writes / write_nodes, cap.qps, "requests", each),
        (load.reads / n, cap.read_qps, "reads", each),
        (load.writes / write_nodes, cap.write_qps, "writes", primary),
    ]
    return [InstanceCheck(per, limit, what, where) for per, limit, what, where in checks if limit is not None]
