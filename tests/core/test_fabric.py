"""Restore of the canvas component's Fabric 7.4 JSON: geometry normalised once, bad objects noted."""

from __future__ import annotations

import math

import pytest

from design.canvas.restore import MAX_OBJECTS, CanvasFormatError, restore
from design.model.geometry import Box, Point
from design.model.labels import MAX_LABEL
from support.paths import example_names, load_example


def rect(**kw):
    base = {"type": "Rect", "left": 50, "top": 60, "width": 150, "height": 100, "originX": "left", "originY": "top"}
    return {**base, **kw}


def test_rect_with_left_top_origin_is_taken_as_is():
    (b,) = restore({"objects": [rect()]}).boxes
    assert b.box == Box(50, 60, 150, 100)


def test_missing_origin_means_centre_as_in_fabric_7():
    (b,) = restore({"objects": [{"type": "Rect", "left": 100, "top": 100, "width": 40, "height": 20}]}).boxes
    assert b.box == Box(80, 90, 40, 20)


def test_scale_gives_the_true_size():
    (b,) = restore({"objects": [rect(scaleX=2, scaleY=0.5)]}).boxes
    assert (b.box.width, b.box.height) == (300, 50)


def test_rotation_about_the_origin_gives_the_bounding_box():
    (b,) = restore({"objects": [rect(left=0, top=0, width=100, height=100, angle=90)]}).boxes
    assert b.box.left == pytest.approx(-100) and b.box.top == pytest.approx(0)
    assert b.box.width == pytest.approx(100) and b.box.height == pytest.approx(100)


def test_circle_origin_is_left_centre_in_the_component():
    obj = {"type": "Circle", "originX": "left", "originY": "center", "left": 250, "top": 80, "radius": 40}
    (b,) = restore({"objects": [obj]}).boxes
    assert b.box == Box(250, 40, 80, 80) and b.shape == "circle"


def test_point_tool_dots_are_not_components():
    obj = {"type": "Circle", "originX": "left", "originY": "center", "left": 250, "top": 80, "radius": 3}
    r = restore({"objects": [obj]})
    assert r.boxes == () and "too small" in r.notes[0].message


def test_line_points_are_relative_to_the_centre_and_keep_the_drag_direction():
    # Recorded shape: dragged from (125, 109.2) to (480, 259.2).
    obj = {"type": "Line", "originX": "center", "originY": "center", "left": 302.5, "top": 184.2031,
           "width": 355, "height": 150, "x1": 177.5, "y1": 75, "x2": -177.5, "y2": -75}
    (ln,) = restore({"objects": [obj]}).lines
    assert ln.start == Point(480, 259.2031) and ln.end == Point(125, 109.2031)


def test_scaled_line_scales_its_points():
    obj = {"type": "Line", "originX": "center", "originY": "center", "left": 100, "top": 100,
           "width": 20, "height": 0, "x1": -10, "y1": 0, "x2": 10, "y2": 0, "scaleX": 3}
    (ln,) = restore({"objects": [obj]}).lines
    assert (ln.start.x, ln.end.x) == (70, 130)


def test_freehand_path_ends_are_its_first_and_last_points_placed_by_left_top():
    path = [["M", 300, 50], ["Q", 300, 50, 340, 60], ["L", 380, 70]]
    obj = {"type": "Path", "originX": "center", "originY": "center", "left": 440, "top": 160, "path": path}
    (ln,) = restore({"objects": [obj]}).lines
    # The path's own box is centred on (340, 60); it was moved by (+100, +100).
    assert ln.start == Point(400, 150) and ln.end == Point(480, 170)


def test_text_keeps_its_extent():
    obj = {"type": "IText", "text": "API Gateway", "originX": "center", "originY": "center", "left": 100,
           "top": 60, "width": 98, "height": 20}
    (t,) = restore({"objects": [obj]}).texts
    assert t.text == "API Gateway" and t.box.center == Point(100, 60)


@pytest.mark.parametrize(
    ("obj", "path", "message"),
    [
        ({"type": "Star"}, "objects[0].type", 'unknown object type "Star"'),
        (rect(left=math.inf), "objects[0].left", "expected a number between -10,000,000 and 10,000,000, got infinity"),
        (rect(left=float("nan")), "objects[0].left", "expected a number between -10,000,000 and 10,000,000, got NaN"),
        (rect(top="12"), "objects[0].top", 'expected a number between -10,000,000 and 10,000,000, got "12"'),
        (rect(top=True), "objects[0].top", "expected a number between -10,000,000 and 10,000,000, got true"),
        (rect(width=1e8), "objects[0].width", "expected a number between -10,000,000 and 10,000,000, got 100000000.0"),
        ({"type": "Rect", "left": 1, "top": 1, "height": 20}, "objects[0].width", "missing"),
        ({"type": "Line", "left": 1, "top": 1, "x1": 0, "y1": 0, "x2": 5}, "objects[0].y2", "missing"),
        ({"type": "Path", "left": 1, "top": 1, "path": "M 0 0"}, "objects[0].path", "missing or empty"),
        ({"left": 1}, "objects[0].type", "missing"),
        (["not", "an", "object"], "objects[0]", "not an object"),
        (rect(originX="middle"), "objects[0].originX", "unknown origin"),
        (rect(label=42), "objects[0].label", "not text"),
        ({"type": "Polygon", "left": 0, "top": 0}, "objects[0]", "not part of the design vocabulary"),
    ],
)
def test_a_bad_object_becomes_a_note_with_its_path(obj, path, message):
    r = restore({"objects": [obj, rect()]})
    assert len(r.boxes) == 1, "the good object is still read"
    (note,) = r.notes
    assert note.path == path and message in note.message


def test_invisible_objects_are_ignored():
    assert restore({"objects": [rect(visible=False)]}).boxes == ()


def test_long_labels_are_cut_with_a_note():
    r = restore({"objects": [rect(type="LabeledRect", label="x" * (MAX_LABEL + 50))]})
    assert len(r.boxes[0].label) == MAX_LABEL and "cut" in r.notes[0].message


def test_control_and_bidi_characters_are_stripped_from_labels():
    (b,) = restore({"objects": [rect(type="LabeledRect", label="db\u202e\x00 main\n")]}).boxes
    assert b.label == "db main"


def test_object_count_is_capped_with_a_note():
    r = restore({"objects": [{"type": "Star"}] * (MAX_OBJECTS + 5)})
    assert r.notes[0].path == "objects" and str(MAX_OBJECTS) in r.notes[0].message
    assert len(r.notes) == MAX_OBJECTS + 1


@pytest.mark.parametrize("raw", [[], "objects", 3, None, {"objects": {"a": 1}}, {"objects": "[]"}])
def test_only_a_top_level_that_is_not_canvas_json_raises(raw):
    with pytest.raises(CanvasFormatError):
        restore(raw)


def test_an_empty_canvas_is_fine():
    r = restore({"objects": [], "background": ""})
    assert (r.boxes, r.lines, r.texts, r.notes) == ((), (), (), ())


@pytest.mark.parametrize("name", example_names())
def test_recorded_examples_restore_without_notes(name):
    r = restore(load_example(name))
    assert r.notes == () and r.boxes and r.lines


class _Float(float):
    """A float that is not exactly ``float``: restore's in-line readings refuse it, so it takes the field-by-field
    path (``finite_number`` accepts it), which the in-line readings must agree with."""


def _slow(obj):
    return {k: _Float(v) if type(v) in (int, float) and k != "type" else v for k, v in obj.items()}


@pytest.mark.parametrize("seed", range(40))
def test_the_in_line_readings_give_what_the_field_by_field_path_gives(seed):
    import random

    rng = random.Random(seed)

    def num(scale=300.0):
        return rng.choice([rng.randint(-50, 50), round(rng.uniform(-scale, scale), rng.choice([0, 2, 4])), 0, 0.0])

    objects = []
    for _ in range(30):
        kind = rng.choice(["LabeledRect", "Rect", "Line", "IText", "Textbox", "Circle", "Ellipse"])
        obj = {"type": kind, "left": num(), "top": num(), "angle": rng.choice([0, 0, 0.0, 30, -45.5]),
               "scaleX": rng.choice([1, 1, 0.5, 2.0, -1]), "scaleY": rng.choice([1, 1.5, -2]),
               "originX": rng.choice(["left", "center", "right"]), "originY": rng.choice(["top", "center", "bottom"]),
               "flipX": rng.choice([True, False]), "flipY": rng.choice([True, False]),
               "width": abs(num()) + 20, "height": abs(num()) + 20, "fontSize": rng.choice([16, 12.5])}
        if kind == "Line":
            obj.update(x1=num(), y1=num(), x2=num(), y2=num())
        elif kind in ("IText", "Textbox"):
            obj["text"] = rng.choice(["POST /orders", "reads", "a\nb"])
        else:
            obj.update(label="API", radius=abs(num(40)) + 10, rx=abs(num(40)) + 10, ry=abs(num(40)) + 10)
        for key in rng.sample(["width", "height", "fontSize", "x1"], k=rng.choice([0, 0, 1])):
            obj.pop(key, None)  # a missing field: the defaults, or the note
        objects.append(obj)
    fast, slow = restore({"objects": objects}), restore({"objects": [_slow(o) for o in objects]})
    assert (fast.boxes, fast.lines, fast.texts, fast.notes) == (slow.boxes, slow.lines, slow.texts, slow.notes)
    assert [repr(x) for x in (*fast.boxes, *fast.lines, *fast.texts)] == [
        repr(x) for x in (*slow.boxes, *slow.lines, *slow.texts)]
