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
    """A client-to-database, -cache, -search or -queue flow. Object storage is left out: clients
    fetching through pre-signed URLs or a CDN is a sound pattern."""
    for u, v in sorted(ctx.G.edges):
        if ctx.kind(u) in ENTRY_KINDS and ctx.kind(v) in _GUARDED:
            yield Hit(
                (v, *ctx.flows_between([(u, v)])),
                f"{ctx.name(u)} talks directly to {ctx.name(v)} ({ctx.kind(v).value}).",
            )
