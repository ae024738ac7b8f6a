"""The reply schema, built per request, so the model can only cite ids that exist.

Structured output (``output_config.format``) decodes under this schema, so an
``enum`` of the saved sketch's real ids (plus ``"design"``) stops a model from
citing a component that is not there. The reply is still validated again on
our side (:mod:`critique.reply`): the schema is a strong hint, not a proof.

Only the subset the API accepts is used: every object closes with
``additionalProperties: false``, and no length or count limits (those are
enforced by clipping on our side).
"""

from __future__ import annotations

from typing import Any

from critique.models import PROBE_CATEGORIES, CritiqueRequest, Verdict
from design.model.sketch import Severity

__all__ = ["ENUM_LIMIT", "reply_schema"]

#: Above this many ids the enum is left out (very large grammars are rejected); the client check remains.
ENUM_LIMIT = 400


def reply_schema(request: CritiqueRequest) -> dict[str, Any]:
    """The JSON schema of a reply to ``request``."""
    ids = list(request.target_ids)
    target: dict[str, Any] = {"type": "string"}
    if len(ids) <= ENUM_LIMIT:
        target["enum"] = ids
    else:
        target["description"] = "An id from the design's id attributes, or \"design\"."
    probe = {
        "type": "object",
        "properties": {
            "question": {"type": "string", "description": "One pointed question about the author's own design. No solution."},
            "why_it_matters": {"type": "string", "description": "At most two sentences."},
            "targets": {"type": "array", "items": target, "description": "Ids the question is about; \"design\" for the whole."},
            "category": {"type": "string", "enum": list(PROBE_CATEGORIES)},
            "severity": {"type": "string", "enum": [s.value for s in Severity]},
        },
        "required": ["question", "why_it_matters", "targets", "category", "severity"],
        "additionalProperties": False,
    }
    properties: dict[str, Any] = {"probes": {"type": "array", "items": probe}}
    required = ["probes"]
    if request.previous:
        properties = {
            "assessments": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "probe": {"type": "integer", "enum": list(range(len(request.previous)))},
                        "verdict": {"type": "string", "enum": [v.value for v in Verdict]},
                        "comment": {"type": "string", "description": "One sentence about the answer."},
                    },
                    "required": ["probe", "verdict", "comment"],
                    "additionalProperties": False,
                },
            },
            **properties,
        }
        required = ["assessments", "probes"]
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
