"""Small designs for rule tests, written as arrows between box labels.

``design("Users -> LB x2", "LB x2 -> API x3", "API x3 -> Postgres: write")``
builds a :class:`~design.model.sketch.Sketch` through :func:`design.canvas.recognize.assemble`,
the same path every importer ends in, so ids, kinds and replica counts are
read exactly as from a drawing. A line with no arrow is a lone box; ``A -> ?``
is an arrow whose head touches nothing; ``? -> A`` one whose tail does.
"""

from __future__ import annotations

from design.canvas.recognize import ComponentSpec, FlowSpec, assemble
from design.model.geometry import Box, Point
from design.model.sketch import Sketch

W, H, GAP = 140.0, 60.0, 220.0


def design(*lines: str) -> Sketch:
    labels: list[str] = []
    arrows: list[tuple[str | None, str | None, str]] = []

    def box(label: str) -> str | None:
        label = label.strip()
        if label == "?":
            return None
        if label not in labels:
            labels.append(label)
        return label

    for line in lines:
        if "->" not in line:
            box(line)
            continue
        left, right = line.split("->", 1)
        target, _, flow_label = right.partition(":")
        arrows.append((box(left), box(target), flow_label.strip()))

    boxes = [Box((i % 6) * GAP, (i // 6) * GAP, W, H) for i in range(len(labels))]
    specs = [ComponentSpec(label, b, key=str(i)) for i, (label, b) in enumerate(zip(labels, boxes, strict=True))]
    index = {label: i for i, label in enumerate(labels)}

    def at(label: str | None, n: int) -> Point:
        if label is None:
            return Point(-500.0 - 40 * n, -500.0)
        return boxes[index[label]].center

    flows = [
        FlowSpec(
            index[a] if a is not None else None,
            index[b] if b is not None else None,
            at(a, n),
            at(b, n),
            flow_label,
            f"objects[{len(labels) + n}]",
        )
        for n, (a, b, flow_label) in enumerate(arrows)
    ]
    return assemble(specs, flows)
