"""The table of typical single-node capacities per kind, read from an editable, sourced data file.

The numbers live in ``design/sizing/data/capacity.json``, each with its source and
rationale, not in code: they are judgement calls a user may want to change
for their hardware, and a reviewer must be able to check where they came
from. The file is validated strictly (path-prefixed :class:`CapacityError`),
because a silently misread capacity would produce silently wrong findings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from design.model.numbers import NumberError, finite_number
from design.model.sketch import Kind

__all__ = ["CapacityError", "CapacityTable", "KindCapacity", "default_capacity", "load_capacity"]

SCHEMA = 1


class CapacityError(ValueError):
    """The capacity file is not valid; the message starts with the path of the bad field."""


@dataclass(frozen=True, slots=True)
class KindCapacity:
    """What one node of a kind handles per second: ``qps`` for any request, or separate read/write limits."""

    qps: float | None = None
    read_qps: float | None = None
    write_qps: float | None = None
    source: str = ""
    rationale: str = ""

    @property
    def sized(self) -> bool:
        return any(v is not None for v in (self.qps, self.read_qps, self.write_qps))


@dataclass(frozen=True, slots=True)
class CapacityTable:
    """Capacities by kind; a kind missing from the table is not sized."""

    kinds: Mapping[Kind, KindCapacity]

    def get(self, kind: Kind) -> KindCapacity:
        return self.kinds.get(kind, KindCapacity())


def load_capacity(text: str | bytes) -> CapacityTable:
    """Parse and validate a capacity file.

    >>> t = load_capacity('{"schema": 1, "kinds": {"cache": {"qps": 100, "source": "measured"}}}')
    >>> t.get(Kind.CACHE).qps, t.get(Kind.DATABASE).sized
    (100.0, False)
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CapacityError(f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except UnicodeDecodeError:
        raise CapacityError("not UTF-8 text") from None
    if not isinstance(data, dict):
        raise CapacityError("top level: expected an object")
    extra = sorted(set(data) - {"schema", "about", "kinds"})
    if extra:
        raise CapacityError(f"{extra[0]}: unknown field")
    if data.get("schema") != SCHEMA:
        raise CapacityError(f"schema: expected {SCHEMA}, got {data.get('schema')!r}")
    kinds = data.get("kinds")
    if not isinstance(kinds, dict):
        raise CapacityError("kinds: expected an object of kind → capacity")
    out: dict[Kind, KindCapacity] = {}
    for name, entry in kinds.items():
        path = f"kinds.{name}"
        if name not in Kind._value2member_map_:
            raise CapacityError(f"{path}: unknown kind (expected one of {', '.join(k.value for k in Kind)})")
        if not isinstance(entry, dict):
            raise CapacityError(f"{path}: expected an object")
        extra = sorted(set(entry) - {"qps", "read_qps", "write_qps", "source", "rationale"})
        if extra:
            raise CapacityError(f"{path}.{extra[0]}: unknown field")
        numbers = {k: _limit(entry.get(k), f"{path}.{k}") for k in ("qps", "read_qps", "write_qps")}
        source = entry.get("source", "")
        if not isinstance(source, str) or (any(v is not None for v in numbers.values()) and not source.strip()):
            raise CapacityError(f"{path}.source: every figure needs a source (text)")
        rationale = entry.get("rationale", "")
        if not isinstance(rationale, str):
            raise CapacityError(f"{path}.rationale: expected text")
        out[Kind(name)] = KindCapacity(**numbers, source=source, rationale=rationale)
    return CapacityTable(out)


def _limit(value: Any, path: str) -> float | None:
    if value is None:
        return None
    try:
        return finite_number(value, 0, low_open=True)
    except NumberError as exc:
        raise CapacityError(f"{path}: {exc} (requests per second, or null)") from None


@cache
def default_capacity() -> CapacityTable:
    """The packaged table (read once; it ships with the code, so a bad one is a bug and raises)."""
    return load_capacity(resources.files("design.sizing").joinpath("data/capacity.json").read_bytes())
