"""Numbers on the sketch: latency along each request path, availability, the throughput ceiling, the monthly cost.

A back-of-the-envelope model of the drawing, from the per-kind table in
``design/sizing/data/capacity.json`` (or the user's own ``--capacity`` file),
stated so it can be argued with, and every figure carrying its arithmetic:

- **Request paths** start at the entries (clients) and follow synchronous
  calls (:attr:`Context.call_graph`: answers drawn back from a datastore are not
  calls). An arrow into a queue is the last hop a request waits on (the
  broker's acknowledgement); nothing behind a queue or an asynchronous flow
  counts. Monitoring is off the path. A cycle is walked once round. For each
  place a request ends (a datastore, a third party, a queue, or a component
  that calls nothing) the model keeps the slowest path to it, and the least
  available one.
- **Latency** adds each hop's p50 and p99 along the path (adding p99s gives an
  upper bound: the slowest 1% of each hop rarely coincide; it is the figure an
  interviewer adds up). A store behind a cache is reached only on a miss:
  with a hit ratio ``h`` (option ``cache_hit_ratio``, default 0.8, the same as
  the traffic spread), the median request waits on it only if more than half
  the reads miss, and the p99 does whenever more than 1% miss.
- **Availability** multiplies the components along the path (in series); a
  component's ``n`` instances are in parallel, ``1 − (1 − a)ⁿ``; a component
  marked replicated without a count, or a managed product, counts as two. A
  zone or region that every replica of a component sits in (a group that
  names one) fails them together, so it multiplies in once per path, however
  many components share it. A cache does not make a path more available: a
  miss during an outage fails.
- **The throughput ceiling** spreads a traffic mix over the design exactly as
  ``capacity_exceeded`` does (:func:`design.analysis.traffic.shared_load`) and
  scales it until the first instance reaches its limit: that instance is the
  weakest hop.
- **Cost** is each component's instances times its kind's monthly price;
  what is priced per use (object storage, CDNs, third parties) is listed as
  not priced rather than guessed.

The requirement targets in the notes (:mod:`design.model.requirements`) are
checked against these figures: *met*, *at risk* (within 20% of the limit),
*not met*, or *cannot tell* with the missing figure named.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, NamedTuple

from design.analysis.context import SINK_KINDS, Context
from design.analysis.traffic import (
    capacity_table,
    carried_order,
    hit_ratio,
    instance_checks,
    shared_load,
    sizings,
)
from design.model.requirements import Target, TargetKind, parse_requirements, percent, stem
from design.model.sketch import Component, Kind
from design.sizing.capacity import CapacityTable
from design.sizing.estimates import derive, human, peak_load

__all__ = [
    "AT_RISK_SHARE",
    "CheckedTarget",
    "Ceiling",
    "Cost",
    "DesignNumbers",
    "format_ms",
    "Hop",
    "PathFigures",
    "RequirementCheck",
    "Status",
    "numbers_of",
]

#: Within this share of a limit a target is *at risk*: a p99 at 80% of its budget, a ceiling under 1.25×
#: the peak, downtime at 80% of what the target allows.
AT_RISK_SHARE = 0.8
#: A store behind a cache counts in the median when more than this share of reads miss, and in the p99
#: when more than this share does.
_P50_MISS, _P99_MISS = 0.5, 0.01


def format_ms(value: float) -> str:
    """A latency as the page and the reports write it: ``105 ms``, ``12.5 s``."""
    return f"{round(value / 1000, 2):g} s" if value >= 10_000 else f"{round(value, 1):g} ms"


def _usd(value: float) -> str:
    return f"${value:,.0f}" if value >= 10 or value == int(value) else f"${value:,.2f}"


def _power(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


class Status(StrEnum):
    MET = "met"
    AT_RISK = "at_risk"
    NOT_MET = "not_met"
    CANNOT_TELL = "cannot_tell"

    @property
    def words(self) -> str:
        return self.value.replace("_", " ")


class Hop(NamedTuple):
    """One component's own figures as drawn: its hop latency, availability with its replicas, and price.

    The working, and what is missing and where to set it, are text built on demand from the figures (an analysis
    needs the numbers; only a report, an export or the checklist reads the words). A named tuple, not a frozen
    dataclass: one is built per component per analysis, and a frozen dataclass pays a ``__setattr__`` per field.
    """

    id: str
    instances: int
    p50_ms: float | None
    p99_ms: float | None
    availability: float | None
    monthly_usd: float | None
    name: str = ""
    unit_availability: float | None = None  # one instance's (or the provider's fleet's)
    unit_usd: float | None = None  # one instance's price
    priced: int = 0  # instances priced
    fleet: bool = False  # run by a provider: its figure is the provider's, whatever the drawing says
    cost_missing: str = ""
    domain: tuple[str, str, float] | None = None  # (group id, "zone"/"region" name as drawn, availability)
    own: str = ""  # which figures are the user's: "l" latency, "a" availability, "c" cost
    kind: Kind = Kind.UNKNOWN

    @property
    def latency_missing(self) -> str:
        """What the model lacks to time this hop, and where to set it ("" when it has a p99)."""
        if self.p99_ms is not None:
            return ""
        return _missing("latency figure" if self.p50_ms is None else "p99 latency figure", self.name, self.kind)

    @property
    def availability_missing(self) -> str:
        """What the model lacks for this component's availability, and where to set it ("" when it has one)."""
        return "" if self.unit_availability is not None else _missing("availability figure", self.name, self.kind)

    @property
    def yours(self) -> tuple[str, ...]:
        """The figures the user set for this component (the rest are the table's)."""
        return tuple(w for letter, w in (("l", "latency"), ("a", "availability"), ("c", "cost")) if letter in self.own)

    @property
    def availability_working(self) -> str:
        a, n = self.unit_availability, self.instances
        if a is None or self.availability is None:
            return ""
        yours = " (your figure)" if "a" in self.own else ""
        if self.fleet:
            return f"{self.name}: {percent(a)} (the provider's fleet){yours}"
        if n == 1:
            return f"{self.name}: {percent(a)}{yours}"
        return f"{self.name}: 1 − (1 − {percent(a)}{yours}){_power(n)} = {percent(self.availability)} " \
            f"({n} instances in parallel)"

    @property
    def cost_working(self) -> str:
        if self.monthly_usd is None or self.unit_usd is None:
            return ""
        yours = " (your figure)" if "c" in self.own else ""
        if self.priced > 1:
            return f"{self.name}: {self.priced} × {_usd(self.unit_usd)}{yours} = {_usd(self.monthly_usd)}"
        return f"{self.name}: {_usd(self.monthly_usd)}{yours}"


@dataclass(frozen=True, slots=True)
class PathFigures:
    """One request path with its latency and availability; the arithmetic behind both is built on demand.

    ``w50``/``w99`` hold what each hop adds (``None``: no figure); ``behind`` marks hops taken only on a cache
    miss, with ``miss`` the share of reads that miss; ``domains`` the shared zones or regions counted once.
    """

    nodes: tuple[str, ...]
    flows: tuple[str, ...]
    p50_ms: float
    p99_ms: float
    availability: float
    unknown_latency: tuple[str, ...] = ()
    unknown_availability: tuple[str, ...] = ()
    costliest: str = ""  # the node whose hop adds the most at p99
    weakest: str = ""  # the node (or shared domain's first member) that is least available
    last_op: str | None = None
    hops: tuple[Hop, ...] = field(default=(), compare=False, repr=False)
    w50: tuple[float | None, ...] = field(default=(), compare=False, repr=False)
    w99: tuple[float | None, ...] = field(default=(), compare=False, repr=False)
    behind: tuple[bool, ...] = field(default=(), compare=False, repr=False)
    miss: float = field(default=0.2, compare=False, repr=False)
    domains: tuple[tuple[str, float], ...] = field(default=(), compare=False, repr=False)

    @property
    def end(self) -> str:
        return self.nodes[-1]

    def flow_into(self, node: str) -> str | None:
        """The flow of this path that arrives at ``node`` (``None`` for the first node)."""
        i = self.nodes.index(node)
        return self.flows[i - 1] if i > 0 else None

    def _latency_working(self, p99: bool) -> str:
        miss = f"{round(self.miss * 100, 1):g}%"
        parts = []
        for h, w, behind in zip(self.hops, self.w99 if p99 else self.w50, self.behind, strict=True):
            if w is None:
                parts.append(f"{h.name} ?")
            elif not behind:
                parts.append(f"{h.name} {format_ms(w)}" + (" (your figure)" if "l" in h.own else ""))
            elif p99:
                parts.append(f"{h.name} {format_ms(w)} (a cache miss: {miss} of reads miss, more than 1%)" if w else
                             f"{h.name} 0 ms (behind the cache: at most 1% of reads miss)")
            else:
                parts.append(f"{h.name} {format_ms(w)}" if w else
                             f"{h.name} 0 ms (behind the cache: the median read is a hit, {miss} miss)")
        return " + ".join(parts) + f" = {format_ms(self.p99_ms if p99 else self.p50_ms)}"

    @property
    def p50_working(self) -> str:
        return self._latency_working(False)

    @property
    def p99_working(self) -> str:
        return self._latency_working(True)

    @property
    def availability_working(self) -> str:
        lines = [h.availability_working for h in self.hops if h.availability is not None and h.availability < 1]
        factors = [f"{percent(h.availability)} ({h.name})" for h in self.hops
                   if h.availability is not None and h.availability < 1]
        factors += [f"{percent(a)} ({label}, shared by its replicas: counted once)" for label, a in self.domains]
        product = " × ".join(factors) if factors else "100%"
        unknown = [h.name for h in self.hops if h.availability is None]
        without = f" (without {', '.join(unknown)}: no figure)" if unknown else ""
        return "; ".join([*lines, f"in series: {product} = {percent(self.availability)}{without}"])


@dataclass(frozen=True, slots=True)
class Ceiling:
    """The most traffic the design takes before its weakest instance saturates, for one traffic mix.

    ``scale`` is how many times the mix fits (``inf`` when nothing sized carries it); ``qps`` is the
    entry traffic at that scale. ``reads``/``writes`` is the mix as spread, and ``basis`` says where it came
    from (the estimates' peak, a stated target, or a stated ratio).
    """

    reads: float
    writes: float
    basis: str
    scale: float
    hop: str | None = None
    what: str = ""
    where: str = ""
    limit: float = 0.0
    per_instance: float = 0.0
    limit_text: str = ""
    unsized: tuple[str, ...] = ()

    @property
    def qps(self) -> float:
        return self.scale * (self.reads + self.writes)

    @property
    def working(self) -> tuple[str, ...]:
        """The arithmetic, as text built when a report or an export reads it."""
        if self.hop is None:
            return ("no self-run component with a capacity figure carries this traffic",)
        total, per = self.reads + self.writes, self.per_instance
        return (
            f"{human(total)} requests/s entering ({human(self.reads)} reads + {human(self.writes)} writes/s, "
            f"{self.basis}) put up to {human(per)} {self.what}/s on {self.where}, which takes {self.limit_text}",
            f"{human(total)} × ({human(self.limit)} ÷ {human(per)}) = {human(self.scale * total)} requests/s",
        )


@dataclass(frozen=True, slots=True)
class Cost:
    """The design's monthly price: priced components, and those priced per use or not at all."""

    monthly_usd: float
    lines: tuple[tuple[str, int, float], ...]  # (component id, instances, monthly price each)
    unpriced: tuple[tuple[str, str], ...]  # (component id, why)
    hops: Mapping[str, Hop] = field(default_factory=dict, compare=False, repr=False)  # every component's, by id

    @property
    def working(self) -> str:
        parts = [self.hops[i].cost_working for i, _, _ in self.lines]
        return "; ".join(parts) + (f"; total {_usd(self.monthly_usd)} a month" if parts else "nothing priced")


@dataclass(frozen=True, slots=True)
class CheckedTarget:
    """A target checked against the model: status, the model's figure, and what to do about it."""

    target: Target
    status: Status
    model: str  # the figure the target was checked against, in words
    detail: str  # one sentence with the numbers
    missing: str = ""  # for cannot_tell: the figure the model lacks
    path: PathFigures | None = None
    hop: str | None = None  # the hop that costs most (latency), the weakest component (availability, throughput)
    flow: str | None = None  # the flow into ``hop`` on the path, when there is one
    stores: tuple[str, ...] = ()  # retention and durability: the stores that keep the data
    hop_ms: float | None = None  # latency: what ``hop`` adds at the target's percentile
    needs: tuple[str, ...] = ()  # cannot tell: the components whose figure is missing
    ceiling: Ceiling | None = field(default=None, compare=False, repr=False)  # throughput: the ceiling checked

    @property
    def working(self) -> tuple[str, ...]:
        """The arithmetic behind the model's figure, one line per step (built when something shows it)."""
        kind = self.target.kind
        if kind is TargetKind.LATENCY and self.path is not None:
            return (self.path.p99_working if (self.target.percentile or 99) > 50 else self.path.p50_working,)
        if kind is TargetKind.AVAILABILITY and self.path is not None:
            return tuple(self.path.availability_working.split("; "))
        if kind is TargetKind.THROUGHPUT and self.ceiling is not None:
            return self.ceiling.working
        return ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {**self.target.to_json(), "status": self.status.value, "model": self.model,
                               "detail": self.detail}
        if self.missing:
            out["missing"] = self.missing
        if self.path is not None:
            out["path"] = list(self.path.nodes)
        if self.hop:
            out["hop"] = self.hop
        if self.stores:
            out["stores"] = list(self.stores)
        if self.needs:
            out["needs"] = list(self.needs)
        return out


@dataclass(frozen=True, slots=True)
class RequirementCheck:
    """A requirement line and its checked targets (none: the line stays text)."""

    line: str
    checks: tuple[CheckedTarget, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "targets": [c.to_json() for c in self.checks]}


@dataclass(frozen=True)
class DesignNumbers:
    """The model of one drawing: per-component figures, request paths, ceiling, cost and the checklist."""

    hops: Mapping[str, Hop]
    slowest: PathFigures | None
    least_available: PathFigures | None
    ceiling: Ceiling
    cost: Cost
    requirements: tuple[RequirementCheck, ...]
    hit_ratio: float
    notes: tuple[str, ...] = ()
    _paths: _Paths | None = field(default=None, compare=False, repr=False)

    @property
    def paths(self) -> tuple[PathFigures, ...]:
        """The slowest path to each place a request ends, in the order of the ends' ids."""
        return tuple(self._paths.slow_paths) if self._paths is not None else ()

    @property
    def checks(self) -> tuple[CheckedTarget, ...]:
        return tuple(c for r in self.requirements for c in r.checks)

    def name(self, node: str) -> str:
        """How the user named a component (its label, or its id)."""
        hop = self.hops.get(node)
        return hop.name if hop is not None else node

    def path_text(self, path: PathFigures) -> str:
        return " → ".join(self.name(n) for n in path.nodes)

    def ceiling_text(self) -> str:
        c = self.ceiling
        if c.hop is None:
            return "no sized component carries the traffic" if not c.unsized else \
                "cannot tell: " + ", ".join(self.name(n) for n in c.unsized) + " have no capacity figure"
        return f"about {human(c.qps)} requests/s, then {c.where} saturates ({c.limit_text})"

    def headline(self) -> list[str]:
        """The model in four lines, for reports and the terminal."""
        out = []
        if self.slowest is not None:
            s = self.slowest
            lower = " at least" if s.unknown_latency else ""
            out.append(f"Slowest path:{lower} {format_ms(s.p99_ms)} at p99, {format_ms(s.p50_ms)} at p50 — {self.path_text(s)}")
        if self.least_available is not None:
            a = self.least_available
            bound = " at most" if a.unknown_availability else ""
            out.append(f"Least available path:{bound} {percent(a.availability)} — {self.path_text(a)}")
        out.append(f"Throughput ceiling: {self.ceiling_text()} ({self.ceiling.basis})")
        cost = f"Monthly cost: {_usd(self.cost.monthly_usd)}"
        unpriced = list(dict.fromkeys(self.name(n) for n, _ in self.cost.unpriced))
        if unpriced:
            shown = ", ".join(unpriced[:4]) + (f" and {len(unpriced) - 4} more" if len(unpriced) > 4 else "")
            cost += f" plus {shown} (not priced)"
        out.append(cost)
        return out

    def marks(self) -> tuple[tuple[str, str, str], ...]:
        """Badges for the picture: ``(element id, badge text, legend text)`` for the slowest path's end and
        the weakest hop. Plain tuples, so the picture needs nothing from the analysis."""
        out: list[tuple[str, str, str]] = []
        if self.slowest is not None:
            s = self.slowest
            out.append((s.end, f"{round(s.p99_ms):g}ms",
                        f"Slowest path, {format_ms(s.p99_ms)} at p99 ({format_ms(s.p50_ms)} at p50): {self.path_text(s)}"))
        c = self.ceiling
        if c.hop is not None and math.isfinite(c.scale):
            out.append((c.hop, f"{human(c.qps)}/s",
                        f"Weakest hop: {c.where} saturates first ({c.limit_text}); the design takes about "
                        f"{human(c.qps)} requests/s ({c.basis})"))
        return tuple(out)

    def to_json(self) -> dict[str, Any]:
        """The ``model`` object of ``analyze --format json`` and of the JSON export."""

        def path(p: PathFigures | None) -> dict[str, Any] | None:
            if p is None:
                return None
            out: dict[str, Any] = {
                "from": p.nodes[0], "to": p.end, "nodes": list(p.nodes), "flows": list(p.flows),
                "p50_ms": round(p.p50_ms, 3), "p99_ms": round(p.p99_ms, 3), "availability": p.availability,
                "availability_text": percent(p.availability), "costliest": p.costliest, "weakest": p.weakest,
                "working": {"p50": p.p50_working, "p99": p.p99_working, "availability": p.availability_working},
            }
            if p.unknown_latency:
                out["unknown_latency"] = list(p.unknown_latency)
            if p.unknown_availability:
                out["unknown_availability"] = list(p.unknown_availability)
            return out

        c = self.ceiling
        ceiling: dict[str, Any] = {
            "requests_per_s": None if not math.isfinite(c.scale) else round(c.qps, 3),
            "hop": c.hop, "limit": c.limit_text or None, "mix": {"reads": c.reads, "writes": c.writes},
            "basis": c.basis, "working": list(c.working),
        }
        if c.unsized:
            ceiling["unsized"] = list(c.unsized)
        return {
            "assumptions": {"cache_hit_ratio": self.hit_ratio, "notes": list(self.notes)},
            "components": [
                {"id": h.id, "instances": h.instances, "p50_ms": h.p50_ms, "p99_ms": h.p99_ms,
                 "availability": h.availability, "monthly_usd": h.monthly_usd,
                 "working": {"availability": h.availability_working, "cost": h.cost_working},
                 **({"missing": [m for m in (h.latency_missing, h.availability_missing, h.cost_missing) if m]}
                    if (h.latency_missing or h.availability_missing or h.cost_missing) else {}),
                 **({"domain": h.domain[1]} if h.domain else {}),
                 **({"yours": list(h.yours)} if h.own else {})}
                for h in self.hops.values()
            ],
            "paths": [path(p) for p in self.paths],
            "slowest": path(self.slowest),
            "least_available": path(self.least_available),
            "ceiling": ceiling,
            "cost": {"monthly_usd": round(self.cost.monthly_usd, 2),
                     "lines": [{"id": i, "instances": n, "each_usd": each} for i, n, each in self.cost.lines],
                     "unpriced": [{"id": i, "why": why} for i, why in self.cost.unpriced],
                     "working": self.cost.working},
        }


# --- the figures of one component ---------------------------------------------------------------


#: Failure domains a group can name, tightest first: a component in a zone inside a region shares the zone's fate.
_DOMAIN_ORDER = ("host", "zone", "region")


def _domains(ctx: Context) -> dict[str, tuple[str, str, float]]:
    """Component id → the failure domain every one of its replicas sits in: (group id, how it is named, its
    availability from the table's ``domains``).

    Groups are boundaries drawn around components (``Sketch.groups``: a Mermaid subgraph, an Excalidraw
    frame, a box around boxes). Only a group that names a host, a zone or a region (``Group.domain``) is a
    failure domain; one that only collects ("Backend") is not. Of nested domains the tightest counts.
    """
    table = capacity_table(ctx)
    seen: dict[str, dict[str, list[tuple[str, str]]]] = {}  # member → level → (group id, name) of each group
    for group in ctx.sketch.groups:
        level = group.domain
        if level not in _DOMAIN_ORDER:
            continue
        title = group.zone or group.title or group.id
        for member in group.members:
            seen.setdefault(member, {}).setdefault(level, []).append((group.id, title))
    out: dict[str, tuple[str, str, float]] = {}
    for member, levels in seen.items():
        for level in _DOMAIN_ORDER:
            groups = levels.get(level, [])
            figure = table.domains.get(level)
            # In two zones at once, a pool is spread over them: no one zone holds all its replicas.
            if len(groups) == 1 and figure is not None and figure.value is not None:
                title = groups[0][1]
                named = title if level in title.lower().split() else f"{level} {title}"  # "zone us-east-1a", "host 1"
                out[member] = (groups[0][0], named, figure.value)
                break
    return out


class _KindFigures(NamedTuple):
    """One kind's row of the table, read once per analysis rather than once per component."""

    p50: float | None
    p99: float | None
    availability: float | None
    price: float | None
    cost_missing: str  # why there is no price, when there is none
    fleet: bool


def _kind_figures(table: CapacityTable, kind: Kind) -> _KindFigures:
    cap = table.get(kind)
    label = kind.value.replace("_", " ")
    latency = cap.latency if cap.latency is not None and cap.latency.known else None
    availability = cap.availability.value if cap.availability is not None else None
    price = cap.cost.value if cap.cost is not None else None
    why = "" if price is not None else cap.cost.source if cap.cost is not None else \
        "" if kind is Kind.CLIENT else f"no price for {label} in the capacity table: set one in Components"
    if kind is Kind.CLIENT and not (cap.latency or cap.availability):
        # A table without a client entry: the user's own device and network are outside the design.
        return _KindFigures(0.0, 0.0, 1.0, 0.0, "", True)
    return _KindFigures(latency.p50_ms if latency else None, latency.p99_ms if latency else None, availability, price,
                        why, kind in _PROVIDER_KINDS)


def _missing(what: str, name: str, kind: Kind) -> str:
    """What the model lacks and where to set it: "no latency figure for Feed service: set one in Components"."""
    if kind is Kind.UNKNOWN:
        return f"no {what} for {name}: pick its kind, or set one in Components"
    return f"no {what} for {name}: set one in Components"  # (or give its kind one in the --capacity table)


def _own_latency(c: Component, p50: float | None, p99: float | None) -> tuple[float | None, float | None]:
    """The hop latency with the user's figures in place of the table's. One figure alone keeps the table's other
    where it agrees (a median no slower than the p99); with no table figure, a p99 alone bounds the median too."""
    own50, own99 = c.p50_ms, c.p99_ms
    if own50 is not None and own99 is not None:
        return own50, own99
    if own99 is not None:
        return (own99 if p50 is None else min(p50, own99)), own99
    assert own50 is not None
    return own50, (None if p99 is None else max(p99, own50))


def _hop(ctx: Context, c: Component, row: _KindFigures, domain: tuple[str, str, float] | None,
         name: str) -> Hop:
    """One component's figures: the table's row for its kind, with the user's own figures (corrections) in place
    of the row's where they set them. Called for every component of every analysis: kept to plain arithmetic."""
    fleet = row.fleet
    managed = not fleet and c.managed  # ctx.managed_product(c.id), read off the component in hand
    # traffic.instances, written out: this runs for every component of every analysis.
    n = 1 if fleet else c.replicas if c.replicas > 1 else 2 if c.replicated or managed else 1
    p50, p99, unit, price = row.p50, row.p99, row.availability, row.price
    own = ""
    if c.p50_ms is not None or c.p99_ms is not None:
        p50, p99 = _own_latency(c, p50, p99)
        own += "l"
    if c.availability is not None:
        unit = c.availability
        own += "a"
    availability = None if unit is None else unit if n == 1 else 1 - (1 - unit) ** n
    cost_missing = ""
    monthly = None
    count = 0
    if c.monthly_usd is not None:
        own += "c"
        price = c.monthly_usd
        # Per instance for what the user runs; for what a provider runs (a fleet, a managed product), the service.
        count = 1 if fleet or managed else n
        monthly = price * count
    elif managed:
        cost_missing = "a managed product: priced by use, not per instance"
        price = None
    elif price is not None:
        count = 1 if fleet else n
        monthly = price * count
    else:
        cost_missing = row.cost_missing
    return _new(Hop, (c.id, n, p50, p99, availability, monthly, name, unit, price, count, fleet, cost_missing, domain,
                      own, c.kind))


#: A record per component per analysis: building the named tuple from its fields directly skips the Python-level
#: ``__new__`` that checks them (the fields are always all given here).
_new = tuple.__new__


#: Kinds a provider runs as a fleet: their availability and price are the provider's, whatever the drawing says.
_PROVIDER_KINDS = frozenset({Kind.CLIENT, Kind.DNS, Kind.CDN, Kind.OBJECT_STORAGE, Kind.EXTERNAL, Kind.MONITORING})


# --- the paths ---------------------------------------------------------------------------------------


class _Walk:
    """The request paths of one design: the waited-on hops from the entries, walked in the spread's topological
    order (:func:`design.analysis.traffic.carried_order`), with two longest-path passes in one.

    A waited-on hop is a load-carrying arrow that is a synchronous call, or one into a queue (the broker's
    acknowledgement is the last thing a request waits on). Inside a cycle, an arrow back to a member already
    walked is dropped, so the cycle is walked once round.
    """

    def __init__(self, ctx: Context, hops: Mapping[str, Hop], weights: Mapping[str, tuple[float, float, float]],
                 ratio: float, zoned: bool):
        self.ctx = ctx
        self.hops = hops
        self.weights = weights
        self.miss = 1.0 - ratio
        carried = carried_order(ctx)
        self.misses = carried.misses
        self.flat, self.order, self.waits = carried.flat, carried.order, carried.waits
        monitoring = Kind.MONITORING
        self.entries = [e for e in ctx.entries if ctx.kind(e) is not monitoring]
        #: Whether any component sits in a failure domain (a zone or region drawn as a group).
        self.zoned = zoned

    def missed(self, u: str, v: str) -> bool:
        """Whether the hop u→v (a load-carrying arrow) is taken only on a cache miss (:class:`design.analysis.traffic.Carried`)."""
        return (u, v) in self.misses

    def _weight(self, u: str | None, v: str, p99: bool) -> float:
        h = self.hops[v]
        value = h.p99_ms if p99 else h.p50_ms
        if value is None:
            return 0.0
        if u is not None and self.missed(u, v) and self.miss <= (_P99_MISS if p99 else _P50_MISS):
            return 0.0
        return value

    def longest(self) -> tuple[dict[str, str | None], dict[str, str | None], dict[str, tuple[float, float]],
                               dict[str, float]]:
        """Two longest-path passes at once, pushed along the topological order: slowest (p99, then p50) and least
        available (the most summed −log availability). The inner loop of the model, over plain dicts."""
        adds, waits = self.weights, self.waits  # what each hop adds (_weights)
        cut99, cut50 = self.miss <= _P99_MISS, self.miss <= _P50_MISS
        slow: dict[str, tuple[float, float]] = {}
        down: dict[str, float] = {}
        slow_prev: dict[str, str | None] = {}
        avail_prev: dict[str, str | None] = {}
        for e in self.entries:
            a99, a50, fall = adds[e]
            slow[e], slow_prev[e] = (a99, a50), None
            down[e], avail_prev[e] = fall, None

        def push(u: str, walked: set[str] | None) -> None:
            here99, here50 = slow[u]
            gone = down[u]
            for v, missed in waits[u]:
                if v == u or (walked is not None and v in walked):
                    continue  # back round a cycle
                a99, a50, fall = adds[v]
                if missed:
                    if cut99:
                        a99 = 0.0
                    if cut50:
                        a50 = 0.0
                c99 = here99 + a99
                c50 = here50 + a50
                best = slow.get(v)
                # (c99, c50) > best, written out: no tuple built for a candidate that loses.
                if best is None or c99 > best[0] or (c99 == best[0] and c50 > best[1]):
                    slow[v] = (c99, c50)
                    slow_prev[v] = u
                fall += gone
                if fall > down.get(v, -1.0):
                    down[v] = fall
                    avail_prev[v] = u

        # Only entries (never monitoring) and what load-carrying arrows reach (never monitoring) are reached; most
        # of what a request reaches waits on nothing, and is not pushed.
        if self.flat is not None:  # no cycle
            for u in self.flat:
                if waits[u] and u in slow:
                    push(u, None)
            return slow_prev, avail_prev, slow, down
        for members in self.order:
            if len(members) == 1:
                u = members[0]
                if waits[u] and u in slow:
                    push(u, None)
                continue
            # A cycle: walk its members from those a request reaches, each once, never back to one walked.
            walked: set[str] = set()
            pending = [m for m in members if m in slow]
            while pending:
                u = pending.pop(0)
                if u in walked:
                    continue
                walked.add(u)
                push(u, walked)
                pending += [m for m in members if m in slow and m not in walked and m not in pending]
        return slow_prev, avail_prev, slow, down

    def ends(self, reached: Iterable[str]) -> list[str]:
        """Where requests end, of the components ``reached``: datastores, third parties and queues, and anything
        that waits on nothing."""
        entries = set(self.entries)
        kinds, waits, end_kinds = self.ctx.kinds, self.waits, _END_KINDS
        ends = [n for n in reached if n not in entries and (not waits[n] or kinds[n] in end_kinds)]
        ends.sort()
        return ends


#: Where a request ends whatever it calls next: datastores, third parties, and queues (the broker acknowledges).
_END_KINDS = SINK_KINDS | {Kind.QUEUE}


def _chain(prev: Mapping[str, str | None], end: str) -> tuple[str, ...]:
    out = [end]
    while (p := prev.get(out[-1])) is not None:
        out.append(p)
    return tuple(reversed(out))


def _figures(ctx: Context, walk: _Walk, nodes: tuple[str, ...]) -> PathFigures:
    """A path's latency and availability, hop by hop."""
    hops, misses, adj = walk.hops, walk.misses, ctx.G.adj
    cut99, cut50 = walk.miss <= _P99_MISS, walk.miss <= _P50_MISS
    pairs = list(zip(nodes, nodes[1:], strict=False))
    flows = tuple(min(adj[u][v]["flows"]) for u, v in pairs)
    parts = tuple(hops[v] for v in nodes)
    behind = (False, *((u, v) in misses for u, v in pairs))
    w50: list[float | None] = []
    w99: list[float | None] = []
    unknown: list[str] = []
    costliest, costliest_ms = nodes[0], -1.0
    p50 = p99 = 0.0
    for v, h, missed in zip(nodes, parts, behind, strict=True):
        if h.p99_ms is None or h.p50_ms is None:
            unknown.append(v)
            w50.append(None)
            w99.append(None)
            continue
        a99 = 0.0 if missed and cut99 else h.p99_ms
        a50 = 0.0 if missed and cut50 else h.p50_ms
        w99.append(a99)
        w50.append(a50)
        p99 += a99
        p50 += a50
        if a99 >= costliest_ms:  # ties go to the hop further in: the store, not the service calling it
            costliest, costliest_ms = v, a99
    availability = 1.0
    unknown_a: list[str] = []
    domains: dict[str, tuple[str, float]] = {}
    weakest, weakest_a = nodes[0], 2.0
    for v, h in zip(nodes, parts, strict=True):
        if h.availability is None:
            unknown_a.append(v)
            continue
        availability *= h.availability
        if h.availability < weakest_a:
            weakest, weakest_a = v, h.availability
        if h.domain is not None and h.domain[0] not in domains:
            domains[h.domain[0]] = (h.domain[1], h.domain[2])
            if h.domain[2] < weakest_a:
                weakest, weakest_a = v, h.domain[2]
    for _, a in domains.values():
        availability *= a
    last_op = adj[nodes[-2]][nodes[-1]].get("op") if len(nodes) > 1 else None
    return PathFigures(nodes, flows, p50, p99, availability, tuple(unknown), tuple(unknown_a), costliest, weakest,
                       last_op, parts, tuple(w50), tuple(w99), behind, walk.miss, tuple(domains.values()))


# --- the ceiling and the cost ------------------------------------------------------------------------


def _ceiling(ctx: Context, reads: float, writes: float, basis: str) -> Ceiling:
    """Scale the mix until the first instance reaches its limit (linear: the spread is proportional)."""
    loads = shared_load(ctx, reads, writes)
    sizes = sizings(ctx)
    best, hop = math.inf, None
    unsized: list[str] = []
    unknown = Kind.UNKNOWN  # an enum's member read off its class is slow in a loop
    for c in ctx.sketch.components:
        load = loads.get(c.id)
        if load is None or not (load[0] or load[1]):
            continue
        size = sizes[c.id]
        if size is None:
            if c.kind is unknown:
                unsized.append(c.id)
            continue
        # Sizing.headroom, written out: this loop runs over every component of every analysis.
        r, w = load[0] / size[0], load[1] / size[1]
        _, _, qps, read_qps, write_qps, _ = size
        if qps is not None and r + w > 0 and qps / (r + w) < best:
            best, hop = qps / (r + w), c
        if read_qps is not None and r > 0 and read_qps / r < best:
            best, hop = read_qps / r, c
        if write_qps is not None and w > 0 and write_qps / w < best:
            best, hop = write_qps / w, c
    if hop is None:
        return Ceiling(reads, writes, basis, math.inf, unsized=tuple(unsized))
    c = hop
    check = min(instance_checks(ctx, c, loads[c.id], ctx.name(c.id)), key=lambda k: k.headroom)
    scale, hop = check.headroom, c.id
    if check.own:
        limit_text = f"{human(check.limit)} requests/s each, as you set"
    else:
        limit_text = f"about {human(check.limit)} {check.what}/s per node"
    return Ceiling(reads, writes, basis, scale, hop, check.what, check.where, check.limit, check.per_instance,
                   limit_text, tuple(unsized))


class _Hops(Mapping[str, Hop]):
    """Every component's :class:`Hop` by id, in the order of the sketch, each built the first time it is read.

    An analysis reads the figures of the few components on its headline paths; a report, an export or the
    Components panel reads them all. Most components carry none of the user's own figures, so those of one kind
    and instance count share the figures of the first of them (``_hops_and_cost``): until a component is read,
    its entry holds that first one's Hop, whose id is not its own.
    """

    __slots__ = ("_entries", "_names", "_domains")

    def __init__(self, entries: dict[str, Hop], names: Mapping[str, str],
                 domains: Mapping[str, tuple[str, str, float]]):
        self._entries, self._names, self._domains = entries, names, domains

    def __getitem__(self, cid: str) -> Hop:
        h = self._entries[cid]
        if h.id != cid:  # a copy of the first component of its kind and instance count, not built yet
            _, n, p50, p99, availability, monthly, _, unit, price, count, fleet, why, _, _, kind = h
            h = self._entries[cid] = _new(Hop, (cid, n, p50, p99, availability, monthly,
                                                self._names.get(cid, cid), unit, price, count, fleet, why,
                                                self._domains.get(cid), "", kind))
        return h

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, cid: object) -> bool:
        return cid in self._entries

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self._entries)!r})"


def _hops_and_cost(ctx: Context, table: CapacityTable
                   ) -> tuple[_Hops, dict[str, tuple[float, float, float]], Cost, bool]:
    """Every component's figures (:func:`_hop`, built when read: :class:`_Hops`), what each adds to a path it is
    on (:func:`_weights`), and the design's monthly cost, in one pass over the components; and whether any of them
    sits in a failure domain.

    A component with none of the user's own figures gets exactly the figures of the first component of its kind
    and instance count: the first one's are worked out, and the rest take them over without a record of their own.
    """
    domains = _domains(ctx)
    rows: dict[Kind, _KindFigures] = {}  # each kind's row, read the first time a component of it comes
    # (kind, instances) → the first such component's Hop, without own figures, its weights, and its price as
    # (monthly, instances priced, each, why not priced)
    plain: dict[tuple[Kind, int], tuple[Hop, tuple[float, float, float],
                                        tuple[float | None, int, float | None, str]]] = {}
    names = ctx.names
    entries: dict[str, Hop] = {}
    weights: dict[str, tuple[float, float, float]] = {}
    lines: list[tuple[str, int, float]] = []
    unpriced: list[tuple[str, str]] = []
    total = 0.0
    client = Kind.CLIENT
    for c in ctx.sketch.components:
        cid, kind = c.id, c.kind
        if c.p50_ms is None and c.p99_ms is None and c.availability is None and c.monthly_usd is None and \
                not c.managed:
            key = (kind, c.replicas if c.replicas > 1 else 2 if c.replicated else 1)
            first = plain.get(key)
            if first is None:
                row = rows.get(kind)
                if row is None:
                    row = rows[kind] = _kind_figures(table, kind)
                h = _hop(ctx, c, row, domains.get(cid), names.get(cid, cid))
                first = plain[key] = (h, _weights(h), (h.monthly_usd, h.priced, h.unit_usd, h.cost_missing))
            entries[cid], weights[cid], (monthly, count, each, why) = first
        else:
            row = rows.get(kind)
            if row is None:
                row = rows[kind] = _kind_figures(table, kind)
            h = entries[cid] = _hop(ctx, c, row, domains.get(cid), names.get(cid, cid))
            weights[cid] = _weights(h)
            monthly, count, each, why = h.monthly_usd, h.priced, h.unit_usd, h.cost_missing
        if monthly is None:
            if kind is not client:
                unpriced.append((cid, why or "no price"))
        elif monthly:
            lines.append((cid, count, each or 0.0))
            total += monthly
    hops = _Hops(entries, names, domains)
    zoned = bool(domains) and any(c.id in domains for c in ctx.sketch.components)
    return hops, weights, Cost(total, tuple(lines), tuple(unpriced), hops), zoned


def _weights(h: Hop) -> tuple[float, float, float]:
    """What a hop adds to a path it is on, as the walk sums them: its p99 and p50 (0 where unknown), and its
    −log availability (0 where unknown or certain), so the least available path is the one with the largest sum."""
    a = h.availability
    return h.p99_ms or 0.0, h.p50_ms or 0.0, -math.log(a) if a is not None and 0 < a < 1 else 0.0


# --- the checklist -----------------------------------------------------------------------------------


def _label_stems(ctx: Context, path: PathFigures) -> set[str]:
    words: set[str] = set()
    for n in path.nodes:
        words.update(stem(w) for w in re.findall(r"[a-z][a-z0-9'-]*", ctx.by_id[n].label.lower()))
    for f in path.flows:
        words.update(stem(w) for w in re.findall(r"[a-z][a-z0-9'-]*", ctx.flow_by_id[f].label.lower()))
    return words


def _scoped(ctx: Context, target: Target, paths: Sequence[PathFigures]) -> tuple[list[PathFigures], str]:
    """The paths a target speaks of: those whose labels share its words, then those of its kind of request.

    With no match the target is held to every path, and the note says so.
    """
    note = ""
    chosen = list(paths)
    if target.words:
        matching = [p for p in paths if set(target.words) & _label_stems(ctx, p)]
        if matching:
            chosen = matching
        else:
            note = f"no path is labelled {', '.join(repr(w) for w in target.words[:3])}: checked against every path"
    if target.op in ("read", "write"):
        wanted = [p for p in chosen if p.last_op in (target.op, "readwrite", None)]
        if wanted:
            chosen = wanted
    return chosen, note


class _Checker:
    def __init__(self, ctx: Context, hops: Mapping[str, Hop], walk: _Walk, paths: _Paths):
        self.ctx = ctx
        self.hops = hops
        self.walk = walk
        self.paths = paths

    def name(self, node: str) -> str:
        return self.ctx.name(node)

    def path_text(self, path: PathFigures) -> str:
        return " → ".join(self.name(n) for n in path.nodes)

    def check(self, target: Target) -> CheckedTarget:
        if target.kind is TargetKind.LATENCY:
            return self.latency(target)
        if target.kind is TargetKind.AVAILABILITY:
            return self.availability(target)
        if target.kind is TargetKind.THROUGHPUT:
            return self.throughput(target)
        return self.retention(target)

    def _no_paths(self, target: Target) -> CheckedTarget:
        return CheckedTarget(target, Status.CANNOT_TELL, "no request path",
                             "The drawing has no request path from a client to where a request ends.",
                             missing="no request path: draw who calls the design (a client) and what it calls")

    def latency(self, t: Target) -> CheckedTarget:
        if not self.paths.slow_paths:
            return self._no_paths(t)
        paths, note = _scoped(self.ctx, t, self.paths.slow_paths)
        pct = t.percentile or 99.0
        use99 = pct > 50
        path = max(paths, key=lambda p: ((p.p99_ms, p.p50_ms) if use99 else (p.p50_ms, p.p99_ms), p.nodes))
        figure = path.p99_ms if use99 else path.p50_ms
        label = "p99" if use99 else "p50"
        model = f"{format_ms(figure)} at {label} on {self.path_text(path)}"
        hop = path.costliest
        if not use99:
            hop = max(path.nodes, key=lambda v: (self.walk._weight(_before(path, v), v, False), v))
        hop_ms = self.walk._weight(_before(path, hop), hop, use99)
        flow = path.flow_into(hop)
        where = f"{self.name(_before(path, hop))} → {self.name(hop)}" if flow else self.name(hop)
        budget = f"the {format_ms(t.value)} {('p' + format(pct, 'g').replace('.', '')) if use99 else 'p50'} budget"
        lead = f"{where} takes {format_ms(hop_ms)} of {budget}; {self.path_text(path)} is {format_ms(figure)} at {label}"
        lead += f" ({note})" if note else ""
        if figure > t.value:
            return CheckedTarget(t, Status.NOT_MET, model, lead + ".", path=path, hop=hop, flow=flow, hop_ms=hop_ms)
        # A path with a hop the table cannot time may be the slowest: the model cannot tell.
        blind = [p for p in paths if p.unknown_latency and (p.p99_ms if use99 else p.p50_ms) <= t.value]
        if blind:
            unknown = list(dict.fromkeys(v for p in blind for v in p.unknown_latency))
            missing = "; ".join(self.hops[v].latency_missing for v in unknown)
            shown = blind[0]
            known = shown.p99_ms if use99 else shown.p50_ms
            return CheckedTarget(t, Status.CANNOT_TELL, f"at least {format_ms(known)} at {label} on "
                                 f"{self.path_text(shown)}",
                                 f"{self.path_text(shown)} is at least {format_ms(known)} at {label} without "
                                 f"{', '.join(self.name(v) for v in shown.unknown_latency)}; the slowest path the "
                                 f"table can time is {format_ms(figure)}.", missing=missing, path=shown, hop=hop, flow=flow,
                                 needs=tuple(unknown))
        if 50 < pct < 99 and path.p50_ms <= t.value < path.p99_ms:
            return CheckedTarget(t, Status.AT_RISK, model,
                                 f"The table has p50 and p99 only: p{pct:g} lies between {format_ms(path.p50_ms)} and "
                                 f"{format_ms(path.p99_ms)} on {self.path_text(path)}, and the budget is "
                                 f"{format_ms(t.value)}.", path=path, hop=hop, flow=flow, hop_ms=hop_ms)
        if pct > 99 or figure >= AT_RISK_SHARE * t.value:
            extra = " The table has no p99.9: the p99 is under the budget, the tail beyond it is not known." \
                if pct > 99 else ""
            return CheckedTarget(t, Status.AT_RISK, model, lead + f", {round(figure / t.value * 100):g}% of the "
                                 f"budget." + extra, path=path, hop=hop, flow=flow, hop_ms=hop_ms)
        return CheckedTarget(t, Status.MET, model, lead + ".", path=path, hop=hop, flow=flow, hop_ms=hop_ms)

    def availability(self, t: Target) -> CheckedTarget:
        if not self.paths.avail_paths:
            return self._no_paths(t)
        if t.kind is TargetKind.DURABILITY:
            return self.retention(t)
        paths, note = _scoped(self.ctx, t, self.paths.avail_paths)
        path = min(paths, key=lambda p: (p.availability, p.nodes))
        a = path.availability
        model = f"{percent(a)} on {self.path_text(path)}"
        weakest = path.weakest
        h = self.hops[weakest]
        count = "" if self.ctx.kind(weakest) in _PROVIDER_KINDS else \
            f"{'one instance' if h.instances == 1 else f'{h.instances} instances'}, "
        shared = h.domain is not None and h.domain[2] <= (h.availability or 1)
        cost_most = f"{h.domain[1]} ({percent(h.domain[2])}, shared by every replica)" if shared and h.domain else \
            f"{self.name(weakest)} ({count}{percent(h.availability or 0)})"
        lead = (f"{self.path_text(path)} is available {percent(a)} as drawn against the {percent(t.value)} asked "
                f"for; {cost_most} costs most") + (f" ({note})" if note else "")
        if a < t.value:
            return CheckedTarget(t, Status.NOT_MET, model, lead + ".", path=path, hop=weakest,
                                 flow=path.flow_into(weakest))
        blind = [p for p in paths if p.unknown_availability and p.availability >= t.value]
        if blind:
            unknown = list(dict.fromkeys(v for p in blind for v in p.unknown_availability))
            missing = "; ".join(self.hops[v].availability_missing for v in unknown)
            shown = blind[0]
            return CheckedTarget(t, Status.CANNOT_TELL, f"at most {percent(shown.availability)} on "
                                 f"{self.path_text(shown)}",
                                 f"{self.path_text(shown)} is at most {percent(shown.availability)} without "
                                 f"{', '.join(self.name(v) for v in shown.unknown_availability)}.",
                                 missing=missing, path=shown, hop=weakest, needs=tuple(unknown))
        allowed = 1 - t.value
        if (1 - a) >= AT_RISK_SHARE * allowed:
            return CheckedTarget(t, Status.AT_RISK, model, lead + f": it uses {round((1 - a) / allowed * 100):g}% "
                                 "of the downtime the target allows.", path=path, hop=weakest)
        return CheckedTarget(t, Status.MET, model, lead + ".", path=path, hop=weakest)

    def throughput(self, t: Target) -> CheckedTarget:
        if not self.ctx.entries:
            return self._no_paths(t)
        estimates = self.ctx.options.get("estimates", {}) or {}
        derived = derive(estimates)
        peak_note = ""
        rate = t.value
        if t.period and t.period != "second":
            factor = estimates.get("peak_factor")
            if factor:
                rate = t.value * factor
                peak_note = f"{human(t.value)}/s on average × your peak factor {human(factor)}"
            else:
                peak_note = f"{human(t.value)}/s on average (no peak factor: peaks are higher)"
        ratio = estimates.get("read_write_ratio")
        if t.op == "read":
            reads, writes = rate, (derived.peak_write_qps if derived else 0.0)
            basis = "reads as stated" + (", writes from your estimates" if derived else "")
        elif t.op == "write":
            reads, writes = (derived.peak_read_qps if derived else 0.0), rate
            basis = "writes as stated" + (", reads from your estimates" if derived else "")
        else:
            r = ratio if ratio is not None else 1.0
            reads, writes = rate * r / (1 + r), rate / (1 + r)
            basis = f"a {human(r)}:1 read:write mix" + ("" if ratio is not None else " (ratio not given: assumed)")
        ceiling = _ceiling(self.ctx, reads, writes, basis)
        target_text = f"{human(reads + writes)} requests/s" if t.op is None else \
            f"{human(rate)} {'reads' if t.op == 'read' else 'writes'}/s"
        if peak_note:
            target_text += f" ({peak_note})"
        if ceiling.hop is None:
            if ceiling.unsized:
                names = ", ".join(self.name(n) for n in ceiling.unsized)
                return CheckedTarget(t, Status.CANNOT_TELL, "no ceiling",
                                     f"{names} carr{'ies' if len(ceiling.unsized) == 1 else 'y'} the traffic "
                                     "with no capacity figure.",
                                     missing="; ".join(_unsized(self.name(n)) for n in ceiling.unsized),
                                     needs=ceiling.unsized, ceiling=ceiling)
            return CheckedTarget(t, Status.MET, "no ceiling from the table",
                                 "Every component carrying this traffic is run by a provider that scales it.")
        model = f"about {human(ceiling.qps)} requests/s ({ceiling.where} saturates first)"
        if t.op is not None:
            share = reads if t.op == "read" else writes
            model = f"about {human(ceiling.scale * share)} {'reads' if t.op == 'read' else 'writes'}/s " \
                f"({ceiling.where} saturates first)"
        takes = model.split(" (")[0]
        lead = f"You expect {target_text}; the design takes {takes} before {ceiling.where} saturates " \
            f"({ceiling.limit_text})"
        elements: dict[str, Any] = {"hop": ceiling.hop, "ceiling": ceiling}
        if ceiling.scale < 1:
            return CheckedTarget(t, Status.NOT_MET, model, lead + ".", **elements)
        if ceiling.unsized:
            names = ", ".join(self.name(n) for n in ceiling.unsized)
            return CheckedTarget(t, Status.CANNOT_TELL, model, lead + f", not counting {names}.",
                                 missing="; ".join(_unsized(self.name(n)) for n in ceiling.unsized),
                                 needs=ceiling.unsized, **elements)
        if ceiling.scale < 1 / AT_RISK_SHARE:
            return CheckedTarget(t, Status.AT_RISK, model, lead + ": less than 25% headroom.", **elements)
        return CheckedTarget(t, Status.MET, model, lead + ".", **elements)

    def retention(self, t: Target) -> CheckedTarget:
        ctx = self.ctx
        stores = [n for n in ctx.of_kind(Kind.DATABASE, Kind.OBJECT_STORAGE, Kind.SEARCH) if n in ctx.reachable]
        what = "kept " + _years(t.value) if t.kind is TargetKind.RETENTION else f"{percent(t.value)} durable"
        if not ctx.sketch.components:
            return CheckedTarget(t, Status.CANNOT_TELL, "nothing drawn", "The drawing is empty.",
                                 missing="no components")
        if not stores:
            return CheckedTarget(t, Status.NOT_MET, "no durable store",
                                 f"Nothing that requests reach keeps data durably (a database or object storage), so "
                                 f"nothing can be {what}.")
        single = [n for n in stores if not ctx.redundant(n) and not ctx.managed(n)]
        size = ""
        derived = derive(ctx.options.get("estimates", {}) or {})
        if t.kind is TargetKind.RETENTION and derived is not None and derived.storage_gb_per_year is not None:
            size = (f" At your estimates that is {human(derived.storage_gb_per_year)} GB/year × {_years(t.value)} = "
                    f"{human(derived.storage_gb_per_year * t.value)} GB.")
        names = ", ".join(self.name(n) for n in stores)
        model = f"stored in {names}"
        note = " (the model checks that a second copy exists, not the nines)" if t.kind is TargetKind.DURABILITY else ""
        if single:
            who = ", ".join(self.name(n) for n in single)
            return CheckedTarget(t, Status.AT_RISK, model,
                                 f"{who} hold{'s' if len(single) == 1 else ''} the only copy: one lost disk ends the "
                                 f"promise to keep data {what.removeprefix('kept ')}{note}.{size}", hop=single[0],
                                 stores=tuple(stores))
        return CheckedTarget(t, Status.MET, model, f"{names}: every store keeping the data has a second copy"
                             f"{note}.{size}", stores=tuple(stores))


def _unsized(name: str) -> str:
    return f"no capacity figure for {name}: pick its kind, or set its requests/s in Components"


def _years(years: float) -> str:
    if years >= 1:
        return f"{years:g} year{'s' if years != 1 else ''}"
    return f"{round(years * 365):g} days"


def _before(path: PathFigures, node: str) -> str | None:
    i = path.nodes.index(node)
    return path.nodes[i - 1] if i else None


# --- the model ---------------------------------------------------------------------------------------


def _reference_mix(ctx: Context) -> tuple[float, float, str]:
    estimates = ctx.options.get("estimates", {}) or {}
    peak = peak_load(estimates)
    if peak is not None and sum(peak) > 0:
        return peak[0], peak[1], "your estimates' peak"
    ratio = estimates.get("read_write_ratio")
    r = ratio if ratio is not None else 1.0
    basis = f"no peak estimated: a {human(r)}:1 read:write mix" + (", as you wrote" if ratio is not None else
                                                                  " assumed")
    return 1000 * r / (1 + r), 1000 / (1 + r), basis


class _Paths:
    """The request paths, built when something reads them: the analysis needs the slowest and the least available
    path only, a report or an export reads them all (each costs its length to build)."""

    def __init__(self, ctx: Context, walk: _Walk):
        self.ctx, self.walk = ctx, walk
        self.slow_prev, self.avail_prev, self.slow, self.down = walk.longest()
        self.ends = walk.ends(self.slow)
        self._known: dict[tuple[str, ...], PathFigures] = {}

    def figures(self, nodes: tuple[str, ...]) -> PathFigures:
        """A path's figures, worked out once: the slowest path is often the least available one too."""
        known = self._known.get(nodes)
        if known is None:
            known = self._known[nodes] = _figures(self.ctx, self.walk, nodes)
        return known

    @cached_property
    def slow_paths(self) -> list[PathFigures]:
        """The slowest path to each end, in the order of the ends' ids."""
        return [self.figures(_chain(self.slow_prev, e)) for e in self.ends]

    @cached_property
    def avail_paths(self) -> list[PathFigures]:
        """The least available path to each end (the same object as the slowest where they coincide)."""
        return [self.figures(_chain(self.avail_prev, e)) for e in self.ends]

    @cached_property
    def slowest(self) -> PathFigures | None:
        if not self.ends:
            return None
        # max(ends, key=(p99, p50, id)), written out: the ends are sorted, so the last of equals is the largest id.
        slow, end, most = self.slow, self.ends[0], self.slow[self.ends[0]]
        for e in self.ends:
            if slow[e] >= most:
                end, most = e, slow[e]
        return self.figures(_chain(self.slow_prev, end))

    @cached_property
    def least_available(self) -> PathFigures | None:
        if not self.ends:
            return None
        if self.walk.zoned:
            # Shared zones multiply in once per path, which the pass over components does not see: compare whole paths.
            return min(self.avail_paths, key=lambda p: (p.availability, p.end))
        # min(ends, key=(−down, id)), written out: the first of equals is the smallest id.
        down, end, most = self.down, self.ends[0], self.down[self.ends[0]]
        for e in self.ends:
            if down[e] > most:
                end, most = e, down[e]
        return self.figures(_chain(self.avail_prev, end))


def numbers_of(ctx: Context) -> DesignNumbers:
    """The model of ``ctx``'s drawing and the check of its requirements, computed once per analysis."""
    memo = ctx.memo.get("numbers")
    if memo is not None:
        return memo  # type: ignore[return-value]
    table = capacity_table(ctx)
    ratio = hit_ratio(ctx)
    hops, weights, cost, zoned = _hops_and_cost(ctx, table)
    walk = _Walk(ctx, hops, weights, ratio, zoned)
    paths = _Paths(ctx, walk)
    reads, writes, basis = _reference_mix(ctx)
    ceiling = _ceiling(ctx, reads, writes, basis)
    text = str(ctx.options.get("requirements", "") or "")
    requirements: tuple[RequirementCheck, ...] = ()
    if text.strip():
        checker = _Checker(ctx, hops, walk, paths)
        requirements = tuple(RequirementCheck(r.line, tuple(checker.check(t) for t in r.targets))
                             for r in parse_requirements(text))
    notes = ("zones and regions drawn as groups are counted once per path",) if walk.zoned else ()
    numbers = DesignNumbers(hops, paths.slowest, paths.least_available, ceiling, cost, requirements, ratio, notes,
                            paths)
    ctx.memo["numbers"] = numbers
    return numbers


def targets_stated(ctx: Context) -> bool:
    """Whether the requirements state any target: the rules need the model only then."""
    text = str(ctx.options.get("requirements", "") or "")
    return bool(text.strip()) and any(r.targets for r in parse_requirements(text))

