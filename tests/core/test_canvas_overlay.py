"""The live canvas's backdrop marks what recognition read: direction (both ways for a two-way flow) and groups.

Drawn from Mermaid so the layout is not ours; the overlay is compared with the
same drawing read without the habit, so each mark is shown to come from it.
"""

from __future__ import annotations

import io

from PIL import Image

from design.analysis.analyze import analyze, sketch_of
from design.picture.overlay import BACKDROP, canvas_overlay
from design.picture.scene import BADGE_RADIUS, build_scene
from design.readers.dispatch import read_import

_GROUP_RGB = (0x6B, 0x77, 0x85)


def _overlay(text: str) -> Image.Image:
    sketch = sketch_of(read_import("drawing.mmd", text).document)
    png = canvas_overlay(sketch, analyze(sketch), 900, 600)
    return Image.open(io.BytesIO(png)).convert("RGB")


def _inked(image: Image.Image) -> int:
    paper = Image.new("RGB", (1, 1), BACKDROP).getpixel((0, 0))
    return sum(1 for px in image.get_flattened_data() if px != paper)


def _count(image: Image.Image, rgb: tuple[int, int, int]) -> int:
    return sum(1 for px in image.get_flattened_data() if px == rgb)


ONE_WAY = "flowchart LR\n  web[Web App] --> api[Orders API]\n  api --> db[(Orders DB)]\n"


def test_a_two_way_flow_gets_a_head_at_each_end() -> None:
    two_way = ONE_WAY.replace("web[Web App] -->", "web[Web App] <-->")
    assert _inked(_overlay(two_way)) > _inked(_overlay(ONE_WAY))


def test_a_box_read_as_a_group_gets_a_dashed_boundary() -> None:
    grouped = ("flowchart LR\n  web[Web App] --> api\n  subgraph vpc [VPC]\n    api[Orders API] --> db[(Orders DB)]\n"
               "  end\n")
    assert _count(_overlay(grouped), _GROUP_RGB) > 50


def test_no_group_no_boundary() -> None:
    assert _count(_overlay(ONE_WAY), _GROUP_RGB) == 0


_DEAD_RGB = (0x2B, 0x2F, 0x36)
_HALO_RGB = (0xFF, 0xD8, 0x4D)


def test_the_killed_component_is_marked_in_its_own_style_not_the_focus_halo() -> None:
    """The kill drill highlights what dies with the component (halo) and marks the component itself apart."""
    text = "flowchart LR\n  web[Web App] --> api[Orders API]\n  api --> db[(Orders DB)]\n  api --> q[Queue]\n"
    sketch = sketch_of(read_import("drawing.mmd", text).document)
    api = next(c.id for c in sketch.components if c.label == "Orders API")
    findings = analyze(sketch)

    def overlay(**kw: tuple[str, ...]) -> Image.Image:
        return Image.open(io.BytesIO(canvas_overlay(sketch, findings, 900, 600, **kw))).convert("RGB")

    halo_only = overlay(highlight=(api,))
    killed = overlay(highlight=(api,), dead=(api,))
    assert _count(halo_only, _DEAD_RGB) == 0
    assert _count(killed, _DEAD_RGB) > 200  # a frame and a cross
    assert _count(killed, _HALO_RGB) < _count(halo_only, _HALO_RGB)  # the dead box itself wears no halo


def test_badges_on_the_live_canvas_sit_inside_the_corner_clear_of_the_label_chip() -> None:
    """The canvas draws a box's label as a chip above its top-left corner, as wide as the label: for a box no
    wider than its label the chip covers the corner, so the live canvas's badges go just inside it; the annotated
    picture (no chips) keeps them on the corner."""
    text = "flowchart LR\n  web[Web App] --> db[(Orders Database Primary)]\n"
    sketch = sketch_of(read_import("drawing.mmd", text).document)
    findings = analyze(sketch)
    boxes = {c.id: c.box for c in sketch.components}
    flagged = {e for f in findings for e in f.elements if e in boxes}
    assert flagged
    live = build_scene(sketch, findings, legend=False, chips=True)
    picture = build_scene(sketch, findings, legend=False)
    placed = {b.id: b.box for b in live.boxes}
    on_boxes = [(b, placed[e]) for b in live.badges for e in placed if abs(b.center.x - placed[e].right) < 40
                and abs(b.center.y - placed[e].top) < 40]
    assert on_boxes
    for badge, box in on_boxes:
        assert badge.center.y - BADGE_RADIUS > box.top  # below the top edge: the chip ends 4 px above it
        assert badge.center.x + BADGE_RADIUS < box.right
    assert all(any(b.center.y == box.top for box in placed.values()) for b in picture.badges if not b.outline)
