"""Rules about who may talk to what: clients reaching datastores directly."""

from __future__ import annotations

from collections.abc import Iterator

from design.analysis.context import ENTRY_KINDS, Context
from design.analysis.rules.registry import Hit, rule
from design.model.sketch import Category, Kind, Severity

# Object storage is left out on purpose: clients fetching through pre-signed URLs is a sound pattern.
_GUARDED = frozenset({Kind.DATABASE, Kind.CACHE, Kind.SEARCH, Kind.QUEUE})


@rule(
    "DSA001",
    Category.DIRECT_DATASTORE_ACCESS,
    Severity.HIGH,
    "Client talks straight to a datastore",
    """When a client reaches a database, cache or queue directly, the datastore's credentials
    live on devices you do not control, there is no place to validate input, enforce
    authorisation or rate-limit, and the schema becomes a public API you can never change.
    Put a service in front of it.""",
)
def direct_datastore_access(ctx: Context) -> Iterator[Hit]:
    """A flow between a client and a database, cache, search index or queue, either way (an arrow from
    the store to the client is the client reading it). Object storage is left out: clients fetching
    through pre-signed URLs or a CDN is a sound pattern."""
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for u, v in sorted(ctx.G.edges):
        if ctx.kind(u) in ENTRY_KINDS and ctx.kind(v) in _GUARDED:
            pairs.setdefault((u, v), []).append((u, v))
        elif ctx.kind(v) in ENTRY_KINDS and ctx.kind(u) in _GUARDED:
            pairs.setdefault((v, u), []).append((u, v))
    for (client, store), edges in sorted(pairs.items()):
        yield Hit(
            (store, *ctx.flows_between(edges)),
            f"{ctx.name(client)} talks directly to {ctx.name(store)} ({ctx.kind(store).value}).",
        )
