"""Small designs for rule tests, written as arrows between box labels.

``design("Users -> LB x2", "LB x2 -> API x3", "API x3 -> Postgres: write")``
builds a :class:`~design.model.sketch.Sketch` through :func:`design.canvas.recognize.assemble`,
the same path every importer ends in, so ids, kinds, replica counts, pools
and groups are read exactly as from a drawing. A line with no arrow is a lone
box; ``A -> ?`` is an arrow whose head touches nothing; ``? -> A`` one whose
tail does; ``A <-> B`` one arrow with heads at both ends.

``groups={"us-east-1a": ["Web Server 1", "Web Server 2"]}`` draws a box
around those boxes (each group's boxes get rows of their own, so the box
holds exactly them); ``split`` names pools to leave apart.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from design.canvas.recognize import ComponentSpec, FlowSpec, assemble
from design.model.geometry import Box, Point
from design.model.sketch import Sketch

W, H, GAP = 140.0, 60.0, 220.0
PAD = 30.0


def design(*lines: str, groups: Mapping[str, Sequence[str]] | None = None, split: Collection[str] = ()) -> Sketch:
    labels: list[str] = []
    arrows: list[tuple[str | None, str | None, str, bool]] = []

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
        two_way = "<->" in line
        left, right = line.split("<->" if two_way else "->", 1)
        target, _, flow_label = right.partition(":")
        arrows.append((box(left), box(target), flow_label.strip(), two_way))
    for members in (groups or {}).values():
        for m in members:
            box(m)

    # Each group's boxes fill rows of their own; the rest follow.
    slots: dict[str, Box] = {}
    row = 0
    group_boxes: list[tuple[str, Box]] = []
    for title, members in (groups or {}).items():
        first = row
        for k, m in enumerate(members):
            slots[m] = Box((k % 6) * GAP, (row + k // 6) * GAP, W, H)
        row += max(1, -(-len(members) // 6))
        placed = [slots[m] for m in members]
        left = min(b.left for b in placed) - PAD
        top = first * GAP - PAD
        right = max(b.right for b in placed) + PAD
        bottom = max(b.bottom for b in placed) + PAD
        group_boxes.append((title, Box(left, top, right - left, bottom - top)))
    rest = [label for label in labels if label not in slots]
    for k, label in enumerate(rest):
        slots[label] = Box((k % 6) * GAP, (row + k // 6) * GAP, W, H)

    specs = [ComponentSpec(label, slots[label], key=str(i)) for i, label in enumerate(labels)]
    specs += [ComponentSpec(title, b, key=f"group-{i}") for i, (title, b) in enumerate(group_boxes)]
    index = {label: i for i, label in enumerate(labels)}

    def at(label: str | None, n: int) -> Point:
        if label is None:
            return Point(-500.0 - 40 * n, -500.0)
        return slots[label].center

    flows = [
        FlowSpec(
            index[a] if a is not None else None,
            index[b] if b is not None else None,
            at(a, n),
            at(b, n),
            flow_label,
            f"objects[{len(labels) + n}]",
            two_way,
        )
        for n, (a, b, flow_label, two_way) in enumerate(arrows)
    ]
    return assemble(specs, flows, split=split)
