"""The app's wiring through AppTest and the canvas seam: everything but the pen itself."""

from __future__ import annotations

import json

import pytest

from design.store import open_store
from support.apptest import Keys, bound_key, draw, load_example, opened, scoped, texts
from support.paths import EXAMPLES
from support.paths import load_example as example_canvas
from ui.state import BOUND


def test_every_key_is_spelled_as_its_name_and_every_bound_widget_has_its_own():
    names = {name: value for name, value in vars(Keys).items() if not name.startswith("_")}
    assert names and all(name == value for name, value in names.items())
    assert set(BOUND) | set(BOUND.values()) <= set(names.values())
    assert all(widget == f"{key}_widget" for key, widget in BOUND.items())


def test_loading_an_example_shows_its_findings_and_components():
    at = load_example(opened(), "Sloppy first draft")
    assert not at.exception
    body = texts(at)
    assert "Browser talks directly to db (database)." in body
    assert "Components (5) — " in body and "need a kind" in body
    assert at.text_input(key=bound_key(at, Keys.title)).value == "Sloppy first draft"
    assert "Unsaved changes" in body


@pytest.mark.parametrize("entry", json.loads((EXAMPLES / "index.json").read_text()), ids=lambda e: e["file"])
def test_every_example_loads_from_the_sidebar_with_its_findings(entry):
    from design.analysis.analyze import analyze_document
    from design.model.document import SketchDocument

    at = load_example(opened(), entry["title"])
    assert not at.exception
    expected = analyze_document(SketchDocument(canvas=example_canvas(entry["file"])))
    assert at.text_input(key=bound_key(at, Keys.title)).value == entry["title"]
    body = texts(at)
    assert f"Components ({len(expected.sketch.components)})" in body
    assert f"Failure points ({len(expected.findings)})" in [h.value for h in at.subheader]
    for i, f in enumerate(expected.findings, 1):
        assert f"{i}. {f.message}" in body
    # Every component says how it was read and asks for confirmation; an unknown one asks for a kind.
    captions = [c.value for c in at.caption]
    for c in expected.sketch.components:
        kind = c.kind.value.replace("_", " ")
        wanted = ":orange[⚠ not recognised: pick a kind]" if kind == "unknown" else f"read as a {kind}: confirm or change"
        assert captions.count(wanted) >= 1, (c.id, wanted)
    assert sum("confirm or change" in t or "pick a kind" in t for t in captions) == len(expected.sketch.components)


def test_confirm_a_kind_save_and_reopen_in_a_new_session(tmp_path):
    at = load_example(opened(), "Sloppy first draft")
    # The unnamed box is not recognised; the user says it is a cache.
    kind_key = next(s.key for s in at.selectbox if s.key and s.key.endswith("-unlabeled-box"))
    at.selectbox(key=kind_key).select("cache").run()
    assert "cache (confirmed)" in texts(at)
    at.button(key=Keys.save).click().run()
    assert not at.exception
    assert "Saved as v1" in texts(at) and at.button(key=Keys.save).disabled

    store = open_store(tmp_path / "sketchfirst.db")
    (design,) = store.list_designs()
    saved = store.latest_version(design.id)
    assert saved.document.corrections["unlabeled-box"].kind.value == "cache"

    # A reload is a new session: the ?design= link reopens the latest version with its correction.
    again = opened({"design": str(design.id)})
    body = texts(again)
    assert "Saved as v1" in body and "cache (confirmed)" in body
    assert "Browser talks directly to db (database)." in body


def test_a_replica_correction_silences_the_single_point_then_new_design_starts_a_second_design(tmp_path):
    at = load_example(opened(), "News feed")
    assert "API gateway is a single instance" in texts(at)
    gen = at.session_state[Keys.canvas_gen]
    at.number_input(key=scoped(Keys.replicas, gen, "api-gateway")).set_value(2).run()
    assert not at.exception
    assert at.session_state[Keys.corrections]["api-gateway"] == {"replicas": 2}
    assert "API gateway is a single instance" not in texts(at)
    at.button(key=Keys.save).click().run()
    assert "Saved as v1" in texts(at)

    at.sidebar.button(key=Keys.new_design).click().run()
    assert not at.exception
    body = texts(at)
    assert "Draw a component to begin." in body and at.text_input(key=bound_key(at, Keys.title)).value == "Untitled design"
    assert not at.session_state[Keys.corrections]
    draw(at, example_canvas("rate-limiter.canvas.json"))
    at.button(key=Keys.save).click().run()
    assert "Saved as v1" in texts(at), "a new design numbers its versions from 1"

    db = open_store(tmp_path / "sketchfirst.db")
    designs = db.list_designs()
    assert len(designs) == 2
    news = next(d for d in designs if d.title == "News feed")
    saved = db.latest_version(news.id)
    assert saved.document.corrections["api-gateway"].replicas == 2
    assert not any(f.rule == "SPOF001" and f.elements == ("api-gateway",) for f in saved.findings)


def test_a_stroke_after_saving_marks_unsaved_changes_and_enables_save():
    at = load_example(opened(), "Chat system")
    at.button(key=Keys.save).click().run()
    assert "Saved as v1" in texts(at)
    canvas = example_canvas("chat.canvas.json")
    canvas["objects"].append({"type": "LabeledRect", "label": "Metrics (Prometheus)", "left": 20, "top": 420,
                              "width": 120, "height": 60, "originX": "left", "originY": "top"})
    draw(at, canvas)
    assert "Unsaved changes since v1" in texts(at) and not at.button(key=Keys.save).disabled
    at.button(key=Keys.save).click().run()
    assert "Saved as v2" in texts(at)


def test_drawing_on_an_empty_canvas_through_the_seam():
    at = opened()
    assert "Draw a component to begin." in texts(at)
    draw(at, example_canvas("rate-limiter.canvas.json"))
    assert not at.exception and "Components (7)" in texts(at)


@pytest.mark.parametrize("tool", ["Component", "Flow", "Freehand", "Text", "Edit"])
def test_every_tool_renders_a_canvas_with_a_key(tool):
    at = opened()
    at.radio(key=Keys.tool_widget).set_value(tool).run()
    assert not at.exception
    canvases = [c for c in at.get("bidi_component") if c.key.startswith(Keys.canvas)]
    assert len(canvases) == 1


def test_save_takes_the_stroke_that_arrives_with_the_click(tmp_path):
    """A click on Save batched with the last stroke must save that stroke, not the drawing before it."""
    at = load_example(opened(), "Chat system")
    at.button(key=Keys.save).click().run()
    canvas = example_canvas("chat.canvas.json")
    box = {"type": "LabeledRect", "left": 20, "top": 420, "width": 120, "height": 60, "originX": "left", "originY": "top"}
    canvas["objects"].append({**box, "label": "Grafana"})
    draw(at, canvas)  # a first stroke enables Save
    assert not at.button(key=Keys.save).disabled
    canvas["objects"].append({**box, "label": "Sentry", "left": 200})
    draw(at, canvas, run=False)
    at.button(key=Keys.save).click().run()  # one run: the second stroke and the click together
    assert "Saved as v2" in texts(at)
    store = open_store(tmp_path / "sketchfirst.db")
    design = store.list_designs()[0]
    saved = store.latest_version(design.id)
    assert {"Grafana", "Sentry"} <= {o.get("label") for o in saved.document.canvas["objects"]}
    assert at.sidebar.radio(key=scoped(Keys.pick_version, design.id)).value == 2, "the sidebar shows the version saved"
