"""Sketch → ``networkx.DiGraph``: the typed graph every rule reads.

Nodes carry ``kind``, ``label``, ``replicas``, ``replicated`` and
``throughput``; edges carry the flow ``label``, the ids of the flows they
stand for (several arrows between the same pair become one edge), ``op``
(read, write, readwrite, replicate or ``None``) and ``sync``.

A flow is synchronous unless its label says otherwise (publish, event,
enqueue, replication) or it enters or leaves a queue: queues are what break
synchronous chains.
"""

from __future__ import annotations

import networkx as nx

from design.labels import flow_traits
from design.model import Kind, Sketch

__all__ = ["to_graph"]


def to_graph(sketch: Sketch) -> nx.DiGraph:
    """Build the directed graph of a sketch.

    >>> from design.geometry import Box, Point
    >>> from design.recognize import make_component
    >>> from design.model import Flow
    >>> a = make_component("api", "API", Box(0, 0, 10, 10))
    >>> q = make_component("jobs", "Job queue", Box(0, 0, 10, 10))
    >>> G = to_graph(Sketch((a, q), (Flow("api->jobs", "api", "jobs", "enqueue", Point(0, 0), Point(1, 1)),)))
    >>> G.nodes["jobs"]["kind"], G.edges["api", "jobs"]["sync"]
    ('queue', False)
    """
    G = nx.DiGraph()
    for c in sketch.components:
        G.add_node(
            c.id,
            kind=c.kind.value,
            label=c.label,
            replicas=c.replicas,
            replicated=c.replicated,
            throughput=c.throughput,
        )
    kinds = {c.id: c.kind for c in sketch.components}
    for f in sketch.flows:
        traits = flow_traits(f.label)
        through_queue = Kind.QUEUE in (kinds.get(f.source), kinds.get(f.target))
        sync = not (traits.asynchronous or through_queue)
        if G.has_edge(f.source, f.target):
            data = G.edges[f.source, f.target]
            data["flows"] = (*data["flows"], f.id)
            data["label"] = " / ".join(x for x in (data["label"], f.label) if x)
            data["sync"] = data["sync"] or sync
            if data["op"] != traits.op:
                data["op"] = traits.op if data["op"] is None else data["op"] if traits.op is None else "readwrite"
        else:
            G.add_edge(f.source, f.target, flows=(f.id,), label=f.label, op=traits.op, sync=sync)
    return G
