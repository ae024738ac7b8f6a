"""Messages that quote the input stay one short, clean line (hostile review, issue 14 item 10).

A reader's message names what it could not read, and that value comes from
the file: a key full of terminal escapes, a 30 KB line, a 4,001-digit number.
Each case below reaches a different reader's message; each message must be one
printable line of at most 300 characters, with the hostile parts shown as
escapes (so the user still sees what was wrong) and never passed through.
"""

from __future__ import annotations

import json
import unicodedata

import pytest

from cli import main
from critique.problems import ProblemError, parse_problem
from design.analysis.analyze import analyze_document
from design.analysis.kill import UnknownComponent, kill
from design.canvas.restore import restore
from design.model.document import DocumentError, SketchDocument, from_json
from design.readers.dispatch import InputError, read_import
from design.sizing.capacity import CapacityError, load_capacity
from support.canvas_builder import box, canvas
from support.paths import EXAMPLES, load_example

#: Clear the screen, retitle the window, write the clipboard (OSC 52), ring the bell, CSI in C1, bidi override.
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x9b31m\u202e\u2066"
HUGE_KEY = ESCAPES + "k" * 30_000
LONG_NUMBER = 10**4000  # 4,001 digits: under Python's 4,300-digit limit, so json.loads reads it


def clean_line(message: str) -> None:
    assert message and len(message) <= 300, f"{len(message)} characters: {message[:120]!r}..."
    bad = [c for c in message if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]
    assert not bad, f"raw control or format characters {bad!r} in {message!r}"


def export(**overrides) -> dict:
    base = json.loads(json.dumps({
        "type": "sketchfirst/export", "schema": 1, "design": {"version": 1, "saved_at": "2026-11-28T10:00:00+00:00"},
        "document": {"type": "sketchfirst/sketch", "schema": 1, "title": "x",
                     "canvas": {"version": "7.4.0", "objects": []}},
    }))
    base.update(overrides)
    return base


def message_of(raises, call) -> str:
    with pytest.raises(raises) as info:
        call()
    return str(info.value)


@pytest.mark.parametrize("schema", [0, -1, -(10**40)])
def test_an_export_with_a_schema_below_one_is_refused(schema):
    message = message_of(InputError, lambda: read_import("x.json", json.dumps(export(schema=schema))))
    assert message.startswith("schema: ")
    clean_line(message)


READER_CASES = {
    "export schema of 4,001 digits": (InputError, lambda: read_import("x.json", json.dumps(export(schema=LONG_NUMBER)))),
    "document schema of 4,001 digits": (DocumentError, lambda: from_json(
        {"type": "sketchfirst/sketch", "schema": LONG_NUMBER, "canvas": {"objects": []}})),
    "document schema of -4,001 digits": (DocumentError, lambda: from_json(
        {"type": "sketchfirst/sketch", "schema": -LONG_NUMBER, "canvas": {"objects": []}})),
    "export decision key": (InputError, lambda: read_import("x.json", json.dumps(
        export(decisions={HUGE_KEY: {"status": "maybe"}})))),
    "export decision justification": (InputError, lambda: read_import("x.json", json.dumps(
        export(decisions={HUGE_KEY: {"status": "accepted", "justification": 5}})))),
    "document unknown field": (DocumentError, lambda: from_json(
        {"type": "sketchfirst/sketch", "schema": 1, "canvas": {"objects": []}, HUGE_KEY: 1})),
    "document type": (DocumentError, lambda: from_json({"type": HUGE_KEY})),
    "capacity unknown field": (CapacityError, lambda: load_capacity(json.dumps({"schema": 1, HUGE_KEY: 1}))),
    "capacity schema": (CapacityError, lambda: load_capacity(json.dumps({"schema": LONG_NUMBER, "kinds": {}}))),
    "capacity schema text": (CapacityError, lambda: load_capacity(json.dumps({"schema": HUGE_KEY, "kinds": {}}))),
    "capacity kind": (CapacityError, lambda: load_capacity(json.dumps({"schema": 1, "kinds": {HUGE_KEY: {}}}))),
    "capacity kind field": (CapacityError, lambda: load_capacity(
        json.dumps({"schema": 1, "kinds": {"cache": {HUGE_KEY: 1}}}))),
    "capacity JSON error": (CapacityError, lambda: load_capacity("{" + '"a": 1,' * 5000 + ESCAPES)),
    # json.loads raises a bare ValueError past 4,300 digits and RecursionError when nested deep: a traceback before.
    "capacity number of 4,400 digits": (CapacityError, lambda: load_capacity('{"schema": ' + "1" * 4400 + "}")),
    "capacity nested 100,000 deep": (CapacityError, lambda: load_capacity("[" * 100_000 + "]" * 100_000)),
    "problem unknown field": (ProblemError, lambda: parse_problem({HUGE_KEY: 1}, "p.json")),
    "problem nested unknown field": (ProblemError, lambda: parse_problem(
        {**json.loads((EXAMPLES / "problems" / "chat.json").read_text()), "scale": {HUGE_KEY: 1}}, "chat.json")),
    "mermaid 30 KB line": (InputError, lambda: read_import("x.mmd", "flowchart LR\n  a --> " + "->" + HUGE_KEY)),
    "mermaid diagram word": (InputError, lambda: read_import("x.mmd", HUGE_KEY + "\n a-->b")),
    "mermaid unclosed subgraph": (InputError, lambda: read_import("x.mmd", f"flowchart LR\nsubgraph {HUGE_KEY}\na-->b")),
    "excalidraw top level": (InputError, lambda: read_import("x.excalidraw", json.dumps([HUGE_KEY]))),
    "kill unknown id": (UnknownComponent, lambda: kill(analyze_document(SketchDocument(canvas=canvas(
        {f"Service {i}": (40.0 + 170 * (i % 60), 40.0 + 110 * (i // 60)) for i in range(400)}, []))).sketch, HUGE_KEY)),
}


@pytest.mark.parametrize("case", list(READER_CASES))
def test_every_reader_quotes_hostile_input_in_one_short_clean_line(case):
    raises, call = READER_CASES[case]
    clean_line(message_of(raises, call))


def test_notes_about_hostile_objects_are_clean_lines_too():
    raw = {"version": "7.4.0", "objects": [{"type": HUGE_KEY}, {**box("Web", 0, 0), "left": HUGE_KEY},
                                           {"type": "rect", "originX": HUGE_KEY, "left": 0, "top": 0}]}
    notes = restore(raw).notes
    assert len(notes) == 3
    for note in notes:
        clean_line(str(note))
    scene = {"type": "excalidraw", "elements": [{"type": HUGE_KEY, "id": "a"}, {"type": ["x"] * 1000}]}
    for note in read_import("x.excalidraw", json.dumps(scene)).notes:
        clean_line(str(note))


@pytest.mark.parametrize("argv", [
    ["analyze", "missing-" + ESCAPES + ".json"],
    ["analyze", str(EXAMPLES / "chat.canvas.json"), "--kill", HUGE_KEY],
    ["analyze", str(EXAMPLES / "chat.canvas.json"), "--capacity", "missing-" + ESCAPES + ".json"],
    ["export", "--to", "md", "missing-" + ESCAPES + ".json"],
])
def test_the_cli_echoes_hostile_arguments_cleanly(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    clean_line(err.rstrip("\n"))


def test_a_hostile_file_name_is_echoed_cleanly_in_the_text_report(tmp_path, capsys):
    path = tmp_path / ("chat" + ESCAPES.replace("/", "") + ".json")
    path.write_text(json.dumps(load_example("chat.canvas.json")))
    assert main(["analyze", str(path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    clean_line(first)


@pytest.mark.parametrize("case", ["problem scale", "capacity qps", "excalidraw x"])
def test_an_integer_beyond_any_float_is_refused_or_skipped_with_a_message(case):
    """float(10**400) raises OverflowError, and so does math.isfinite: a traceback, before (the first was found by
    the hostile problem-file fuzz test, the others by looking for the same pattern)."""
    if case == "problem scale":
        chat = json.loads((EXAMPLES / "problems" / "chat.json").read_text())
        message = message_of(ProblemError, lambda: parse_problem({**chat, "scale": {"daily_users": LONG_NUMBER}},
                                                                 "chat.json"))
        assert message.startswith("chat.json: scale.daily_users: ")
    elif case == "capacity qps":
        message = message_of(CapacityError, lambda: load_capacity(
            json.dumps({"schema": 1, "kinds": {"cache": {"qps": 10**400, "source": "x"}}})))
        assert message.startswith("kinds.cache.qps: ")
    else:
        scene = {"type": "excalidraw", "elements": [{"type": "rectangle", "id": "a", "x": 10**400, "y": 0,
                                                     "width": 100, "height": 50}]}
        notes = read_import("x.excalidraw", json.dumps(scene)).notes
        message = str(notes[0])
        assert message.startswith("element 'a', x: ")  # fidelity names an element by its id
    clean_line(message)
