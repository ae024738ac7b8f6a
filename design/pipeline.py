"""Document → sketch → findings: the one path every shell takes.

The app, the CLI, exports and the critic all go through here, so a design
reads the same (same ids, same kinds, same findings) wherever it is shown.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from design.analysis import analyze
from design.corrections import apply_corrections
from design.document import SketchDocument, to_json
from design.fabric import restore
from design.model import Finding, Sketch
from design.recognize import build_sketch

__all__ = ["Analysis", "analysis_options", "analyze_document", "fingerprint", "sketch_of"]


@dataclass(frozen=True)
class Analysis:
    """A document's sketch (corrections applied) and its sorted findings."""

    sketch: Sketch
    findings: tuple[Finding, ...]


def sketch_of(document: SketchDocument) -> Sketch:
    """Recognise the document's canvas and apply the user's corrections."""
    return apply_corrections(build_sketch(restore(document.canvas)), document.corrections)


def analysis_options(document: SketchDocument, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The analysis options for a document: its estimates, then anything the caller adds or overrides."""
    out: dict[str, Any] = {"estimates": dict(document.estimates)} if document.estimates else {}
    out.update(options or {})
    return out


def analyze_document(document: SketchDocument, options: Mapping[str, Any] | None = None) -> Analysis:
    """Sketch and findings for a document; the document's estimates reach the rules that use them."""
    sketch = sketch_of(document)
    return Analysis(sketch, analyze(sketch, analysis_options(document, options)))


def fingerprint(document: SketchDocument, sketch: Sketch | None = None) -> str:
    """A hash of what the user would call "the design": tells saved from unsaved.

    It covers the recognised drawing (ids, labels, kinds, positions to half a
    pixel, flows, arrows, notes on the canvas) and everything typed beside it,
    but not Fabric's bookkeeping fields, which the browser may rewrite without
    the user changing anything.
    """
    sketch = sketch if sketch is not None else sketch_of(document)

    def r(v: float) -> float:
        return round(v * 2) / 2

    drawing = {
        "components": [
            [c.id, c.label, c.kind.value, c.replicas, r(c.box.left), r(c.box.top), r(c.box.width), r(c.box.height)]
            for c in sketch.components
        ],
        "flows": [[f.id, f.label] for f in sketch.flows],
        "dangling": [[d.id, r(d.start.x), r(d.start.y), r(d.end.x), r(d.end.y)] for d in sketch.dangling],
        "texts": [[t.text, r(t.at.x), r(t.at.y)] for t in sketch.texts],
    }
    meta = {k: v for k, v in to_json(document).items() if k != "canvas"}
    text = json.dumps([drawing, meta], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
