"""Rules about load: write hot spots, reads with no cache, media with no CDN, nodes past their capacity."""

from __future__ import annotations

from collections.abc import Iterator

from design.analysis.context import ENTRY_KINDS, Context
from design.analysis.rules.registry import Hit, rule
from design.analysis.traffic import instance_checks, shared_load
from design.model.labels import says
from design.model.sketch import Category, Kind, Severity
from design.sizing.estimates import human, peak_load

#: Distinct writers on one write primary from which it is a hot spot.
MIN_WRITERS = 3
#: A declared read:write ratio at or above this makes a design read-heavy.
READ_HEAVY_RATIO = 5.0
#: Words that say a component serves static or media content.
MEDIA_WORDS = ("media", "static", "assets", "asset", "image", "images", "img", "photo", "photos", "picture",
               "pictures", "video", "videos", "thumbnail", "thumbnails", "avatar", "avatars", "files", "download",
               "downloads", "audio", "music", "song", "songs", "podcast", "podcasts", "cdn origin", "origin")


def _names(ctx: Context, nodes: list[str]) -> str:
    names = [ctx.name(n) for n in nodes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@rule(
    "BOTL001",
    Category.BOTTLENECK,
    Severity.MEDIUM,
    "Many components write to one write primary",
    """Every write to a replicated-but-unsharded database lands on its one primary:
    replicas scale reads, not writes. When several components write to the same primary,
    their peaks add up on one machine, one team's batch job slows everyone's requests, and
    the only way up is a bigger machine. Give each component its own store, or shard or
    partition the data so writes spread over nodes.""",
)
def bottleneck(ctx: Context) -> Iterator[Hit]:
    """A database that does not spread writes (no sharding or partitioning in its label, not a
    write-scaling product such as Cassandra or DynamoDB) receives writes (flows labelled write, or
    unlabelled) from at least three distinct components. Replicas do not silence it."""
    for db in ctx.of_kind(Kind.DATABASE):
        if ctx.scales_writes(db):
            continue
        writers = sorted(
            u for u in ctx.G.predecessors(db)
            if ctx.G.edges[u, db].get("op") not in ("read", "replicate") and ctx.kind(u) not in (Kind.DATABASE,)
        )
        if len(writers) >= MIN_WRITERS:
            yield Hit(
                (db, *ctx.flows_between((u, db) for u in writers)),
                f"{_names(ctx, writers)} all write to {ctx.name(db)}, whose writes land on one primary.",
            )


@rule(
    "CACHE001",
    Category.MISSING_CACHE,
    Severity.MEDIUM,
    "Read-heavy datastore with no cache or read replica",
    """When most requests are reads and every read reaches the database, the database does
    the same work over and over: its capacity, not your code, sets the ceiling, and a
    traffic spike on a few popular keys becomes a database outage. A cache in front (or
    read replicas) absorbs repeated reads; say what you cache, for how long, and how an
    entry is invalidated on write.""",
)
def missing_cache(ctx: Context) -> Iterator[Hit]:
    """A database with no replica that a request-serving component reads synchronously, where that
    reader reads no cache, and the reads are heavy: every flow into the database is labelled as a
    read, or the estimates declare a read:write ratio of at least 5:1 (then unlabelled flows count as
    reads too)."""
    ratio = ctx.options.get("estimates", {}).get("read_write_ratio")
    read_heavy = ratio is not None and ratio >= READ_HEAVY_RATIO
    for db in ctx.of_kind(Kind.DATABASE):
        if ctx.redundant(db):
            continue
        ops = {u: ctx.G.edges[u, db].get("op") for u in ctx.G.predecessors(db) if ctx.kind(u) is not Kind.DATABASE}
        if not ops:
            continue
        only_reads = all(op == "read" for op in ops.values())
        if not (only_reads or read_heavy):
            continue
        readable = ("read", "readwrite", None) if read_heavy else ("read", "readwrite")
        readers = sorted(
            u for u, op in ops.items()
            if op in readable and u in ctx.sync_reachable and ctx.kind(u) not in ENTRY_KINDS
            and not ctx.caches_reads(u)
        )
        if readers:
            yield Hit(
                (db, *ctx.flows_between((u, db) for u in readers)),
                f"{_names(ctx, readers)} read{'s' if len(readers) == 1 else ''} {ctx.name(db)} on every request, "
                "with no cache in front and no read replica.",
            )


@rule(
    "CDN001",
    Category.MISSING_CDN,
    Severity.MEDIUM,
    "Media or static content served from the origin",
    """Images, video and static files are large, read many times and the same for everyone:
    served from your origin, every byte crosses your egress bill and your servers' network
    cards, and users far away wait a full round trip for each. A CDN caches them at the
    edge, near users, and takes that load off the origin.""",
)
def missing_cdn(ctx: Context) -> Iterator[Hit]:
    """The design has no CDN, and users' requests read object storage or a component whose label
    says media, images, video or static content: a client fetching it directly, or a request-serving
    component reading it synchronously (a flow labelled read, or any flow into a media service).
    One finding for the design, naming every such component."""
    if ctx.has_kind(Kind.CDN):
        return
    origins: list[str] = []
    flows: list[str] = []
    for n in sorted(ctx.sync_reachable | set(ctx.of_kind(Kind.OBJECT_STORAGE))):
        kind = ctx.kind(n)
        storage = kind is Kind.OBJECT_STORAGE
        if not (storage or (kind in (Kind.SERVICE, Kind.UNKNOWN) and says(ctx.by_id[n].text, *MEDIA_WORDS))):
            continue
        readers = []
        for u in ctx.G.predecessors(n):
            op = ctx.G.edges[u, n].get("op")
            if u not in ctx.sync_reachable:
                continue
            if (ctx.kind(u) in ENTRY_KINDS and op != "write") or op in ("read", "readwrite") or (not storage and op is None):
                readers.append(u)
        if readers:
            origins.append(n)
            flows.extend(ctx.flows_between((u, n) for u in sorted(readers)))
    if origins:
        yield Hit(
            (*origins, *sorted(flows)),
            f"{_names(ctx, origins)} serve{'s' if len(origins) == 1 else ''} media or static content to users "
            "from the origin, with no CDN.",
        )


@rule(
    "CAP001",
    Category.CAPACITY_EXCEEDED,
    Severity.HIGH,
    "Peak load beyond what its instances can take",
    """By your own estimates, more requests per second reach this component at peak than its
    instances can serve. Past capacity, latency climbs and then requests time out, and the
    retries make it worse. Add instances (or shards, for a database's writes), put a cache or
    a queue in front, or check the estimate. The capacity figures are typical single-node
    numbers from a sourced table you can edit, or the throughput you gave the component.""",
)
def capacity_exceeded(ctx: Context) -> Iterator[Hit]:
    """With estimates (daily users and requests per user, or your own peak QPS), the peak reads and
    writes are spread over the graph (see design.analysis.traffic) and each self-run component's share per
    instance is compared with its throughput if you set one, else with its kind's figure in the
    capacity table. A database's writes all go to one primary unless it shards them. A component
    marked replicated without a count is taken as two instances."""
    peak = peak_load(ctx.options.get("estimates", {}))
    if peak is None:
        return
    loads = shared_load(ctx, *peak)
    for c in ctx.sketch.components:
        load = loads.get(c.id)
        if load is None or load.total <= 0:
            continue
        for check in instance_checks(ctx, c, load, ctx.name(c.id)):
            if check.per_instance > check.limit:
                what = "requests" if check.own else check.what
                yield Hit((c.id,), f"At peak, up to {human(check.per_instance)} {what}/s reach {check.where}; "
                                   f"{check.describe(c.kind)}.")
                break
