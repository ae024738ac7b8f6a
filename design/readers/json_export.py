"""Read a Sketchfirst JSON export back: strict, because it is our own format.

The writer is :mod:`design.exports.json_export`; this is its inverse. Import
reads only ``design``, ``document``, ``decisions`` and ``critiques`` (the rest
is derived), and a bad field is refused with its path. Older exports are
brought up to :data:`EXPORT_SCHEMA` by :data:`MIGRATIONS` first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from design.model.document import DocumentError, from_json
from design.model.echo import echo, echo_key
from design.readers.result import ExportMeta, Imported

__all__ = ["EXPORT_SCHEMA", "EXPORT_TYPE", "MIGRATIONS", "ExportFormatError", "is_export", "read_export"]

EXPORT_TYPE = "sketchfirst/export"
#: 2: ``analysis`` carries ``model`` and ``requirements`` (the numbers model and the checked requirements),
#: ``groups`` and the components' pools, notes and managed flags; the embedded document is schema 2
#: (corrections may say ``managed`` and ``split`` a pool). Schema-1 exports still import.
EXPORT_SCHEMA = 2


def _schema_1_to_2(data: Mapping[str, Any]) -> dict[str, Any]:
    """Schema 2 added ``analysis.model`` and ``analysis.requirements``. Both are derived from the document, and
    import never reads ``analysis``, so a schema-1 export needs only its number moved."""
    return {**data, "schema": 2}


#: ``(from_schema, step)``: each step turns an export of schema N into N+1 before it is read. Append only.
MIGRATIONS: list[tuple[int, Callable[[Mapping[str, Any]], dict[str, Any]]]] = [(1, _schema_1_to_2)]
_STATUSES = ("accepted", "disputed")


class ExportFormatError(ValueError):
    """A JSON export that cannot be imported; the message starts with the path of the bad field."""


def is_export(data: object) -> bool:
    return isinstance(data, Mapping) and data.get("type") == EXPORT_TYPE


def read_export(data: object) -> Imported:
    """Read a parsed JSON export back: the document and the saved-version facts, critiques and decisions."""
    if not isinstance(data, Mapping) or data.get("type") != EXPORT_TYPE:
        raise ExportFormatError(f"type: expected {EXPORT_TYPE!r}")
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise ExportFormatError(f"schema: expected a version number from 1 to {EXPORT_SCHEMA}, got {echo(schema)}")
    if schema > EXPORT_SCHEMA:
        raise ExportFormatError(f"schema: version {echo(schema)} is newer than this Sketchfirst understands ({EXPORT_SCHEMA})")
    for from_schema, step in MIGRATIONS:
        if data.get("schema") == from_schema:
            data = step(data)
    if data.get("schema") != EXPORT_SCHEMA:
        raise ExportFormatError(f"schema: no migration from version {echo(schema)} to {EXPORT_SCHEMA}")
    design = data.get("design", {})
    if not isinstance(design, Mapping):
        raise ExportFormatError("design: expected an object")
    version = design.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        raise ExportFormatError("design.version: expected a version number or null")
    saved_at = design.get("saved_at")
    if saved_at is not None and not _iso_datetime(saved_at):
        raise ExportFormatError(f"design.saved_at: expected an ISO date-time text or null, got {echo(saved_at)}")
    try:
        document = from_json(data.get("document"))
    except DocumentError as exc:
        message = str(exc)
        raise ExportFormatError(message if message.startswith("document") else f"document.{message}") from None
    critiques = data.get("critiques", [])
    if not isinstance(critiques, list):
        raise ExportFormatError("critiques: expected a list")
    for i, c in enumerate(critiques):
        if not isinstance(c, Mapping):
            raise ExportFormatError(f"critiques[{i}]: expected an object")
    decisions: dict[str, tuple[str, str]] = {}
    raw = data.get("decisions", {})
    if not isinstance(raw, Mapping):
        raise ExportFormatError("decisions: expected an object")
    for key, value in raw.items():
        if not isinstance(value, Mapping) or value.get("status") not in _STATUSES:
            raise ExportFormatError(f"decisions.{echo_key(key)}.status: expected one of {', '.join(_STATUSES)}")
        justification = value.get("justification", "")
        if not isinstance(justification, str):
            raise ExportFormatError(f"decisions.{echo_key(key)}.justification: expected text")
        decisions[str(key)] = (value["status"], justification)
    return Imported(document, (), ExportMeta(version, saved_at), tuple(critiques), decisions)


def _iso_datetime(value: object) -> bool:
    """Whether ``value`` is a date-time as the store writes it (``2026-11-28T09:30:00+00:00``), nothing else.

    Exports show it; a free text here would reach the report and picture headings.
    """
    if not isinstance(value, str) or not 10 <= len(value) <= 40 or not value[:4].isdigit():
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return value.isascii() and value.isprintable()
