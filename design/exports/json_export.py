"""The JSON export: the ``analyze`` contract plus everything needed to import the design again.

Shape (``schema`` 2; add fields, never rename)::

    {"type": "sketchfirst/export", "schema": 2,
     "design": {"title", "version" (int|null), "saved_at" (ISO text|null)},
     "document": <the saved sketch document: canvas, corrections, notes, problem, source>,
     "analysis": <exactly what `sketchfirst analyze --format json` prints: components, flows, findings,
                  and since schema 2 "model" (latency, availability, ceiling and cost of the drawing, with
                  the working) and "requirements" (the requirement lines, their targets checked)>,
     "explanations": {"<finding key>": "<why it matters>"},
     "decisions": {"<finding key>": {"status": "accepted"|"disputed", "justification"}},
     "critiques": [<stored critique payloads, as read back: bounded, unreadable parts left out>],
     "recognition_notes": ["objects[3].left: ..."]}

``analysis``, ``explanations`` and ``recognition_notes`` are derived from the
document, so import reads only ``design``, ``document``, ``decisions`` and
``critiques``; exporting an imported export gives the same bytes. Import is
strict (it is our own format): a bad field is refused with its path.
"""

from __future__ import annotations

import json
from typing import Any

from design.analysis.json_contract import analysis_json
from design.exports.subject import ExportSubject
from design.model.document import to_json
from design.readers.json_export import EXPORT_SCHEMA, EXPORT_TYPE

__all__ = ["export_json", "json_text"]

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
        "analysis": analysis_json(subject.sketch, subject.findings, subject.model),
        "explanations": {f.key: f.why for f in subject.findings},
        "decisions": {
            key: {"status": status, "justification": justification}
            for key, (status, justification) in sorted(subject.decisions.items())
        },
        "critiques": [dict(c.payload) for c in subject.critiques if c.payload],
        "recognition_notes": [str(n) for n in subject.sketch.notes],
    }


def json_text(subject: ExportSubject) -> str:
    """The export as indented UTF-8 JSON text (stable key order, so diffs are readable)."""
    return json.dumps(export_json(subject), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
