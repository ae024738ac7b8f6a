"""Issue 14 in the app: a canvas piled so densely that recognition refuses to read it (``LayoutTooDense``)
is one line of error above a canvas that still works; undoing the pile brings the analysis back, and what
was saved stays as it was.

The pile is real canvas JSON as the browser reports it: the News feed example with 800 copies of one box
pasted at one spot, each a fraction of a pixel from the last (identical copies would join one pool).
"""

from __future__ import annotations

from design.model.document import SketchDocument
from design.store import open_store
from support.apptest import PRESENT, Keys, draw, load_example, opened, scoped, texts
from support.canvas_builder import box
from support.paths import load_example as example_canvas

PASTED = 800


def pile() -> dict:
    canvas = example_canvas("news-feed.canvas.json")
    copies = [box("Copy", 600 + i / PASTED, 400 + i / PASTED) for i in range(PASTED)]  # each a hair apart
    return {**canvas, "objects": canvas["objects"] + copies}


def canvases(at) -> list[str]:
    return [c.key for c in at.get("bidi_component") if c.key.startswith(Keys.canvas)]


def dense_errors(at) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error if "too many shapes" in e.value]


def test_a_pile_on_the_canvas_is_one_line_of_error_and_the_canvas_stays_usable(tmp_path):
    at = load_example(opened(), "News feed")
    at.button(key=Keys.save).click().run()
    assert "Saved as v1" in texts(at)
    before = canvases(at)

    draw(at, pile())
    assert not at.exception, [e.value for e in at.exception]
    (message,) = dense_errors(at)
    assert "\n" not in message and len(message) < 400
    assert message.startswith("This drawing is not analysed: too many shapes on top of one another")
    assert "undo" in message.lower() and "saved" in message
    # The same canvas widget is still drawn (so the browser keeps its strokes and undo stack), with its tools.
    assert canvases(at) == before and len(before) == 1 and at.radio(key=Keys.tool_widget)
    # Nothing is claimed about a drawing that was not read, and nothing offers to save it.
    assert not [h for h in at.subheader if h.value.startswith("Failure points")]
    assert not [b for b in at.button if b.key == Keys.save]

    with open_store(tmp_path / "sketchfirst.db") as store:
        (design,) = store.list_designs()
        saved = store.latest_version(design.id).document.canvas
    draw(at, saved)  # undo: the browser reports the drawing as it was before the paste
    assert not at.exception and not dense_errors(at)
    assert [h for h in at.subheader if h.value.startswith("Failure points")]
    assert "Saved as v1" in texts(at)  # the drawing is v1 again, unchanged
    with open_store(tmp_path / "sketchfirst.db") as store:
        assert [v.number for v in store.list_versions(design.id)] == [1]
    assert len(saved["objects"]) == len(example_canvas("news-feed.canvas.json")["objects"])


def test_leaving_a_pile_for_another_design_asks_first_and_saving_it_says_why_not():
    at = load_example(opened(), "News feed")
    draw(at, pile())
    at.sidebar.button(key=Keys.new_design).click().run()  # unsaved work: the page asks before replacing it
    assert not at.exception, [e.value for e in at.exception]
    at.button(key=Keys.confirm_save).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(e.startswith("Not saved: too many shapes on top of one another") for e in
               [e.value.replace("\\", "") for e in at.error])
    assert dense_errors(at)  # the pile is still on the canvas, as drawn: nothing was replaced


def test_a_pile_saved_before_piles_were_refused_opens_with_the_error_on_every_page(tmp_path):
    """A version an older release saved (the store takes any document): the link opens it, each page says why
    it is not analysed, and nothing shows a traceback."""
    with open_store(tmp_path / "sketchfirst.db") as store:
        design = store.create_design("Piled feed")
        store.save_version(design, SketchDocument(canvas=pile(), title="Piled feed"), ())
        store.save_version(design, SketchDocument(canvas=example_canvas("news-feed.canvas.json"), title="Feed"), ())
    at = opened({"design": str(design)})  # v2, readable: the history compares it with the pile
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key=Keys.diff_from).select(1).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(e.startswith("One of these versions is not analysed: too many shapes") for e in dense_errors(at))

    at.sidebar.radio(key=scoped(Keys.pick_version, design)).set_value(1).run()
    at.sidebar.button(key=Keys.open_version).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(e.startswith("This drawing is not analysed") for e in dense_errors(at))
    at.switch_page(PRESENT).run()
    assert not at.exception, [e.value for e in at.exception]
    assert dense_errors(at) == [dense_errors(at)[0]] and dense_errors(at)[0].startswith("This drawing is not")
