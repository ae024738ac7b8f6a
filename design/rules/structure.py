"""Rules about the drawing itself: arrows that attach to nothing, boxes with no name or no link.

These are "fix your sketch" findings. They come first because every other
rule reads the graph, and a graph built from a sloppy drawing misleads them.
"""

from __future__ import annotations

from collections.abc import Iterator

from design.context import Context
from design.model import Category, Severity
from design.rules.registry import Hit, rule


@rule(
    "DANG001",
    Category.DANGLING_FLOW,
    Severity.MEDIUM,
    "Arrow attached at one end only",
    """An arrow whose end touches no box is not a flow: the analysis cannot tell what it
    connects, so any failure point along it stays invisible. Drag the loose end onto (or
    within 20 px of) the box it should reach.""",
)
def dangling_flow(ctx: Context) -> Iterator[Hit]:
    for d in ctx.sketch.dangling:
        ends = [e for e in (d.source, d.target) if e]
        if d.source and not d.target:
            msg = f"An arrow leaves {ctx.name(d.source)} but its head touches no box."
        elif d.target and not d.source:
            msg = f"An arrow reaches {ctx.name(d.target)} but its tail touches no box."
        else:
            msg = "An arrow touches no box at either end."
        yield Hit((d.id, *ends), msg)


@rule(
    "LABL001",
    Category.UNLABELED_COMPONENT,
    Severity.LOW,
    "Box with no label",
    """A box with no name has no kind, so no rule can judge it and the critic cannot ask
    about it. Name every component; the label is also how the kind (cache, queue,
    database...) is read.""",
)
def unlabeled_component(ctx: Context) -> Iterator[Hit]:
    for c in ctx.sketch.components:
        if not c.label:
            yield Hit((c.id,), f"A box at ({c.box.left:.0f}, {c.box.top:.0f}) has no label.")


@rule(
    "ORPH001",
    Category.ORPHAN_COMPONENT,
    Severity.MEDIUM,
    "Component with no flows",
    """A component that nothing calls and that calls nothing does no work in this design.
    Either a flow is missing (which hides how requests really move) or the box can go.""",
)
def orphan_component(ctx: Context) -> Iterator[Hit]:
    touched = {e for d in ctx.sketch.dangling for e in (d.source, d.target) if e}
    if len(ctx.sketch.components) < 2:
        return
    for c in ctx.sketch.components:
        if ctx.G.degree(c.id) == 0 and c.id not in touched:
            yield Hit((c.id,), f"{ctx.name(c.id)} has no flows in or out.")
