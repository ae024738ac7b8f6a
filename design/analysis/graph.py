"""Sketch → ``networkx.DiGraph``: the typed graph every rule reads.

Nodes carry ``kind``, ``label``, ``replicas``, ``replicated``, ``managed`` and
``throughput``; edges carry the flow ``label``, the ids of the flows they
stand for (several arrows between the same pair become one edge), ``op``
(read, write, readwrite, replicate or ``None``), ``sync`` and ``two_way``.

An edge points the way the work goes, which is not always the way the arrow
was drawn:

- a two-way arrow (``<-->``) is one call: from the client, or towards the
  datastore, else in the drawn order; never a loop (to a queue it is both a
  publish and a subscription: messages go both ways); of a call and its answer
  drawn as two arrows, the answer ("response", "ack") points back at the caller;
- an arrow into a queue labelled consume, poll, subscribe or read was dragged
  from the consumer: messages go from the queue to it; so does an unlabelled
  arrow from a component drawn that way elsewhere (one label on a fan of
  subscriptions) into a queue that another component feeds and none drains.

A flow is synchronous unless its label says otherwise (publish, event,
enqueue, replication) or it enters or leaves a queue: queues are what break
synchronous chains.
"""

from __future__ import annotations

import networkx as nx

from design.model.labels import FlowTraits, flow_traits, says_consumes, says_response
from design.model.sketch import Kind, Sketch

__all__ = ["to_graph"]

#: Each kind's value, read once (an enum's ``value`` is a Python-level property: 250 reads a design).
_VALUE = {k: k.value for k in Kind}

#: Kinds that answer calls but never make one: a two-way arrow's caller is the other end.
_ANSWERING = frozenset({Kind.DATABASE, Kind.CACHE, Kind.OBJECT_STORAGE, Kind.SEARCH})


def _caller_first(source: Kind, target: Kind) -> bool:
    """Whether a two-way arrow drawn source↔target is a call from ``source`` (else from ``target``)."""
    if target is Kind.CLIENT and source is not Kind.CLIENT:
        return False
    return not (source in _ANSWERING and target not in _ANSWERING)


def to_graph(sketch: Sketch) -> nx.DiGraph:
    """Build the directed graph of a sketch.

    >>> from design.model.geometry import Box, Point
    >>> from design.canvas.recognize import make_component
    >>> from design.model.sketch import Flow
    >>> a = make_component("api", "API", Box(0, 0, 10, 10))
    >>> q = make_component("jobs", "Job queue", Box(0, 0, 10, 10))
    >>> G = to_graph(Sketch((a, q), (Flow("api->jobs", "api", "jobs", "enqueue", Point(0, 0), Point(1, 1)),)))
    >>> G.nodes["jobs"]["kind"], G.edges["api", "jobs"]["sync"]
    ('queue', False)
    """
    G = nx.DiGraph()
    # Nodes and merged edges are gathered in plain dicts and handed to networkx in one call each:
    # add_node/has_edge/add_edge per element cost more than the rest of this function together.
    # Ids first, then their attributes: (id, dict) pairs would make networkx try each pair as a node and catch
    # the TypeError, an exception per component.
    G.add_nodes_from(c.id for c in sketch.components)
    nx.set_node_attributes(G, {
        c.id: {"kind": _VALUE[c.kind], "label": c.label, "replicas": c.replicas, "replicated": c.replicated,
               "throughput": c.throughput, "managed": c.managed}
        for c in sketch.components
    })
    kinds = {c.id: c.kind for c in sketch.components}
    # In one pass over the arrows: who pulls from a queue (an arrow into it labelled consume), the queues with a
    # consumer drawn leaving them, and which components send into each queue.
    pullers: set[str] = set()
    drained: set[str] = set()
    senders: dict[str, set[str]] = {}
    queue = Kind.QUEUE
    for f in sketch.flows:
        ku, kv = kinds.get(f.source), kinds.get(f.target)
        if ku is queue:
            drained.add(f.source)
        if kv is queue:
            senders.setdefault(f.target, set()).add(f.source)
            if ku is not queue and says_consumes(f.label):
                pullers.add(f.source)
    traits_of: dict[str, FlowTraits] = {}  # many arrows share a label ("reads", "writes", none)
    edges: dict[tuple[str, str], dict[str, object]] = {}
    for f in sketch.flows:
        traits = traits_of.get(f.label)
        if traits is None:
            traits = traits_of[f.label] = flow_traits(f.label)
        u, v = f.source, f.target
        ku, kv = kinds.get(u), kinds.get(v)
        if f.two_way:
            if says_response(f.label):
                u, v = v, u  # the answer of a call drawn the other way
            elif ku is not None and kv is not None and not _caller_first(ku, kv):
                u, v = v, u
        elif kv is Kind.QUEUE and ku is not Kind.QUEUE and (
            says_consumes(f.label)
            or (u in pullers and not f.label and v not in drained and len(senders[v]) > 1)
        ):
            u, v = v, u  # the consumer pulls: messages flow out of the queue to it
        through_queue = Kind.QUEUE in (ku, kv)
        sync = not (traits.asynchronous or through_queue)
        pairs = [(u, v)]
        if f.two_way and through_queue:
            pairs.append((v, u))  # publishes and subscribes: messages go both ways
        for pair in pairs:
            data = edges.get(pair)
            if data is not None:
                data["flows"] = (*data["flows"], f.id)  # type: ignore[misc]
                data["label"] = " / ".join(x for x in (data["label"], f.label) if x)  # type: ignore[misc]
                data["sync"] = data["sync"] or sync
                data["two_way"] = data["two_way"] or f.two_way
                if data["op"] != traits.op:
                    data["op"] = traits.op if data["op"] is None else data["op"] if traits.op is None else "readwrite"
            else:
                edges[pair] = {"flows": (f.id,), "label": f.label, "op": traits.op, "sync": sync, "two_way": f.two_way}
    G.add_edges_from((u, v, data) for (u, v), data in edges.items())
    return G
