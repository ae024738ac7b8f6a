"""An opened drawing gets the room it needs (design/readers/placed.py): the canvas grows across and down, and a
Mermaid chart that would need it wider its own way is laid out across when that fits better.

The charts here are generated from the pattern (a long chain, a wide fan-out) or are corpus files written before
this change; a drawing that carries its positions is never turned.
"""

from __future__ import annotations

from design.analysis.analyze import sketch_of
from design.canvas.fit import beyond_edge, drawing_bottom, fit_design
from design.model.document import SketchDocument
from design.readers.dispatch import read_import
from design.readers.placed import grown, place_import
from support.paths import EXCALIDRAW_SCENE, ROOT

CORPUS = ROOT / "tests" / "fidelity" / "corpus"
WIDE = (760, 500, 1520, 1500)


def _chain(direction: str, n: int) -> str:
    lines = [f"flowchart {direction}"]
    lines += [f"  s{i}[Service number {i}] --> s{i + 1}[Service number {i + 1}]" for i in range(n - 1)]
    return "\n".join(lines) + "\n"


def _fan(direction: str, n: int) -> str:
    return f"flowchart {direction}\n" + "".join(f"  lb[Load balancer] --> w{i}[Worker pool {i}]\n" for i in range(n))


def _reading(canvas: dict) -> tuple[object, ...]:
    s = sketch_of(SketchDocument(canvas=canvas))
    return (sorted((c.label, c.kind.value) for c in s.components),
            sorted((f.source, f.target, f.label) for f in s.flows))


def _own(name: str, data: bytes | str) -> tuple[tuple[str, ...], int]:
    """What the file laid out its own way leaves past the edge of the Wide canvas grown as far as it may, and how
    wide the canvas grew."""
    fitted = fit_design(read_import(name, data).document.canvas, 760, 500).canvas
    size = grown(fitted, *WIDE)
    return beyond_edge(fitted, *size), size[0]


def test_a_long_left_to_right_chain_is_turned_down_and_then_fits_whole():
    text = _chain("LR", 9)
    assert _own("chain.mmd", text)[1] > 760  # the file's own way needs the canvas wider
    placed = place_import("chain.mmd", text, *WIDE)
    assert placed.across and placed.fitted.beyond == () and placed.size[0] == 760
    assert 500 < placed.size[1] == drawing_bottom(placed.fitted.canvas) <= 1500  # it grew down instead
    own = read_import("chain.mmd", text).document.canvas
    assert _reading(placed.fitted.canvas) == _reading(own)  # the same design, only laid out the other way


def test_a_wide_top_to_bottom_fan_out_is_turned_across():
    placed = place_import("fan.mmd", _fan("TB", 8), *WIDE)
    assert placed.across and placed.fitted.beyond == () and placed.size[0] == 760


def test_a_chart_that_fits_keeps_the_files_direction():
    for text in (_chain("LR", 3), _fan("TB", 3)):
        placed = place_import("small.mmd", text, *WIDE)
        assert not placed.across and placed.fitted.beyond == () and placed.size == (760, 500)


def test_turning_is_kept_only_when_it_fits_better():
    """Fewer components past the edge first, then the canvas's own width (growing down reads better than
    scrolling across), then the file's own way."""
    kept_width = 0
    for name in ("ride-hailing.mmd", "typeahead.mmd", "ticket-booking.mmd", "api-rate-limiter.mmd"):
        data = (CORPUS / name).read_bytes()
        placed = place_import(name, data, *WIDE)
        own_beyond, own_width = _own(name, data)
        rank = (len(placed.fitted.beyond), placed.size[0] > 760)
        assert rank <= (len(own_beyond), own_width > 760), name
        assert placed.across == (rank < (len(own_beyond), own_width > 760)), name
        kept_width += placed.fitted.beyond == () and placed.size[0] == 760
    assert kept_width >= 2  # long left-to-right charts written before this change open whole, in the page's width


def test_a_drawing_wider_than_the_canvas_grows_it_across_instead_of_leaving_boxes_past_the_edge():
    for name in ("web-crawler-handdrawn.excalidraw", "notification-topics.excalidraw", "managed-gcp.canvas.json"):
        data = (CORPUS / name).read_bytes()
        fitted = fit_design(read_import(name, data).document.canvas, 760, 500).canvas
        assert beyond_edge(fitted, 760, 1500), name  # too wide for the canvas's own width, even grown down
        placed = place_import(name, data, *WIDE)
        assert not placed.across and placed.fitted.beyond == (), name
        assert 760 < placed.size[0] <= 1520, name


def test_growth_stops_at_the_widest_and_names_what_is_still_past_the_edge():
    data = (CORPUS / "hotel-booking-az.excalidraw").read_bytes()
    placed = place_import("hotel-booking-az.excalidraw", data, *WIDE)
    assert placed.size[0] == 1520 and placed.fitted.beyond


def test_a_drawing_with_positions_is_never_turned():
    data = EXCALIDRAW_SCENE.read_bytes()
    placed = place_import(EXCALIDRAW_SCENE.name, data, 300, 200, 300, 200)  # far too small: it spills
    assert placed.fitted.beyond and not placed.across


def test_across_turns_each_direction_and_leaves_positions_alone():
    down = read_import("c.mmd", _chain("LR", 3), across=True).document.canvas["objects"]
    boxes = sorted((o["top"], o["left"]) for o in down if o.get("type") == "LabeledRect")
    assert boxes[0][0] < boxes[1][0] < boxes[2][0]  # laid out top to bottom
    scene = EXCALIDRAW_SCENE.read_bytes()
    assert read_import("s.excalidraw", scene, across=True).document == read_import("s.excalidraw", scene).document
