"""Rules about where data goes and comes from: queues nobody drains, caches with nothing behind them."""

from __future__ import annotations

from collections.abc import Iterator

from design.analysis.context import Context
from design.analysis.rules.registry import Hit, rule
from design.model.labels import CONSUMER_WORDS, says
from design.model.sketch import Category, Kind, Severity


@rule(
    "CONS001",
    Category.QUEUE_WITHOUT_CONSUMER,
    Severity.HIGH,
    "Queue with no consumer",
    """Messages go into the queue and nothing in the design takes them out. The queue grows
    until it hits its limit, then producers block or messages are dropped, and the work the
    messages stand for never happens. Draw the worker or service that consumes it (an arrow
    from the queue to the consumer, or from the consumer labelled "consume" or "poll").""",
)
def queue_without_consumer(ctx: Context) -> Iterator[Hit]:
    """A queue that receives flows but has no consumer: no arrow out of it, and no arrow into it
    labelled consume, poll, pull, subscribe or read (a consumer drawn pulling from it)."""
    for q in ctx.of_kind(Kind.QUEUE):
        producers = sorted(ctx.G.predecessors(q))
        if not producers or ctx.G.out_degree(q) > 0:
            continue
        if any(says(ctx.flow_label(p, q), *CONSUMER_WORDS) for p in producers):
            continue
        names = ", ".join(ctx.name(p) for p in producers)
        yield Hit(
            (q, *ctx.flows_between((p, q) for p in producers)),
            f"{names} put messages into {ctx.name(q)}, and nothing takes them out.",
        )


@rule(
    "SRC001",
    Category.CACHE_WITHOUT_SOURCE,
    Severity.MEDIUM,
    "Cache with no source of truth",
    """A cache answers from memory and forgets: entries are evicted, expire, and vanish on a
    restart. On a miss something must hold the real data. If nothing behind the cache can
    answer, the cache is silently the database, without durability, backups or a schema.
    Draw the datastore (or service) that a miss reads from, or, if the cache really is the
    store (sessions, counters, presence), say so in its label.""",
)
def cache_without_source(ctx: Context) -> Iterator[Hit]:
    """A cache (or search index) with flows whose label does not say it holds ephemeral state
    (sessions, counters, presence...), that calls nothing itself, and none of whose callers also
    calls a datastore, service or third party that could answer a miss."""
    for n in ctx.of_kind(Kind.CACHE, Kind.SEARCH):
        if ctx.G.degree(n) == 0 or ctx.backed(n) or ctx.keeps_state(n):
            continue
        callers = sorted(ctx.G.predecessors(n))
        who = ", ".join(ctx.name(c) for c in callers)
        yield Hit((n,), f"{ctx.name(n)} has nothing behind it: a miss from {who} has no source of truth to read from.")
