"""The app's wiring through AppTest and the canvas seam: everything but the pen itself."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from design.store import open_store
from support.paths import EXAMPLES, ROOT, load_example

APP = str(ROOT / "app.py")


def fresh() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def draw(at: AppTest, canvas: dict) -> AppTest:
    """What the browser does after a stroke: the component's state arrives under its key."""
    gen = at.session_state.get("canvas_gen", 0)
    at.session_state[f"canvas-{gen}"] = {"drawing": {"raw": canvas, "data": None}}
    return at.run()


def texts(at: AppTest) -> str:
    """Everything the page says, with Markdown emphasis and escapes removed (user text is shown escaped)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.label for e in at.expander]
    parts += [s.value for s in at.success] + [e.value for e in at.error]
    return "\n".join(parts).replace("**", "").replace("\\", "")


def load_example_from_sidebar(at: AppTest, title: str) -> AppTest:
    at.sidebar.selectbox(key="pick_example").select(title).run()
    at.sidebar.button(key="load_example").click().run()
    return at


def test_loading_an_example_shows_its_findings_and_components():
    at = load_example_from_sidebar(fresh().run(), "Sloppy first draft")
    assert not at.exception
    body = texts(at)
    assert "Browser talks directly to db (database)." in body
    assert "Components (5) — " in body and "need a kind" in body
    assert at.text_input(key="title").value == "Sloppy first draft"
    assert "Unsaved changes" in body


@pytest.mark.parametrize("entry", json.loads((EXAMPLES / "index.json").read_text()), ids=lambda e: e["file"])
def test_every_example_loads_from_the_sidebar_with_its_findings(entry):
    from design.analysis.analyze import analyze_document
    from design.model.document import SketchDocument

    at = load_example_from_sidebar(fresh().run(), entry["title"])
    assert not at.exception
    expected = analyze_document(SketchDocument(canvas=load_example(entry["file"])))
    assert at.text_input(key="title").value == entry["title"]
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
    at = load_example_from_sidebar(fresh().run(), "Sloppy first draft")
    # The unnamed box is not recognised; the user says it is a cache.
    kind_key = next(s.key for s in at.selectbox if s.key and s.key.endswith("-unlabeled-box"))
    at.selectbox(key=kind_key).select("cache").run()
    assert "cache (confirmed)" in texts(at)
    at.button(key="save").click().run()
    assert not at.exception
    assert "Saved as v1" in texts(at) and at.button(key="save").disabled

    store = open_store(tmp_path / "sketchfirst.db")
    (design,) = store.list_designs()
    saved = store.latest_version(design.id)
    assert saved.document.corrections["unlabeled-box"].kind.value == "cache"

    # A reload is a new session: the ?design= link reopens the latest version with its correction.
    again = fresh()
    again.query_params["design"] = str(design.id)
    again.run()
    assert not again.exception
    body = texts(again)
    assert "Saved as v1" in body and "cache (confirmed)" in body
    assert "Browser talks directly to db (database)." in body


def test_a_replica_correction_silences_the_single_point_then_new_design_starts_a_second_design(tmp_path):
    at = load_example_from_sidebar(fresh().run(), "News feed")
    assert "API gateway is a single instance" in texts(at)
    gen = at.session_state["canvas_gen"]
    at.number_input(key=f"replicas-{gen}-api-gateway").set_value(2).run()
    assert not at.exception
    assert at.session_state["corrections"]["api-gateway"] == {"replicas": 2}
    assert "API gateway is a single instance" not in texts(at)
    at.button(key="save").click().run()
    assert "Saved as v1" in texts(at)

    at.sidebar.button(key="new_design").click().run()
    assert not at.exception
    body = texts(at)
    assert "Draw a component to begin." in body and at.text_input(key="title").value == "Untitled design"
    assert not at.session_state["corrections"]
    draw(at, load_example("rate-limiter.canvas.json"))
    at.button(key="save").click().run()
    assert "Saved as v1" in texts(at), "a new design numbers its versions from 1"

    db = open_store(tmp_path / "sketchfirst.db")
    designs = db.list_designs()
    assert len(designs) == 2
    news = next(d for d in designs if d.title == "News feed")
    saved = db.latest_version(news.id)
    assert saved.document.corrections["api-gateway"].replicas == 2
    assert not any(f.rule == "SPOF001" and f.elements == ("api-gateway",) for f in saved.findings)


def test_a_stroke_after_saving_marks_unsaved_changes_and_enables_save():
    at = load_example_from_sidebar(fresh().run(), "Chat system")
    at.button(key="save").click().run()
    assert "Saved as v1" in texts(at)
    canvas = load_example("chat.canvas.json")
    canvas["objects"].append({"type": "LabeledRect", "label": "Metrics (Prometheus)", "left": 20, "top": 420,
                              "width": 120, "height": 60, "originX": "left", "originY": "top"})
    draw(at, canvas)
    assert "Unsaved changes since v1" in texts(at) and not at.button(key="save").disabled
    at.button(key="save").click().run()
    assert "Saved as v2" in texts(at)


def test_drawing_on_an_empty_canvas_through_the_seam():
    at = fresh().run()
    assert "Draw a component to begin." in texts(at)
    draw(at, load_example("rate-limiter.canvas.json"))
    assert not at.exception and "Components (7)" in texts(at)


@pytest.mark.parametrize("tool", ["Component", "Flow", "Freehand", "Text", "Edit"])
def test_every_tool_renders_a_canvas_with_a_key(tool):
    at = fresh().run()
    at.radio(key="tool").set_value(tool).run()
    assert not at.exception
    canvases = list(at.get("bidi_component"))
    assert len(canvases) == 1


def test_save_takes_the_stroke_that_arrives_with_the_click(tmp_path):
    """A click on Save batched with the last stroke must save that stroke, not the drawing before it."""
    at = load_example_from_sidebar(fresh().run(), "Chat system")
    at.button(key="save").click().run()
    canvas = load_example("chat.canvas.json")
    box = {"type": "LabeledRect", "left": 20, "top": 420, "width": 120, "height": 60, "originX": "left", "originY": "top"}
    canvas["objects"].append({**box, "label": "Grafana"})
    draw(at, canvas)  # a first stroke enables Save
    assert not at.button(key="save").disabled
    canvas["objects"].append({**box, "label": "Sentry", "left": 200})
    at.session_state[f"canvas-{at.session_state['canvas_gen']}"] = {"drawing": {"raw": canvas, "data": None}}
    at.button(key="save").click().run()  # one run: the second stroke and the click together
    assert "Saved as v2" in texts(at)
    store = open_store(tmp_path / "sketchfirst.db")
    saved = store.latest_version(store.list_designs()[0].id)
    assert {"Grafana", "Sentry"} <= {o.get("label") for o in saved.document.canvas["objects"]}
    assert at.sidebar.radio(key="pick_version").value == 2, "the sidebar points at the version just saved"
