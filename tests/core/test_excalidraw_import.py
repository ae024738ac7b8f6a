"""The Excalidraw importer: bound and contained text, bindings and end points, deleted and foreign elements."""

from __future__ import annotations

import json

import pytest

from design.analysis.analyze import sketch_of
from design.readers.dispatch import InputError, read_import
from design.readers.excalidraw import excalidraw_sketch
from support.paths import EXCALIDRAW_SCENE

SCENE = EXCALIDRAW_SCENE


def scene() -> dict:
    return json.loads(SCENE.read_text())


def flows(sketch) -> set[tuple[str, str, str]]:
    labels = {c.id: c.label for c in sketch.components}
    return {(labels[f.source], labels[f.target], f.label) for f in sketch.flows}


def test_shapes_with_bound_or_contained_text_become_components():
    s, _ = excalidraw_sketch(scene())
    assert {(c.label, c.kind.value, c.shape) for c in s.components} == {
        ("Web client", "client", "rect"),
        ("nginx LB", "load_balancer", "diamond"),
        ("Orders API x3", "service", "rect"),  # free text lying inside the rectangle
        ("Postgres", "database", "ellipse"),
        ("Kafka", "queue", "rect"),
        ("Email worker", "worker", "rect"),
        ("CloudFront", "cdn", "rect"),  # rotated 0.2 rad; its bounding box still holds the text
    }
    assert next(c for c in s.components if c.label == "Orders API x3").replicas == 3


def test_arrows_attach_by_binding_else_by_their_end_points():
    s, _ = excalidraw_sketch(scene())
    assert flows(s) == {
        ("Web client", "nginx LB", ""),  # bound, and stopping short of both shapes
        ("nginx LB", "Orders API x3", "HTTPS"),  # bound, with a label bound to the arrow
        ("Orders API x3", "Postgres", "SQL"),  # no binding: end points inside the shapes; free text beside it
        ("Kafka", "Email worker", ""),  # head at the start: the arrow points at the worker
        ("Orders API x3", "Kafka", ""),  # a line element, bound
    }


def test_loose_ends_deleted_elements_and_foreign_elements():
    s, _ = excalidraw_sketch(scene())
    (loose,) = s.dangling
    assert loose.source == "email-worker" and loose.target is None
    assert [t.text for t in s.texts] == ["TODO: rate limits?"]
    assert not any("gone" in c.id for c in s.components), "deleted elements are ignored"
    assert [str(n) for n in s.notes] == [  # named by the element's id, as Excalidraw shows it
        "element 'fd': freedraw ignored: freehand strokes are not read as flows (use an arrow)",
        "element 'img': image ignored: images carry no design",
    ]


def test_a_frame_is_a_group_of_what_it_holds():
    s, _ = excalidraw_sketch(scene())
    (frame,) = s.groups
    assert frame.title == "Checkout" and frame.zone is None
    assert frame.members == tuple(sorted(c.id for c in s.components))


def test_the_scene_keeps_its_layout_shifted_to_the_canvas_margin():
    s, _ = excalidraw_sketch(scene())
    client = next(c for c in s.components if c.label == "Web client")
    lb = next(c for c in s.components if c.label == "nginx LB")
    assert lb.box.left - client.box.left == pytest.approx(260)  # -60 - (-320): the file's own spacing
    assert min(b.left for b in [*(c.box for c in s.components), *(g.box for g in s.groups)]) == pytest.approx(40)


def test_the_imported_canvas_reads_back_as_the_same_design():
    imp = read_import(SCENE.name, SCENE.read_bytes())
    direct, _ = excalidraw_sketch(scene())
    canvas = sketch_of(imp.document)
    assert {(c.id, c.label, c.kind) for c in canvas.components} == {(c.id, c.label, c.kind) for c in direct.components}
    assert {(f.id, f.label, f.two_way) for f in canvas.flows} == {(f.id, f.label, f.two_way) for f in direct.flows}
    assert {(g.id, g.title, g.members) for g in canvas.groups} == {(g.id, g.title, g.members) for g in direct.groups}
    assert [(d.source, d.target) for d in canvas.dangling] == [(d.source, d.target) for d in direct.dangling]
    assert [t.text for t in canvas.texts] == [t.text for t in direct.texts]
    assert imp.document.source == "excalidraw" and imp.document.title == "checkout"
    assert imp.notes == direct.notes


def test_bad_elements_are_skipped_with_a_note_and_the_rest_is_read():
    data = scene()
    data["elements"][0]["x"] = "left"
    data["elements"].append({"type": "arrow", "x": 0, "y": 0, "points": [[0, 0]]})
    data["elements"].append("not an element")
    data["elements"].append({"type": "star", "x": 0, "y": 0})
    s, _ = excalidraw_sketch(data)
    notes = [str(n) for n in s.notes]
    assert ('element \'client\' ("Web client"), x: expected a number between -10,000,000 and 10,000,000, '
            'got "left"; element ignored') in notes
    assert "elements[28].points: needs at least two points; element ignored" in notes
    assert "elements[29]: not an object, ignored" in notes
    assert "elements[30].type: unknown element type 'star', ignored" in notes
    assert "Web client" not in {c.label for c in s.components}
    assert len(s.components) == 6


def test_a_double_headed_arrow_is_one_two_way_flow_and_custom_data_states_a_kind():
    data = {"type": "excalidraw", "elements": [
        {"id": "a", "type": "rectangle", "x": 0, "y": 0, "width": 100, "height": 60,
         "customData": {"sketchfirst": {"kind": "cache"}}},
        {"id": "at", "type": "text", "x": 10, "y": 20, "width": 60, "height": 20, "text": "Sessions", "containerId": "a"},
        {"id": "b", "type": "rectangle", "x": 300, "y": 0, "width": 100, "height": 60},
        {"id": "bt", "type": "text", "x": 310, "y": 20, "width": 60, "height": 20, "text": "API", "containerId": "b"},
        {"id": "x", "type": "arrow", "x": 100, "y": 30, "width": 200, "height": 0, "points": [[0, 0], [200, 0]],
         "startBinding": {"elementId": "a"}, "endBinding": {"elementId": "b"}, "startArrowhead": "arrow",
         "endArrowhead": "triangle"},
    ]}
    imp = read_import("pair.excalidraw", json.dumps(data))
    s = sketch_of(imp.document)
    assert flows(s) == {("Sessions", "API", "")} and [f.two_way for f in s.flows] == [True]
    assert {c.label: c.kind.value for c in s.components} == {"Sessions": "cache", "API": "service"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"type": "excalidraw", "elements": 3}', "not an Excalidraw scene: elements: expected a list"),
        ("[1, 2]", "not an Excalidraw scene: an Excalidraw scene is a JSON object, not list"),
        ('{"type": "excalidraw", "elements": [', "line 1: not valid JSON"),
    ],
)
def test_a_file_that_is_not_a_scene_is_refused(content, message):
    with pytest.raises(InputError) as err:
        read_import("bad.excalidraw", content)
    assert message in str(err.value)
