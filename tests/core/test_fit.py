"""Opening a design on the canvas fits it to the canvas size without shrinking any box below readable.

The designs are ones nobody drew for this: the fidelity corpus (Mermaid,
Excalidraw, canvas drawings), the shipped examples and the problem bank's
reference designs, at the wide default and the compact (800 px window) size.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from design.canvas.fit import fit_design
from design.canvas.layout import readable_size
from design.canvas.recognize import build_sketch
from design.canvas.restore import restore
from design.model.geometry import Box
from design.readers.dispatch import InputError, read_import
from support.opened import expects_refusal, split
from support.paths import EXAMPLES, TESTS

SIZES = {"wide": (760, 500), "compact": (600, 400)}
CORPUS = sorted(p for p in (TESTS / "fidelity" / "corpus").iterdir() if not p.name.endswith(".key.json"))
DESIGNS = CORPUS + sorted(EXAMPLES.glob("*.canvas.json")) + sorted((EXAMPLES / "problems" / "references").glob("*.json"))
OPENED, REFUSED = split(DESIGNS)


def test_only_the_diagrams_keyed_as_refused_are_left_out():
    assert REFUSED and all(expects_refusal(p) for p in REFUSED)


def _opened(path: Path) -> dict | None:
    try:
        return read_import(path.name, path.read_bytes()).document.canvas
    except InputError:  # a sequence or C4 diagram: refused on import, never opened
        return None


def _boxes(canvas: dict) -> list[tuple[str, Box]]:
    sketch = build_sketch(restore(canvas))
    return [(m.label or c.label, m.box) for c in sketch.components for m in (c.members or (c,))]


def _reading(canvas: dict) -> tuple:
    s = build_sketch(restore(canvas))
    return (tuple((c.id, c.label, c.note) for c in s.components), tuple((f.id, f.label) for f in s.flows),
            tuple((g.id, g.title, g.members) for g in s.groups), tuple(t.text for t in s.texts))


def _overlap(a: Box, b: Box) -> bool:
    return a.left < b.right - 0.5 and b.left < a.right - 0.5 and a.top < b.bottom - 0.5 and b.top < a.bottom - 0.5


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", OPENED, ids=lambda p: p.name)
def test_opened_design_fits_or_says_what_does_not(path: Path, size: str):
    canvas = _opened(path)
    assert canvas is not None
    width, height = SIZES[size]
    fitted = fit_design(canvas, width, height)
    before = dict(_boxes(canvas))
    after = _boxes(fitted.canvas)
    assert _reading(fitted.canvas) == _reading(canvas)
    beyond = list(fitted.beyond)
    for label, b in after:
        inside = b.left >= 0 and b.top >= 0 and b.right <= width + 0.5 and b.bottom <= height + 0.5
        if not inside:
            assert label in beyond, f"{label!r} at {b} is off the {width}x{height} canvas and not reported"
            beyond.remove(label)
        # Never below the readable minimum (or the size it was drawn at, when that was smaller).
        need_w, need_h = readable_size(label)
        was = before[label]
        assert b.width >= min(need_w, was.width) - 0.5 and b.height >= min(need_h, was.height) - 0.5, (label, b, was)
    assert not beyond, f"reported beyond the edge but inside: {beyond}"
    old = dict(_boxes(canvas))
    for (la, a), (lb, b) in itertools.combinations(after, 2):
        if not _overlap(old[la], old[lb]):
            assert not _overlap(a, b), f"{la!r} and {lb!r} overlap after fitting"


def test_most_designs_fit_the_wide_canvas_whole():
    """How many of these designs open with every box on the wide canvas (the rest say what sits beyond)."""
    whole = total = 0
    for path in DESIGNS:
        canvas = _opened(path)
        if canvas is None:
            continue
        total += 1
        whole += not fit_design(canvas, *SIZES["wide"]).beyond
    assert whole >= 0.45 * total, f"{whole} of {total} fit whole"  # 37 of 70 when written: long LR charts do not


def test_a_small_design_that_fits_is_left_alone():
    canvas = {"version": "7.4.0", "objects": [
        {"type": "LabeledRect", "label": "API", "left": 40, "top": 40, "width": 120, "height": 60,
         "originX": "left", "originY": "top"}]}
    assert fit_design(canvas, 760, 500).canvas == canvas


def test_a_long_chain_keeps_readable_boxes_and_names_what_sits_beyond_the_edge():
    labels = [f"Notification Service Workers {i}" for i in range(12)]
    objects = [{"type": "LabeledRect", "label": label, "left": 40 + 260 * i, "top": 40, "width": 200, "height": 60,
                "originX": "left", "originY": "top"} for i, label in enumerate(labels)]
    fitted = fit_design({"version": "7.4.0", "objects": objects}, 760, 500)
    boxes = _boxes(fitted.canvas)
    assert all(b.width >= readable_size(label)[0] - 0.5 for label, b in boxes)
    assert fitted.beyond and set(fitted.beyond) < set(labels)
    assert [label for label, b in boxes if b.right > 760] == list(fitted.beyond)


def test_a_design_far_from_the_origin_is_moved_into_view_at_its_size():
    objects = [{"type": "LabeledRect", "label": name, "left": -900 + 200 * i, "top": -400, "width": 150, "height": 60,
                "originX": "left", "originY": "top"} for i, name in enumerate(["Client", "API", "Postgres"])]
    fitted = fit_design({"version": "7.4.0", "objects": objects}, 760, 500)
    boxes = _boxes(fitted.canvas)
    assert not fitted.beyond
    assert all(b.width == 150 and b.height == 60 and b.left >= 0 and b.top >= 0 for _, b in boxes)
