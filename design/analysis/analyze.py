"""Document → sketch → findings: the one path every shell takes, and the rule pass at its end.

The app, the CLI, exports and the critic all go through here, so a design
reads the same (same ids, same kinds, same findings) wherever it is shown.

``analyze`` is the one entry point the app, the CLI, exports and the critic
call. Findings come back sorted (most severe first, then by rule and
elements), and that order is the badge numbering everywhere.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from design.analysis.context import Context, drawn_as_data_flow
from design.analysis.graph import to_graph
from design.analysis.numbers import DesignNumbers, numbers_of
from design.analysis.rules import RULES
from design.canvas.recognize import build_sketch
from design.canvas.restore import restore
from design.model.corrections import apply_corrections, split_pools
from design.model.document import SketchDocument, to_json
from design.model.sketch import Finding, Kind, Note, Sketch

__all__ = ["Analysis", "analysis_options", "analyze", "analyze_document", "analyze_with_numbers", "drawing_fingerprint", "fingerprint", "run_rules",
           "numbers_for", "sketch_of", "sort_findings"]


def sort_findings(findings: list[Finding]) -> tuple[Finding, ...]:
    """Most severe first; ties by rule id, then elements. Duplicates removed."""
    unique = {(f.rule, f.elements): f for f in findings}
    return tuple(sorted(unique.values(), key=lambda f: (-f.severity.rank, f.rule, f.elements)))


def analyze(sketch: Sketch, options: Mapping[str, Any] | None = None) -> tuple[Finding, ...]:
    """Every finding for ``sketch`` (with corrections already applied), sorted.

    ``options`` passes optional inputs to the rules that use them.
    """
    return run_rules(Context(sketch, to_graph(sketch), options))


def run_rules(ctx: Context) -> tuple[Finding, ...]:
    """Every registered rule over one context, findings sorted (the model may then share the context)."""
    found: list[Finding] = []
    for r in RULES.values():
        found.extend(r.run(ctx))
    return sort_findings(found)


def numbers_for(sketch: Sketch, options: Mapping[str, Any] | None = None) -> DesignNumbers:
    """The numbers model of ``sketch`` alone (for findings already known, such as those saved with a version)."""
    return numbers_of(Context(sketch, to_graph(sketch), options))


def analyze_with_numbers(sketch: Sketch, options: Mapping[str, Any] | None = None
                         ) -> tuple[tuple[Finding, ...], DesignNumbers]:
    """The findings and the numbers model of ``sketch``, from one shared context (one traffic spread)."""
    ctx = Context(sketch, to_graph(sketch), options)
    return run_rules(ctx), numbers_of(ctx)


@dataclass(frozen=True)
class Analysis:
    """A document's sketch (corrections applied), its sorted findings and the numbers model of the drawing."""

    sketch: Sketch
    findings: tuple[Finding, ...]
    numbers: DesignNumbers | None = None


#: Said once when the arrows follow the data rather than the calls (see ``drawn_as_data_flow``).
DATA_FLOW_NOTE = (
    "every client only receives arrows, so the arrows are read as the way data moves (store → service → user): "
    "what a client reaches is read both ways"
)


def sketch_of(document: SketchDocument) -> Sketch:
    """Recognise the document's canvas (leaving apart the pools the user split) and apply their corrections."""
    sketch = apply_corrections(build_sketch(restore(document.canvas), split=split_pools(document.corrections)),
                               document.corrections)
    if drawn_as_data_flow(sketch):
        where = next(c.source for c in sketch.components if c.kind is Kind.CLIENT)
        sketch = dataclasses.replace(sketch, notes=(*sketch.notes, Note(where, DATA_FLOW_NOTE)))
    return sketch


def analysis_options(document: SketchDocument, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The analysis options for a document: its estimates and requirements, then anything the caller adds or
    overrides."""
    out: dict[str, Any] = {"estimates": dict(document.estimates)} if document.estimates else {}
    if document.requirements.strip():
        out["requirements"] = document.requirements
    out.update(options or {})
    return out


def analyze_document(document: SketchDocument, options: Mapping[str, Any] | None = None) -> Analysis:
    """Sketch, findings and numbers for a document; its estimates and requirements reach the rules that use them."""
    sketch = sketch_of(document)
    findings, numbers = analyze_with_numbers(sketch, analysis_options(document, options))
    return Analysis(sketch, findings, numbers)


def fingerprint(document: SketchDocument, sketch: Sketch | None = None) -> str:
    """A hash of what the user would call "the design": tells saved from unsaved.

    It covers the recognised drawing (ids, labels, kinds, positions to half a
    pixel, flows, arrows, notes on the canvas) and everything typed beside it,
    but not Fabric's bookkeeping fields, which the browser may rewrite without
    the user changing anything.
    """
    meta = {k: v for k, v in to_json(document).items() if k != "canvas"}
    return _digest([_drawing(sketch if sketch is not None else sketch_of(document)), meta])


def drawing_fingerprint(document: SketchDocument, sketch: Sketch | None = None) -> str:
    """A hash of the drawing and its numbers (what :func:`fingerprint` covers, less the title, the
    requirements and the approach): tells "the design changed" (a new version) from "only the notes
    changed" (written into the version they describe)."""
    data = to_json(document)
    numbers = [data.get("corrections"), sorted(document.estimates.items())]
    return _digest([_drawing(sketch if sketch is not None else sketch_of(document)), numbers])


def _drawing(sketch: Sketch) -> dict[str, Any]:
    def r(v: float) -> float:
        return round(v * 2) / 2

    return {
        "components": [
            [c.id, c.label, c.kind.value, c.replicas, r(c.box.left), r(c.box.top), r(c.box.width), r(c.box.height)]
            for c in sketch.components
        ],
        "flows": [[f.id, f.label] for f in sketch.flows],
        "dangling": [[d.id, r(d.start.x), r(d.start.y), r(d.end.x), r(d.end.y)] for d in sketch.dangling],
        "texts": [[t.text, r(t.at.x), r(t.at.y)] for t in sketch.texts],
        "groups": [[g.id, g.title, list(g.members)] for g in sketch.groups],
        "notes": [[c.id, c.note, [m.label for m in c.members]] for c in sketch.components if c.note or c.members],
    }


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
