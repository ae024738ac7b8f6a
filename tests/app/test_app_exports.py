"""The app's import uploader and export downloads, through AppTest (the browser test drives the real files)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from design.canvas.layout import readable_size
from design.canvas.recognize import build_sketch
from design.canvas.restore import restore
from design.exports.formats import FORMATS
from support.apptest import Keys, bound_key, load_example, opened, scoped, texts
from support.paths import EXCALIDRAW_SCENE, MERMAID_CORPUS, ROOT

CORPUS = MERMAID_CORPUS
SCENE = EXCALIDRAW_SCENE


def upload(at: AppTest, path: Path) -> AppTest:
    key = scoped(Keys.import_file, at.session_state[Keys.canvas_gen])  # a fresh uploader per canvas
    at.file_uploader(key=key).set_value((path.name, path.read_bytes(), "application/octet-stream")).run()
    at.sidebar.button(key=Keys.import_open).click().run()
    return at


def test_importing_mermaid_opens_it_on_a_fresh_canvas_with_its_kinds():
    at = opened()
    gen = at.session_state[Keys.canvas_gen]
    upload(at, CORPUS / "microservices.mmd")
    assert not at.exception
    assert at.session_state[Keys.canvas_gen] == gen + 1, "a new canvas key, never the live canvas"
    initial = at.session_state[Keys.canvas_initial]
    assert {o["type"] for o in initial["objects"]} == {"LabeledRect", "Line", "IText", "Triangle"}  # heads: two-way
    assert all("originX" in o for o in initial["objects"])
    # Fitted to the canvas at a readable size; what still reaches past its edge is named in the message.
    past = [o["label"] for o in initial["objects"] if o["type"] == "LabeledRect" and o["left"] + o["width"] > 760
            and o["label"] != "Data stores"]
    assert len(past) < 10 and all(label in texts(at) for label in past[:4])
    assert at.text_input(key=bound_key(at, Keys.title)).value == "microservices"
    assert at.session_state[Keys.source] == "mermaid"
    assert at.session_state[Keys.corrections] == {"orders": {"kind": "database"}}
    body = texts(at)
    assert "Imported microservices.mmd onto a new canvas" in body
    assert "Components (10)" in body and "Unsaved changes" in body


def test_the_import_message_stays_through_reruns_until_the_design_changes():
    """The canvas echoes a freshly opened drawing back at once, and that rerun must not take the import's notes
    with it (a browser under load saw the message gone before it could be read)."""
    at = upload(opened(), SCENE)
    at.run()
    at.run()
    assert "2 notes: element 'fd': freedraw ignored" in texts(at)
    at.text_input(key=bound_key(at, Keys.title)).set_value("Renamed").run()
    assert "2 notes: element 'fd'" not in texts(at)


def test_a_long_left_to_right_chart_opens_laid_out_downwards_and_says_so(tmp_path):
    chart = tmp_path / "pipeline.mmd"
    chart.write_text("flowchart LR\n" + "".join(f"  s{i}[Stage number {i}] --> s{i + 1}[Stage number {i + 1}]\n"
                                                 for i in range(8)))
    at = upload(opened(), chart)
    assert not at.exception
    body = texts(at)
    assert "laid out across the direction the file gives" in body and "beyond the edge" not in body
    boxes = [o for o in at.session_state[Keys.canvas_initial]["objects"] if o["type"] == "LabeledRect"]
    assert len(boxes) == 9 and len({round(o["top"]) for o in boxes}) == 9  # one below another
    assert max(o["top"] + o["height"] for o in boxes) > 500  # the canvas grew down to hold it


def test_importing_excalidraw_reports_what_it_skipped():
    at = upload(opened(), SCENE)
    assert not at.exception
    body = texts(at)
    assert "Components (7)" in body
    assert "2 notes: element 'fd': freedraw ignored" in body  # the frame is read now: a group


def test_a_bad_file_is_reported_and_the_canvas_kept():
    at = opened()
    gen = at.session_state[Keys.canvas_gen]
    bad = ROOT / "tests" / "mermaid" / "broken.mmd"
    try:
        bad.write_text("flowchart LR\n  a --> b\n  b -> c\n")
        upload(at, bad)
    finally:
        bad.unlink()
    assert not at.exception
    assert "Could not import broken.mmd: line 3: unexpected '-> c'" in texts(at)
    assert at.session_state[Keys.canvas_gen] == gen


def test_download_buttons_for_every_format_name_the_saved_version():
    at = load_example(opened(), "Chat system")
    draft = {b.key: b for b in at.get("download_button")}
    assert set(draft) == {scoped(Keys.download, f) for f in FORMATS}
    assert "unsaved draft" in texts(at)
    at.button(key=Keys.save).click().run()
    assert not at.exception
    body = texts(at)
    assert "Exports of version 1, saved 20" in body
    buttons = list(at.get("download_button"))
    assert sorted(b.label for b in buttons) == sorted(f.title for f in FORMATS.values())
    # The files are made when a button is clicked, not on every rerun of the page.
    assert all(b.proto.deferred_file_id and not b.proto.url for b in buttons)


FIDELITY = ROOT / "tests" / "fidelity" / "corpus"


def _canvas_props(at: AppTest) -> dict:
    element = next(e for e in at.get("bidi_component"))
    return json.loads(element.proto.json)


def test_a_tall_import_keeps_readable_boxes_and_the_canvas_grows_to_hold_them():
    at = upload(opened(), FIDELITY / "news-feed-read-path.mmd")
    assert not at.exception
    props = _canvas_props(at)
    width, height = props["canvasWidth"], props["canvasHeight"]
    assert width == 760 and 500 < height <= 1500
    sketch = build_sketch(restore(at.session_state[Keys.canvas_initial]))
    assert len(sketch.components) == 12
    for c in sketch.components:
        assert c.box.left >= 0 and c.box.right <= width and c.box.top >= 0 and c.box.bottom <= height, c.label
        assert c.box.width >= min(readable_size(c.label)[0], 110) - 0.5, c.label
    assert "beyond the edge" not in texts(at)


def test_an_import_too_wide_for_the_canvas_says_what_sits_beyond_its_edge():
    at = upload(opened(), FIDELITY / "hotel-booking-az.excalidraw")  # wider than twice the canvas's width
    assert not at.exception
    body = texts(at)
    assert "The canvas grew to 1520 × 601 to hold it at a readable size: scroll across it" in body
    assert ("1 component (Expedia partner API) sits beyond the edge of the 1520 × 601 canvas: boxes were kept large "
            "enough to read") in body


def test_a_wide_drawing_grows_the_canvas_across_and_a_long_chart_turns_down():
    at = upload(opened(), FIDELITY / "web-crawler-handdrawn.excalidraw")
    body = texts(at)
    assert "The canvas grew to 1413 × 500" in body and "beyond the edge" not in body
    assert at.session_state[Keys.canvas_reach_across] == 1413
    upload(at, FIDELITY / "api-rate-limiter.mmd")  # (the first import is unsaved: the question comes first)
    if "Opening the file replaces what is on the canvas." in texts(at):
        at.button(key=Keys.confirm_go).click().run()
    body = texts(at)
    assert "1 note: line 12: label cut to 200 characters (it had 224). The chart is laid out across" in body
    assert "beyond the edge" not in body