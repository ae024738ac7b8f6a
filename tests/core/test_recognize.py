"""Geometry becomes topology: boxes, attached arrows, dangling arrows, labels and stable ids."""

from __future__ import annotations

import random

from design.canvas.recognize import SNAP_TOLERANCE, build_sketch
from design.canvas.restore import restore
from design.model.sketch import Kind
from support.paths import load_example


def box(label, x, y, w=100, h=60, kind="LabeledRect"):
    return {"type": kind, "label": label, "left": x, "top": y, "width": w, "height": h,
            "originX": "left", "originY": "top"}


def line(x1, y1, x2, y2):
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return {"type": "Line", "originX": "center", "originY": "center", "left": cx, "top": cy,
            "width": abs(x2 - x1), "height": abs(y2 - y1), "x1": x1 - cx, "y1": y1 - cy, "x2": x2 - cx, "y2": y2 - cy}


def text(t, x, y):
    return {"type": "IText", "text": t, "originX": "center", "originY": "center", "left": x, "top": y,
            "width": 8 * len(t), "height": 20}


def sketch(*objects):
    return build_sketch(restore({"objects": list(objects)}))


def test_arrow_between_two_boxes_is_a_flow_in_drag_direction():
    s = sketch(box("API", 0, 0), box("Postgres", 300, 0), line(350, 30, 50, 30))
    (f,) = s.flows
    assert (f.source, f.target, f.id) == ("postgres", "api", "postgres->api")


def test_an_end_near_a_box_attaches_within_the_tolerance_only():
    near = sketch(box("A", 0, 0), box("B", 300, 0), line(100 + SNAP_TOLERANCE - 1, 30, 300 - 5, 30))
    far = sketch(box("A", 0, 0), box("B", 300, 0), line(100 + SNAP_TOLERANCE + 5, 30, 300 - 5, 30))
    assert len(near.flows) == 1 and near.dangling == ()
    assert far.flows == () and far.dangling[0].target == "b" and far.dangling[0].source is None


def test_an_arrow_touching_nothing_is_dangling_never_snapped():
    s = sketch(box("A", 0, 0), line(500, 500, 700, 500))
    assert s.flows == () and s.dangling[0].id == "dangling-1"
    assert (s.dangling[0].source, s.dangling[0].target) == (None, None)


def test_an_arrow_with_both_ends_on_one_box_is_noted():
    s = sketch(box("A", 0, 0, 200, 100), line(20, 20, 150, 80))
    assert s.flows == () and s.dangling == ()
    assert "both ends" in s.notes[0].message and s.notes[0].path == "objects[1]"


def test_the_smallest_containing_box_wins():
    s = sketch(box("Region", 0, 0, 600, 400), box("Cache", 100, 100), box("DB", 400, 100), line(150, 130, 450, 130))
    assert [(f.source, f.target) for f in s.flows] == [("cache", "db")]


def test_text_inside_a_rect_names_it():
    s = sketch(box("", 0, 0, kind="Rect"), text("Redis", 50, 30))
    (c,) = s.components
    assert (c.id, c.label, c.kind) == ("redis", "Redis", Kind.CACHE)


def test_text_by_an_arrow_labels_the_flow_and_other_text_is_a_note():
    s = sketch(box("API", 0, 0), box("Kafka", 300, 0), line(100, 30, 300, 30), text("publish", 200, 15),
               text("TODO: auth", 200, 300))
    assert s.flows[0].label == "publish"
    assert [t.text for t in s.texts] == ["TODO: auth"]


def test_ids_come_from_labels_and_duplicates_are_numbered_by_position():
    s = sketch(box("Web Server", 0, 200), box("Web Server", 0, 0), box("", 300, 0))
    ids = {c.id: (c.box.top, c.label) for c in s.components}
    assert ids == {"web-server": (0, "Web Server"), "web-server-2": (200, "Web Server"),
                   "unlabeled-box": (0, "")}


def test_replica_counts_stay_out_of_ids():
    (c,) = sketch(box("App server x3", 0, 0)).components
    assert (c.id, c.replicas, c.replicated) == ("app-server", 3, True)


def test_ids_and_everything_else_ignore_the_object_order():
    objects = load_example("news-feed.canvas.json")["objects"]
    first = sketch(*objects)
    for seed in range(5):
        shuffled = objects[:]
        random.Random(seed).shuffle(shuffled)
        again = sketch(*shuffled)
        assert again.components == first.components
        assert again.flows == first.flows and again.dangling == first.dangling
