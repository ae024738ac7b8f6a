"""The JSON export: the ``analyze`` contract plus everything needed to import the design again.

Shape (``schema`` 1; add fields, never rename)::

    {"type": "sketchfirst/export", "schema": 1,
     "design": {"title", "version" (int|null), "saved_at" (ISO text|null)},
     "document": <the saved sketch document: canvas, corrections, notes, problem, source>,
     "analysis": <exactly what `sketchfirst analyze --format json` prints>,
     "explanations": {"<finding key>": "<why it matters>"},
     "decisions": {"<finding key>": {"status": "accepted"|"disputed", "justification"}},
     "critiques": [<stored critique payloads, verbatim>],
     "recognition_notes": ["objects[3].left: ..."]}

``analysis``, ``explanations`` and ``recognition_notes`` are derived from the
document, so import reads only ``design``, ``document``, ``decisions`` and
``critiques``; exporting an imported export gives the same bytes. Import is
strict (it is our own format): a bad field is refused with its path.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from design.contract import analysis_json
from design.document import DocumentError, from_json, to_json
from design.export_subject import ExportSubject
from design.imported import ExportMeta, Imported

__all__ = ["EXPORT_SCHEMA", "EXPORT_TYPE", "ExportFormatError", "export_json", "is_export", "json_text", "read_export"]

EXPORT_TYPE = "sketchfirst/export"
EXPORT_SCHEMA = 1
_STATUSES = ("accepted", "disputed")


class ExportFormatError(ValueError):
    """A JSON export that cannot be imported; the message starts with the path of the bad field."""


def export_json(subject: ExportSubject) -> dict[str, Any]:
    """The export as plain JSON data."""
    document = to_json(subject.document)
    # Estimates are numbers; import reads them as floats, so write them as floats to get the same bytes back.
    document["notes"]["estimates"] = {k: float(v) for k, v in document["notes"]["estimates"].items()}
    return {
        "type": EXPORT_TYPE,
        "schema": EXPORT_SCHEMA,
        "design": {"title": subject.title, "version": subject.version, "saved_at": subject.saved_at},
        "document": document,
        "analysis": analysis_json(subject.sketch, subject.findings),
        "explanations": {f.key: f.why for f in subject.findings},
        "decisions": {
            key: {"status": status, "justification": justification}
            for key, (status, justification) in sorted(subject.decisions.items())
        },
        "critiques": [dict(c) for c in subject.critiques],
        "recognition_notes": [str(n) for n in subject.sketch.notes],
    }


def json_text(subject: ExportSubject) -> str:
    """The export as indented UTF-8 JSON text (stable key order, so diffs are readable)."""
    return json.dumps(export_json(subject), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def is_export(data: object) -> bool:
    return isinstance(data, Mapping) and data.get("type") == EXPORT_TYPE


def read_export(data: object) -> Imported:
    """Read a parsed JSON export back: the document and the saved-version facts, critiques and decisions."""
    if not isinstance(data, Mapping) or data.get("type") != EXPORT_TYPE:
        raise ExportFormatError(f"type: expected {EXPORT_TYPE!r}")
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise ExportFormatError("schema: expected an integer")
    if schema > EXPORT_SCHEMA:
        raise ExportFormatError(f"schema: version {schema} is newer than this Sketchfirst understands ({EXPORT_SCHEMA})")
    design = data.get("design", {})
    if not isinstance(design, Mapping):
        raise ExportFormatError("design: expected an object")
    version = design.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        raise ExportFormatError("design.version: expected a version number or null")
    saved_at = design.get("saved_at")
    if saved_at is not None and (not isinstance(saved_at, str) or len(saved_at) > 40):
        raise ExportFormatError("design.saved_at: expected an ISO date-time text or null")
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
            raise ExportFormatError(f"decisions.{key}.status: expected one of {', '.join(_STATUSES)}")
        justification = value.get("justification", "")
        if not isinstance(justification, str):
            raise ExportFormatError(f"decisions.{key}.justification: expected text")
        decisions[str(key)] = (value["status"], justification)
    return Imported(document, (), ExportMeta(version, saved_at), tuple(critiques), decisions)
