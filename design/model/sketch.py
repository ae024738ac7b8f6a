"""The typed, frozen model of a sketch: the one vocabulary every stage shares.

Everything downstream of restore (graph, rules, render, export, critique) reads
these records and never looks at raw canvas JSON again. They are frozen and
built from tuples, so they are hashable, compare by value, and are safe to use
as cache keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from design.model.geometry import Box, Point
from design.model.records import quick_init

__all__ = [
    "Category",
    "Component",
    "DanglingFlow",
    "Finding",
    "Flow",
    "FreeText",
    "Group",
    "Kind",
    "Member",
    "Note",
    "Severity",
    "Sketch",
    "member_range",
]


class Kind(StrEnum):
    """What a component is. Stable: tests, exports, the CLI and prompts use it."""

    CLIENT = "client"
    DNS = "dns"
    CDN = "cdn"
    LOAD_BALANCER = "load_balancer"
    API_GATEWAY = "api_gateway"
    SERVICE = "service"
    WORKER = "worker"
    CACHE = "cache"
    QUEUE = "queue"
    DATABASE = "database"
    OBJECT_STORAGE = "object_storage"
    SEARCH = "search"
    EXTERNAL = "external"
    MONITORING = "monitoring"
    AUTH = "auth"
    UNKNOWN = "unknown"


class Severity(StrEnum):
    """How bad a finding is; ordered by :attr:`rank`."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3}


class Category(StrEnum):
    """The finding categories; a finding has exactly one."""

    SINGLE_POINT_OF_FAILURE = "single_point_of_failure"
    BOTTLENECK = "bottleneck"
    MISSING_REPLICATION = "missing_replication"
    MISSING_LOAD_BALANCER = "missing_load_balancer"
    MISSING_CACHE = "missing_cache"
    MISSING_QUEUE = "missing_queue"
    MISSING_CDN = "missing_cdn"
    DIRECT_DATASTORE_ACCESS = "direct_datastore_access"
    DEEP_SYNC_CHAIN = "deep_sync_chain"
    SYNC_CYCLE = "sync_cycle"
    QUEUE_WITHOUT_CONSUMER = "queue_without_consumer"
    CACHE_WITHOUT_SOURCE = "cache_without_source"
    ORPHAN_COMPONENT = "orphan_component"
    UNREACHABLE_COMPONENT = "unreachable_component"
    DANGLING_FLOW = "dangling_flow"
    UNLABELED_COMPONENT = "unlabeled_component"
    MISSING_OBSERVABILITY = "missing_observability"
    MISSING_AUTH = "missing_auth"
    MISSING_RATE_LIMITING = "missing_rate_limiting"
    CAPACITY_EXCEEDED = "capacity_exceeded"
    COMMON_MODE_FAILURE = "common_mode_failure"
    LATENCY_BUDGET_EXCEEDED = "latency_budget_exceeded"
    AVAILABILITY_TARGET_MISSED = "availability_target_missed"
    THROUGHPUT_CEILING = "throughput_ceiling"


@dataclass(frozen=True, slots=True)
class Note:
    """Something restore skipped or repaired, with where it happened.

    ``path`` points into the input (``objects[7].left``, ``line 4``) so the user
    can find the object; ``message`` says what was wrong in plain words.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True, slots=True)
class Member:
    """One of the boxes a pool was drawn as ("Web Server 2"), where it was drawn."""

    label: str
    box: Box


@quick_init
@dataclass(frozen=True, slots=True)
class Component:
    """A box on the sketch: a part of the system.

    ``kind_source`` says where the kind came from (``label``, ``shape``,
    ``drawing`` (read from what it is wired to), ``none`` or ``user``), so the
    app can ask the user to confirm a guess. ``replicated`` is true when the
    label says so (replica, standby, cluster) even without a count.

    A pool drawn as several boxes ("Web Server 1", "Web Server 2") is one
    component whose ``members`` are those boxes; ``box`` then surrounds them.
    ``note`` holds the description lines under the name ("persist to DB").
    ``managed`` is true for what a provider runs redundantly for you (SQS,
    S3, an ALB, a third party): never a single point of failure.
    """

    id: str
    label: str
    kind: Kind
    replicas: int
    box: Box
    shape: str = "rect"
    kind_source: str = "label"
    replicated: bool = False
    throughput: float | None = None
    # The user's own figures for the numbers model (corrections), each replacing the capacity table's for its kind:
    # hop latency in ms, one instance's availability (a fraction), one instance's price in US dollars a month.
    p50_ms: float | None = None
    p99_ms: float | None = None
    availability: float | None = None
    monthly_usd: float | None = None
    # Where it came from in the input (objects[3], line 7): for messages, not identity.
    source: str = field(default="", compare=False)
    members: tuple[Member, ...] = ()
    note: str = ""
    managed: bool = False

    @property
    def center(self) -> Point:
        return self.box.center

    @property
    def text(self) -> str:
        """Its name and its note: what rules search for words ("sessions", "JWT auth", "sharded")."""
        return f"{self.label}\n{self.note}" if self.note else self.label

    @property
    def boxes(self) -> tuple[Box, ...]:
        """Where it is drawn: each member's box for a pool, else its one box."""
        return tuple(m.box for m in self.members) if self.members else (self.box,)

    @property
    def pool_text(self) -> str:
        """``pool of 3 (Web Server 1–3)``, or ``""`` for a component drawn as one box."""
        if not self.members:
            return ""
        labels = [m.label for m in self.members]
        return f"pool of {len(labels)} ({member_range(labels)})"


@quick_init
@dataclass(frozen=True, slots=True)
class Flow:
    """An arrow attached at both ends: ``source`` calls or sends to ``target``.

    ``two_way`` marks one conversation drawn with heads at both ends
    (``<-->``): the source asks and the target answers, never a loop.
    """

    id: str
    source: str
    target: str
    label: str
    start: Point
    end: Point
    origin: str = field(default="", compare=False)
    two_way: bool = False


@dataclass(frozen=True, slots=True)
class DanglingFlow:
    """An arrow with an end that touches no box. Reported, never dropped or snapped.

    ``source``/``target`` hold the component id at an end that did attach.
    """

    id: str
    start: Point
    end: Point
    source: str | None
    target: str | None
    label: str = ""
    origin: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class FreeText:
    """Text outside every box and away from every arrow: a note on the sketch."""

    text: str
    at: Point
    origin: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Group:
    """A boundary drawn around components: a Mermaid subgraph, an Excalidraw frame, a box around boxes.

    A group is never a component and never the subject of a finding. ``members``
    are the ids of every component inside it (nested groups' included);
    ``parent`` is the group it sits in. ``zone`` is the title when it names a
    failure domain, and ``domain`` which one (``host``, ``zone`` or
    ``region``): a pool whose replicas all sit in one shares its fate.
    """

    id: str
    title: str
    members: tuple[str, ...]
    box: Box
    zone: str | None = None
    domain: str | None = None
    parent: str | None = None
    source: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Sketch:
    """A recognised drawing: components, flows, dangling arrows, notes.

    ``notes`` carries what restore skipped or repaired. Collections are sorted
    by id, so two sketches of the same drawing compare equal whatever the
    object order in the input was.
    """

    components: tuple[Component, ...] = ()
    flows: tuple[Flow, ...] = ()
    dangling: tuple[DanglingFlow, ...] = ()
    texts: tuple[FreeText, ...] = ()
    notes: tuple[Note, ...] = ()
    groups: tuple[Group, ...] = ()

    def component(self, component_id: str) -> Component:
        """Return the component with this id, or raise ``KeyError``."""
        for c in self.components:
            if c.id == component_id:
                return c
        raise KeyError(component_id)

    @property
    def ids(self) -> frozenset[str]:
        """Every element id (components, flows, dangling arrows)."""
        return frozenset(
            [c.id for c in self.components]
            + [f.id for f in self.flows]
            + [d.id for d in self.dangling]
        )

    def names(self) -> dict[str, str]:
        """Element id → what the user calls it: a component's label (or its id), a flow as ``A → B``.

        The one display name every message, export, critique question and
        panel uses, so the same element reads the same everywhere.

        >>> from design.model.geometry import Box, Point
        >>> web = Component("web", "Web app", Kind.SERVICE, 1, Box(0, 0, 10, 10))
        >>> db = Component("db", "", Kind.DATABASE, 1, Box(20, 0, 10, 10))
        >>> Sketch(components=(db, web), flows=(Flow("web->db", "web", "db", "", Point(10, 5), Point(20, 5)),)).names()
        {'db': 'db', 'web': 'Web app', 'web->db': 'Web app → db'}
        """
        out = {c.id: c.label or c.id for c in self.components}
        for f in self.flows:
            arrow = "↔" if f.two_way else "→"  # one two-way conversation
            out[f.id] = f"{out.get(f.source, f.source)} {arrow} {out.get(f.target, f.target)}"
        for d in self.dangling:
            out[d.id] = "loose arrow" + (f" from {out[d.source]}" if d.source in out else "")
        return out


_NUMBERED = re.compile(r"(.*?)(\d+|[Nn])")


def member_range(labels: list[str]) -> str:
    """``Web Server 1–3`` for numbered siblings, else the labels joined.

    >>> member_range(["Web Server 1", "Web Server 2", "Web Server 3"]), member_range(["App", "App"])
    ('Web Server 1–3', 'App, App')
    """
    numbered = [_NUMBERED.fullmatch(label) for label in labels]
    if all(numbered) and len({m.group(1) for m in numbered if m}) == 1:
        first, last = numbered[0], numbered[-1]
        assert first is not None and last is not None
        return f"{first.group(1)}{first.group(2)}–{last.group(2)}"
    return ", ".join(labels)


@dataclass(frozen=True, slots=True)
class Finding:
    """One failure point or missing concern, produced by a registered rule.

    ``elements`` are component or flow ids; empty for a design-wide concern.
    """

    rule: str
    category: Category
    severity: Severity
    elements: tuple[str, ...]
    message: str
    why: str = field(default="", compare=False)

    @property
    def key(self) -> str:
        """A stable identity across versions: rule plus elements."""
        return self.rule + ":" + ",".join(self.elements)

    def to_json(self) -> dict[str, object]:
        """Everything, for saving: the contract shape plus ``why``."""
        return {**self.to_contract(), "why": self.why}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Finding:
        """Read back what :meth:`to_json` wrote (raises ``KeyError``/``ValueError`` on bad data)."""
        elements = data["elements"]
        if not isinstance(elements, list) or not all(isinstance(e, str) for e in elements):
            raise ValueError("elements: expected a list of ids")
        return cls(
            rule=str(data["rule"]),
            category=Category(data["category"]),
            severity=Severity(data["severity"]),
            elements=tuple(elements),
            message=str(data["message"]),
            why=str(data.get("why", "")),
        )

    def to_contract(self) -> dict[str, object]:
        """The ``analyze --format json`` shape."""
        return {
            "rule": self.rule,
            "category": self.category.value,
            "severity": self.severity.value,
            "elements": list(self.elements),
            "message": self.message,
        }
