"""Rules about surviving the loss of a node: single points of failure and load balancing."""

from __future__ import annotations

from collections.abc import Iterator

from design.context import ENTRY_KINDS, MANAGED_KINDS, Context
from design.model import Category, Kind, Severity
from design.rules.registry import Hit, rule


@rule(
    "SPOF001",
    Category.SINGLE_POINT_OF_FAILURE,
    Severity.HIGH,
    "Single point of failure on the request path",
    """A component that runs as one instance and sits on the request path takes the whole
    flow down with it when it fails, is redeployed or is overloaded. Availability in
    series multiplies: one 99.9% box caps everything behind it at 99.9%. Replicate it
    (and say how failover works), or show why its loss is acceptable.""",
)
def single_point_of_failure(ctx: Context) -> Iterator[Hit]:
    if len(ctx.sketch.components) < 2:
        return
    dominated: dict[str, set[str]] = {}
    for sink, doms in ctx.dominators.items():
        for d in doms:
            dominated.setdefault(d, set()).add(sink)
    for c in ctx.sketch.components:
        n = c.id
        if c.kind in MANAGED_KINDS or c.kind is Kind.UNKNOWN or ctx.redundant(n) or n not in ctx.request_path:
            continue
        sinks = sorted(dominated.get(n, ()))
        if sinks:
            names = ", ".join(ctx.name(s) for s in sinks[:3]) + (" and more" if len(sinks) > 3 else "")
            yield Hit((n,), f"{ctx.name(n)} is a single instance that every request to {names} passes through.")
        elif n in ctx.sinks:
            yield Hit((n,), f"{ctx.name(n)} is a single instance at the end of the request path: every request that needs it fails with it.")
        elif n in ctx.articulation_points:
            yield Hit((n,), f"{ctx.name(n)} is a single instance whose loss splits the design in two.")
        else:
            yield Hit(
                (n,),
                f"{ctx.name(n)} is a single instance on the request path.",
                Severity.MEDIUM,
            )


@rule(
    "LB001",
    Category.MISSING_LOAD_BALANCER,
    Severity.MEDIUM,
    "Clients call a service with no load balancer in front",
    """Clients that call a service directly must know every instance: you cannot add or
    drain instances, health-check them or fail over without changing every client. A load
    balancer or gateway in front gives one stable address and spreads the load.""",
)
def missing_load_balancer(ctx: Context) -> Iterator[Hit]:
    for u, v in sorted(ctx.G.edges):
        if ctx.kind(u) in ENTRY_KINDS and ctx.kind(v) in (Kind.SERVICE, Kind.WORKER):
            c = ctx.by_id[v]
            why = (
                f"{c.replicas} instances of {ctx.name(v)} with nothing to spread the load"
                if c.replicas > 1
                else f"{ctx.name(v)} cannot scale out or fail over"
            )
            yield Hit((v, *ctx.flows_between([(u, v)])), f"{ctx.name(u)} calls {ctx.name(v)} directly: {why}.")
