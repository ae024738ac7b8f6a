"""Rules about surviving the loss of a node: single points of failure, replication, load balancing.

One finding per lonely component, never two. A single instance is reported
under the category that names its fix:

- a component that holds the only copy of some data (a database, a queue, or
  a cache or index with no source of truth behind it) is ``missing_replication``
  (REPL001): another instance of it is useless without copying the data, and
  losing it loses data as well as requests;
- anything else (stateless services, gateways, load balancers, workers, a
  cache in front of a database) is ``single_point_of_failure`` (SPOF001):
  run more of it.

So a single Postgres behind an API gets REPL001, whose message says both what
is lost and which requests fail, and never SPOF001 as well. Managed kinds and
managed products (client, DNS, CDN, object storage, third parties,
monitoring; SQS, DynamoDB, Aurora...) are never reported: someone else runs
them redundantly. A datastore in a replication relationship counts as
replicated.
"""

from __future__ import annotations

from collections.abc import Iterator

from design.analysis.context import DATASTORE_KINDS, ENTRY_KINDS, Context
from design.analysis.rules.registry import Hit, rule
from design.model.geometry import Box
from design.model.sketch import Category, Group, Kind, Severity


def holds_only_copy(ctx: Context, node: str) -> bool:
    """Whether ``node`` keeps data that exists nowhere else in the design."""
    kind = ctx.kind(node)
    if kind in (Kind.DATABASE, Kind.QUEUE):
        return True
    if kind in (Kind.CACHE, Kind.SEARCH):
        return ctx.keeps_state(node) or not ctx.backed(node)
    return False


def _names(ctx: Context, nodes: list[str], limit: int = 3) -> str:
    names = [ctx.name(n) for n in sorted(nodes)]
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    return " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]


@rule(
    "SPOF001",
    Category.SINGLE_POINT_OF_FAILURE,
    Severity.HIGH,
    "Single point of failure on the request path",
    """A component that runs as one instance and sits on the request path takes the whole
    flow down with it when it fails, is redeployed or is overloaded. Availability in
    series multiplies: one 99.9% box caps everything behind it at 99.9%. Run more than
    one instance behind something that can route around a dead one, or show why its loss
    is acceptable.""",
)
def single_point_of_failure(ctx: Context) -> Iterator[Hit]:
    """A single-instance, self-run component (not a datastore holding the only copy of data) on an
    entry-to-sink path. High when every request to some sink passes through it (a dominator), when
    it is an articulation point, or when it ends a synchronous path; medium for a cache in front of a
    source of truth (a miss storm, not an outage) and for work behind a queue (delayed, not failed)."""
    if len(ctx.sketch.components) < 2:
        return
    dominated: dict[str, set[str]] = {}
    for sink, doms in ctx.dominators.items():
        for d in doms:
            dominated.setdefault(d, set()).add(sink)
    for c in ctx.sketch.components:
        n = c.id
        if (
            ctx.managed(n)
            or c.kind is Kind.UNKNOWN
            or ctx.redundant(n)
            or n not in ctx.request_path
            or holds_only_copy(ctx, n)
        ):
            continue
        name = ctx.name(n)
        if n not in ctx.sync_reachable:
            yield Hit(
                (n,),
                f"{name} is a single instance behind a queue or asynchronous flow: when it fails, "
                "its work stops and piles up until it is back.",
                Severity.MEDIUM,
            )
            continue
        if c.kind is Kind.CACHE:
            yield Hit(
                (n,),
                f"{name} is a single cache instance: when it fails, every read it absorbed falls through "
                "to the store behind it at once.",
                Severity.MEDIUM,
            )
            continue
        sinks = sorted(s for s in dominated.get(n, ()) if s != n)
        if sinks:
            yield Hit((n,), f"{name} is a single instance that every request to {_names(ctx, sinks)} passes through.")
        elif n in ctx.sinks:
            yield Hit((n,), f"{name} is a single instance at the end of the request path: every request that needs it fails with it.")
        elif n in ctx.articulation_points:
            yield Hit((n,), f"{name} is a single instance whose loss splits the design in two.")
        else:
            yield Hit((n,), f"{name} is a single instance on the request path.", Severity.MEDIUM)


@rule(
    "REPL001",
    Category.MISSING_REPLICATION,
    Severity.HIGH,
    "Only copy of the data on one node",
    """A datastore with no replica keeps the only copy of its data on one machine. When its
    disk dies, what was written since the last backup is gone; while it restarts or fails
    over by hand, everything that reads or writes it fails or waits. A replica (or a
    standby with automatic failover, or a replicated cluster) keeps a second copy current
    and lets a new primary take over in seconds instead of hours. Say which replication you
    use and what a failover loses.""",
)
def missing_replication(ctx: Context) -> Iterator[Hit]:
    """A database or queue, or a cache or search index that is the only store of its data (its
    label says sessions, counters, presence... or nothing behind it can answer a miss), that runs as
    one self-hosted instance with no replica, standby or replication flow (a replica drawn as its own
    box and fed from it counts). High for databases and for any store a request waits on
    synchronously; medium for queues and stores behind a queue. A topic (`orders.created`, or a box
    in a Kafka/Topics/Events group) is not a broker: its copies are the broker's business."""
    for c in ctx.sketch.components:
        n = c.id
        if ctx.G.degree(n) == 0 or ctx.managed(n) or ctx.redundant(n) or not holds_only_copy(ctx, n):
            continue
        if ctx.topic(n):
            continue
        name = ctx.name(n)
        on_path = n in ctx.sync_reachable
        callers = sorted(ctx.G.predecessors(n))
        if c.kind is Kind.DATABASE:
            tail = (
                "every request that reads or writes it fails while it is down."
                if on_path
                else f"what {_names(ctx, callers) if callers else 'its writers'} stored there is lost with its disk."
            )
            yield Hit((n,), f"{name} is a single database with no replica: it holds the only copy of its data, and {tail}")
        elif c.kind is Kind.QUEUE:
            producers = _names(ctx, callers) if callers else "its producers"
            yield Hit(
                (n,),
                f"{name} is a single broker with no replica: messages waiting in it are lost with it, "
                f"and {producers} cannot hand off work while it is down.",
                Severity.MEDIUM,
            )
        else:
            what = "the only store of its state" if ctx.backed(n) else "a store with nothing behind it"
            effect = "requests that need it fail" if on_path else "the work that needs it stops"
            yield Hit(
                (n,),
                f"{name} is {what} and runs as one instance: when it fails, that state is gone and {effect}.",
                None if on_path else Severity.MEDIUM,
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
    """A client-to-service (or client-to-worker) flow with no load balancer or gateway in between,
    whatever the service's instance count: one instance cannot scale out, several cannot be reached
    evenly or drained."""
    for u, v in sorted(ctx.G.edges):
        if ctx.kind(u) in ENTRY_KINDS and ctx.kind(v) in (Kind.SERVICE, Kind.WORKER):
            c = ctx.by_id[v]
            why = (
                f"{c.replicas} instances of {ctx.name(v)} with nothing to spread the load"
                if c.replicas > 1
                else f"{ctx.name(v)} cannot scale out or fail over"
            )
            yield Hit((v, *ctx.flows_between([(u, v)])), f"{ctx.name(u)} calls {ctx.name(v)} directly: {why}.")


_DOMAIN_WORD = {"host": "host", "zone": "zone", "region": "region"}
_DOMAIN_SEVERITY = {"host": Severity.HIGH, "zone": Severity.MEDIUM, "region": Severity.MEDIUM}


def _within(inner: Box, outer: Box, slack: float = 4.0) -> bool:
    return (outer.left - slack <= inner.left and outer.top - slack <= inner.top
            and inner.right <= outer.right + slack and inner.bottom <= outer.bottom + slack)


@rule(
    "CMF001",
    Category.COMMON_MODE_FAILURE,
    Severity.MEDIUM,
    "Every replica in one failure domain",
    """Replicas protect against one machine failing, not against what they share. When every copy
    of a pool runs in one availability zone, on one host, or in one region of a design that spans
    regions, losing that zone, host or region takes all of them at once: the pool is as much a
    single point of failure as one box, only a larger one. Spread the replicas over zones (or
    hosts), and say how traffic and data move when one is lost.""",
)
def common_mode_failure(ctx: Context) -> Iterator[Hit]:
    """A component you run redundantly (several instances, a pool of boxes, a label that says
    replicated, or a replica drawn beside it) all of whose boxes, with the replicas drawn beside it,
    sit inside one group that names a host, an availability zone or data center, or (when the design
    shows more than one region) a region. High on one host, medium in one zone or region. One finding
    per group, naming every such component; managed services are left out."""
    if not any(g.domain for g in ctx.sketch.groups):
        return
    regions = {g.title.lower() for g in ctx.sketch.groups if g.domain == "region"}
    partners = ctx.replication_partners
    hits: dict[str, list[str]] = {}
    where: dict[str, Group] = {}
    for c in ctx.sketch.components:
        n = c.id
        if ctx.managed(n) or not ctx.redundant(n):
            continue
        boxes = list(c.boxes)
        if n in partners:
            for m in (*ctx.G.predecessors(n), *ctx.G.successors(n)):
                if m in partners and ctx.kind(m) == c.kind and c.kind in DATASTORE_KINDS:
                    boxes += ctx.by_id[m].boxes
        for g in ctx.groups_of(n):  # the groups it sits in, innermost first: never every group
            if not g.domain or (g.domain == "region" and len(regions) < 2):
                continue
            if all(_within(b, g.box) for b in boxes):
                hits.setdefault(g.id, []).append(n)
                where[g.id] = g
                break
    for gid in sorted(hits):
        g, nodes = where[gid], sorted(hits[gid])
        domain = _DOMAIN_WORD[g.domain or "zone"]
        if len(nodes) == 1:
            c = ctx.by_id[nodes[0]]
            copies = ("both replicas of" if c.replicas == 2 else f"all {c.replicas} replicas of" if c.replicas > 2
                      else "every replica of")
            msg = f"{copies} {ctx.name(nodes[0])} sit in {g.title}: losing that {domain} takes them all down at once."
            msg = msg[0].upper() + msg[1:]
        else:
            msg = (f"{_names(ctx, nodes)} keep every replica in {g.title}: losing that {domain} takes each of "
                   "them down at once.")
        yield Hit(tuple(nodes), msg, _DOMAIN_SEVERITY[g.domain or "zone"])
