"""What the offline critic knows about a design, in words it can put into a question.

Questions name the user's own components ("what does Postgres do when Order
service x3 opens 600 connections?"), so this module turns the sketch and its
graph into per-component facts: display name, callers, callees, the store
behind a cache, the consumer of a queue, whether it is a single instance on
the request path. The graph work is the shared :class:`design.analysis.context.Context`,
over the same corrected model the rules read: a pool drawn as several boxes,
a replica drawn beside its primary, a managed service and a group are what
the user drew, so no question claims "one instance" or "no replica" of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from design.analysis.context import DATASTORE_KINDS, Context
from design.analysis.graph import to_graph
from design.model.sketch import Component, Kind, Sketch

__all__ = ["DesignFacts", "Node", "join_names"]

_SOURCE_KINDS = frozenset({Kind.DATABASE, Kind.SEARCH, Kind.OBJECT_STORAGE, Kind.EXTERNAL})


def join_names(names: Sequence[str], limit: int = 3, empty: str = "") -> str:
    """``A``, ``A and B``, ``A, B and C``, ``A, B, C and 2 more``.

    >>> join_names(["Web", "API"]), join_names(["a", "b", "c", "d", "e"]), join_names([], empty="nobody")
    ('Web and API', 'a, b, c and 2 more', 'nobody')
    """
    names = list(dict.fromkeys(names))
    if not names:
        return empty
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True, slots=True)
class Node:
    """One component, as a question sees it."""

    id: str
    name: str
    kind: Kind
    replicas: int
    redundant: bool
    on_path: bool
    callers: tuple[str, ...]
    callees: tuple[str, ...]
    sync_callees: tuple[str, ...]
    writes_in: bool
    reads_in: bool
    words: str = ""  # its label and the labels of flows into it, lower-cased
    managed: bool = False  # a provider runs it redundantly, or it is the user's device or monitoring
    members: tuple[str, ...] = ()  # the boxes a pool was drawn as
    replicas_drawn: tuple[str, ...] = ()  # names of the replicas (or primary) drawn beside it
    groups: tuple[str, ...] = ()  # titles of the groups it sits in, innermost first

    @property
    def single(self) -> bool:
        return not self.redundant and not self.managed


class DesignFacts:
    """Per-component facts plus design-wide ones, computed once per critique."""

    def __init__(self, sketch: Sketch):
        self.sketch = sketch
        self.ctx = Context(sketch, to_graph(sketch))
        self.nodes: dict[str, Node] = {c.id: self._node(c) for c in sketch.components}

    def _node(self, c: Component) -> Node:
        G = self.ctx.G
        callers = tuple(sorted(G.predecessors(c.id)))
        # Shipping metrics to monitoring is not a dependency a request waits on.
        callees = tuple(v for v in sorted(G.successors(c.id)) if self.ctx.kind(v) is not Kind.MONITORING)
        ops = [G.edges[u, c.id].get("op") for u in callers]
        partners = self.ctx.replication_partners
        copies = tuple(
            self.ctx.name(m) for m in sorted({*G.predecessors(c.id), *G.successors(c.id)})
            if c.id in partners and m in partners and self.ctx.kind(m) is c.kind
        )
        return Node(
            id=c.id,
            name=self.name(c.id),
            kind=c.kind,
            replicas=c.replicas,
            redundant=self.ctx.redundant(c.id),
            on_path=c.id in self.ctx.request_path,
            callers=callers,
            callees=callees,
            sync_callees=tuple(v for v in callees if G.edges[c.id, v].get("sync")),
            writes_in=any(op in ("write", "readwrite") for op in ops),
            reads_in=any(op in ("read", "readwrite") for op in ops),
            words=" | ".join([c.label, c.note, *(G.edges[u, c.id].get("label") or "" for u in callers)]).lower(),
            managed=self.ctx.managed(c.id),
            members=tuple(m.label for m in c.members),
            replicas_drawn=copies,
            groups=tuple(g.title for g in self.ctx.groups_of(c.id)),
        )

    def name(self, element: str) -> str:
        """A component's label (or id); a flow as ``A → B``; anything else as itself (:meth:`Sketch.names`)."""
        return self.ctx.name(element)

    def of_kind(self, *kinds: Kind) -> list[Node]:
        wanted = set(kinds)
        return [n for n in self.nodes.values() if n.kind in wanted]

    @cached_property
    def kinds(self) -> frozenset[Kind]:
        return frozenset(n.kind for n in self.nodes.values())

    @cached_property
    def text(self) -> str:
        """Every label and flow label on the sketch, lower-cased, for keyword evidence."""
        parts = [c.text for c in self.sketch.components] + [f.label for f in self.sketch.flows]
        parts += [t.text for t in self.sketch.texts]
        return " \n".join(parts).lower()

    def source_behind(self, node: Node) -> str | None:
        """The store a cache (or CDN) fronts, when the drawing says so; else ``None``.

        Either the cache calls the store itself (read-through), or a caller
        *reads* the cache and also reaches the store (cache-aside). A cache
        nobody reads from, such as counters only incremented, fronts nothing.
        """
        G = self.ctx.G
        candidates = [v for v in node.callees if self.nodes[v].kind in _SOURCE_KINDS]
        readers = [u for u in node.callers if G.edges[u, node.id].get("op") in ("read", "readwrite")]
        for u in readers:
            candidates += [v for v in self.nodes[u].callees if v != node.id and self.nodes[v].kind in _SOURCE_KINDS]
        return candidates[0] if candidates else None

    def placeholders(self, node: Node) -> Mapping[str, str]:
        """The words a component question may use: ``{name}``, ``{callers}``, ``{source}``..."""
        names = [self.nodes[i].name for i in node.callers]
        callee_names = [self.nodes[i].name for i in node.callees]
        source = self.source_behind(node)
        stores = [self.nodes[v].name for v in node.callees if self.nodes[v].kind in DATASTORE_KINDS]
        return {
            "name": node.name,
            "kind": node.kind.value.replace("_", " "),
            "replicas": str(len(node.members) or node.replicas),
            "callers": join_names(names, empty="its callers"),
            "caller": names[0] if names else "its caller",
            "callees": join_names(callee_names, empty="what it calls"),
            "callee": callee_names[0] if callee_names else "its dependency",
            "source": self.nodes[source].name if source else "the source of truth",
            "consumer": join_names(callee_names, empty="its consumer"),
            "producers": join_names(names, empty="the producers"),
            "store": stores[0] if stores else "its datastore",
        }

    @cached_property
    def busiest(self) -> Node | None:
        """The non-managed component most requests funnel through: most sinks dominated, then most callers."""
        dominated: dict[str, int] = {}
        for doms in self.ctx.dominators.values():
            for d in doms:
                dominated[d] = dominated.get(d, 0) + 1
        ranked = sorted(
            (n for n in self.nodes.values() if not n.managed and n.kind is not Kind.UNKNOWN),
            key=lambda n: (-dominated.get(n.id, 0), -len(n.callers), -n.on_path, n.id),
        )
        return ranked[0] if ranked else None

    @cached_property
    def longest_sync_path(self) -> tuple[str, ...]:
        """The longest chain of synchronous hops from an entry (ties by id).

        A bounded search (12 hops, a few thousand partial paths): a hand-drawn
        design never needs more, and a generated one must not hang the critic.
        """
        G = self.ctx.sync_graph
        best: tuple[str, ...] = ()
        budget = 5_000
        for entry in self.ctx.entries:
            if entry not in G:
                continue
            stack: list[tuple[str, ...]] = [(entry,)]
            while stack and budget > 0:
                budget -= 1
                path = stack.pop()
                if len(path) > len(best) or (len(path) == len(best) and path < best):
                    best = path
                if len(path) >= 12:
                    continue
                for nxt in sorted(G.successors(path[-1]), reverse=True):
                    if nxt not in path:
                        stack.append((*path, nxt))
        return best if len(best) > 1 else ()
