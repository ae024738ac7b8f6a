"""Rules about what a request waits on: deep synchronous chains, synchronous cycles, slow work inline.

All three read only synchronous calls (:attr:`Context.call_graph`): a queue or
an asynchronous flow (publish, enqueue, event) is exactly what breaks a chain
or a cycle, so it never counts. Cycles come from strongly connected
components and the longest chain from one pass over their condensation, so
both stay linear in the size of the design.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from design.analysis.context import Context
from design.analysis.rules.registry import Hit, rule
from design.model.kinds import matched_terms, read_kind
from design.model.labels import says
from design.model.sketch import Category, Kind, Severity

#: Default for the ``max_sync_hops`` option.
MAX_SYNC_HOPS = 4
#: Hops out of these kinds add little and are standard (client to DNS/CDN/load balancer): not counted.
_INFRA_HOPS = frozenset({Kind.CLIENT, Kind.DNS, Kind.CDN, Kind.LOAD_BALANCER})

#: Work that takes seconds to minutes, or whole machines: never inside a request.
HEAVY_WORK = (
    "transcode", "transcodes", "transcoding", "transcoder", "transcoders", "encode", "encoding", "encoder",
    "encoders", "thumbnail", "thumbnails", "resize", "resizing", "render", "rendering", "renderer", "report",
    "reports", "reporting", "export", "exports", "pdf", "batch", "crawl", "crawler", "crawling", "ml training",
    "training", "train model", "inference", "backup", "backups", "etl", "ocr", "compress", "compression",
    "image processing", "video processing", "media processing", "analytics", "aggregate", "aggregation",
    "reindex", "indexing", "indexer", "ffmpeg", "scan", "virus scan", "antivirus",
)
#: Work that waits on a slow third party: e-mail, SMS, push and the like.
MESSAGING_WORK = (
    "email", "emails", "e mail", "mail", "mailer", "sms", "text message", "notification", "notifications", "notify",
    "push", "push notification", "push notifications", "newsletter", "invite", "invites",
)
_MESSAGING_PRODUCTS = ("sendgrid", "mailgun", "ses", "postmark", "mailchimp", "twilio", "apns", "fcm", "onesignal",
                       "firebase cloud messaging", "pusher")
_REQUEST_SERVING = frozenset({Kind.SERVICE, Kind.API_GATEWAY, Kind.LOAD_BALANCER, Kind.AUTH, Kind.UNKNOWN})


def _chain_names(ctx: Context, path: list[str]) -> str:
    names = [ctx.name(n) for n in path]
    if len(names) > 8:
        names = [*names[:3], f"… {len(names) - 6} more …", *names[-3:]]
    return " → ".join(names)


@rule(
    "SYNC001",
    Category.DEEP_SYNC_CHAIN,
    Severity.MEDIUM,
    "Request waits on a long chain of synchronous calls",
    """Every synchronous hop adds its latency to the request and multiplies in its failure
    rate: five services at 99.9% each give a chain at 99.5%, and the slowest hop's tail
    latency becomes everyone's. Deep chains also spread one slow dependency's timeouts
    to every caller above it. Collapse hops, call in parallel instead of in series, or
    move work that need not finish before the response behind a queue.""",
)
def deep_sync_chain(ctx: Context) -> Iterator[Hit]:
    """The longest chain of synchronous calls a request can wait on (queues and asynchronous flows
    break chains) has more hops than the ``max_sync_hops`` option (default 4). Hops out of a client,
    DNS, CDN or load balancer are not counted. Only the deepest chain is reported."""
    limit = int(ctx.options.get("max_sync_hops", MAX_SYNC_HOPS))
    calls, reached = ctx.call_graph, ctx.sync_reachable
    if sum(1 for u, nbrs in calls.adjacency() if u in reached for v in nbrs if v in reached) <= limit:
        return
    # The condensation of the reached calls, in plain dicts (networkx's condensation and sorts cost
    # several times the walk itself). An SCC of the call graph lies wholly inside or wholly outside
    # what the entries reach, so the reached SCCs are the call graph's SCCs. Each SCC is named by its
    # smallest id, the node a chain names for it.
    rep: dict[str, str] = {}
    for scc in ctx.call_sccs:
        if next(iter(scc)) in reached:
            head = min(scc)
            for n in scc:
                rep[n] = head
    preds: dict[str, set[str]] = {c: set() for c in rep.values()}
    succs: dict[str, set[str]] = {c: set() for c in rep.values()}
    for u, nbrs in calls.adjacency():
        if u in rep:
            for v in nbrs:
                if v in rep and rep[u] != rep[v]:
                    preds[rep[v]].add(rep[u])
                    succs[rep[u]].add(rep[v])
    # best[c] = (hops, nodes, previous SCC) of the deepest chain ending in SCC c. Equally deep chains
    # prefer the one that starts further out (from the client), then the smaller ids, so the answer is
    # the same for any input order, and any topological order gives it. Pointers, not paths: one
    # linear pass.
    best: dict[str, tuple[int, int, str | None]] = {}
    waiting = {c: len(ps) for c, ps in preds.items()}
    ready = [c for c, k in waiting.items() if k == 0]
    while ready:
        c = ready.pop()
        chain: tuple[int, int, str | None] = (0, 1, None)
        for p in sorted(preds[c]):
            hops, length, _ = best[p]
            step = 0 if ctx.kind(p) in _INFRA_HOPS else 1
            if (hops + step, length + 1) > chain[:2]:
                chain = (hops + step, length + 1, p)
        best[c] = chain
        for s in succs[c]:
            waiting[s] -= 1
            if not waiting[s]:
                ready.append(s)
    end = max(sorted(best), key=lambda c: best[c][:2])
    hops = best[end][0]
    path: list[str] = []
    at: str | None = end
    while at is not None:
        path.append(at)
        at = best[at][2]
    path.reverse()
    if hops > limit:
        yield Hit(tuple(path), f"A request waits on {hops} synchronous hops in series: {_chain_names(ctx, path)}.")


@rule(
    "CYCLE001",
    Category.SYNC_CYCLE,
    Severity.MEDIUM,
    "Components call each other synchronously in a loop",
    """When services call each other synchronously in a loop, one slow call holds a thread
    or connection in every service around the loop, and under load they exhaust each
    other's pools until all of them stall. The loop also means none of them can be
    deployed, started or scaled independently. Break the loop with an event or a queue,
    or move the shared logic to one owner.""",
)
def sync_cycle(ctx: Context) -> Iterator[Hit]:
    """A set of two or more components that reach each other through synchronous calls (a strongly
    connected component of the call graph). Arrows back from a datastore, and arrows labelled as a
    response, are answers rather than calls and do not count."""
    for scc in ctx.call_sccs:
        if len(scc) < 2:
            continue
        nodes = sorted(scc)
        flows = sorted(ctx.flows_between((u, v) for u, v in ctx.call_graph.subgraph(nodes).edges))
        names = ", ".join(ctx.name(n) for n in nodes[:-1]) + " and " + ctx.name(nodes[-1])
        yield Hit((*nodes, *flows), f"{names} call each other synchronously in a loop.")


@lru_cache(maxsize=8192)
def slow_work(label: str, kind: Kind) -> Severity | None:
    """How slow the work behind ``label`` is: high for heavy work, medium for messaging, else ``None``.

    A pure function of the label, kept across analyses (as each name's kind is): many arrows share a target or a
    label, and the app analyses the same drawing on every stroke.
    """
    if kind is Kind.WORKER or says(label, *HEAVY_WORK):
        return Severity.HIGH
    if says(label, *MESSAGING_WORK) or any(t[0] in _MESSAGING_PRODUCTS for t in matched_terms(label)):
        return Severity.MEDIUM
    return None


@rule(
    "QUEUE001",
    Category.MISSING_QUEUE,
    Severity.HIGH,
    "Slow work called inside the request",
    """Work that takes seconds or minutes (transcoding, thumbnails, reports, e-mail, push
    notifications) done synchronously holds the user's request, a thread and a connection
    for all that time. A burst of it exhausts the request-serving tier, a slow third party
    becomes your outage, and a failure half-way loses the work with no retry. Accept the
    request, put the job on a queue, answer at once, and let workers do it at their own pace
    with retries.""",
)
def missing_queue(ctx: Context) -> Iterator[Hit]:
    """A synchronous call from a request-serving component (one a client request waits on) to a
    worker, or to something whose name or flow label names slow work: transcoding, thumbnails,
    reports, exports, e-mail, SMS, push notifications and the like (a description line under the
    name, such as "batch, nightly", says how the work is done, not that the request waits for it).
    High for heavy work, medium for messaging."""
    for u, v in sorted(ctx.call_graph.edges):
        if u not in ctx.sync_reachable or ctx.kind(u) not in _REQUEST_SERVING:
            continue
        flow_label = ctx.flow_label(u, v)
        target = ctx.by_id[v]
        # What the name says, not its description: "Recommendations" over "batch, nightly" is served from work
        # done offline, not work done in the request.
        kind = target.kind if target.kind_source in ("user", "drawing") else read_kind(target.label)[0]
        severity = slow_work(target.label, kind)
        by_flow = slow_work(flow_label, Kind.UNKNOWN)
        if by_flow is not None and (severity is None or by_flow.rank > severity.rank):
            severity = by_flow
        if severity is None:
            continue
        what = f" ({flow_label})" if flow_label else ""
        yield Hit(
            (v, *ctx.flows_between([(u, v)])),
            f"{ctx.name(u)} calls {ctx.name(v)}{what} synchronously: the request waits for slow work.",
            severity,
        )
