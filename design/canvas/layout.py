"""A deterministic layered layout for designs that arrive without positions (Mermaid).

A flowchart reads best in layers along its direction: callers before
callees. networkx does the graph work (cycle-free layering through
``topological_generations``); the order inside a layer is improved with a few
barycentre sweeps, so edges cross less. Everything is a function of the input
order, never of hashing or timing, so the same file always gets the same
picture, and so the same ids and golden files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx

from design.model.geometry import Box
from design.model.labels import cells, wrap_words

__all__ = ["DIRECTIONS", "TITLE_ROOM", "box_size", "grouped_layout", "layered_layout", "readable_size"]

#: Mermaid's directions (``TD`` is ``TB``).
DIRECTIONS = ("TB", "BT", "LR", "RL")

_CHAR_W = 8.0
_MIN_W, _MAX_W = 110.0, 220.0
_LINE_H = 19.0
_SWEEPS = 4
#: Height (px) kept free at the top of a group for its title.
TITLE_ROOM = 12.0


def box_size(label: str) -> tuple[float, float]:
    """A box that holds ``label`` at the canvas font size (16 px), wrapped to at most 220 px."""
    width = min(_MAX_W, max(_MIN_W, len(label) * _CHAR_W + 28))
    per_line = max(1, int((width - 28) // _CHAR_W))
    lines = max(1, -(-len(label) // per_line))
    return width, max(56.0, min(6, lines) * _LINE_H + 26)


def _layers(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Longest-path layers; edges that would close a cycle are left out of the layering, first come first kept."""
    dag = nx.DiGraph()
    dag.add_nodes_from(nodes)
    for u, v in edges:
        if u == v or dag.has_edge(u, v):
            continue
        if v in dag and u in dag and nx.has_path(dag, v, u):
            continue  # a back edge: keep the layering acyclic
        dag.add_edge(u, v)
    position = {n: i for i, n in enumerate(nodes)}
    return [sorted(gen, key=position.__getitem__) for gen in nx.topological_generations(dag)]


def _order(layers: list[list[str]], edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Reorder each layer by the mean position of its neighbours in the layer before (then after)."""
    nbrs: dict[str, list[str]] = {}
    for u, v in edges:
        if u != v:
            nbrs.setdefault(u, []).append(v)
            nbrs.setdefault(v, []).append(u)

    def sweep(fixed: list[str], layer: list[str]) -> list[str]:
        pos = {n: i for i, n in enumerate(fixed)}

        def key(item: tuple[int, str]) -> tuple[float, int]:
            i, n = item
            around = [pos[m] for m in nbrs.get(n, ()) if m in pos]
            return (sum(around) / len(around) if around else float(i) * len(fixed) / max(1, len(layer)), i)

        return [n for _, n in sorted(enumerate(layer), key=key)]

    out = [list(layer) for layer in layers]
    for _ in range(_SWEEPS):
        for i in range(1, len(out)):
            out[i] = sweep(out[i - 1], out[i])
        for i in range(len(out) - 2, -1, -1):
            out[i] = sweep(out[i + 1], out[i])
    return out


def layered_layout(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    sizes: Mapping[str, tuple[float, float]],
    direction: str = "TB",
    *,
    layer_gap: float = 90.0,
    node_gap: float = 40.0,
    origin: tuple[float, float] = (40.0, 40.0),
) -> dict[str, Box]:
    """Place every node as a box: layers along ``direction``, rows centred across it.

    ``sizes`` gives each node's (width, height). Returns boxes in canvas
    pixels with the top-left of the whole picture at ``origin``.

    >>> boxes = layered_layout(["a", "b"], [("a", "b")], {"a": (100, 50), "b": (100, 50)}, "LR")
    >>> boxes["a"].left < boxes["b"].left and boxes["a"].top == boxes["b"].top
    True
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    layers = _order(_layers(nodes, edges), edges)
    across_horizontal = direction in ("TB", "BT")  # rows run left to right, layers go down

    def along(n: str) -> float:  # extent in the layering direction
        w, h = sizes[n]
        return h if across_horizontal else w

    def across(n: str) -> float:
        w, h = sizes[n]
        return w if across_horizontal else h

    depth = [max(along(n) for n in layer) for layer in layers]
    breadth = [sum(across(n) for n in layer) + node_gap * (len(layer) - 1) for layer in layers]
    widest = max(breadth, default=0.0)
    if direction in ("BT", "RL"):
        layers, depth, breadth = layers[::-1], depth[::-1], breadth[::-1]

    boxes: dict[str, Box] = {}
    offset = 0.0
    for layer, d, b in zip(layers, depth, breadth, strict=True):
        cursor = (widest - b) / 2
        for n in layer:
            w, h = sizes[n]
            a_along = offset + (d - along(n)) / 2
            if across_horizontal:
                boxes[n] = Box(origin[0] + cursor, origin[1] + a_along, w, h)
            else:
                boxes[n] = Box(origin[0] + a_along, origin[1] + cursor, w, h)
            cursor += across(n) + node_gap
        offset += d + layer_gap
    return boxes


def grouped_layout(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    sizes: Mapping[str, tuple[float, float]],
    direction: str,
    parent: Mapping[str, str | None],
    groups: Sequence[str],
    *,
    layer_gap: float = 90.0,
    node_gap: float = 40.0,
    pad: float = 14.0,
    origin: tuple[float, float] = (40.0, 40.0),
) -> dict[str, Box]:
    """:func:`layered_layout` with groups: each group is laid out inside, then placed as one block.

    ``parent`` maps a node or group to the group it sits in (absent or
    ``None``: the top level); ``groups`` lists the group ids. Returns a box for
    every node and every group, each group's box holding exactly its members
    (and nothing else), so recognition reads the same membership back. An
    edge between members of different groups lays out the blocks they sit
    in; an edge may name a group itself.

    >>> boxes = grouped_layout(["a", "b", "c"], [("a", "b"), ("b", "c")], {n: (100, 50) for n in "abc"},
    ...                        "LR", {"b": "g", "c": "g"}, ["g"])
    >>> g = boxes["g"]
    >>> all(g.left < boxes[n].left and boxes[n].right < g.right for n in "bc"), g.left > boxes["a"].right
    (True, True)
    """
    group_set = set(groups)
    children: dict[str | None, list[str]] = {}
    for item in (*nodes, *groups):
        up = parent.get(item)
        children.setdefault(up if up in group_set else None, []).append(item)

    def depth(g: str) -> int:
        d, p = 0, parent.get(g)
        while p is not None and d < 64:
            d, p = d + 1, parent.get(p)
        return d

    def child_of(item: str, container: str | None) -> str | None:
        """The member of ``container`` that holds ``item`` (or is it), or ``None`` if it is not inside."""
        seen = 0
        while seen < 64:
            up = parent.get(item)
            up = up if up in group_set else None
            if up == container:
                return item
            if up is None:
                return None
            item, seen = up, seen + 1
        return None

    size = dict(sizes)
    local: dict[str, Box] = {}
    for container in [*sorted(groups, key=depth, reverse=True), None]:
        items = children.get(container, [])
        if not items:
            if container is not None:
                size[container] = (2 * pad + 60.0, 2 * pad + 30.0)
            continue
        lifted = []
        for a, b in edges:
            ua, ub = child_of(a, container), child_of(b, container)
            if ua is not None and ub is not None and ua != ub:
                lifted.append((ua, ub))
        # Inside a group, room above its members for the title drawn in its top-left corner.
        placed = layered_layout(items, lifted, {i: size[i] for i in items}, direction, layer_gap=layer_gap,
                                node_gap=node_gap, origin=(pad, pad + TITLE_ROOM) if container is not None else origin)
        local.update(placed)
        if container is not None:
            size[container] = (max(b.right for b in placed.values()) + pad, max(b.bottom for b in placed.values()) + pad)

    out: dict[str, Box] = {}

    def place(container: str | None, dx: float, dy: float) -> None:
        for item in children.get(container, []):
            b = local[item]
            w, h = size[item]
            out[item] = Box(b.left + dx, b.top + dy, w, h)
            if item in group_set:
                place(item, b.left + dx, b.top + dy)

    place(None, 0.0, 0.0)
    return out


#: The readable minimum (see :func:`readable_size`): 8 px a character at the canvas font (16 px), 8 px either side.
_READ_CHAR, _READ_PAD, _READ_MIN = 8.0, 16.0, (72.0, 44.0)


def readable_size(label: str) -> tuple[float, float]:
    """The smallest box that still shows ``label`` whole at the canvas font size (16 px).

    Words are never split: the box is as wide as its longest word and the
    label takes at most two lines while that stays under 220 px (a longer one
    takes more lines). At least 72×44 px, room for a one-word label and a
    second line or a caption. A wide (CJK) character counts twice.

    >>> readable_size("Client application"), readable_size("ALB")
    ((104.0, 54.0), (72.0, 44.0))
    """
    words = label.split()
    if not words:
        return _READ_MIN
    most = int((_MAX_W - _READ_PAD) // _READ_CHAR)
    chars = min(most, max(cells(w) for w in wrap_words(label, 2)))  # the longest unbreakable piece
    lines = wrap_words(label, chars)
    while len(lines) > 2 and chars < most:
        chars += 1
        lines = wrap_words(label, chars)
    width = max(cells(line) for line in lines) * _READ_CHAR + _READ_PAD
    return max(_READ_MIN[0], min(_MAX_W, width)), max(_READ_MIN[1], len(lines) * _LINE_H + 16)
