"""One wording for "not a usable number", whichever reader meets it."""

from __future__ import annotations

import json

import pytest

from critique.problems import ProblemError, parse_problem
from design.canvas.restore import restore
from design.model.document import DocumentError, SketchDocument, from_json, to_json
from design.model.numbers import NumberError, finite_number, is_finite_number
from design.readers.excalidraw import excalidraw_sketch
from design.sizing.capacity import CapacityError, load_capacity
from support.paths import EXAMPLES


@pytest.mark.parametrize("value, shown", [
    (True, "true"), (None, "null"), ("12", '"12"'), ([1], "a list"), ({"a": 1}, "an object"),
    (float("inf"), "infinity"), (float("-inf"), "-infinity"), (float("nan"), "NaN"), (10**400, "a 401-digit number"),
])
def test_what_is_not_a_number_is_named_the_same_way(value, shown):
    assert not is_finite_number(value)
    with pytest.raises(NumberError, match=f"^expected a finite number, got {shown}$".replace("[", r"\[")):
        finite_number(value)


def test_ranges_are_worded_by_what_they_allow():
    for low, kw, wanted in ((0, {}, "a non-negative number"), (0, {"low_open": True}, "a positive number")):
        with pytest.raises(NumberError, match=f"expected {wanted}, got -1"):
            finite_number(-1, low, **kw)
    assert finite_number(0, 0) == 0.0 and finite_number(7, 0, low_open=True) == 7.0
    assert finite_number(2**53) == float(2**53)


def test_every_reader_says_it_in_that_wording():
    said = 'got "12"'
    note = restore({"objects": [{"type": "Rect", "left": "12", "top": 0, "width": 9, "height": 9}]}).notes[0]
    assert said in note.message
    scene = {"type": "excalidraw", "elements": [{"type": "rectangle", "id": "a", "x": "12", "y": 0}]}
    assert said in str(excalidraw_sketch(scene)[0].notes[0])
    doc = to_json(SketchDocument(canvas={"objects": []}))
    doc["notes"]["estimates"] = {"daily_users": "12"}
    with pytest.raises(DocumentError, match=f"expected a non-negative number, {said}"):
        from_json(doc)
    with pytest.raises(CapacityError, match=f"expected a positive number, {said}"):
        load_capacity(json.dumps({"schema": 1, "kinds": {"cache": {"qps": "12", "source": "x"}}}).encode())
    problem = json.loads((EXAMPLES / "problems" / "pastebin.json").read_text())
    problem["scale"]["daily_users"] = "12"
    with pytest.raises(ProblemError, match=f"expected a positive number, {said}"):
        parse_problem(problem, "pastebin.json")
