"""What a Mermaid diagram says before layout: nodes, links and groups, whichever diagram type it was.

Both readers (flowcharts in :mod:`design.readers.mermaid`, ``architecture-beta``
in :mod:`design.readers.architecture`) fill a :class:`Flowchart`; one layout
and one assembly turn it into a sketch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from design.model.sketch import Kind, Note

__all__ = ["MAX_LINKS", "MAX_NODES", "MAX_SUBGRAPHS", "ChartEdge", "ChartGroup", "ChartNode", "Flowchart", "MermaidError"]

#: More nodes than any hand-made diagram; beyond it the layout would not be readable anyway.
MAX_NODES = 2000
#: Links (after ``a & b --> c & d``, or a junction, is multiplied out) and groups. With the nodes they stay below
#: the canvas's object limit (a box per node, a line and a label per link, a note per group), so a chart is read
#: whole or refused with the line where it went past, never cut; and reading stops there, not 100,000 lines later.
MAX_LINKS = 8000
MAX_SUBGRAPHS = 500


class MermaidError(ValueError):
    """The text is not a flowchart this reader understands; the message starts with ``line N:``."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass
class ChartNode:
    id: str
    line: int
    label: str | None = None
    shape: str = "rect"
    classes: list[str] = field(default_factory=list)
    #: The subgraph it belongs to: the innermost one open where a subgraph first mentions it.
    group: str | None = None
    #: A kind its shape or icon suggests (a cylinder, an architecture ``database`` icon).
    hint: Kind | None = None


@dataclass(frozen=True, slots=True)
class ChartEdge:
    source: str
    target: str
    label: str
    line: int
    #: One conversation with heads at both ends (``<-->``), or a line with none (``---``).
    two_way: bool = False


@dataclass
class ChartGroup:
    id: str
    title: str
    line: int
    members: list[str] = field(default_factory=list)
    parent: str | None = None


@dataclass
class Flowchart:
    """What a flowchart says, before layout: nodes in order of appearance, links, groups."""

    direction: str = "TB"
    title: str = ""
    nodes: dict[str, ChartNode] = field(default_factory=dict)
    edges: list[ChartEdge] = field(default_factory=list)
    groups: list[ChartGroup] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    #: ``class a,b name`` statements, applied once every node is known.
    classes: list[tuple[list[str], list[str]]] = field(default_factory=list)
