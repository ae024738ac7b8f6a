"""The table of typical figures per kind, read from an editable, sourced data file.

For one node of each kind: the requests per second it takes (capacity), the
latency one hop through it adds (p50 and p99), its availability and its
monthly price; and for a zone or region that every replica shares, its
availability. The numbers live in ``design/sizing/data/capacity.json``, each
with its source and rationale, not in code: they are judgement calls a user
may want to change for their hardware and provider, and a reviewer must be
able to check where they came from. The file is validated strictly
(path-prefixed :class:`CapacityError`), because a silently misread figure
would produce silently wrong findings.

Schema 2 added ``latency``, ``availability`` and ``cost`` per kind and the
``domains`` table; a schema-1 file (capacities only) still loads, and the
model then says which figures it lacks rather than guessing them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from design.model.echo import echo, echo_key
from design.model.jsontext import JSONTextError, parse_json
from design.model.numbers import NumberError, finite_number
from design.model.sketch import Kind

__all__ = ["CapacityError", "CapacityTable", "Figure", "HopLatency", "KindCapacity", "default_capacity",
           "load_capacity"]

SCHEMA = 2
#: Failure domains a group can name, whose loss takes every replica inside with it.
DOMAINS = ("host", "zone", "region")


class CapacityError(ValueError):
    """The capacity file is not valid; the message starts with the path of the bad field."""


@dataclass(frozen=True, slots=True)
class Figure:
    """One sourced number (an availability, a monthly price); ``value`` ``None`` means not modelled, and
    ``source`` says why."""

    value: float | None
    source: str = ""
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class HopLatency:
    """The time one hop through a node adds, in milliseconds, at the median and the 99th percentile."""

    p50_ms: float | None
    p99_ms: float | None
    source: str = ""
    rationale: str = ""

    @property
    def known(self) -> bool:
        return self.p50_ms is not None and self.p99_ms is not None


@dataclass(frozen=True, slots=True)
class KindCapacity:
    """What one node of a kind handles per second (``qps`` for any request, or separate read/write limits),
    and, from schema 2, the latency of a hop through it, its availability and its monthly price."""

    qps: float | None = None
    read_qps: float | None = None
    write_qps: float | None = None
    source: str = ""
    rationale: str = ""
    latency: HopLatency | None = None
    availability: Figure | None = None
    cost: Figure | None = None

    @property
    def sized(self) -> bool:
        return any(v is not None for v in (self.qps, self.read_qps, self.write_qps))


@dataclass(frozen=True, slots=True)
class CapacityTable:
    """Figures by kind (a kind missing from the table is not sized), and the availability of shared domains."""

    kinds: Mapping[Kind, KindCapacity]
    domains: Mapping[str, Figure] = field(default_factory=dict)

    def get(self, kind: Kind) -> KindCapacity:
        return self.kinds.get(kind) or _UNSIZED


_UNSIZED = KindCapacity()


def load_capacity(text: str | bytes) -> CapacityTable:
    """Parse and validate a capacity file (schema 1 or 2).

    >>> t = load_capacity('{"schema": 1, "kinds": {"cache": {"qps": 100, "source": "measured"}}}')
    >>> t.get(Kind.CACHE).qps, t.get(Kind.DATABASE).sized, t.get(Kind.CACHE).latency
    (100.0, False, None)
    """
    try:
        data = parse_json(text)  # every failure says where: bad JSON, not UTF-8, 4,300+ digits, deep nesting
    except JSONTextError as exc:
        raise CapacityError(str(exc)) from None
    if not isinstance(data, dict):
        raise CapacityError("top level: expected an object")
    schema = data.get("schema")
    if schema not in (1, SCHEMA) or isinstance(schema, bool):
        raise CapacityError(f"schema: expected 1 or {SCHEMA}, got {echo(schema)}")
    extra = sorted(set(data) - {"schema", "about", "kinds", *(("domains",) if schema >= 2 else ())})
    if extra:
        raise CapacityError(f"{echo_key(extra[0])}: unknown field")
    kinds = data.get("kinds")
    if not isinstance(kinds, dict):
        raise CapacityError("kinds: expected an object of kind → capacity")
    fields_allowed = {"qps", "read_qps", "write_qps", "source", "rationale"}
    if schema >= 2:
        fields_allowed |= {"latency", "availability", "cost"}
    out: dict[Kind, KindCapacity] = {}
    for name, entry in kinds.items():
        path = f"kinds.{echo_key(name)}"
        if name not in Kind._value2member_map_:
            raise CapacityError(f"{path}: unknown kind (expected one of {', '.join(k.value for k in Kind)})")
        if not isinstance(entry, dict):
            raise CapacityError(f"{path}: expected an object")
        extra = sorted(set(entry) - fields_allowed)
        if extra:
            raise CapacityError(f"{path}.{echo_key(extra[0])}: unknown field")
        numbers = {k: _limit(entry.get(k), f"{path}.{k}") for k in ("qps", "read_qps", "write_qps")}
        source, rationale = _sourcing(entry, path, any(v is not None for v in numbers.values()))
        out[Kind(name)] = KindCapacity(
            **numbers, source=source, rationale=rationale,
            latency=_latency(entry["latency"], f"{path}.latency") if "latency" in entry else None,
            availability=_figure(entry["availability"], f"{path}.availability", "instance", _fraction)
            if "availability" in entry else None,
            cost=_figure(entry["cost"], f"{path}.cost", "monthly_usd", _price) if "cost" in entry else None,
        )
    domains: dict[str, Figure] = {}
    raw = data.get("domains", {})
    if not isinstance(raw, dict):
        raise CapacityError("domains: expected an object of zone/region → availability")
    for name, entry in raw.items():
        if name not in DOMAINS:
            raise CapacityError(f"domains.{echo_key(name)}: unknown domain (expected one of {', '.join(DOMAINS)})")
        domains[name] = _figure(entry, f"domains.{name}", "availability", _fraction)
    return CapacityTable(out, domains)


def _sourcing(entry: dict[str, Any], path: str, has_figure: bool) -> tuple[str, str]:
    source = entry.get("source", "")
    if not isinstance(source, str) or (has_figure and not source.strip()):
        raise CapacityError(f"{path}.source: every figure needs a source (text)")
    rationale = entry.get("rationale", "")
    if not isinstance(rationale, str):
        raise CapacityError(f"{path}.rationale: expected text")
    return source, rationale


def _figure(entry: Any, path: str, key: str, check: Any) -> Figure:
    if not isinstance(entry, dict):
        raise CapacityError(f"{path}: expected an object with {key}, source and rationale")
    extra = sorted(set(entry) - {key, "source", "rationale"})
    if extra:
        raise CapacityError(f"{path}.{echo_key(extra[0])}: unknown field")
    value = check(entry.get(key), f"{path}.{key}")
    source, rationale = _sourcing(entry, path, value is not None)
    if not source.strip():
        raise CapacityError(f"{path}.source: say where the figure comes from, or why there is none")
    return Figure(value, source, rationale)


def _latency(entry: Any, path: str) -> HopLatency:
    if not isinstance(entry, dict):
        raise CapacityError(f"{path}: expected an object with p50_ms, p99_ms, source and rationale")
    extra = sorted(set(entry) - {"p50_ms", "p99_ms", "source", "rationale"})
    if extra:
        raise CapacityError(f"{path}.{echo_key(extra[0])}: unknown field")
    p50, p99 = (_millis(entry.get(k), f"{path}.{k}") for k in ("p50_ms", "p99_ms"))
    if (p50 is None) != (p99 is None):
        raise CapacityError(f"{path}: give both p50_ms and p99_ms, or neither")
    if p50 is not None and p99 is not None and p99 < p50:
        raise CapacityError(f"{path}.p99_ms: the 99th percentile cannot be below the median ({p50:g} ms)")
    source, rationale = _sourcing(entry, path, p50 is not None)
    if not source.strip():
        raise CapacityError(f"{path}.source: say where the figure comes from, or why there is none")
    return HopLatency(p50, p99, source, rationale)


def _checked(low: float, high: float, low_open: bool, unit: str) -> Callable[[Any, str], float | None]:
    """A reader of one kind of figure: ``null``, or a number in range, refused with its path and its unit."""

    def read(value: Any, path: str) -> float | None:
        if value is None:
            return None
        try:
            return finite_number(value, low, high, low_open=low_open)
        except NumberError as exc:
            raise CapacityError(f"{path}: {exc} ({unit}, or null)") from None

    return read


_limit = _checked(0, math.inf, True, "requests per second")
_millis = _checked(0, math.inf, False, "milliseconds")
_fraction = _checked(0, 1, True, "a fraction: 0.995 for 99.5%")
_price = _checked(0, math.inf, False, "US dollars a month")


@cache
def default_capacity() -> CapacityTable:
    """The packaged table (read once; it ships with the code, so a bad one is a bug and raises)."""
    return load_capacity(resources.files("design.sizing").joinpath("data/capacity.json").read_bytes())
