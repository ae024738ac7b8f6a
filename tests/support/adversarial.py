"""Layouts built to make recognition quadratic: the hostile review's inputs, at any size.

A grid index makes matching linear when shapes are spread out, as people
draw them. These are not: ``stacked`` piles every box, arrow and label at one
spot; ``offset`` does the same with each shape moved by a fraction of a pixel
(so no "identical copies" shortcut helps); ``long_arrows`` draws arrows that
cross the whole canvas, so every one of them lands in the coarse cells every
text looks at; ``grid`` is the control: the same numbers of shapes spread out
as in a real drawing. :func:`excalidraw_layout` builds the same piles as an
Excalidraw scene, and layouts aimed at the Excalidraw reader's own searches
(cylinder outlines, lifelines and messages). The benchmark
(``benchmarks/adversarial.py``), the tests (``tests/safety/test_dense_layouts.py``)
and ``make fuzz`` share them.
"""

from __future__ import annotations

from typing import Any

from support.canvas_builder import box, drawing, line, text

#: Every canvas layout here, by name: ``n`` boxes, ``n`` arrows and ``n`` texts (3n objects).
CANVAS_LAYOUTS = ("grid", "stacked", "offset", "long_arrows")


def canvas_layout(name: str, n: int) -> dict[str, Any]:
    """Canvas JSON of layout ``name`` with ``n`` boxes, ``n`` arrows and ``n`` texts."""
    return {"grid": grid, "stacked": stacked, "offset": offset, "long_arrows": long_arrows}[name](n)


def grid(n: int) -> dict[str, Any]:
    """The control: boxes on a grid 260 px apart, each linked to its right neighbour, each arrow labelled."""
    cols = max(1, int(n**0.5))
    objects = []
    for i in range(n):
        x, y = 40 + (i % cols) * 260, 40 + (i // cols) * 160
        objects.append(box(f"Service {i}", x, y))
        objects.append(line(x + 140, y + 30, x + 260, y + 30))
        objects.append(text(f"call {i}", x + 200, y + 16))
    return drawing(*objects)


def stacked(n: int) -> dict[str, Any]:
    """``n`` boxes at one spot, ``n`` arrows with both ends in the pile, ``n`` labels on it."""
    objects = [box(f"Box {i}", 100, 100) for i in range(n)]
    objects += [line(120, 120, 200, 140) for _ in range(n)]
    objects += [text(f"t{i}", 160, 130) for i in range(n)]
    return drawing(*objects)


def offset(n: int) -> dict[str, Any]:
    """:func:`stacked`, with every shape moved by ``i/n`` px: a pile with no two shapes alike."""
    objects = [box(f"Box {i}", 100 + i / n, 100 + i / n) for i in range(n)]
    objects += [line(120 + i / n, 120, 200, 140 - i / n) for i in range(n)]
    objects += [text(f"t{i}", 160 + i / n, 130) for i in range(n)]
    return drawing(*objects)


def long_arrows(n: int) -> dict[str, Any]:
    """``n`` arrows across a 1,000,000 px canvas (crossing every fine cell), ``n`` texts along them, boxes far off."""
    span = 1_000_000.0
    objects = [box(f"Box {i}", 40 + (i % 100) * 260, 2 * span + (i // 100) * 160) for i in range(n)]
    objects += [line(0, i * 3.0, span, span + i * 3.0) for i in range(n)]
    objects += [text(f"t{i}", i * (span / n), i * (span / n) + 600) for i in range(n)]
    return drawing(*objects)


def _element(kind: str, i: int, x: float, y: float, w: float, h: float, **extra: Any) -> dict[str, Any]:
    return {"id": f"{kind}-{i}", "type": kind, "x": x, "y": y, "width": w, "height": h, "angle": 0,
            "isDeleted": False, **extra}


#: Every Excalidraw layout here, by name. The first three are the canvas piles as a scene; the others aim at
#: the reader's own searches: ``cylinder_lines`` (ellipses and separator lines spread out, which the cylinder
#: search compared pairwise), ``sequence`` (a sequence diagram of ``n`` participants, refused as one, whose
#: lifelines and messages were compared with every box and lifeline) and ``stacked_lifelines`` (``n`` lifelines
#: at one spot under one box, ``n`` messages leaving them).
EXCALIDRAW_LAYOUTS = ("grid", "stacked", "long_arrows", "cylinder_lines", "sequence", "stacked_lifelines")


def excalidraw_layout(name: str, n: int) -> dict[str, Any]:
    """An Excalidraw scene of layout ``name`` (:data:`EXCALIDRAW_LAYOUTS`), ``n`` of each element it uses."""
    make = {"cylinder_lines": _cylinder_lines, "sequence": _sequence, "stacked_lifelines": _stacked_lifelines}
    elements = make[name](n) if name in make else _piles(name, n)
    return {"type": "excalidraw", "version": 2, "source": "https://excalidraw.com", "elements": elements}


def _piles(name: str, n: int) -> list[dict[str, Any]]:
    elements = []
    for i in range(n):
        if name == "stacked":
            bx, by, ax, ay, tx, ty = 100.0, 100.0, 120.0, 120.0, 150.0, 125.0
        elif name == "long_arrows":
            bx, by, ax, ay, tx, ty = (i % 100) * 260.0, 3e6 + (i // 100) * 160, 0.0, i * 3.0, i * 1e6 / n, i * 1e6 / n + 600
        else:
            bx, by = (i % 100) * 260.0, (i // 100) * 160.0
            ax, ay, tx, ty = bx + 170, by + 36, bx + 190, by + 10
        elements.append(_element("rectangle", i, bx, by, 170, 72))
        far = 1e6 if name == "long_arrows" else 80.0
        elements.append(_element("arrow", i, ax, ay, far, 20, points=[[0, 0], [far, 20 if far < 1e6 else far]],
                                 startBinding=None, endBinding=None, endArrowhead="arrow"))
        elements.append(_element("text", i, tx, ty, 30, 25, text=f"t{i}", containerId=None))
    return elements


def _line(i: int, x: float, y: float, dx: float, dy: float, **extra: Any) -> dict[str, Any]:
    return _element(extra.pop("kind", "line"), i, x, y, abs(dx), abs(dy), points=[[0, 0], [dx, dy]],
                    startBinding=None, endBinding=None, **extra)


def _cylinder_lines(n: int) -> list[dict[str, Any]]:
    """``n`` labelled ellipses on a grid and, below them, ``n`` separator lines that touch none of them."""
    elements = []
    for i in range(n):
        x, y = (i % 100) * 260.0, (i // 100) * 160.0
        elements.append(_element("ellipse", i, x, y, 120, 60))
        elements.append(_element("text", i, x + 130, y, 40, 25, text=f"store {i}", containerId=None))
        elements.append(_line(i, x, 1e5 + y, 200, 0))
    return elements


def _sequence(n: int) -> list[dict[str, Any]]:
    """``n`` participants in rows of 100, each named inside its box with a lifeline under it, a message to the next."""
    elements = []
    for i in range(n):
        x, y = (i % 100) * 260.0, (i // 100) * 800.0
        elements.append(_element("rectangle", i, x, y, 170, 72))
        elements.append(_element("text", i, x + 20, y + 20, 80, 25, text=f"actor {i}", containerId=None))
        elements.append(_line(i, x + 85, y + 80, 0, 500))
        step = 260.0 if i % 100 < 99 and i + 1 < n else -260.0
        elements.append(_line(n + i, x + 85, y + 200 + (i % 7) * 40, step, 0, kind="arrow", endArrowhead="arrow"))
    return elements


def _stacked_lifelines(n: int) -> list[dict[str, Any]]:
    """One box, ``n`` identical lifelines under it, ``n`` messages leaving them for nowhere, ``n`` notes far off."""
    elements = [_element("rectangle", 0, 0, 0, 170, 72)]
    for i in range(n):
        elements.append(_line(i, 85, 80, 0, 500))
        elements.append(_line(n + i, 85, 100 + i % 400, 300, 0, kind="arrow", endArrowhead="arrow"))
        elements.append(_element("text", i, (i % 100) * 260.0, 1e5 + (i // 100) * 160.0, 40, 25, text=f"note {i}",
                                 containerId=None))
    return elements
