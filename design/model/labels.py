"""What a label says besides the kind: replica counts, replication, ids, flow meaning.

These are the small readings of user text that the rules rely on. Each is a
pure function of a string, so each is tested on its own. The ones recognition
asks of every box on every run (slugs, numbered stems, replica copies) keep
their answers: the app recognises the same drawing on every stroke, and a
drawing repeats labels.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "FlowTraits",
    "MAX_LABEL",
    "cells",
    "clean_label",
    "ellipsize",
    "clean_lines",
    "flow_traits",
    "head_phrase",
    "looks_like_topic",
    "numbered_stem",
    "parse_replicas",
    "CONSUMER_WORDS",
    "says",
    "says_consumes",
    "says_messaging",
    "says_plural",
    "says_replica_copy",
    "says_replicated",
    "says_response",
    "slugify",
    "split_label",
    "wrap_words",
    "zone_of",
]

#: Labels longer than this are cut (with a note) before anything reads them.
MAX_LABEL = 200

_COUNT = r"(\d{1,4})"
_REPLICA_PATTERNS = (
    # "App server x3", "×3", "(RabbitMQ x3)", "* 3"; not "x86"/"x64".
    re.compile(r"(?<![\w.])[x×*]\s?(?!86\b|64\b)" + _COUNT + r"(?=$|[\s)\],;])", re.I),
    # "3x", "3 ×", "3x app servers"
    re.compile(r"(?<![\w.])" + _COUNT + r"\s?[x×](?=$|[\s)\],;])", re.I),
    # "3 replicas", "5 nodes", "4 instances"
    re.compile(r"(?<![\w.])" + _COUNT + r"\s+(?:replicas?|instances?|nodes?|pods?|servers?|copies|brokers?)\b", re.I),
    # "replicas: 3", "nodes=5"
    re.compile(r"\b(?:replicas?|instances?|nodes?|pods?)\s*[:=]\s*" + _COUNT + r"\b", re.I),
)

_REPLICATED = re.compile(
    r"\b(replicas?|replicated|replication|standby|hot[- ]standby|multi[- ]?az|multi[- ]region|cluster|"
    r"clustered|active[- /](active|passive)|primary[- /]replica|failover|fail-over|ha|high[- ]availability|"
    r"quorum|raft|paxos|mirrored|geo[- ]replicated)\b",
    re.I,
)

_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_label(text: str) -> str:
    """Collapse whitespace and drop control, format (bidi, zero-width) and surrogate characters.

    Labels come from users and from files; a label may carry a right-to-left
    override, an Arabic letter mark or a NUL that would reorder or break every
    export and terminal line. The visible text is kept.

    >>> clean_label("Redis" + chr(0x202E) + " x3" + chr(0) + " " + chr(0x061C) + "cache")
    'Redis x3 cache'
    """
    if text.isprintable():  # the usual label: every character _CONTROL removes is unprintable
        return " ".join(text.split())
    text = _CONTROL.sub("", text)
    if not text.isprintable():  # rare: the fast check above misses other format characters
        text = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in _INVISIBLE)
    return " ".join(text.split())


def clean_lines(text: str) -> str:
    r""":func:`clean_label` line by line: the line breaks a user typed survive, empty lines do not.

    A second line is a description ("Orders API" over "Node.js, persists to DB"),
    so it must not be glued onto the name.

    >>> clean_lines("Orders API\r\n\n  Node.js ")
    'Orders API\nNode.js'
    """
    if "\n" not in text and "\r" not in text:
        return clean_label(text)
    lines = (clean_label(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def split_label(text: str) -> tuple[str, str]:
    r"""``(name, note)``: the first line (its head phrase) names the component; the rest describes it.

    A description after a separator on the first line ("API Gateway / Token
    Bucket", "Rules DB - Postgres") comes first in the note, then the later
    lines.

    >>> split_label("History Workers\npersist to DB"), split_label("Redis")
    (('History Workers', 'persist to DB'), ('Redis', ''))
    >>> split_label("API Gateway / Token Bucket"), split_label("Redis Cluster\ncounters")
    (('API Gateway', 'Token Bucket'), ('Redis Cluster', 'counters'))
    """
    first, _, rest = text.partition("\n")
    name = head_phrase(first)
    if name != first:
        tail = first[len(name):]
        m = _HEAD_CUT.match(tail)
        tail = tail[m.end():] if m else tail
        rest = "\n".join(x for x in (tail.strip(), rest) if x)
    return name, rest


_HEAD_CUT = re.compile(r"\s+(?:/|\||—|–|-{1,2})\s+|:\s+")


def head_phrase(name: str) -> str:
    """The part of a one-line label that names the thing, before a description after ``/``, ``—``, ``:``...

    "API Gateway / Token Bucket" is a gateway that uses a token bucket, not a
    bucket; "History Workers — persist to DB" is a worker, not a database.

    >>> head_phrase("API Gateway / Token Bucket"), head_phrase("History Workers — persist to DB")
    ('API Gateway', 'History Workers')
    >>> head_phrase("Postgres primary/replica"), head_phrase("Pub/Sub")
    ('Postgres primary/replica', 'Pub/Sub')
    """
    m = _HEAD_CUT.search(name)
    if m is None or m.start() == 0:
        return name
    return name[: m.start()].rstrip()


# "Web Server 1", "Server2", "App-3", "Worker #4", "WebSocket Server N": a stem and its number.
_NUMBERED = re.compile(r"(?P<stem>.*?[A-Za-z)\]])(?:(?:\s*[#_-]\s*|\s+)(?P<n>\d{1,3}|[Nn])|(?P<d>\d{1,3}))")
# Numbers that tell different things apart, not copies of one thing.
_NOT_COPIES = re.compile(
    r"(?i)\b(shards?|partitions?|regions?|zones?|az|dc|data ?cent(?:er|re)s?|sites?|steps?|stages?|phases?|"
    r"tenants?|cells?|versions?|v|tiers?|layers?|levels?|options?|cases?|tests?|use ?cases?|scenarios?|"
    r"rounds?|iterations?|sprints?|users?|customers?|clients?|routes?|s|ec|k|route)$"
)


@lru_cache(maxsize=8192)
def numbered_stem(label: str) -> tuple[str, str] | None:
    """``(stem, number)`` for a label that counts copies of one thing; ``None`` otherwise.

    >>> numbered_stem("Web Server 1"), numbered_stem("WebSocket Server N"), numbered_stem("app-2")
    (('Web Server', '1'), ('WebSocket Server', 'N'), ('app', '2'))
    >>> numbered_stem("Shard 1"), numbered_stem("S3"), numbered_stem("API v2"), numbered_stem("Admin")
    (None, None, None, None)
    """
    label = label.strip()
    if not label or not (label[-1].isdigit() or label[-1] in "Nn"):  # every numbered label ends so: skip the regex
        return None
    m = _NUMBERED.fullmatch(label)
    if m is None:
        return None
    stem = m.group("stem").strip()
    if sum(ch.isalpha() for ch in stem) < 2 or _NOT_COPIES.search(stem):
        return None
    return stem, m.group("n") or m.group("d")


#: The last word of a label that counts instances when plural ("Web Servers", "Kafka brokers").
_PLURAL_UNITS = frozenset({
    "servers", "workers", "consumers", "instances", "nodes", "pods", "replicas", "brokers", "hosts", "machines",
    "vms", "containers", "processors", "crawlers", "transcoders", "encoders", "gateways", "proxies", "balancers",
    "services", "microservices", "functions", "lambdas", "handlers", "runners", "apis", "backends", "executors",
    "agents", "listeners", "subscribers", "dispatchers", "schedulers", "indexers", "renderers", "frontends",
})
_TRAILING_WORD = re.compile(r"([A-Za-z]+)\W*$")


def says_plural(label: str) -> bool:
    """Whether a one-box label names several running copies ("Web Servers", "Workers", "Kafka brokers").

    >>> says_plural("Web Servers"), says_plural("Workers (Celery)"), says_plural("Web Server"), says_plural("Users")
    (True, True, False, False)
    """
    text = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", head_phrase(label.split("\n", 1)[0]))
    m = _TRAILING_WORD.search(strip_replicas(text))
    return bool(m) and m.group(1).lower() in _PLURAL_UNITS


_REPLICA_COPY = re.compile(
    r"(?i)\b(replicas?|read[- ]replicas?|standby|hot[- ]standby|warm[- ]standby|followers?|secondary|"
    r"secondaries|slaves?|mirrors?|read[- ]only copy|copy)\b"
)


@lru_cache(maxsize=8192)
def says_replica_copy(label: str) -> bool:
    """Whether a box is drawn as a copy of another store ("Replica 1", "Read replica", "Standby").

    >>> says_replica_copy("Replica 2"), says_replica_copy("Postgres standby"), says_replica_copy("Orders DB")
    (True, True, False)
    """
    return bool(_REPLICA_COPY.search(label))


_HOST = re.compile(
    r"(?i)^(?:the\s+|one\s+|single\s+|a\s+)?(?:(?:docker|kubernetes|k8s|physical|bare[- ]metal|ec2|gce|linux|"
    r"windows|app|web)\s+)?(host|server|machine|vm|virtual machine|instance|node|droplet|box)"
    r"(?:\s*[#_-]?\s*\w{1,3})?$"
)
_ZONE = re.compile(
    r"(?i)\b(availability[- ]zone|az(?:[\s_-]?[0-9a-z])?|zone(?:[\s_-]?[0-9a-z])?|data[- ]?cent(?:er|re)|dc[\s_-]?\d*|"
    r"rack|site|[a-z]{2}-[a-z]+-\d[a-z]|[a-z]+-[a-z]+\d-[a-z])\b"
)
_REGION = re.compile(
    r"(?i)\b(regions?|[a-z]{2}-[a-z]+-\d|[a-z]+-[a-z]+\d|(?:us|eu|ap|sa|ca|me|af)[\s-](?:east|west|north|south|"
    r"central|northeast|southeast|northwest|southwest))\b"
)


def zone_of(title: str) -> tuple[str, str] | None:
    """``(zone, domain)`` when a group's title names a failure domain: ``host``, ``zone`` or ``region``.

    >>> zone_of("us-east-1a"), zone_of("Region: EU (eu-west-1)"), zone_of("EC2 host")
    (('us-east-1a', 'zone'), ('Region: EU (eu-west-1)', 'region'), ('EC2 host', 'host'))
    >>> zone_of("Backend"), zone_of("Kubernetes cluster")
    (None, None)
    """
    text = title.strip()
    if not text:
        return None
    if _HOST.match(text):
        return text, "host"
    if _ZONE.search(text):
        return text, "zone"
    if _REGION.search(text):
        return text, "region"
    return None


_MESSAGING = re.compile(
    r"(?i)\b(kafka|topics?|events?|event[- ]bus|message[- ]bus|message[- ]queues?|queues?|brokers?|pub\s*/?\s*sub|"
    r"sns|sqs|kinesis|rabbit(?:mq)?|nats|pulsar|eventbridge|event[- ]hubs?|streams?|streaming|redpanda|msk)\b"
)


def says_messaging(title: str) -> bool:
    """Whether a group's title says its members are topics or queues ("Kafka", "Topics", "Event bus").

    >>> says_messaging("Kafka cluster"), says_messaging("Topics"), says_messaging("Backend")
    (True, True, False)
    """
    return bool(_MESSAGING.search(title))


_DOTTED = re.compile(r"(?i)[a-z][a-z0-9_-]*(?:\.[a-z0-9_*{}<>-]+)+")
_KEBAB_TOPIC = re.compile(
    r"(?i)[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*[-_.](?:events?|topics?|streams?|queues?|dlq|messages?|logs?|updates|changes|"
    r"commands|notifications)"
)
_NOT_TOPIC_ENDINGS = frozenset({
    "com", "net", "org", "io", "dev", "app", "co", "ai", "cloud", "local", "internal", "yaml", "yml", "json", "js",
    "ts", "py", "go", "java", "conf", "txt", "csv", "html", "md", "sh", "rb", "php", "exe", "jar", "svc", "uk", "de",
    "fr", "jp", "us", "eu", "tv", "me", "info", "biz", "cluster", "x", "0", "1",
})


def looks_like_topic(label: str) -> bool:
    """Whether a label is a topic or stream name as messaging systems spell them.

    >>> looks_like_topic("orders.created"), looks_like_topic("payments-events"), looks_like_topic("user_signup_stream")
    (True, True, True)
    >>> looks_like_topic("api.example.com"), looks_like_topic("config.yaml"), looks_like_topic("Node.js")
    (False, False, False)
    """
    text = label.strip()
    if not text or " " in text:
        return False
    if _KEBAB_TOPIC.fullmatch(text):
        return True
    if not _DOTTED.fullmatch(text):
        return False
    parts = text.lower().split(".")
    if parts[-1] in _NOT_TOPIC_ENDINGS or parts[-1] in ("js", "net") or text.lower() in ("node.js", "vue.js", "next.js"):
        return False
    return sum(any(ch.isalpha() for ch in p) for p in parts) >= 2


def parse_replicas(label: str) -> int | None:
    """The replica count a label states, or ``None`` if it states none.

    >>> parse_replicas("App server x3"), parse_replicas("Order queue (RabbitMQ ×5)")
    (3, 5)
    >>> parse_replicas("3 replicas of Postgres"), parse_replicas("S3"), parse_replicas("x86 box")
    (3, None, None)
    """
    if not _DIGIT.search(label):  # every pattern needs a count
        return None
    for pattern in _REPLICA_PATTERNS:
        m = pattern.search(label)
        if m:
            n = int(m.group(1))
            if 1 <= n <= 1000:
                return n
    return None


_DIGIT = re.compile(r"\d")
_EMPTY_PARENS = re.compile(r"\(\s*\)")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def strip_replicas(label: str) -> str:
    """The label without its replica count, so ids survive "x3" becoming "x4"."""
    if _DIGIT.search(label):  # every pattern needs a count
        for pattern in _REPLICA_PATTERNS:
            label = pattern.sub(" ", label)
    return _EMPTY_PARENS.sub(" ", label) if "(" in label else label


def says_replicated(label: str) -> bool:
    """Whether the label claims redundancy without a count ("Postgres primary/replica").

    >>> says_replicated("Kafka cluster"), says_replicated("Postgres (standby)"), says_replicated("Postgres")
    (True, True, False)
    """
    return bool(_REPLICATED.search(label))


def says(label: str, *words: str) -> bool:
    """Whether ``label`` contains any of ``words`` as whole words, case-insensitively.

    >>> says("Feed cache (Redis)", "cache", "store"), says("Cachet", "cache")
    (True, False)
    """
    return bool(words) and _whole_words(words).search(label.lower()) is not None


@lru_cache(maxsize=512)
def _whole_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation per word list: rules ask the same lists of every label, on every stroke."""
    longest_first = sorted({w.lower() for w in words}, key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, longest_first)) + r")(?![a-z0-9])")


@lru_cache(maxsize=8192)
def slugify(label: str, fallback: str = "component") -> str:
    """A readable, ASCII, Mermaid-safe id from a label: ``"Web Server x3"`` → ``"web-server"``.

    >>> slugify("Web Server x3"), slugify("Ünïcode DB"), slugify("日本"), slugify("")
    ('web-server', 'unicode-db', 'component', 'component')
    """
    text = strip_replicas(label)
    if not text.isascii():  # NFKD and the ASCII filter leave ASCII text as it is
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", text.lower()).strip("-")
    slug = slug[:40].rstrip("-")
    return slug or fallback


@dataclass(frozen=True, slots=True)
class FlowTraits:
    """What a flow's label says it does.

    ``op`` is ``read``, ``write``, ``replicate`` or ``None``; ``asynchronous``
    is true for publish/enqueue/event words.
    """

    op: str | None
    asynchronous: bool


_ASYNC = ("publish", "publishes", "pub", "event", "events", "enqueue", "enqueues", "emit", "emits", "async",
          "asynchronous", "produce", "produces", "consume", "consumes", "subscribe", "subscribes",
          "fire-and-forget", "fire and forget", "webhook", "callback", "notify async", "push event")
_REPLICATE = ("replication", "replicate", "replicates", "replicated", "replica", "cdc", "binlog", "wal",
              "mirror", "mirrors", "log shipping", "sync replica", "async replica", "failover", "async copy",
              "sync copy", "streaming replication", "copy", "copies", "replicas", "physical replication",
              "logical replication")
_WRITE = ("write", "writes", "insert", "inserts", "update", "updates", "delete", "deletes", "put", "post",
          "store", "stores", "save", "saves", "persist", "persists", "upload", "uploads", "create", "creates",
          "append", "appends", "set", "ingest", "ingests", "w", "rw", "generate", "generates", "allocate",
          "allocates", "next id", "new id", "reserve", "reserves", "incr", "increment", "increments", "decr",
          "decrement", "charge", "charges", "pay", "book", "books", "send", "sends", "submit", "submits")
_READ = ("read", "reads", "get", "gets", "fetch", "fetches", "query", "queries", "lookup", "lookups",
         "look up", "load", "loads", "select", "search", "searches", "list", "download", "downloads", "scan",
         "r", "resolve", "redirect")


#: Words on an arrow *into* a queue that mean the arrow's source takes messages out (it was dragged
#: from the consumer towards the queue it polls).
CONSUMER_WORDS = ("consume", "consumes", "consumer", "poll", "polls", "pull", "pulls", "subscribe", "subscribes",
                  "subscribed", "dequeue", "dequeues", "receive", "receives", "read", "reads", "fetch", "fetches",
                  "listen", "listens", "drain", "drains", "consumed by", "long poll", "long-poll")


def says_consumes(label: str) -> bool:
    """Whether an arrow into a queue is drawn from its consumer ("consume", "poll", "subscribe", "read").

    >>> says_consumes("subscribe"), says_consumes("publish")
    (True, False)
    """
    return bool(label) and _CONSUMER_RE.search(label.lower()) is not None


#: Words on an arrow that mark it as the answer to a call drawn the other way, not a call.
RESPONSE_WORDS = ("response", "responses", "reply", "replies", "return", "returns", "result", "results", "ack",
                  "acks", "acknowledge", "acknowledges", "200", "ok")


@lru_cache(maxsize=1024)
def says_response(label: str) -> bool:
    """Whether an arrow's label says it answers a call ("response", "reply", "ack", "result").

    >>> says_response("result"), says_response("check quota")
    (True, False)
    """
    return bool(label) and _RESPONSE_RE.search(label.lower()) is not None


def flow_traits(label: str) -> FlowTraits:
    """Read a flow label.

    >>> flow_traits("publish order event")
    FlowTraits(op=None, asynchronous=True)
    >>> flow_traits("writes"), flow_traits("replication")
    (FlowTraits(op='write', asynchronous=False), FlowTraits(op='replicate', asynchronous=True))
    """
    if not label:
        return _NO_TRAITS
    low = label.lower()
    if _REPLICATE_RE.search(low):
        # Replication runs beside the request, not inside it.
        return FlowTraits("replicate", True)
    write, read = _WRITE_RE.search(low) is not None, _READ_RE.search(low) is not None
    op = "write" if write and not read else "read" if read and not write else None
    if write and read:
        op = "readwrite"
    return FlowTraits(op, _ASYNC_RE.search(low) is not None)


# Compiled once: every flow of every analysis is read against these four lists (as ``says`` would).
_REPLICATE_RE, _WRITE_RE, _READ_RE, _ASYNC_RE = (_whole_words(w) for w in (_REPLICATE, _WRITE, _READ, _ASYNC))
_NO_TRAITS = FlowTraits(None, False)
_CONSUMER_RE = _whole_words(CONSUMER_WORDS)
_RESPONSE_RE = _whole_words(RESPONSE_WORDS)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def cells(text: str) -> int:
    """How many character cells ``text`` takes on screen: a wide (CJK) character takes two."""
    return sum(2 if _wide(ch) else 1 for ch in text)


def wrap_words(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken only between words, never inside one.

    A word longer than a line gets a line of its own (the caller shrinks the
    font or lets it run wider). Wide (CJK) characters break between any two of
    them, as those scripts do; line breaks in ``text`` are kept.

    >>> wrap_words("Notification Service Workers", 12)
    ['Notification', 'Service', 'Workers']
    >>> wrap_words("Client application", 4)
    ['Client', 'application']
    >>> wrap_words("通知服务工作者", 6)
    ['通知服', '务工作', '者']
    """
    width = max(1, width)
    out: list[str] = []
    for paragraph in text.split("\n"):
        tokens: list[str] = []
        for word in paragraph.split():
            run = ""
            for ch in word:  # a wide character stands alone; a run of narrow ones is one word
                if _wide(ch):
                    if run:
                        tokens.append(run)
                        run = ""
                    tokens.append(ch)
                else:
                    run += ch
            if run:
                tokens.append(run)
            tokens.append(" ")
        line = ""
        for token in tokens:
            if token == " ":
                line += " " if line and not line.endswith(" ") else ""
                continue
            glue = "" if not line or (line.endswith(" ") or (_wide(token[0]) or _wide(line[-1]))) else " "
            candidate = (line + glue + token) if line else token
            if cells(candidate.rstrip()) <= width or not line.strip():
                line = candidate
            else:
                out.append(line.rstrip())
                line = token
        if line.strip() or not out:
            out.append(line.rstrip())
    return [ln for ln in out if ln] or [""]


def ellipsize(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole as it is when it fits, else cut after its last whole word that
    fits, with "…" (only a first word longer than the room is cut inside, as nothing else would show).

    >>> ellipsize("Client application servers", 20)
    'Client application…'
    >>> ellipsize("Client", 20)
    'Client'
    """
    if cells(text) <= width:
        return text
    text = " ".join(text.split())
    kept = ""
    for word in text.split(" "):
        candidate = f"{kept} {word}" if kept else word
        if cells(candidate) + 1 > width:
            break
        kept = candidate
    if not kept:  # one word wider than all the room
        for ch in text:
            if cells(kept + ch) + 1 > width:
                break
            kept += ch
    return kept.rstrip(" ,;:-") + "…"
