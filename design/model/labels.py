"""What a label says besides the kind: replica counts, replication, ids, flow meaning.

These are the small readings of user text that the rules rely on. Each is a
pure function of a string, so each is tested on its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "FlowTraits",
    "MAX_LABEL",
    "clean_label",
    "flow_traits",
    "parse_replicas",
    "says",
    "says_replicated",
    "slugify",
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
    text = _CONTROL.sub("", text)
    if not text.isprintable():  # rare: the fast check above misses other format characters
        text = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in _INVISIBLE)
    return " ".join(text.split())


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
              "mirror", "mirrors", "log shipping", "sync replica", "async replica", "failover")
_WRITE = ("write", "writes", "insert", "inserts", "update", "updates", "delete", "deletes", "put", "post",
          "store", "stores", "save", "saves", "persist", "persists", "upload", "uploads", "create", "creates",
          "append", "appends", "set", "ingest", "ingests", "w", "rw", "generate", "generates", "allocate",
          "allocates", "next id", "new id", "reserve", "reserves", "incr", "increment", "increments", "decr",
          "decrement", "charge", "charges", "pay", "book", "books", "send", "sends", "submit", "submits")
_READ = ("read", "reads", "get", "gets", "fetch", "fetches", "query", "queries", "lookup", "lookups",
         "look up", "load", "loads", "select", "search", "searches", "list", "download", "downloads", "scan",
         "r", "resolve", "redirect")


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
