"""Every limit answers with a clear message and loses nothing: objects per canvas, label length, file size, saves.

A limit that crashes is a denial of service; a limit that silently drops data
is a lost design. Each test here goes just past a limit and checks the message
(what was cut, where, and what the limit is) and that everything before the
limit is still there. How fast analysis stays at the limits is measured by
``benchmarks/pipeline.py`` (docs/PERFORMANCE.md), not asserted here.
"""

from __future__ import annotations

import json

import pytest

import cli
from design.analysis.analyze import analyze_document
from design.canvas.restore import MAX_OBJECTS, restore
from design.model.document import SketchDocument
from design.model.labels import MAX_LABEL
from design.picture.png import MAX_PIXELS, MAX_SIDE, render
from design.picture.scene import build_scene
from design.readers.dispatch import MAX_INPUT_BYTES, InputError, read_design
from design.store import StoreError, open_store
from support.apptest import Keys, draw, fresh, scoped
from support.canvas_builder import box, canvas, line, text
from support.paths import load_example
from ui.panels.components import COMPONENT_ROWS


def test_a_canvas_over_the_object_limit_is_read_up_to_the_limit_with_a_note():
    objects = [box(f"Service {i}", 40.0 + 170 * (i % 100), 40.0 + 110 * (i // 100)) for i in range(MAX_OBJECTS + 5)]
    sketch = analyze_document(SketchDocument(canvas={"version": "7.4.0", "objects": objects})).sketch
    assert len(sketch.components) == MAX_OBJECTS
    assert [str(n) for n in sketch.notes if n.path == "objects"] == [
        f"objects: {MAX_OBJECTS + 5} objects; only the first {MAX_OBJECTS} are read"
    ]


def test_a_full_canvas_of_boxes_and_arrows_is_analysed_with_every_object_read():
    """At the limit with a realistic mix (boxes, arrows, arrow labels): nothing skipped, findings computed."""
    boxes = {f"API {i}": (40.0 + 170 * (i % 60), 40.0 + 110 * (i // 60)) for i in range(MAX_OBJECTS // 3)}
    names = list(boxes)
    arrows = [(names[i], names[i + 1], "read") for i in range(len(names) - 1)]
    raw = canvas(boxes, arrows)
    raw["objects"] = raw["objects"][:MAX_OBJECTS]
    result = analyze_document(SketchDocument(canvas=raw))
    assert not [n for n in result.sketch.notes if n.path == "objects"]
    assert len(result.sketch.components) == len(boxes) and len(result.sketch.flows) > len(boxes) // 2
    assert result.findings


@pytest.mark.parametrize("field", ["label", "text"])
def test_a_label_over_the_limit_is_cut_with_a_note_naming_the_object(field):
    long = "Order service " + "x" * 10_000
    obj = box(long, 40, 40) if field == "label" else text(long, 60, 60)
    raw = {"version": "7.4.0", "objects": [box("Web", 400, 40), obj]}
    restored = restore(raw)
    notes = [str(n) for n in restored.notes]
    assert notes == [f"objects[1].{field}: label cut to {MAX_LABEL} characters (it had {len(long)})"]
    kept = restored.boxes[1].label if field == "label" else restored.texts[0].text
    assert kept.startswith("Order service x") and len(kept) == MAX_LABEL and kept.endswith("…")
    analyze_document(SketchDocument(canvas=raw))  # and the design is analysed as usual


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed():
    data = b'{"objects": [' + b" " * MAX_INPUT_BYTES + b"]}"
    with pytest.raises(InputError, match=r"^file is \d+ KiB; the limit is 10240 KiB$"):
        read_design("huge.json", data)
    # Just under the limit it is read.
    at_limit = b'{"objects": []' + b" " * (MAX_INPUT_BYTES - 16) + b"}"
    assert len(at_limit) <= MAX_INPUT_BYTES
    assert read_design("big.json", at_limit).canvas["objects"] == []


def test_the_cli_refuses_an_oversized_file_with_exit_2_and_one_line(tmp_path, capsys):
    path = tmp_path / "huge.json"
    path.write_bytes(b'{"objects": []}' + b" " * MAX_INPUT_BYTES)
    assert cli.main(["analyze", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"sketchfirst: {path}: file is larger than 10 MiB\n"


def test_a_title_from_a_long_file_name_is_cut_so_the_saved_version_opens_again(tmp_path):
    name = "design-" + "x" * 240 + ".canvas.json"
    document = read_design(name, json.dumps(load_example("chat.canvas.json")))
    assert len(document.title) <= MAX_LABEL
    store = open_store(tmp_path / "s.db")
    design = store.create_design(document.title)
    store.save_version(design, document, analyze_document(document).findings)
    assert store.load_version(design, 1).document == document


def test_a_document_that_would_not_load_back_is_refused_at_save_time_and_nothing_is_written(tmp_path):
    store = open_store(tmp_path / "s.db")
    design = store.create_design("Chat")
    good = SketchDocument(canvas=load_example("chat.canvas.json"), title="Chat")
    store.save_version(design, good, ())
    too_long = SketchDocument(canvas=load_example("chat.canvas.json"), title="T" * (MAX_LABEL + 1))
    with pytest.raises(StoreError, match=r"^title: longer than 200 characters$"):
        store.save_version(design, too_long, ())
    with pytest.raises(StoreError, match=r"^title: longer than 200 characters$"):
        store.save_draft(design, too_long)
    assert [v.number for v in store.list_versions(design)] == [1]
    assert store.load_draft(design) is None
    assert store.latest_version(design).document == good


def test_a_picture_of_a_design_spread_over_millions_of_pixels_is_drawn_within_the_pixel_budget():
    raw = canvas({"Web": (0, 0), "DB": (0, 9_000_000)}, [("Web", "DB")])
    raw["objects"].append(line(5_000_000, 10, 5_000_100, 4_000_000))  # a long dangling (dashed) arrow
    result = analyze_document(SketchDocument(canvas=raw))
    scene = build_scene(result.sketch, result.findings, title="Far apart")
    assert scene.height > 9_000_000
    image = render(scene, scale=2.0)
    assert image.width * image.height <= MAX_PIXELS * 1.01


def test_a_picture_of_a_long_thin_design_is_drawn_within_the_longest_side():
    """A numeric origin of 10^12 puts a box 10^14 px away (found by make fuzz: Pillow raised OverflowError)."""
    raw = canvas({"Web": (0, 0), "DB": (300, 0)}, [("Web", "DB")])
    raw["objects"][1]["originX"] = 1e12
    result = analyze_document(SketchDocument(canvas=raw))
    image = render(build_scene(result.sketch, result.findings))
    assert max(image.size) <= MAX_SIDE


def test_a_design_with_more_components_than_rows_keeps_every_component_editable():
    """The components panel draws COMPONENT_ROWS rows (unrecognised ones first); the rest are one pick away."""
    boxes = {f"Service {i:02d}": (40.0 + 170 * (i % 8), 40.0 + 110 * (i // 8)) for i in range(44)}
    boxes["Widget"] = (40.0, 700.0)  # a label no rule can read: it needs a kind, so it gets a row first
    at = draw(fresh(timeout=120), canvas(boxes, []))
    assert not at.exception
    rows = [s.key for s in at.selectbox if s.key and s.key.startswith(scoped(Keys.kind, ""))]
    assert len(rows) == COMPONENT_ROWS and scoped(Keys.kind, 0, "widget") in rows
    missing = sorted(f"service-{i:02d}" for i in range(44) if scoped(Keys.kind, 0, f"service-{i:02d}") not in rows)
    assert len(missing) == 45 - COMPONENT_ROWS
    at.selectbox(key=Keys.more_component).select(missing[-1]).run()
    at.selectbox(key=scoped(Keys.kind, 0, missing[-1])).select("cache").run()
    assert not at.exception
    assert at.session_state[Keys.corrections][missing[-1]]["kind"] == "cache"
