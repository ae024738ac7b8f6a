"""The offline follow-up round: judge the user's written answers, then push on them.

An answer holds only when it names a mechanism that answers *the question's
concern* and commits to something checkable: a number, a component of the
user's design that does the work, or a named technique that answers the
concern ("request coalescing", "fencing tokens", "exponential backoff").

The concern comes from the probe: its category (a single point of failure
asks about availability, "consistency" about duplicates, order and stale
reads...) and the cues in its question ("dies", "twice", "p99", "the bill").
A mechanism answers a concern when it is one of the ways that concern is
handled: replication answers a dead node, not a duplicate write. So generic
answers do not hold: "we would scale it" names no mechanism, "use best
practices and add redundancy, e.g. 3 of them" and "it depends; monitoring
will tell us" evade, and a list of buzzwords ("Kafka, Redis, Kubernetes,
sharding") says how none of them answers the question. An answer that does
not hold is partial when it names a relevant mechanism without committing to
anything, and hand-waving when it names none (or only ones beside the point).

The next probes go after the weakest answers first, and escalate on the
strong ones ("suppose that works: what fails next?"), so a good answer earns
a harder question rather than a pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from critique.facts import DesignFacts
from critique.models import Answered, Assessment, Probe, Verdict
from critique.seed import Seed
from design.model.labels import clean_label, says, strip_replicas
from design.model.sketch import Kind, Severity

__all__ = ["CONCERNS", "MECHANISMS", "Judgement", "Mechanism", "concerns_of", "judge", "judge_answer"]

# --- what a question is about ------------------------------------------------------------------

AVAILABILITY, DURABILITY, CONSISTENCY, LOAD = "availability", "durability", "consistency", "load"
LATENCY, OVERLOAD, SECURITY, OPERATIONS, COST, REGIONS = "latency", "overload", "security", "operations", "cost", "regions"

#: Each concern, as a comment names it ("does not answer <what happens when a part dies>").
CONCERNS: dict[str, str] = {
    AVAILABILITY: "what users see when a part dies",
    DURABILITY: "what data is lost and how it comes back",
    CONSISTENCY: "duplicates, order and stale or lost updates",
    LOAD: "where the load goes and what saturates first",
    LATENCY: "where the time goes",
    OVERLOAD: "what stops a slowdown or a flood from becoming an outage",
    SECURITY: "who may do what, and what an attacker gets",
    OPERATIONS: "how you would notice and what you would do",
    COST: "what it costs and what you would cut",
    REGIONS: "what happens across regions",
}

#: The concerns a probe's category stands for. Categories not listed (requirements, estimates, variant,
#: general and the drawing's own structure) are read from the question's words alone.
_CATEGORY_CONCERNS: dict[str, frozenset[str]] = {
    "single_point_of_failure": frozenset({AVAILABILITY}),
    "missing_replication": frozenset({AVAILABILITY, DURABILITY}),
    "common_mode_failure": frozenset({AVAILABILITY, REGIONS}),
    "availability_target_missed": frozenset({AVAILABILITY}),
    "missing_load_balancer": frozenset({AVAILABILITY, LOAD}),
    "bottleneck": frozenset({LOAD, OVERLOAD}),
    "capacity_exceeded": frozenset({LOAD}),
    "throughput_ceiling": frozenset({LOAD}),
    "scaling": frozenset({LOAD}),
    "missing_cache": frozenset({LOAD, LATENCY}),
    "missing_queue": frozenset({LOAD, AVAILABILITY, LATENCY}),
    "missing_cdn": frozenset({LATENCY, LOAD, COST}),
    "direct_datastore_access": frozenset({LOAD, SECURITY}),
    "deep_sync_chain": frozenset({LATENCY, AVAILABILITY}),
    "sync_cycle": frozenset({AVAILABILITY, LATENCY}),
    "latency": frozenset({LATENCY}),
    "latency_budget_exceeded": frozenset({LATENCY}),
    "consistency": frozenset({CONSISTENCY}),
    "durability": frozenset({DURABILITY}),
    "operations": frozenset({OPERATIONS}),
    "missing_observability": frozenset({OPERATIONS}),
    "missing_auth": frozenset({SECURITY}),
    "security": frozenset({SECURITY}),
    "input_integrity": frozenset({SECURITY, CONSISTENCY}),
    "missing_rate_limiting": frozenset({OVERLOAD, SECURITY}),
    "cost": frozenset({COST}),
    "queue_without_consumer": frozenset({OPERATIONS, LOAD}),
    "cache_without_source": frozenset({CONSISTENCY}),
}

#: Words in a question that say what it is about, whatever its category.
_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (AVAILABILITY, ("dies", "die", "died", "dead", "down", "outage", "fails", "fail", "failure", "crash", "crashes",
                    "restart", "restarts", "unavailable", "unhealthy", "goes away", "nines", "availability",
                    "available", "single instance", "one instance", "one box", "failover", "fails over")),
    (DURABILITY, ("lost", "lose", "loses", "durable", "durability", "backup", "backups", "restore", "restored",
                  "disk", "rpo", "rto", "acknowledged", "only copy", "data loss", "exists nowhere else")),
    (CONSISTENCY, ("twice", "duplicate", "duplicates", "order", "ordering", "reorders", "stale", "old value",
                   "consistent", "consistency", "own write", "atomic", "same millisecond", "same key", "same job",
                   "lost update", "exactly-once", "at-least-once", "diverge", "drift", "lag", "lags", "just wrote", "invalidation", "find out",
                   "double", "oversell", "race")),
    (LOAD, ("10×", "100×", "10x", "100x", "peak", "hot", "spike", "saturate", "saturates", "load",
            "capacity", "runs out", "run out", "scale", "scales", "connections", "throughput", "backlog",
            "falls behind", "falling behind", "keeping up", "keep up", "hit rate", "misses", "miss", "expires",
            "evict", "bandwidth", "grows", "growth")),
    (LATENCY, ("latency", "slow", "slower", "ms", "p99", "p50", "timeout", "time go", "tail", "fast", "budget",
               "seconds")),
    (OVERLOAD, ("retries", "retry", "storm", "flood", "usual traffic", "slowdown", "back-pressure", "backpressure",
                "limits", "limited", "abuse")),
    (SECURITY, ("auth", "authenticated", "authentication", "token", "tokens", "tls", "encrypt", "encrypted",
                "attacker", "spam", "malicious", "leaked", "permission", "permissions", "private", "secret",
                "fraud", "takedown")),
    (OPERATIONS, ("deploy", "deploys", "notice", "notices", "alarm", "alert", "who notices", "how would you know",
                  "how do you know", "poison", "schema", "on-call", "paged", "monitor", "dashboard", "team", "teams",
                  "owns", "owner")),
    (COST, ("cost", "costs", "bill", "money", "dollar", "dollars", "spend", "expensive", "dearer", "cheaper",
            "price")),
    (REGIONS, ("region", "regions", "continent", "continents", "geography", "cross-region", "multi-region",
               "worldwide", "global", "europe", "australia", "asia")),
)


@dataclass(frozen=True, slots=True)
class Mechanism:
    """A technique an answer may invoke, the concerns it answers, and the question that tests it.

    ``techniques`` are its precisely named forms: saying one commits the answer
    to something an interviewer can check, as a number does.
    """

    name: str
    words: tuple[str, ...]
    next_question: str
    concerns: frozenset[str]
    techniques: tuple[str, ...] = ()


def _m(name: str, words: tuple[str, ...], next_question: str, concerns: set[str],
       techniques: tuple[str, ...] = ()) -> Mechanism:
    return Mechanism(name, words + techniques, next_question, frozenset(concerns), techniques)


MECHANISMS: tuple[Mechanism, ...] = (
    _m("idempotency", ("idempotent", "idempotency", "dedup", "deduplicate", "deduplicated", "de-duplicate",
                       "exactly once", "exactly-once"),
       "Where are the idempotency keys stored, for how long, and what does a retry get while the first attempt is still running?",
       {CONSISTENCY, DURABILITY},
       ("idempotency key", "idempotency keys", "request id", "dedup table", "deduplication table", "unique constraint",
        "conditional write", "conditional put")),
    _m("retries", ("retry", "retries", "retried", "redeliver", "redelivered", "redelivery", "backoff", "back-off"),
       "How many attempts, with what backoff, and what makes the retried operation safe to repeat?",
       {AVAILABILITY, DURABILITY, OVERLOAD},
       ("exponential backoff", "jitter", "retry budget", "dead-letter queue", "dead letter queue", "dlq")),
    _m("replication", ("replica", "replicas", "replication", "replicate", "replicated", "standby", "follower",
                       "followers", "secondary"),
       "Synchronous or asynchronous replication? What is lost when the primary dies before a write reaches a replica?",
       {AVAILABILITY, DURABILITY, LOAD, REGIONS},
       ("synchronous replication", "asynchronous replication", "semi-synchronous", "quorum", "raft", "paxos",
        "multi-az", "read replica", "read replicas", "streaming replication", "replication factor")),
    _m("failover", ("failover", "fail over", "fails over", "promote", "promoted", "promotion", "election"),
       "Who decides the primary is dead, how long does that take, and what stops two primaries at once?",
       {AVAILABILITY, REGIONS},
       ("leader election", "automatic failover", "fencing token", "fencing tokens", "heartbeat", "heartbeats")),
    _m("sharding", ("shard", "shards", "sharded", "sharding", "partition", "partitions", "partitioned",
                    "partitioning"),
       "What is the key, what happens to the hottest key, and how much data moves when you add a node?",
       {LOAD},
       ("consistent hashing", "shard key", "partition key", "hash partitioning", "range partitioning",
        "virtual nodes", "key salting", "salted keys")),
    _m("caching", ("cache", "caches", "caching", "cached", "ttl", "redis", "memcached", "cdn", "edge"),
       "What TTL, what happens when a hot entry expires under load, and how do updates reach the cache?",
       {LOAD, LATENCY, COST},
       ("request coalescing", "single flight", "singleflight", "stale-while-revalidate", "cache-aside",
        "write-through", "write-behind", "early expiration", "ttl jitter", "negative caching", "lru", "lfu")),
    _m("invalidation", ("invalidate", "invalidates", "invalidated", "invalidation", "purge", "purged", "evict on write"),
       "What is the window in which a reader still gets the old value, and what happens if the invalidation is lost?",
       {CONSISTENCY},
       ("write-through", "cache-aside", "change data capture", "cdc", "versioned keys", "version in the key",
        "delete on write")),
    _m("queueing", ("queue", "queues", "queued", "kafka", "sqs", "rabbitmq", "async", "asynchronous", "buffer",
                    "buffered", "topic", "stream", "consumer", "consumers"),
       "What happens when the consumer falls an hour behind: how deep does it get, and what is dropped first?",
       {LOAD, LATENCY, AVAILABILITY, DURABILITY},
       ("dead-letter queue", "dead letter queue", "dlq", "consumer group", "consumer lag", "outbox",
        "transactional outbox", "back-pressure", "backpressure")),
    _m("ordering", ("sequence number", "sequence numbers", "ordering key", "per-key order", "monotonic", "version number",
                    "version numbers", "lamport", "vector clock", "vector clocks", "in order", "ordered"),
       "Ordered per what key, and what happens to a message that arrives after a later one was applied?",
       {CONSISTENCY},
       ("sequence number", "sequence numbers", "vector clock", "vector clocks", "lamport", "partition key",
        "ordering key")),
    _m("circuit breaking", ("circuit breaker", "circuit-breaker", "breaker", "bulkhead", "bulkheads", "shed load",
                            "load shedding", "fallback", "falls back", "fall back", "degrade", "degraded",
                            "fail open", "fails open", "fail-open", "fail closed", "fails closed"),
       "What trips the breaker, and what does the caller return to users while it is open?",
       {OVERLOAD, AVAILABILITY, LATENCY},
       ("circuit breaker", "circuit-breaker", "bulkhead", "load shedding", "half-open")),
    _m("rate limiting", ("rate limit", "rate-limit", "rate limited", "rate limiting", "throttle", "throttling",
                         "quota", "quotas"),
       "Counted where — per instance or globally — and what does a limited client see?",
       {OVERLOAD, SECURITY, LOAD},
       ("token bucket", "leaky bucket", "sliding window", "fixed window", "429")),
    _m("timeouts", ("timeout", "timeouts", "deadline", "deadlines", "time out", "times out"),
       "What is the number, and how does it compare with the callee's p99 and the caller's own budget?",
       {LATENCY, OVERLOAD, AVAILABILITY},
       ("deadline propagation", "hedged requests", "hedged request")),
    _m("backups", ("backup", "backups", "snapshot", "snapshots", "point-in-time", "restore", "restores", "restored"),
       "When was a restore last tested, and how long did it take for the full data set?",
       {DURABILITY},
       ("point-in-time recovery", "pitr", "restore drill", "restore drills", "wal archiving", "rpo", "rto")),
    _m("monitoring", ("alert", "alerts", "alarm", "alarms", "metric", "metrics", "monitor", "monitoring",
                      "dashboard", "page", "paged", "tracing", "logs"),
       "Which metric, what threshold, and who is paged at 3 am?",
       {OPERATIONS},
       ("slo", "slos", "error budget", "burn rate", "consumer lag", "on-call", "runbook", "distributed tracing")),
    _m("autoscaling", ("autoscale", "autoscales", "autoscaling", "auto-scaling", "scale out", "scales out",
                       "scale up"),
       "How long does a new instance take to serve traffic, and what happens during those minutes?",
       {LOAD, COST},
       ("target tracking", "queue-depth scaling", "warm pool", "pre-warm", "prewarm")),
    _m("locking", ("lock", "locks", "locked", "locking", "lease", "leases", "mutex", "compare-and-set", "cas",
                   "optimistic", "pessimistic"),
       "What happens if the holder dies while holding it, and how long is the lease?",
       {CONSISTENCY},
       ("fencing token", "fencing tokens", "compare-and-set", "optimistic locking", "optimistic concurrency",
        "version column", "select for update", "row lock", "conditional update")),
    _m("transactions", ("transaction", "transactions", "transactional", "atomic", "atomically", "acid",
                        "two-phase", "2pc", "saga", "sagas", "compensate", "compensating"),
       "Which stores does it span? If more than one, what makes the whole thing atomic?",
       {CONSISTENCY, DURABILITY},
       ("two-phase commit", "2pc", "saga", "sagas", "outbox", "transactional outbox", "compensating transaction",
        "serializable", "double-entry")),
    _m("load balancing", ("load balancer", "load balancers", "load balancing", "round robin", "health check",
                          "health checks", "least connections"),
       "How does it detect a dead instance, and what happens to requests already sent to it?",
       {AVAILABILITY, LOAD},
       ("health check", "health checks", "connection draining", "least connections", "round robin")),
    _m("read consistency", ("linearizable", "linearisable", "read-your-writes", "read your writes", "quorum read",
                            "quorum reads", "read from the leader", "read from the primary", "reads from the primary",
                            "strongly consistent", "strong consistency", "monotonic reads", "session consistency"),
       "What does that read cost in latency, and what happens to it while the leader is being replaced?",
       {CONSISTENCY},
       ("linearizable", "linearisable", "read-your-writes", "quorum read", "quorum reads", "monotonic reads")),
    _m("statelessness", ("stateless", "no state", "keeps no state", "keep no state", "sticky session",
                         "sticky sessions", "session affinity", "externalized state", "externalised state"),
       "Where does the state live instead, and what does every request now pay to reach it?",
       {LOAD, AVAILABILITY, CONSISTENCY},
       ("stateless", "session affinity")),
    _m("access control", ("auth", "authentication", "authorization", "authorisation", "oauth", "jwt", "tls", "mtls",
                          "encrypt", "encrypted", "encryption", "signed url", "signed urls", "acl", "acls",
                          "permission", "permissions", "least privilege", "hmac", "kms", "captcha"),
       "Where is that checked on every request, and what does a stolen credential give an attacker, for how long?",
       {SECURITY},
       ("oauth", "jwt", "mtls", "signed url", "signed urls", "hmac", "kms", "least privilege", "aes-256",
        "short-lived tokens", "token expiry")),
    _m("multi-region", ("multi-region", "active-active", "active-passive", "geo-routing", "geodns", "geo dns",
                        "crdt", "crdts", "last-write-wins", "second region", "other region", "cross-region",
                        "home region"),
       "What is the replication lag between regions, and what does a user see when their home region goes away?",
       {REGIONS, AVAILABILITY, LATENCY},
       ("active-active", "active-passive", "geodns", "geo dns", "crdt", "crdts", "last-write-wins", "home region")),
    _m("deploys", ("rolling deploy", "rolling deploys", "rolling update", "blue-green", "canary", "canaries",
                   "feature flag", "feature flags", "connection draining", "drain", "expand and contract",
                   "online migration", "backfill"),
       "How do you know the new version is bad, and how long does rolling it back take?",
       {OPERATIONS, AVAILABILITY},
       ("rolling deploy", "blue-green", "canary", "feature flag", "expand and contract", "connection draining")),
    _m("cost control", ("cold storage", "tiering", "tiered", "lifecycle", "compress", "compression", "glacier",
                        "reserved instances", "spot instances", "savings plan", "downsample"),
       "What share of the bill is that, and what does the cheaper option cost you in latency or risk?",
       {COST},
       ("cold storage", "lifecycle policy", "reserved instances", "spot instances", "glacier", "compression")),
    _m("precomputation", ("precompute", "precomputed", "pre-compute", "materialized view", "materialised view",
                          "fan-out on write", "fanout on write", "fan-out on read", "denormalize", "denormalise",
                          "denormalized", "batch", "batches", "batching", "aggregate", "pre-aggregate"),
       "What does the precomputed copy cost to keep fresh, and how stale may it be?",
       {LOAD, LATENCY},
       ("materialized view", "materialised view", "fan-out on write", "fanout on write", "fan-out on read",
        "pre-aggregate", "micro-batch", "micro-batches")),
    _m("connection pooling", ("connection pool", "connection pools", "pooling", "pgbouncer", "pooler",
                              "proxysql", "long-lived connection", "long-lived connections", "multiplexed"),
       "How many connections does the pool hold per instance, and what waits when they are all in use?",
       {LOAD},
       ("pgbouncer", "proxysql", "connection pool")),
)

#: Words that evade rather than answer: an answer that leans on one does not hold, whatever else it says.
_EVASIONS = ("best practice", "best practices", "industry standard", "standard practice", "it depends",
             "depends on the load", "depend on the load", "depends on the traffic", "depend on the traffic",
             "details depend", "should be fine", "will be fine", "somehow", "some kind of", "handle it", "handles it",
             "as needed", "if needed", "we'll see", "we will see", "tbd", "etc", "and so on", "won't happen",
             "never happens", "not a problem", "no problem", "will tell us", "figure it out", "figure out later",
             "out of the box")
#: Words that soften an answer: they make one without any mechanism hand-waving.
_HEDGES = ("just", "simply", "probably", "maybe", "i think", "i guess", "hopefully", "scale horizontally",
           "add more", "obviously", "easy", "scale it", *_EVASIONS)
#: A quantity: digits not glued to letters ("S3", "EC2" and "2PC" are names), with an optional unit.
_QUANTITY = re.compile(
    r"(?<![a-z0-9])\d+(?:[.,]\d+)*\s?(?:%|×|x|k|m|b|ms|s|sec|secs|min|mins|h|hr|d|gb|tb|mb|kb|pb|qps|rps)?(?![a-z0-9])",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"[,;/+&\n]|\band\b|\bor\b|\bplus\b", re.IGNORECASE)
_MIN_WORDS = 8
#: Kinds a component must not be to count as "a component of the design that does the work".
_NOT_WORKERS = frozenset({Kind.CLIENT})


@dataclass(frozen=True, slots=True)
class Judgement:
    """An answer's verdict, and what made it so (the mechanisms that answer the concern come first)."""

    verdict: Verdict
    comment: str
    mechanisms: tuple[Mechanism, ...]


def concerns_of(probe: Probe) -> frozenset[str]:
    """What a probe asks about: its category's concerns and the concerns its question's words cue.

    Where the category names concerns, the question's words add one only when they say it twice: a word in
    passing ("it dies at peak") is not what the question is about. A category that names none (requirements,
    a harder variant, the drawing's structure) leaves it to the words.
    """
    found = set(_CATEGORY_CONCERNS.get(probe.category, ()))
    needed = 2 if found else 1
    question = probe.question.lower()
    found.update(concern for concern, cues in _CUES if sum(says(question, cue) for cue in cues) >= needed)
    return frozenset(found)


def _quote(text: str, limit: int = 90) -> str:
    text = clean_label(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _a_list(text: str) -> bool:
    """Whether the answer is a list of names rather than sentences ("Kafka, Redis, Kubernetes and sharding")."""
    parts = [p.split() for p in _LIST_SPLIT.split(text) if p.strip()]
    return len(parts) >= 3 and sum(len(p) for p in parts) / len(parts) <= 2.5


def _components(low: str, facts: DesignFacts) -> list[str]:
    """The user's components the answer names (by label, with or without its replica count)."""
    named = []
    for node in facts.nodes.values():
        if node.kind in _NOT_WORKERS:
            continue
        names = {node.name.lower(), " ".join(strip_replicas(node.name).split()).lower()}
        if any(len(n) > 2 and says(low, n) for n in names):
            named.append(node.name)
    return named


def _without(text: str, names: Sequence[str]) -> str:
    """``text`` with the component names it says blanked out (their words and counts are labels, not claims)."""
    for name in sorted(names, key=len, reverse=True):
        for form in (name, " ".join(strip_replicas(name).split())):
            text = re.sub(rf"(?i)(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", " ", text)
    return text


def _concern_words(concerns: frozenset[str]) -> str:
    return " or ".join(CONCERNS[c] for c in sorted(concerns, key=list(CONCERNS).index)[:2])


def judge_answer(answer: str, facts: DesignFacts, probe: Probe) -> Judgement:
    """Judge one written answer to ``probe`` against the design it is about."""
    text = clean_label(answer)
    if not text:
        return Judgement(Verdict.UNANSWERED, "No answer yet: this probe is still open.", ())
    low = text.lower()
    words = len(text.split())
    concerns = concerns_of(probe)
    named = _components(low, facts)
    # A mechanism is what the answer says, not what a component it names is called ("Token counters Redis x6"
    # is not an answer about caching).
    said = _without(low, named)
    mechanisms = [m for m in MECHANISMS if says(said, *m.words)]
    # A concern the critic did not name (a question about the drawing's structure, say) is not held against
    # the answer: any mechanism may answer it.
    relevant = [m for m in mechanisms if not concerns or m.concerns & concerns]
    beside = [m for m in mechanisms if m not in relevant]
    evasion = next((e for e in _EVASIONS if says(low, e)), None)
    hedge = next((h for h in _HEDGES if says(low, h)), None)
    number = _QUANTITY.search(_without(text, named))
    technique = next((t for m in relevant for t in m.techniques if says(said, t)), None)
    ordered = tuple(relevant + beside)
    about = _concern_words(concerns) if concerns else "the question"

    if mechanisms and _a_list(text):
        return Judgement(Verdict.HAND_WAVING, f"Hand-waving: a list of techniques ({', '.join(m.name for m in ordered[:3])}) "
                         f"that says how none of them answers {about}.", ordered)
    if relevant and not evasion and words >= _MIN_WORDS and (number or named or technique):
        anchor = (f"names {named[0]}" if named else f"commits to {number.group(0).strip()}" if number
                  else f"names {technique}")
        what = ", ".join(m.name for m in relevant[:2])
        answered = frozenset().union(*(m.concerns for m in relevant[:2])) & concerns
        about = _concern_words(answered) if answered else about
        return Judgement(Verdict.HOLDS, f"Holds: {what} answers {about}, and it {anchor}, which can be checked.",
                         tuple(relevant))
    if evasion is not None and not relevant:
        return Judgement(Verdict.HAND_WAVING, f"Hand-waving: “{evasion}” stands where a mechanism for {about} should be.",
                         ordered)
    if not mechanisms and (hedge or words < _MIN_WORDS):
        why = f"“{hedge}”" if hedge else "too short to say how"
        return Judgement(Verdict.HAND_WAVING,
                         f"Hand-waving: “{_quote(text, 60)}” names no mechanism and no number ({why}).", ())
    if beside and not relevant:
        return Judgement(Verdict.HAND_WAVING, f"Beside the point: {beside[0].name} does not answer {about}.", ordered)
    if relevant:
        m = relevant[0]
        if evasion is not None:
            why = f"but “{evasion}” leaves nothing to check"
        elif words < _MIN_WORDS:
            why = "but too briefly to say which component does it or how much"
        else:
            why = "but nothing says which component does it or how much"
        return Judgement(Verdict.PARTIAL, f"Partial: {m.name} is the right kind of answer, {why}.", ordered)
    return Judgement(Verdict.PARTIAL, "Partial: it describes the outcome, not the mechanism that produces it.", ())


def judge(previous: Sequence[Answered], facts: DesignFacts, seed: Seed) -> tuple[list[Assessment], list[Probe]]:
    """Assess every answer of the previous round and write the next probes, weakest answers first."""
    assessments: list[Assessment] = []
    weak: list[Probe] = []
    partial: list[Probe] = []
    strong: list[Probe] = []
    for i, item in enumerate(previous):
        p = item.probe
        j = judge_answer(item.answer, facts, p)
        assessments.append(Assessment(i, j.verdict, j.comment))
        if j.verdict is Verdict.UNANSWERED:
            weak.append(Probe(
                f"Still open from the last round: {p.question}",
                p.why_it_matters, p.targets, p.category, p.severity,
            ))
        elif j.verdict is Verdict.HAND_WAVING:
            weak.append(Probe(
                f"You answered “{_quote(item.answer)}”. Which component does that, by what mechanism, and what number "
                "tells you it is enough?",
                "An answer that restates the hope that it works cannot be checked, so it cannot be trusted in an incident.",
                p.targets, p.category, _raise(p.severity),
            ))
        elif j.verdict is Verdict.PARTIAL:
            m = j.mechanisms[0] if j.mechanisms else None
            question = (
                f"You lean on {m.name}. {m.next_question}" if m else
                "You describe what should happen. What mechanism makes it happen, in which component, and what does it cost?"
            )
            partial.append(Probe(question, p.why_it_matters, p.targets, p.category, p.severity))
        else:
            m = seed.pick(j.mechanisms, "escalate", str(i))
            strong.append(Probe(
                f"Suppose {m.name} works as you describe. {m.next_question} And at 10× the load, what fails next?",
                "A good answer moves the weak point; the interviewer's next question is where it moved to.",
                p.targets, p.category, p.severity,
            ))
    return assessments, weak + partial + strong


def _raise(severity: Severity) -> Severity:
    return Severity.MEDIUM if severity.rank < Severity.MEDIUM.rank else severity
