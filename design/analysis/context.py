"""What every rule needs to know about a design, computed once and shared.

Rules ask questions such as "is this node redundant?", "which nodes are on a
request path?" or "does every request pass through this node?". The answers
are graph computations that several rules share, so they live here, computed
lazily and cached per analysis run. All of them are linear or near-linear in
the size of the graph: nothing here is all-pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from typing import Any

import networkx as nx

from design.model.kinds import scales_writes
from design.model.labels import looks_like_topic, says, says_messaging, says_response
from design.model.sketch import Component, Flow, Group, Kind, Sketch

__all__ = [
    "DATASTORE_KINDS",
    "ENTRY_KINDS",
    "EPHEMERAL_STATE_WORDS",
    "MANAGED_KINDS",
    "OPTION_KEYS",
    "PASSIVE_KINDS",
    "SINK_KINDS",
    "SPARED_KINDS",
    "Context",
    "answers_call",
    "drawn_as_data_flow",
    "reach",
    "reach_either_way",
]

#: Where requests come from.
ENTRY_KINDS = frozenset({Kind.CLIENT})
#: Kinds someone else runs redundantly for you, or that are the edge itself:
#: never called single points of failure.
MANAGED_KINDS = frozenset({Kind.CLIENT, Kind.DNS, Kind.CDN, Kind.OBJECT_STORAGE, Kind.EXTERNAL, Kind.MONITORING})
#: Kinds never called a single point of failure whoever runs them: the user's own device, and what
#: watches the system rather than serving it. (A provider's services are spared by ``Component.managed``.)
SPARED_KINDS = frozenset({Kind.CLIENT, Kind.MONITORING})
#: Kinds that hold state.
DATASTORE_KINDS = frozenset({Kind.DATABASE, Kind.CACHE, Kind.SEARCH, Kind.OBJECT_STORAGE, Kind.QUEUE})
#: Where a request ends up: the data, or a third party.
SINK_KINDS = frozenset({Kind.DATABASE, Kind.OBJECT_STORAGE, Kind.SEARCH, Kind.EXTERNAL, Kind.CACHE})

#: Kinds that answer calls but never make one inside a request: an arrow drawn out of one
#: towards a service is a response, a trigger or change capture, not a synchronous call.
PASSIVE_KINDS = frozenset({Kind.DATABASE, Kind.CACHE, Kind.OBJECT_STORAGE, Kind.SEARCH})

#: The options :func:`design.analysis.analyze.analyze` understands, and what each means.
OPTION_KEYS: Mapping[str, str] = {
    "estimates": "the document's back-of-the-envelope numbers (keys of design.model.estimates.ESTIMATE_KEYS); "
    "capacity_exceeded and the read-heavy test of missing_cache use them",
    "capacity": "a design.sizing.capacity.CapacityTable (capacity, hop latency, availability and price per kind); "
    "default: the packaged design/sizing/data/capacity.json",
    "cache_hit_ratio": "share of reads a cache in front of a datastore absorbs (0..1, default 0.8); the traffic "
    "spread and the latency model both use it",
    "requirements": "the document's requirement notes (text); latency_budget_exceeded, availability_target_missed and "
    "throughput_ceiling check the targets they state against the model of the drawing",
    "max_sync_hops": "synchronous hops a request may wait on in series before deep_sync_chain fires (default 4)",
}

#: Labels that say a cache *is* the store: state that lives nowhere else by design.
EPHEMERAL_STATE_WORDS = (
    "session", "sessions", "presence", "online", "counter", "counters", "count", "counts", "rate limit",
    "rate limits", "ratelimit", "token bucket", "tokens", "lock", "locks", "leaderboard", "leaderboards",
    "heartbeat", "heartbeats", "typing", "status", "state", "quota", "quotas", "position", "positions", "location",
    "locations", "geo", "geohash", "geohashes",
)

_ROOT = "\x00entry"  # a virtual node feeding every entry; cannot clash with a slug id


def reach(G: nx.DiGraph, starts: Iterable[str]) -> frozenset[str]:
    """The start nodes and everything they reach: one traversal in all, however many starts.

    A shared ``seen`` set stops each walk where an earlier one has been, so the
    cost is nodes + edges, not starts x nodes (``nx.descendants`` per start is
    quadratic on a wide graph).
    """
    seen: set[str] = {s for s in starts if s in G}
    stack = list(seen)
    adj = dict(G.adjacency())  # plain dicts: G.adj[n] builds a view per visit
    while stack:
        for nxt in adj[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return frozenset(seen)


def reach_either_way(G: nx.DiGraph, starts: Iterable[str]) -> frozenset[str]:
    """What ``starts`` reach following arrows in either direction (their part of the undirected graph)."""
    seen: set[str] = {s for s in starts if s in G}
    stack = list(seen)
    succ, pred = G.succ, G.pred
    while stack:
        n = stack.pop()
        for nxt in (*succ[n], *pred[n]):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return frozenset(seen)


def drawn_as_data_flow(sketch: Sketch) -> bool:
    """Whether arrows were drawn the way data moves (store → service → user): every client only receives.

    Such a drawing is read both ways for reachability, or half of it would be
    called unreachable. A two-way arrow sends as well as receives.
    """
    clients = {c.id for c in sketch.components if c.kind in ENTRY_KINDS}
    if not clients:
        return False
    receives: set[str] = set()
    for f in sketch.flows:
        if f.source in clients or (f.two_way and f.target in clients):
            return False
        if f.target in clients:
            receives.add(f.target)
    return receives == clients


def answers_call(source: Kind, target: Kind, label: str) -> bool:
    """Whether an arrow from a ``source`` kind to a ``target`` kind labelled ``label`` answers a call drawn the other
    way (a datastore replying, a "response"), rather than making one."""
    if source in PASSIVE_KINDS and target not in PASSIVE_KINDS:
        return True
    return says_response(label)


def immediate_dominators(succ: Mapping[str, Iterable[str]], root: str) -> dict[str, str]:
    """Each node ``root`` reaches, mapped to its immediate dominator (``root`` itself is left out).

    Cooper, Harvey and Kennedy's iteration, as ``nx.immediate_dominators`` runs it, but over plain
    adjacency: the networkx call needs a graph, and copying the design into one cost more than the
    dominators. Immediate dominators are unique, so the answer is the same.
    """
    order: list[str] = []  # DFS post-order
    seen = {root}
    stack = [(root, iter(succ[root]))]
    while stack:
        node, it = stack[-1]
        for nxt in it:
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, iter(succ.get(nxt, ()))))
                break
        else:
            stack.pop()
            order.append(node)
    dfn = {u: i for i, u in enumerate(order)}
    pred: dict[str, list[str]] = {u: [] for u in order}
    for u in order:
        for v in succ.get(u, ()):
            pred[v].append(u)
    idom = {root: root}

    def intersect(u: str, v: str) -> str:
        while u != v:
            while dfn[u] < dfn[v]:
                u = idom[u]
            while dfn[u] > dfn[v]:
                v = idom[v]
        return u

    reverse_post = order[-2::-1]
    changed = True
    while changed:
        changed = False
        for u in reverse_post:
            new: str | None = None
            for p in pred[u]:
                if p in idom:
                    new = p if new is None else intersect(p, new)
            if idom.get(u) != new:
                idom[u] = new  # type: ignore[assignment]  # a reachable node always has a processed predecessor
                changed = True
    del idom[root]
    return idom


def articulation_points(neighbours: Mapping[str, Iterable[str]]) -> frozenset[str]:
    """Nodes whose removal disconnects their part of an undirected graph (Hopcroft and Tarjan).

    Iterative, over plain adjacency: ``nx.articulation_points`` on the design's undirected view
    paid a view lookup per edge. The set is unique, so the answer is the same.
    """
    disc: dict[str, int] = {}
    low: dict[str, int] = {}
    points: set[str] = set()
    for root in neighbours:
        if root in disc:
            continue
        disc[root] = low[root] = len(disc)
        children = 0
        stack: list[tuple[str, str | None, Iterator[str]]] = [(root, None, iter(neighbours[root]))]
        while stack:
            node, parent, it = stack[-1]
            for nxt in it:
                if nxt in (parent, node):
                    continue
                if nxt in disc:
                    if disc[nxt] < low[node]:
                        low[node] = disc[nxt]
                else:
                    disc[nxt] = low[nxt] = len(disc)
                    stack.append((nxt, node, iter(neighbours[nxt])))
                    break
            else:
                stack.pop()
                if stack:
                    up = stack[-1][0]
                    if low[node] < low[up]:
                        low[up] = low[node]
                    if up == root:
                        children += 1
                    elif low[node] >= disc[up]:
                        points.add(up)
        if children > 1:
            points.add(root)
    return frozenset(points)


class Context:
    """A sketch, its graph and the shared derived facts the rules read.

    ``options`` carries optional inputs (capacity table, estimates) that some
    rules use; rules that need an absent option stay silent.
    """

    def __init__(self, sketch: Sketch, graph: nx.DiGraph, options: Mapping[str, Any] | None = None):
        self.sketch = sketch
        self.G = graph
        self.options: Mapping[str, Any] = options or {}
        unknown = sorted(set(self.options) - set(OPTION_KEYS))
        if unknown:
            raise ValueError(f"unknown analysis option {unknown[0]!r} (expected one of {', '.join(OPTION_KEYS)})")
        self.by_id: dict[str, Component] = {c.id: c for c in sketch.components}
        self.flow_by_id: dict[str, Flow] = {f.id: f for f in sketch.flows}
        #: The kind of a component id (``KeyError`` for an unknown id). A dict's own lookup, not a method:
        #: rules ask it thousands of times per analysis.
        self.kinds: dict[str, Kind] = {c.id: c.kind for c in sketch.components}
        self.kind: Callable[[str], Kind] = self.kinds.__getitem__
        # scales_writes tokenises the label, says() runs a pattern over it; several rules, the traffic spread and
        # the numbers model ask the same of the same components: once per run.
        self._scales_writes: dict[str, bool] = {}
        self._keeps_state: dict[str, bool] = {}
        #: How messages name each element (:meth:`Sketch.names`); :meth:`name` reads it.
        self.names: Mapping[str, str] = sketch.names()
        #: Results computed once per run by modules that read the context beside the rules (the traffic
        #: spread, the numbers model), keyed by what they were computed from.
        self.memo: dict[object, object] = {}

    # --- components -------------------------------------------------------

    def name(self, element: str) -> str:
        """How a message names an element (:meth:`Sketch.names`); an unknown id as itself."""
        return self.names.get(element, element)

    def of_kind(self, *kinds: Kind) -> list[str]:
        """Ids of components of these kinds, sorted."""
        wanted = set(kinds)
        return [c.id for c in self.sketch.components if c.kind in wanted]

    def has_kind(self, *kinds: Kind) -> bool:
        wanted = set(kinds)
        return any(c.kind in wanted for c in self.sketch.components)

    @cached_property
    def replication_partners(self) -> frozenset[str]:
        """Datastores in a replication relationship: a flow between two stores of one kind, or a flow
        labelled replication between two stores."""
        out: set[str] = set()
        for u, v, data in self.G.edges(data=True):
            ku, kv = self.kind(u), self.kind(v)
            same_store = ku == kv and ku in DATASTORE_KINDS
            if same_store or (data.get("op") == "replicate" and ku in DATASTORE_KINDS and kv in DATASTORE_KINDS):
                out.update((u, v))
        return frozenset(out)

    def scales_writes(self, node: str) -> bool:
        """Whether the label says writes spread over many nodes (:func:`design.model.kinds.scales_writes`; read
        once per run)."""
        known = self._scales_writes.get(node)
        if known is None:
            known = self._scales_writes[node] = scales_writes(self.by_id[node].text)
        return known

    def keeps_state(self, node: str) -> bool:
        """Whether the component is the store of sessions, counters, presence and the like
        (:data:`EPHEMERAL_STATE_WORDS`) rather than of copies of data kept elsewhere (read once per run)."""
        known = self._keeps_state.get(node)
        if known is None:
            known = self._keeps_state[node] = says(self.by_id[node].text, *EPHEMERAL_STATE_WORDS)
        return known

    def redundant(self, node: str) -> bool:
        """More than one instance, a label that says replicated, a replication partner, or managed."""
        c = self.by_id[node]
        return c.replicas > 1 or c.replicated or node in self.replication_partners or c.managed

    def managed_product(self, node: str) -> bool:
        """Whether a provider runs it for you, as the component table says (its managed flag, which the user
        may correct): sized and priced by the provider, not per instance."""
        return self.by_id[node].managed

    def managed(self, node: str) -> bool:
        """Run redundantly by a provider (as the component table says), or the user's device or monitoring:
        never called a single point of failure."""
        return self.by_id[node].managed or self.kind(node) in SPARED_KINDS

    @cached_property
    def _messaging_members(self) -> frozenset[str]:
        return frozenset(m for g in self.sketch.groups if says_messaging(g.title) for m in g.members)

    def topic(self, node: str) -> bool:
        """A queue that is a topic or stream on a broker the drawing does not show as a box
        (``orders.created``, or a box inside a Kafka/Topics/Events group)."""
        return self.kind(node) is Kind.QUEUE and (node in self._messaging_members
                                                  or looks_like_topic(self.by_id[node].label))

    @cached_property
    def _groups_by_member(self) -> dict[str, list[Group]]:
        out: dict[str, list[Group]] = {}
        for g in sorted(self.sketch.groups, key=lambda g: (g.box.area, g.id)):
            for m in g.members:
                out.setdefault(m, []).append(g)
        return out

    def groups_of(self, node: str) -> list[Group]:
        """The groups a component sits in, innermost (smallest) first (an index built once, not a scan)."""
        return self._groups_by_member.get(node, [])

    def flow_label(self, u: str, v: str) -> str:
        return str(self.G.edges[u, v].get("label") or "")

    # --- paths ------------------------------------------------------------

    @cached_property
    def entries(self) -> tuple[str, ...]:
        """Where requests start: clients; failing that, nodes nothing calls (other than sinks and monitoring)."""
        clients = self.of_kind(*ENTRY_KINDS)
        if clients:
            return tuple(clients)
        return tuple(
            n
            for n in sorted(self.G.nodes)
            if self.G.in_degree(n) == 0
            and self.G.out_degree(n) > 0
            and self.kind(n) not in SINK_KINDS | {Kind.MONITORING}
        )

    @cached_property
    def sinks(self) -> tuple[str, ...]:
        """Where requests end: datastores and third parties, or nodes that call nothing."""
        return tuple(
            n
            for n in sorted(self.G.nodes)
            if n not in self.entries
            and (self.kind(n) in SINK_KINDS or (self.G.out_degree(n) == 0 and self.G.in_degree(n) > 0))
        )

    @cached_property
    def data_flow(self) -> bool:
        """Whether the arrows follow the data (every client only receives): see :func:`drawn_as_data_flow`."""
        return drawn_as_data_flow(self.sketch)

    def reach_from(self, starts: Iterable[str], graph: nx.DiGraph | None = None) -> frozenset[str]:
        """What ``starts`` reach by following arrows (of ``graph``, default the design's), or either way in a
        data-flow drawing."""
        starts = list(starts)
        G = self.G if graph is None else graph
        if self.data_flow:
            return reach_either_way(G, starts)
        return reach(G, starts)

    @cached_property
    def reachable(self) -> frozenset[str]:
        """Nodes some entry reaches."""
        return self.reach_from(self.entries)

    @cached_property
    def reaches_sink(self) -> frozenset[str]:
        """Nodes from which some sink can be reached (either way in a data-flow drawing)."""
        return self.reach_from(self.sinks, self.G.reverse(copy=False))

    @cached_property
    def request_path(self) -> frozenset[str]:
        """Nodes on some entry→sink path."""
        return self.reachable & self.reaches_sink

    @cached_property
    def dominators(self) -> dict[str, frozenset[str]]:
        """For each reachable sink, the nodes every path from every entry to it must pass through.

        Computed once over a virtual root that feeds all entries, so it costs
        one near-linear dominator pass whatever the number of entries.
        """
        if not self.entries:
            return {}
        succ: dict[str, Iterable[str]] = dict(self.G.adjacency())
        succ[_ROOT] = self.entries
        idom = immediate_dominators(succ, _ROOT)
        out: dict[str, frozenset[str]] = {}
        for s in self.sinks:
            if s not in idom:
                continue
            chain: list[str] = []
            n = idom[s]
            while n != _ROOT and n not in chain:
                chain.append(n)
                n = idom[n]
            out[s] = frozenset(chain)
        return out

    @cached_property
    def articulation_points(self) -> frozenset[str]:
        """Nodes whose loss splits the design in two, on the undirected view."""
        return articulation_points(self.neighbours)

    @cached_property
    def neighbours(self) -> dict[str, set[str]]:
        """The undirected view as plain sets: each node's callers and callees together."""
        out: dict[str, set[str]] = {n: set(nbrs) for n, nbrs in self.G.adjacency()}
        for u, nbrs in self.G.adjacency():
            for v in nbrs:
                out[v].add(u)
        return out

    @cached_property
    def sync_graph(self) -> nx.DiGraph:
        """The subgraph of synchronous hops only (queues and async flows removed).

        A copy, not networkx's view: a view holds a filter function that cannot be pickled, and the app caches
        the analysis (which keeps this context) by pickling it.
        """
        return self.G.edge_subgraph((u, v) for u, v, d in self.G.edges(data=True) if d.get("sync")).copy()

    @cached_property
    def call_graph(self) -> nx.DiGraph:
        """Synchronous *calls*: the sync graph without arrows that are answers rather than calls.

        An arrow from a datastore back to a service, or one labelled
        "response"/"returns"/"ack", is the other half of a call drawn the
        other way; counting it would turn every read into a cycle and lengthen
        every chain. Every node stays, so lookups never fail.
        """
        H = nx.DiGraph()
        H.add_nodes_from(self.G.nodes)
        by_id = self.by_id
        H.add_edges_from(
            (u, v)
            for u, nbrs in self.G.adjacency()
            for v, d in nbrs.items()
            if d.get("sync") and not answers_call(by_id[u].kind, by_id[v].kind, str(d.get("label") or ""))
        )
        return H

    @cached_property
    def call_sccs(self) -> tuple[set[str], ...]:
        """The strongly connected components of :attr:`call_graph` (cycles, and the chains' condensation)."""
        return tuple(nx.strongly_connected_components(self.call_graph))

    def is_answer(self, u: str, v: str) -> bool:
        """Whether the arrow u→v answers a call (v→u) rather than making one."""
        return answers_call(self.kind(u), self.kind(v), self.flow_label(u, v))

    @cached_property
    def sync_reachable(self) -> frozenset[str]:
        """Nodes an entry reaches through synchronous calls only: the ones a request waits on.

        Anything behind a queue or an asynchronous flow is missing: its loss
        or slowness delays work instead of failing the request. In a data-flow
        drawing the answers are what is drawn, so every synchronous arrow
        counts, either way.
        """
        if self.data_flow:
            return self.reach_from(self.entries, self.sync_graph)
        return reach(self.call_graph, self.entries)

    def caches_reads(self, node: str) -> bool:
        """Whether ``node`` reads through a cache that holds copies (not a cache used as the store of
        sessions, counters or presence, which caches nothing)."""
        return any(
            self.kind(s) is Kind.CACHE and not self.keeps_state(s)
            for s in self.G.successors(node)
        )

    def backed(self, node: str) -> bool:
        """Whether a cache or index has somewhere else to get its data: a source of truth.

        Read-through (it calls something itself), cache-aside (one of its
        callers also calls a datastore, a service or a third party that can
        answer a miss), or a replica fed by its primary.
        """
        sources = {Kind.DATABASE, Kind.OBJECT_STORAGE, Kind.SEARCH, Kind.EXTERNAL, Kind.SERVICE, Kind.UNKNOWN}
        if any(self.kind(s) is not Kind.MONITORING for s in self.G.successors(node)):
            return True
        partners = self.replication_partners
        if node in partners and any(p in partners and self.kind(p) is self.kind(node) for p in self.G.predecessors(node)):
            return True  # a replica: its copy comes from the primary that feeds it
        return any(
            s != node and self.kind(s) in sources for p in self.G.predecessors(node) for s in self.G.successors(p)
        )

    def flows_between(self, pairs: Iterable[tuple[str, str]]) -> list[str]:
        """The flow ids behind some graph edges."""
        return [fid for u, v in pairs for fid in sorted(self.G.edges[u, v]["flows"])]
