"""Properties of restore and recognition that must hold for any input, not just the ones we thought of."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from design.canvas.recognize import build_sketch
from design.canvas.restore import CanvasFormatError, restore
from design.model.sketch import Sketch
from support.paths import example_names, load_example

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=6),
    max_leaves=30,
)

TYPES = ["Rect", "LabeledRect", "Circle", "Ellipse", "Line", "Path", "IText", "Text", "Textbox", "Triangle", "Group",
         "rect", "Star", ""]
FIELDS = ["left", "top", "width", "height", "x1", "y1", "x2", "y2", "radius", "rx", "ry", "scaleX", "scaleY",
          "angle", "originX", "originY", "label", "text", "path", "flipX", "visible", "fontSize"]
fabricish = st.fixed_dictionaries(
    {"type": st.sampled_from(TYPES)},
    optional={f: json_values | st.floats(-2000, 2000) | st.sampled_from(["left", "center", "top", "right"])
              for f in FIELDS},
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_values, st.fixed_dictionaries({"objects": st.lists(fabricish | json_values, max_size=15)})))
def test_restore_never_raises_on_json_like_input_except_for_a_non_canvas_top_level(raw):
    try:
        restored = restore(raw)
    except CanvasFormatError:
        assert not (isinstance(raw, dict) and isinstance(raw.get("objects", []), list))
        return
    sketch = build_sketch(restored)
    assert isinstance(sketch, Sketch)
    # Every object is accounted for: read as a shape, or explained in a note.
    objects = raw.get("objects", []) if isinstance(raw, dict) else []
    seen = {b.index for b in restored.boxes} | {ln.index for ln in restored.lines} | {t.index for t in restored.texts}
    noted = {int(n.path.split("]")[0].removeprefix("objects[")) for n in restored.notes if n.path.startswith("objects[")}
    for i, obj in enumerate(objects):
        if i not in seen and i not in noted:
            assert isinstance(obj, dict) and (obj.get("visible") is False or _empty_text(obj)), obj


def _empty_text(obj: dict) -> bool:
    return str(obj.get("type", "")).lower() in ("itext", "text", "textbox") and not str(obj.get("text") or "").strip()


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(example_names()), data=st.data())
def test_mutating_one_field_of_a_recorded_example_never_crashes(name, data):
    canvas = load_example(name)
    i = data.draw(st.integers(0, len(canvas["objects"]) - 1))
    field = data.draw(st.sampled_from(FIELDS))
    canvas["objects"][i][field] = data.draw(json_values)
    sketch = build_sketch(restore(json.loads(json.dumps(canvas, allow_nan=True))))
    assert len(sketch.components) <= len(canvas["objects"])
