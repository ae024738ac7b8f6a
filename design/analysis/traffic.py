"""How the estimated peak traffic spreads over the components of a design.

A back-of-the-envelope model, stated so it can be argued with:

- the peak reads and writes per second enter at the clients, split evenly
  between them;
- a flow labelled *read* carries reads only, one labelled *write* carries
  writes only, and any other flow carries both: every request may touch
  every dependency, so a component's figure is an upper bound ("up to");
- a datastore read by a component that also reads a cache sees only the
  misses (``cache_hit_ratio``, default 0.8), and so does whatever a cache or
  a CDN reads through to on a miss (:func:`_cache_readers`);
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

import math
from collections.abc import Sequence
from typing import NamedTuple

from design.analysis.context import MANAGED_KINDS, PASSIVE_KINDS, Context, answers_call
from design.model.sketch import Component, Kind
from design.sizing.capacity import CapacityTable, default_capacity
from design.sizing.estimates import human

__all__ = ["DEFAULT_CACHE_HIT_RATIO", "Arrow", "Carried", "InstanceCheck", "Load", "Sizing", "sizing", "capacity_table", "hit_ratio", "instance_checks",
           "carried_order", "instances", "shared_load", "sizings", "spread_load"]

DEFAULT_CACHE_HIT_RATIO = 0.8


class Load(NamedTuple):
    """Peak reads and writes per second reaching one component (all its instances together). A named tuple:
    the spread makes one per component, every analysis."""

    reads: float = 0.0
    writes: float = 0.0

    @property
    def total(self) -> float:
        return self.reads + self.writes


#: How a component reads behind a cache (:func:`_cache_readers`).
_THROUGH, _ASIDE = 1, 2


def _cache_readers(ctx: Context) -> dict[str, int]:
    """The components that read something only on a cache miss, by how: ``_THROUGH`` a cache (one holding copies,
    not sessions or counters) or a CDN reads what is behind it on a miss; ``_ASIDE`` a component that reads a
    copying cache reads the stores beside it on a miss. Only the neighbourhoods of caches and CDNs: a few nodes."""
    cache, cdn, keeps_state = Kind.CACHE, Kind.CDN, ctx.keeps_state
    copying: list[str] = []  # caches that hold copies (not sessions, counters or presence): each label read once
    through: list[str] = []  # ... and CDNs, in the order of the sketch
    for c in ctx.sketch.components:  # one pass, no set of kinds: most designs have a handful of caches
        kind = c.kind
        if kind is cdn or (kind is cache and not keeps_state(c.id)):
            through.append(c.id)
            if kind is cache:
                copying.append(c.id)
    pred = ctx.G.pred
    readers = dict.fromkeys((p for c in copying for p in pred[c]), _ASIDE)
    readers.update(dict.fromkeys(through, _THROUGH))  # a reader that is itself a cache or CDN reads through it
    return readers


#: One load-carrying arrow: ``(target, op, read only on a miss)``.
Arrow = tuple[str, str | None, bool]


def _carried(ctx: Context) -> tuple[dict[str, Sequence[Arrow]], dict[str, int], dict[str, Sequence[tuple[str, bool]]],
                                    frozenset[tuple[str, str]]]:
    """Each component's load-carrying arrows as ``(target, op, read only on a miss)``, how many of them end at each
    component (Kahn's in-degrees), the ones a request waits on as ``(target, read only on a miss)``, and the
    ``(source, target)`` of those read only on a miss, all in one pass over the arrows.

    Load-carrying: not out of a queue, not to monitoring, not replication, not an answer drawn back from a
    datastore. A request waits on a synchronous arrow (what is left of one is a call: the answers are gone) and on
    one into a queue (the broker's acknowledgement). Read only on a miss (:func:`_cache_readers`): what a cache or
    CDN reads other than a cache, and the stores other than caches that a cache-aside reader reads; writes
    always go through, and a cache behind a cache is its own store.
    """
    kinds = ctx.kinds  # subscripted, not called: this loop runs over every arrow of every analysis
    readers = _cache_readers(ctx)
    replies: dict[str, bool] = {}  # whether a label says "response": labels repeat ("read", "write", none)
    out: dict[str, Sequence[Arrow]] = {}
    waits: dict[str, Sequence[tuple[str, bool]]] = {}
    misses: set[tuple[str, str]] = set()
    indegree = dict.fromkeys(ctx.G, 0)
    queue, monitoring, cache, passive_kinds = Kind.QUEUE, Kind.MONITORING, Kind.CACHE, PASSIVE_KINDS
    for u, nbrs in ctx.G.adjacency():
        ku = kinds[u]
        if ku is queue or not nbrs:
            out[u] = waits[u] = ()  # nothing carried out of here: one shared empty tuple, no lists for every store
            continue
        keep: list[Arrow] = []
        waited: list[tuple[str, bool]] = []
        out[u] = keep
        waits[u] = waited
        passive = ku in passive_kinds
        reads = readers.get(u, 0)
        for v, data in nbrs.items():
            kv = kinds[v]
            if kv is monitoring or (passive and kv not in passive_kinds):
                continue  # ... or an answer drawn back from a datastore (answers_call's first test)
            op = data.get("op")
            if op == "replicate":
                continue
            label = data.get("label") or ""
            reply = replies.get(label)
            if reply is None:
                reply = replies[label] = answers_call(Kind.UNKNOWN, Kind.UNKNOWN, label)
            if reply:
                continue
            indegree[v] += 1
            if reads and kv is not cache and op != "write" and (reads == _THROUGH or kv in passive_kinds):
                misses.add((u, v))
                keep.append((v, op, True))
                if kv is queue or data["sync"]:
                    waited.append((v, True))
            else:
                keep.append((v, op, False))
                if kv is queue or data["sync"]:
                    waited.append((v, False))
    return out, indegree, waits, frozenset(misses)


def _sccs(succ: dict[str, Sequence[Arrow]]) -> list[list[str]]:
    """Strongly connected components, each before the components it reaches (Tarjan, iterative, plain dicts).

    ``nx.condensation`` built a second graph of the design for the same answer; over plain adjacency the spread
    costs a fraction of that.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    for root in succ:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(succ[root]))]
        while work:
            node, it = work[-1]
            for nxt, _, _ in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(succ[nxt])))
                    break
                if nxt in on_stack and index[nxt] < low[node]:
                    low[node] = index[nxt]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:
                    component = []
                    while True:
                        m = stack.pop()
                        on_stack.discard(m)
                        component.append(m)
                        if m == node:
                            break
                    out.append(component)
    out.reverse()  # Tarjan finds a component after everything it reaches
    return out


def _topological(succ: dict[str, Sequence[Arrow]], indegree: dict[str, int]) -> list[str] | None:
    """Kahn's order of an acyclic graph; ``None`` when there is a cycle. ``indegree`` (how many arrows end at each
    node) is used up."""
    ready = [n for n, k in indegree.items() if k == 0]
    order: list[str] = []
    while ready:
        n = ready.pop()
        order.append(n)
        for v, _, _ in succ[n]:
            indegree[v] -= 1
            if not indegree[v]:
                ready.append(v)
    return order if len(order) == len(succ) else None


class Carried(NamedTuple):
    """The load-carrying arrows of a design in the order the spread and the request-path walk follow them.

    Most designs have no cycle: then ``flat`` is every component in topological order, and the spread and the
    walk follow it without grouping anything. With a cycle ``flat`` is ``None`` and ``order`` holds the strongly
    connected components in topological order (a cycle's members share their load)."""

    succ: dict[str, Sequence[Arrow]]  # each component's load-carrying arrows
    waits: dict[str, Sequence[tuple[str, bool]]]  # the arrows of ``succ`` a request waits on: (target, on a miss only)
    misses: frozenset[tuple[str, str]]  # the arrows of ``succ`` read only on a cache miss, as (source, target)
    flat: list[str] | None  # no cycle: every component, in topological order
    order: list[list[str]]  # a cycle: the strongly connected components in topological order (empty without)
    place: dict[str, int]  # a cycle: each component's place in ``order`` (empty without)


def carried_order(ctx: Context) -> Carried:
    """The load-carrying arrows of each component in topological order (computed once per analysis; the spread
    and the request-path walk of :mod:`design.analysis.numbers` both follow it, so the walk's arrows are picked
    out in the same pass)."""
    key = "carried_order"
    if key not in ctx.memo:
        succ, indegree, waits, misses = _carried(ctx)
        flat = _topological(succ, indegree)  # Kahn's order is cheaper than Tarjan's components
        if flat is not None:
            ctx.memo[key] = Carried(succ, waits, misses, flat, [], {})
        else:
            components = _sccs(succ)
            where = {m: i for i, members in enumerate(components) for m in members}
            ctx.memo[key] = Carried(succ, waits, misses, None, components, where)
    return ctx.memo[key]  # type: ignore[return-value]


def spread_load(ctx: Context, reads: float, writes: float, cache_hit_ratio: float = DEFAULT_CACHE_HIT_RATIO) -> dict[str, Load]:
    """Peak load per component id, for ``reads``/``writes`` per second entering at the entries."""
    if not ctx.entries:
        return {}
    carried = carried_order(ctx)
    succ = carried.succ
    share_r, share_w = reads / len(ctx.entries), writes / len(ctx.entries)
    entries = set(ctx.entries)
    miss = max(0.0, min(1.0, 1.0 - cache_hit_ratio))
    out: dict[str, Load] = {}
    new = tuple.__new__  # a Load per component: skipping the named tuple's Python-level __new__ halves its cost

    if carried.flat is not None:  # no cycle: what reaches each component, in the same order as below, by id
        reach_r = dict.fromkeys(carried.flat, 0.0)
        reach_w = dict.fromkeys(carried.flat, 0.0)
        for m in carried.flat:
            r_in, w_in = reach_r[m], reach_w[m]
            if m in entries:
                r_in += share_r
                w_in += share_w
            lr = r_in if r_in < reads else reads  # min(), written out: twice per component of every analysis
            lw = w_in if w_in < writes else writes
            out[m] = new(Load, (lr, lw))
            for v, op, missed in succ[m]:
                if op != "write":
                    reach_r[v] += lr * miss if missed else lr
                if op != "read":
                    reach_w[v] += lw
        return out

    components, where = carried.order, carried.place
    into_r = [0.0] * len(components)  # what reaches each strongly connected component, reads and writes
    into_w = [0.0] * len(components)
    for c, members in enumerate(components):
        r_in, w_in = into_r[c], into_w[c]
        for m in members:
            if m in entries:
                r_in += share_r
                w_in += share_w
        lr = r_in if r_in < reads else reads
        lw = w_in if w_in < writes else writes
        load = new(Load, (lr, lw))
        for m in members:
            out[m] = load
            for v, op, missed in succ[m]:
                target = where[v]
                if target == c:
                    continue
                if op != "write":
                    into_r[target] += lr * miss if missed else lr
                if op != "read":
                    into_w[target] += lw
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


class InstanceCheck(NamedTuple):
    """One comparison for one component: the load ``per_instance`` each instance takes against ``limit``.

    ``what`` is ``requests``, ``reads`` or ``writes``; :attr:`where` names the instance
    ("each of the 3 instances of API", "the one write primary of Postgres");
    ``own`` is true when the limit is the throughput the user gave the component. A named tuple: the
    ceiling builds one per loaded component.
    """

    per_instance: float
    limit: float
    what: str
    name: str
    instances: int
    primary: bool = False  # the database's one write primary, whatever its replicas
    own: bool = False

    @property
    def where(self) -> str:
        if self.primary:
            return f"the one write primary of {self.name}"
        return f"{self.name} (one instance)" if self.instances == 1 else \
            f"each of the {self.instances} instances of {self.name}"

    @property
    def headroom(self) -> float:
        """How many times the load the instance takes before it reaches its limit (∞ without load)."""
        return self.limit / self.per_instance if self.per_instance > 0 else float("inf")

    def describe(self, kind: Kind) -> str:
        """``one database node takes about 1k/s``, or ``you gave it a throughput of 500/s``."""
        if self.own:
            return f"you gave it a throughput of {human(self.limit)}/s"
        return f"one {kind.value.replace('_', ' ')} node takes about {human(self.limit)}/s"


class Sizing(NamedTuple):
    """What one component's instances can take: ``instances`` share reads, ``write_nodes`` share writes, and the
    limits per instance (``qps`` for any request, or reads and writes apart); ``own`` when the user set it."""

    instances: int
    write_nodes: int
    qps: float | None
    read_qps: float | None
    write_qps: float | None
    own: bool = False

    def headroom(self, load: Load) -> float:
        """How many times ``load`` the instances take before the first limit is reached (``inf`` unsized)."""
        best = math.inf
        reads, writes = load.reads / self.instances, load.writes / self.write_nodes
        for per, limit in ((reads + writes, self.qps), (reads, self.read_qps), (writes, self.write_qps)):
            if limit is not None and per > 0 and limit / per < best:
                best = limit / per
        return best


def sizing(ctx: Context, c: Component) -> Sizing | None:
    """The sizing of ``c``, or ``None`` for what nobody here sizes: managed kinds and products, and unknown kinds
    the user gave no throughput (every component's, computed once per analysis).

    Reads spread over every instance; a database's writes all land on its one primary unless it shards
    them. A throughput the user set replaces the kind's figures.
    """
    return sizings(ctx)[c.id]


def sizings(ctx: Context) -> dict[str, Sizing | None]:
    """:func:`sizing` for every component by id, computed once per analysis (one pass, the table read per kind)."""
    sizes = ctx.memo.get("sizing")
    if sizes is None:
        table = capacity_table(ctx)
        rows: dict[Kind, tuple[float | None, float | None, float | None]] = {}
        made: dict[tuple[Kind, int, int], Sizing] = {}  # one record per kind and instance counts: they are equal
        sizes = ctx.memo["sizing"] = {}
        new = tuple.__new__  # (see spread_load); comp.managed is ctx.managed_product(cid), read off the component
        unknown, database = Kind.UNKNOWN, Kind.DATABASE  # an enum's member read off its class is slow in a loop
        for comp in ctx.sketch.components:
            kind, cid = comp.kind, comp.id
            if kind in MANAGED_KINDS or (kind is unknown and not comp.throughput) or comp.managed:
                sizes[cid] = None
                continue
            n = comp.replicas if comp.replicas > 1 else 2 if comp.replicated else 1  # instances(), known unmanaged
            write_nodes = n if kind is not database or ctx.scales_writes(cid) else 1
            if comp.throughput:
                sizes[cid] = new(Sizing, (n, write_nodes, comp.throughput, None, None, True))
                continue
            key = (kind, n, write_nodes)
            size = made.get(key)
            if size is None:
                row = rows.get(kind)
                if row is None:
                    cap = table.get(kind)
                    row = rows[kind] = (cap.qps, cap.read_qps, cap.write_qps)
                size = made[key] = new(Sizing, (n, write_nodes, *row, False))
            sizes[cid] = size
    return sizes  # type: ignore[return-value]


def instance_checks(ctx: Context, c: Component, load: Load, name: str) -> list[InstanceCheck]:
    """What each instance of ``c`` carries of ``load`` and what it can take, in the order the capacity rule
    reports them: every request, then reads, then writes (see :func:`sizing`). Empty for what is not sized."""
    size = sizing(ctx, c)
    if size is None:
        return []
    n, write_nodes = size.instances, size.write_nodes
    reads, writes = load.reads / n, load.writes / write_nodes
    out = []
    if size.qps is not None:
        out.append(InstanceCheck(reads + writes, size.qps, "requests", name, n, own=size.own))
    if size.read_qps is not None:
        out.append(InstanceCheck(reads, size.read_qps, "reads", name, n))
    if size.write_qps is not None:
        out.append(InstanceCheck(writes, size.write_qps, "writes", name, n, primary=write_nodes != n))
    return out
