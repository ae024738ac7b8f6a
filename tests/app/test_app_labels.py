"""The label the next box gets, as the canvas is told it (the browser tests draw it; this reads the props)."""

from __future__ import annotations

import json

from support.apptest import Keys, draw, opened


def _box(label: str, left: float) -> dict:
    return {"type": "LabeledRect", "label": label, "left": left, "top": 40, "width": 120, "height": 60,
            "originX": "left", "originY": "top"}


def _label_prop(at) -> str:
    [canvas] = [c for c in at.get("bidi_component") if c.key.startswith(Keys.canvas)]
    return json.loads(canvas.proto.json)["label"]


def test_unnamed_boxes_get_distinct_defaults_that_never_read_as_numbered_copies():
    at = opened()
    assert _label_prop(at) == "Service"
    boxes = [_box("Service", 20)]
    for expected in ("Service B", "Service C", "Service D"):
        draw(at, {"objects": boxes})
        assert _label_prop(at) == expected
        boxes.append(_box(expected, 20 + 150 * len(boxes)))
    draw(at, {"objects": [_box(f"Service {c}", 20) for c in "BCDEFGHIJKLM"] + [_box("Service", 200)]})
    assert _label_prop(at) == "Service O"  # never "Service N": that marks numbered copies of one pool


def test_a_typed_name_goes_to_one_box_then_the_field_empties():
    at = opened()
    at.text_input(key=Keys.component_label).set_value("Redis cache").run()
    assert _label_prop(at) == "Redis cache"
    draw(at, {"objects": [_box("Redis cache", 20)]})
    assert at.text_input(key=Keys.component_label).value == ""
    assert _label_prop(at) == "Service"
    # Typing a name that a box already bears still names the next box, once.
    at.text_input(key=Keys.component_label).set_value("Redis cache").run()
    assert _label_prop(at) == "Redis cache"
    draw(at, {"objects": [_box("Redis cache", 20), _box("Redis cache", 200)]})
    assert at.text_input(key=Keys.component_label).value == ""
