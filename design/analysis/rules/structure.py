"""Rules about the drawing itself: arrows that attach to nothing, boxes with no name or no link.

These are "fix your sketch" findings. They come first because every other
rule reads the graph, and a graph built from a sloppy drawing misleads them.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from design.analysis.context import ENTRY_KINDS, Context
from design.analysis.rules.registry import Hit, rule
from design.model.sketch import Category, Kind, Severity

#: Components that may start work on their own: schedulers and workers, third parties calling in
#: (webhooks), and monitoring that scrapes. Whatever they reach is not "unreachable".
_SELF_STARTING = frozenset({Kind.WORKER, Kind.EXTERNAL, Kind.MONITORING})


@rule(
    "DANG001",
    Category.DANGLING_FLOW,
    Severity.MEDIUM,
    "Arrow attached at one end only",
    """An arrow whose end touches no box is not a flow: the analysis cannot tell what it
    connects, so any failure point along it stays invisible. Drag the loose end onto (or
    within 20 px of) the box it should reach.""",
)
def dangling_flow(ctx: Context) -> Iterator[Hit]:
    """An arrow with at least one end that touches no box (within the snapping tolerance)."""
    for d in ctx.sketch.dangling:
        ends = [e for e in (d.source, d.target) if e]
        if d.source and not d.target:
            msg = f"An arrow leaves {ctx.name(d.source)} but its head touches no box."
        elif d.target and not d.source:
            msg = f"An arrow reaches {ctx.name(d.target)} but its tail touches no box."
        else:
            msg = "An arrow touches no box at either end."
        yield Hit((d.id, *ends), msg)


@rule(
    "LABL001",
    Category.UNLABELED_COMPONENT,
    Severity.LOW,
    "Box with no label",
    """A box with no name has no kind, so no rule can judge it and the critic cannot ask
    about it. Name every component; the label is also how the kind (cache, queue,
    database...) is read.""",
)
def unlabeled_component(ctx: Context) -> Iterator[Hit]:
    """A box with an empty label (no text typed for it and no text drawn inside it)."""
    for c in ctx.sketch.components:
        if not c.label:
            yield Hit((c.id,), f"A box at ({c.box.left:.0f}, {c.box.top:.0f}) has no label.")


@rule(
    "ORPH001",
    Category.ORPHAN_COMPONENT,
    Severity.MEDIUM,
    "Component with no flows",
    """A component that nothing calls and that calls nothing does no work in this design.
    Either a flow is missing (which hides how requests really move) or the box can go.""",
)
def orphan_component(ctx: Context) -> Iterator[Hit]:
    """A component with no flow in or out (a loose arrow touching it counts as a flow), in a design
    of at least two components."""
    touched = {e for d in ctx.sketch.dangling for e in (d.source, d.target) if e}
    if len(ctx.sketch.components) < 2:
        return
    for c in ctx.sketch.components:
        if ctx.G.degree(c.id) == 0 and c.id not in touched:
            yield Hit((c.id,), f"{ctx.name(c.id)} has no flows in or out.")


@rule(
    "KIND001",
    Category.UNLABELED_COMPONENT,
    Severity.LOW,
    "Label does not say what kind of component it is",
    """The rules judge a component by its kind: a single database is judged differently
    from a single load balancer, and a cache differently from a queue. A box whose label
    names no kind ("web", "Shortener") is skipped by most rules, so its failure points stay
    invisible. Pick its kind in the components panel, or use a word such as service,
    database, cache, queue or a product name (Postgres, Redis, Kafka).""",
)
def unknown_kind(ctx: Context) -> Iterator[Hit]:
    """A labelled component whose kind could not be read from its label or shape, and that the
    user has not picked a kind for."""
    for c in ctx.sketch.components:
        if c.label and c.kind is Kind.UNKNOWN and c.kind_source != "user":
            yield Hit((c.id,), f"{ctx.name(c.id)}: the label does not say what kind of component this is.")


@rule(
    "UNRC001",
    Category.UNREACHABLE_COMPONENT,
    Severity.MEDIUM,
    "Components no request can reach",
    """Part of the design is connected to itself but no client's request can get there, and
    nothing in it starts work on its own. Either an arrow is missing (the real request path
    is not drawn, so nothing along it can be checked), an arrow points the wrong way (the
    arrow goes the way you drag it), or the part is dead weight.""",
)
def unreachable_component(ctx: Context) -> Iterator[Hit]:
    """Connected components that no client reaches by following flows, when the design has a client.
    Workers, third parties and monitoring that call into the design start work on their own, so what
    they reach counts as reachable. A drawing whose every client only receives arrows follows the data
    (store → service → user) and is read both ways. One finding per connected group of unreachable
    components."""
    clients = ctx.of_kind(*ENTRY_KINDS)
    if not clients:
        return
    roots = set(clients) | {n for n in ctx.G.nodes if ctx.kind(n) in _SELF_STARTING and ctx.G.in_degree(n) == 0}
    seen = ctx.reach_from(sorted(roots))
    lost = [n for n in ctx.G.nodes if n not in seen and ctx.G.degree(n) > 0]
    if not lost:
        return
    islands = nx.weakly_connected_components(ctx.G.subgraph(lost))
    for group in sorted((sorted(g) for g in islands), key=lambda g: g[0]):
        names = ", ".join(ctx.name(n) for n in group[:4]) + (" and more" if len(group) > 4 else "")
        if len(group) == 1:
            msg = f"{names} is reached by no client request and starts no work on its own."
        else:
            msg = f"{names} are reached by no client request, and none of them starts work on its own."
        yield Hit(tuple(group), msg)
