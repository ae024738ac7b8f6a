"""A problem's reference design: drawn from its spec, analysed like any sketch, revealed only after an attempt.

The problem file holds the reference as data (each box's label, intended
kind, grid cell and one line of why; the arrows between labels). This module
draws it the way the canvas would (``LabeledRect`` boxes on a grid, ``Line``
arrows from edge to edge, flow labels placed where recognition gives them back
to their arrow) and wraps it in a saved document, so the app can open it, the
CLI can analyse it, and ``examples/problems/references/<id>.json`` is exactly
this document (a test keeps the two equal; ``scripts/build_references.py``
writes the files).

The critic never sees any of it: :func:`critique.request.request_for` hands
the critic the problem with its reference removed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from critique.problems import ExplainedFinding, Problem, ReferenceSpec
from design.analysis.analyze import analyze_document
from design.canvas.emit import to_canvas
from design.canvas.recognize import ComponentSpec, FlowSpec, assemble
from design.model.document import SketchDocument, dumps
from design.model.geometry import Box, Point, clip_to_box
from design.model.labels import MAX_LABEL
from design.model.sketch import Component, Finding, Severity, Sketch

__all__ = [
    "BOX_SIZE",
    "GRID",
    "ReferenceDesign",
    "ReferenceMissing",
    "cell_box",
    "explanation",
    "reference_design",
    "reference_document",
    "reference_path",
    "reference_text",
    "unexplained",
]

#: Column and row pitch of the layout grid, in canvas pixels, and where cell (0, 0) starts.
GRID = (190.0, 90.0)
ORIGIN = (20.0, 36.0)
#: Every reference box has the same size: the label is drawn as a chip above it, not inside.
BOX_SIZE = (130.0, 48.0)
#: How far inside a box an arrow ends, so recognition attaches it there and nowhere else.
_INSET = 6.0


class ReferenceMissing(LookupError):
    """The problem has no reference design (a schema-1 problem, or a free-form prompt)."""


def cell_box(at: tuple[float, float]) -> Box:
    """The box of a component at grid cell ``at`` = (column, row)."""
    return Box(ORIGIN[0] + at[0] * GRID[0], ORIGIN[1] + at[1] * GRID[1], *BOX_SIZE)


def _inward(p: Point, toward: Point) -> Point:
    dx, dy = toward.x - p.x, toward.y - p.y
    n = math.hypot(dx, dy) or 1.0
    return Point(p.x + _INSET * dx / n, p.y + _INSET * dy / n)


def _sketch(spec: ReferenceSpec) -> Sketch:
    boxes = [cell_box(c.at) for c in spec.components]
    index = {c.label: i for i, c in enumerate(spec.components)}
    specs = [ComponentSpec(c.label, b, key=str(i)) for i, (c, b) in enumerate(zip(spec.components, boxes, strict=True))]
    flows = []
    for n, f in enumerate(spec.flows):
        a, b = boxes[index[f.source]], boxes[index[f.target]]
        start = _inward(clip_to_box(a.center, b.center, a), a.center)
        end = _inward(clip_to_box(b.center, a.center, b), b.center)
        flows.append(FlowSpec(index[f.source], index[f.target], start, end, f.label, f"reference.flows[{n}]"))
    return assemble(specs, flows)


def reference_document(problem: Problem) -> SketchDocument:
    """The reference drawn as a saved document: canvas, the summary as the approach, the problem's figures.

    Raises :class:`ReferenceMissing` when the problem has no reference.
    """
    spec = _spec(problem)
    requirements = "\n".join(f"- {item.text}" for item in problem.checklist)
    return SketchDocument(
        canvas=to_canvas(_sketch(spec)),
        title=f"Reference: {problem.title}"[:MAX_LABEL],
        requirements=requirements,
        approach=spec.summary,
        estimates=dict(problem.scale),
        problem=problem.id,
        source="example",
    )


def reference_text(problem: Problem) -> str:
    """The document as the file under ``examples/problems/references/`` holds it (canonical JSON, one line)."""
    return dumps(reference_document(problem)) + "\n"


def reference_path(problems_dir: str | Path, problem_id: str) -> Path:
    """Where a problem's reference document lives beside the bank."""
    return Path(problems_dir) / "references" / f"{problem_id}.json"


def _spec(problem: Problem) -> ReferenceSpec:
    if problem.reference is None:
        raise ReferenceMissing(f"{problem.id}: this problem has no reference design")
    return problem.reference


@dataclass(frozen=True)
class ReferenceDesign:
    """The reference as analysed: its sketch, findings, and the why-line of each component by id."""

    problem_id: str
    document: SketchDocument
    sketch: Sketch
    findings: tuple[Finding, ...]
    why: Mapping[str, str]
    explained: tuple[ExplainedFinding, ...]

    def component(self, component_id: str) -> Component:
        return self.sketch.component(component_id)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.sketch.components)


def reference_design(problem: Problem) -> ReferenceDesign:
    """Draw, read back and analyse the reference, with the problem's own figures as its estimates."""
    spec = _spec(problem)
    document = reference_document(problem)
    result = analyze_document(document)
    why_by_label = {c.label: c.why for c in spec.components}
    why = {c.id: why_by_label[c.label] for c in result.sketch.components if c.label in why_by_label}
    return ReferenceDesign(problem.id, document, result.sketch, result.findings, why, spec.explained_findings)


def explanation(design: ReferenceDesign, finding: Finding) -> ExplainedFinding | None:
    """The problem's reason for leaving ``finding`` in its reference, if it gives one."""
    for e in design.explained:
        if e.rule != finding.rule:
            continue
        if e.component is None:
            return e
        ids = [c.id for c in design.sketch.components if c.label == e.component]
        if ids and ids[0] in finding.elements:
            return e
    return None


def unexplained(design: ReferenceDesign, at_least: Severity = Severity.HIGH) -> list[Finding]:
    """Findings at or above ``at_least`` that the problem does not explain."""
    return [f for f in design.findings if f.severity.rank >= at_least.rank and explanation(design, f) is None]
