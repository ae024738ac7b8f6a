"""The saved sketch document: a tagged, versioned envelope, validated strictly.

A user's drawing is restored leniently; our own saved files are the opposite.
A document that does not match the schema is rejected with a path-prefixed
error (``corrections.web.kind: unknown kind "fridge"``) instead of being half
read, because a silently repaired save would be a lost save.

Old documents are upgraded by :data:`MIGRATIONS`, an append-only list of
``(from_schema, function)`` steps run in order before validation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from design.model.corrections import FIGURES, Correction
from design.model.echo import echo, echo_key
from design.model.estimates import ESTIMATE_KEYS
from design.model.jsontext import JSONTextError, parse_json
from design.model.labels import MAX_LABEL
from design.model.numbers import NumberError, finite_number
from design.model.sketch import Kind

__all__ = [
    "DOC_TYPE",
    "MIGRATIONS",
    "SCHEMA",
    "DocumentError",
    "SketchDocument",
    "content_hash",
    "dumps",
    "from_json",
    "loads",
    "to_json",
]

DOC_TYPE = "sketchfirst/sketch"
#: 2: corrections may say whether a component is ``managed``, ``split`` a pool into its boxes, and carry the
#: numbers model's figures (``p50_ms``, ``p99_ms``, ``availability``, ``monthly_usd``).
SCHEMA = 2
MAX_NOTE = 20_000
SOURCES = ("canvas", "mermaid", "excalidraw", "example")

Migration = Callable[[dict[str, Any]], dict[str, Any]]
def _schema_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 only adds optional correction fields (managed, split, the numbers model's figures): a schema-1
    document is a valid schema-2 one. The number moved so that an older Sketchfirst refuses a document with them
    by its schema, not by a field it does not know."""
    return {**doc, "schema": 2}


#: ``(from_schema, step)``: each step turns a schema-N document into schema N+1. Append only.
MIGRATIONS: list[tuple[int, Migration]] = [(1, _schema_1_to_2)]


class DocumentError(ValueError):
    """A saved document is not valid; the message starts with the path of the bad field."""


@dataclass(frozen=True)
class SketchDocument:
    """What a save stores: the canvas as drawn, plus what the user told us about it."""

    canvas: Mapping[str, Any]
    title: str = "Untitled design"
    corrections: Mapping[str, Correction] = field(default_factory=dict)
    requirements: str = ""
    approach: str = ""
    estimates: Mapping[str, float] = field(default_factory=dict)
    problem: str | None = None
    source: str = "canvas"


def to_json(doc: SketchDocument) -> dict[str, Any]:
    """The document as plain JSON data, with its type tag and schema."""
    return {
        "type": DOC_TYPE,
        "schema": SCHEMA,
        "title": doc.title,
        "canvas": {"version": doc.canvas.get("version", ""), "objects": list(doc.canvas.get("objects", []))},
        "corrections": {cid: fix.to_json() for cid, fix in sorted(doc.corrections.items()) if fix.to_json()},
        "notes": {
            "requirements": doc.requirements,
            "approach": doc.approach,
            "estimates": dict(sorted(doc.estimates.items())),
        },
        "problem": doc.problem,
        "source": doc.source,
    }


def dumps(doc: SketchDocument) -> str:
    """Canonical JSON text: sorted keys, so equal documents give equal bytes (and hashes)."""
    return json.dumps(to_json(doc), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def content_hash(doc: SketchDocument) -> str:
    """SHA-256 of the canonical text: tells an unchanged canvas from a changed one."""
    return hashlib.sha256(dumps(doc).encode()).hexdigest()


def loads(text: str | bytes, migrations: list[tuple[int, Migration]] | None = None) -> SketchDocument:
    """Parse, migrate and strictly validate a saved document."""
    try:
        data = parse_json(text)
    except JSONTextError as exc:
        raise DocumentError(str(exc)) from None
    return from_json(data, migrations)


def is_document(data: object) -> bool:
    """Whether parsed JSON claims to be one of our documents (by its type tag)."""
    return isinstance(data, Mapping) and data.get("type") == DOC_TYPE


def from_json(data: object, migrations: list[tuple[int, Migration]] | None = None) -> SketchDocument:
    """Validate parsed JSON as a document (after migrating it to :data:`SCHEMA`)."""
    steps = MIGRATIONS if migrations is None else migrations
    obj = _mapping(data, "document")
    if obj.get("type") != DOC_TYPE:
        raise DocumentError(f"type: expected {DOC_TYPE!r}, got {echo(obj.get('type'))}")
    schema = obj.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise DocumentError(f"schema: expected an integer, got {echo(schema)}")
    if schema > SCHEMA:
        raise DocumentError(f"schema: version {echo(schema)} is newer than this Sketchfirst understands ({SCHEMA})")
    doc = dict(obj)
    for from_schema, step in steps:
        if doc["schema"] == from_schema:
            doc = step(doc)
    if doc.get("schema") != SCHEMA:
        raise DocumentError(f"schema: no migration from version {echo(doc.get('schema'))} to {SCHEMA}")
    return _validate(doc)


def _validate(doc: Mapping[str, Any]) -> SketchDocument:
    allowed = {"type", "schema", "title", "canvas", "corrections", "notes", "problem", "source"}
    _no_extra(doc, allowed, "")
    title = _string(doc.get("title", "Untitled design"), "title", MAX_LABEL)
    canvas = _mapping(doc.get("canvas"), "canvas")
    _no_extra(canvas, {"version", "objects", "background"}, "canvas.")
    objects = canvas.get("objects")
    if not isinstance(objects, list):
        raise DocumentError(f"canvas.objects: expected a list, got {echo(objects)}")
    for i, o in enumerate(objects):
        if not isinstance(o, Mapping):
            raise DocumentError(f"canvas.objects[{i}]: expected an object, got {echo(o)}")
    version = canvas.get("version", "")
    if not isinstance(version, str):
        raise DocumentError(f"canvas.version: expected text, got {echo(version)}")

    corrections: dict[str, Correction] = {}
    for cid, raw in _mapping(doc.get("corrections", {}), "corrections").items():
        path = f"corrections.{echo_key(cid)}"
        fix = _mapping(raw, path)
        _no_extra(fix, {"kind", "replicas", "throughput", "managed", "split", *FIGURES}, path + ".")
        kind = fix.get("kind")
        if kind is not None and (not isinstance(kind, str) or kind not in Kind._value2member_map_):
            raise DocumentError(f"{path}.kind: unknown kind {echo(kind)}")
        replicas = fix.get("replicas")
        if replicas is not None and (isinstance(replicas, bool) or not isinstance(replicas, int) or not 1 <= replicas <= 1000):
            raise DocumentError(f"{path}.replicas: expected a whole number from 1 to 1000, got {echo(replicas)}")
        throughput = fix.get("throughput")
        if throughput is not None:
            throughput = _number(throughput, f"{path}.throughput")
        managed = fix.get("managed")
        if managed is not None and not isinstance(managed, bool):
            raise DocumentError(f"{path}.managed: expected true or false, got {echo(managed)}")
        split = fix.get("split", False)
        if split is not True and split is not False:
            raise DocumentError(f"{path}.split: expected true or false, got {echo(split)}")
        figures = _figures(fix, path)
        corrections[cid] = Correction(Kind(kind) if kind else None, replicas, throughput, managed, split, **figures)

    notes = _mapping(doc.get("notes", {}), "notes")
    _no_extra(notes, {"requirements", "approach", "estimates"}, "notes.")
    estimates: dict[str, float] = {}
    for key, value in _mapping(notes.get("estimates", {}), "notes.estimates").items():
        if key not in ESTIMATE_KEYS:
            raise DocumentError(
                f"notes.estimates.{echo_key(key)}: unknown estimate (expected one of {', '.join(ESTIMATE_KEYS)})"
            )
        estimates[key] = _number(value, f"notes.estimates.{key}")
    problem = doc.get("problem")
    if problem is not None:
        problem = _string(problem, "problem", 100)
    source = doc.get("source", "canvas")
    if source not in SOURCES:
        raise DocumentError(f"source: expected one of {', '.join(SOURCES)}, got {echo(source)}")
    return SketchDocument(
        canvas={"version": version, "objects": objects},
        title=title,
        corrections=corrections,
        requirements=_string(notes.get("requirements", ""), "notes.requirements", MAX_NOTE),
        approach=_string(notes.get("approach", ""), "notes.approach", MAX_NOTE),
        estimates=estimates,
        problem=problem,
        source=source,
    )


#: Each figure a correction may set: (lowest, highest, whether the lowest itself is refused, the unit).
_FIGURE_RANGES = {
    "p50_ms": (0.0, 3_600_000.0, False, "milliseconds"),
    "p99_ms": (0.0, 3_600_000.0, False, "milliseconds"),
    "availability": (0.0, 1.0, True, "a fraction: 0.999 for 99.9%"),
    "monthly_usd": (0.0, 1e9, False, "US dollars a month"),
}


def _figures(fix: Mapping[str, Any], path: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for key in FIGURES:
        value = fix.get(key)
        if value is None:
            continue
        low, high, low_open, unit = _FIGURE_RANGES[key]
        try:
            out[key] = finite_number(value, low, high, low_open=low_open)
        except NumberError as exc:
            raise DocumentError(f"{path}.{key}: {exc} ({unit})") from None
    if out.get("p50_ms", 0.0) > out.get("p99_ms", float("inf")):
        raise DocumentError(f"{path}.p99_ms: the 99th percentile cannot be below the median ({out['p50_ms']:g} ms)")
    return out


def _mapping(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise DocumentError(f"{path}: expected an object, got {echo(value)}")
    return value


def _no_extra(obj: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
    extra = sorted(set(obj) - allowed)
    if extra:
        raise DocumentError(f"{prefix}{echo_key(extra[0])}: unknown field")


def _string(value: object, path: str, limit: int) -> str:
    if not isinstance(value, str):
        raise DocumentError(f"{path}: expected text, got {echo(value)}")
    if len(value) > limit:
        raise DocumentError(f"{path}: longer than {limit} characters")
    return value


def _number(value: object, path: str) -> float:
    try:
        return finite_number(value, 0)
    except NumberError as exc:
        raise DocumentError(f"{path}: {exc}") from None
