"""Fuzzing every reader: any input is read, or refused with the project's error saying where. Nothing else.

The contract (ARCHITECTURE.md, "Bad input gets a clear error and loses nothing"):

- ``read_design`` (the CLI and the app's uploads) returns a document or raises
  :class:`InputError`; ``design.model.document.loads`` (saved documents) returns a
  document or raises :class:`DocumentError`; ``fabric.restore`` raises only
  :class:`CanvasFormatError`, for a top level that is not a canvas.
- Every such message is one printable line that starts with where the problem
  is: ``line N:``, ``byte N:`` or a field path (``objects[3].left:``,
  ``corrections.web.kind:``), except the two that are about the whole input
  (its size, or not being a design at all).
- What is read can be analysed without raising, its notes name the object they
  are about, the analysis contract is strict JSON (no NaN), and its picture
  can be drawn at any scale.
- Nothing hangs: each example runs under a generous watchdog (a hang detector,
  not a timing assertion).

Example counts: ``SKETCHFIRST_FUZZ_EXAMPLES`` (``make fuzz`` sets 20,000 per
test) or the per-test defaults below (several hundred in all, for ``make test``).
The results are recorded in docs/RELIABILITY.md.
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from critique.problems import ProblemError, parse_problem
from critique.stream import ReplyScanner
from design.analysis.analyze import analyze_document, fingerprint
from design.analysis.json_contract import analysis_json
from design.canvas.restore import CanvasFormatError, restore
from design.exports.markdown import md_paragraphs, report_text
from design.model.document import DocumentError, SketchDocument, dumps, loads
from design.picture.png import render
from design.picture.scene import build_scene
from design.readers.dispatch import InputError, read_design
from design.sizing.capacity import CapacityError, load_capacity
from support.adversarial import CANVAS_LAYOUTS, EXCALIDRAW_LAYOUTS, canvas_layout, excalidraw_layout
from support.fuzz_strategies import (
    canvas_seeds,
    document_seeds,
    excalidraw_scenes,
    json_values,
    linky_text,
    mermaid_flowcharts,
    mutated,
    mutated_structure,
    mutated_text,
    saved_documents,
    streamed_replies,
    texts,
    to_text,
    with_hostile,
)
from support.markdown_check import link_problems
from support.paths import EXAMPLES, ROOT, example_names, load_example
from support.watchdog import watchdog as _watchdog

pytestmark = pytest.mark.slow  # `make fuzz` selects these and raises the example counts

_OVERRIDE = int(os.environ.get("SKETCHFIRST_FUZZ_EXAMPLES", "0") or 0)
HANG_SECONDS = 120  # far beyond any real example (milliseconds); only a hang reaches it


def fuzz(default: int) -> settings:
    return settings(
        max_examples=_OVERRIDE or default,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


def watchdog(seconds: int = HANG_SECONDS):
    """Turn a hang into a failure with the example attached (see support.watchdog)."""
    return _watchdog(seconds)


# --- the error contract -------------------------------------------------------------------

#: Field paths a message may start with, per reader (the importers add theirs when they land).
CANVAS_ROOTS = {"objects"}
DOCUMENT_ROOTS = {"document", "type", "schema", "title", "canvas", "corrections", "notes", "problem", "source"}
READ_DESIGN_ROOTS = CANVAS_ROOTS | DOCUMENT_ROOTS
#: Messages about the input as a whole (documented in design/readers/dispatch.py).
#: Refusals about the input as a whole: too large, not a design, too dense to match, too many objects for the canvas,
#: a sequence diagram (no architecture).
WHOLE_INPUT = ("file is ", "not a design", "too many shapes on top of one another", "this design makes ",
               "this scene is a sequence diagram")
_LINE_OR_BYTE = re.compile(r"^(line|byte) \d+: \S")
_PATH_ROOT = re.compile(r"^([A-Za-z0-9_-]+)(?:[.\[:])")
#: Where an imported object came from: a Mermaid line, an Excalidraw element's id (and its text).
_IMPORTED_AT = re.compile(r"^(line \d+|element '[^']*'( \(\".*\"\))?)$")
_QUOTED_KEY = re.compile(r'^"(?:[^"\\]|\\.)*"[.:\[]')  # an unusual key, shown quoted: "a b": unknown field


def one_clean_line(text: str) -> bool:
    """No control, format (bidi, zero-width), surrogate or line-breaking characters: safe on a terminal line."""
    return not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in text)


def assert_located(message: str, roots: set[str], whole: tuple[str, ...] = WHOLE_INPUT) -> None:
    """The error says where, in one short, clean line."""
    assert message, "empty error message"
    assert one_clean_line(message) and len(message) <= 300, f"not one short clean line: {message!r}"
    if _LINE_OR_BYTE.match(message) or message.startswith(whole) or _QUOTED_KEY.match(message):
        return
    root = _PATH_ROOT.match(message)
    # An unknown field is its own location ("colour: unknown field"); any other path starts at a known root.
    assert root and (root.group(1) in roots or message.endswith(": unknown field")), \
        f"error does not say where: {message!r}"


def assert_analysable(document: SketchDocument, note_roots: set[str]) -> None:
    """What was read goes through the whole pipeline and comes out well-formed."""
    result = analyze_document(document)
    sketch = result.sketch
    ids = sketch.ids
    for f in result.findings:
        assert set(f.elements) <= ids, f"{f.rule} names unknown elements {f.elements}"
    for n in sketch.notes:
        # An import's objects carry where they came from, so a note speaks the file's language.
        if _IMPORTED_AT.match(n.path):
            continue
        assert _PATH_ROOT.match(n.path) and _PATH_ROOT.match(n.path).group(1) in note_roots, n
        assert one_clean_line(str(n)), repr(str(n))
    json.dumps(analysis_json(sketch, result.findings), allow_nan=False)
    assert len(fingerprint(document, sketch)) == 64


def read_or_refuse(name: str, data: bytes | str) -> SketchDocument | None:
    with watchdog():
        try:
            document = read_design(name, data)
        except InputError as exc:
            assert_located(str(exc), READ_DESIGN_ROOTS)
            event("outcome: refused with a location")
            return None
        assert_analysable(document, CANVAS_ROOTS)
        event("outcome: read and analysed")
        return document


NAMES = st.sampled_from(["design.json", "sketch.canvas.json", "upload", "x.JSON", "a b.json"])

# --- canvas JSON and anything the CLI or the uploader may be handed ------------------------


@fuzz(150)
@given(name=NAMES, data=st.binary(max_size=600))
def test_random_bytes_are_read_or_refused_with_a_location(name, data):
    read_or_refuse(name, data)


@fuzz(150)
@given(name=NAMES, value=json_values | st.fixed_dictionaries({"objects": st.lists(json_values, max_size=8)}))
def test_random_json_is_read_or_refused_with_a_location(name, value):
    read_or_refuse(name, to_text(value))


@fuzz(200)
@given(text=mutated(canvas_seeds))
def test_mutated_canvases_are_read_or_refused_with_a_location(text):
    read_or_refuse("design.json", text)


@fuzz(100)
@given(raw=json_values | st.fixed_dictionaries({"objects": st.lists(json_values, max_size=8)}) | canvas_seeds)
def test_restore_raises_only_canvas_format_error_and_only_for_a_non_canvas(raw):
    with watchdog():
        try:
            restore(raw)
        except CanvasFormatError as exc:
            assert not (isinstance(raw, dict) and isinstance(raw.get("objects", []), list))
            assert_located(str(exc), {"objects"}, whole=("canvas JSON must be an object",))


# --- saved documents --------------------------------------------------------------------------


@fuzz(100)
@given(document=saved_documents())
def test_saved_documents_round_trip_exactly(document):
    text = dumps(document)
    again = loads(text)
    assert again == document and dumps(again) == text


@fuzz(200)
@given(text=mutated(document_seeds) | st.text(max_size=300) | st.binary(max_size=300))
def test_mutated_saved_documents_load_or_fail_with_a_path(text):
    with watchdog():
        try:
            document = loads(text)
        except DocumentError as exc:
            assert_located(str(exc), DOCUMENT_ROOTS, whole=())
            event("outcome: refused with a location")
            return
        assert_analysable(document, CANVAS_ROOTS)
        event("outcome: read and analysed")


@fuzz(100)
@given(text=mutated(document_seeds))
def test_mutated_saved_documents_through_read_design(text):
    read_or_refuse("saved.json", text)


# --- pictures of whatever was read ---------------------------------------------------------------


@fuzz(40)
@given(text=canvas_seeds.flatmap(mutated_structure).map(to_text), scale=st.floats(0.05, 8.0))
def test_any_readable_canvas_can_be_drawn_at_any_scale(text, scale):
    document = read_or_refuse("design.json", text)
    if document is None:
        return
    result = analyze_document(document)
    with watchdog():
        image = render(build_scene(result.sketch, result.findings, title=document.title), scale=scale)
    assert image.width >= 1 and image.height >= 1


# --- the Mermaid and Excalidraw importers (issue 5). They go through read_design like every other format,
# so the contract above is the same, with their own roots: Mermaid errors say "line N", Excalidraw paths
# start at "elements".

IMPORTER_ROOTS = READ_DESIGN_ROOTS | {"elements", "appState", "files"}


def read_import_or_refuse(name: str, data: str) -> SketchDocument | None:
    with watchdog():
        try:
            document = read_design(name, data)
        except InputError as exc:
            assert_located(str(exc), IMPORTER_ROOTS, whole=(*WHOLE_INPUT, "not an Excalidraw scene"))
            event("outcome: refused with a location")
            return None
        assert_analysable(document, IMPORTER_ROOTS | {"line", "subgraph", "mermaid"})
        event("outcome: read and analysed")
        return document


@fuzz(100)
@given(chart=mermaid_flowcharts())
def test_importer_valid_mermaid_flowcharts_are_read(chart):
    document = read_import_or_refuse("design.mmd", chart)
    assert document is not None, chart
    assert analyze_document(document).sketch.components


@fuzz(200)
@given(text=mermaid_flowcharts().flatmap(mutated_text) | st.text(max_size=300), name=st.sampled_from(
    ["design.mmd", "design.mermaid", "README.md"]))
def test_importer_mutated_mermaid_is_read_or_refused_with_a_line(text, name):
    if name.endswith(".md"):
        text = f"# Design\n\n```mermaid\n{text}\n```\n"
    read_import_or_refuse(name, text)


@fuzz(100)
@given(scene=excalidraw_scenes())
def test_importer_valid_excalidraw_scenes_are_read(scene):
    document = read_import_or_refuse("design.excalidraw", to_text(scene))
    assert document is not None
    assert analyze_document(document).sketch.components


@fuzz(200)
@given(text=mutated(excalidraw_scenes()))
def test_importer_mutated_excalidraw_is_read_or_refused_with_a_path(text):
    read_import_or_refuse("design.excalidraw", text)


# --- the hostile review (issue 14): strict readers quote hostile input cleanly, Markdown links nothing,
# and a streamed reply split anywhere reads as the whole does. Recorded in docs/RELIABILITY.md.

EXPORT_ROOTS = READ_DESIGN_ROOTS | {"design", "critiques", "decisions"}


@functools.cache
def _export_seed(name: str) -> dict:
    from critique.models import Mode
    from critique.offline import OfflineCritic
    from critique.payload import to_payload, views
    from critique.request import request_for
    from design.exports.formats import export_bytes
    from design.exports.subject import subject_for

    doc = SketchDocument(canvas=load_example(name), title=name.split(".")[0])
    critique = OfflineCritic().critique(request_for(doc, Mode.STRESS, version=2, problems={}))
    subject = subject_for(doc, version=2, saved_at="2026-11-28T09:30:00+00:00", critiques=views([to_payload(critique)]),
                          decisions={})
    return json.loads(export_bytes(subject, "json"))


_CAPACITY = json.loads((ROOT / "design" / "sizing" / "data" / "capacity.json").read_text())
_PROBLEMS = [json.loads(p.read_text()) for p in sorted((EXAMPLES / "problems").glob("*.json"))]


def read_or_refuse_cleanly(read, error: type[Exception], value: object) -> None:
    """``read(value)`` returns, or raises ``error`` whose message is one short clean line."""
    with watchdog():
        try:
            read(value)
        except error as exc:
            message = str(exc)
            assert message and one_clean_line(message) and len(message) <= 300, f"not one short clean line: {message[:200]!r}"
            event("outcome: refused")
            return
        event("outcome: read")


@fuzz(150)
@given(text=st.sampled_from(example_names()).map(_export_seed).flatmap(with_hostile).map(to_text)
       | mutated(st.sampled_from(example_names()).map(_export_seed)))
def test_hostile_json_exports_are_read_or_refused_in_one_clean_line(text):
    with watchdog():
        try:
            document = read_design("export.json", text)
        except InputError as exc:
            assert_located(str(exc), EXPORT_ROOTS)
            event("outcome: refused with a location")
            return
        assert_analysable(document, CANVAS_ROOTS)
        event("outcome: read and analysed")


@fuzz(150)
@given(text=with_hostile(_CAPACITY).map(to_text) | mutated(st.just(_CAPACITY)))
def test_hostile_capacity_tables_are_read_or_refused_in_one_clean_line(text):
    read_or_refuse_cleanly(load_capacity, CapacityError, text)


@fuzz(150)
@given(data=st.sampled_from(_PROBLEMS).flatmap(with_hostile))
def test_hostile_problem_files_are_read_or_refused_in_one_clean_line(data):
    read_or_refuse_cleanly(lambda d: parse_problem(d, "problem.json"), ProblemError, data)


@fuzz(200)
@given(text=linky_text | texts)
def test_any_user_text_makes_no_link_mention_or_reference_in_the_markdown_export(text):
    assert link_problems(report_text(text)) == []
    assert link_problems(md_paragraphs(text)) == []


@fuzz(150)
@given(reply=streamed_replies, data=st.data(), indent=st.sampled_from([None, 1]), ascii_only=st.booleans())
def test_any_split_of_a_streamed_reply_is_read_as_the_whole_reply(reply, data, indent, ascii_only):
    text = json.dumps(reply, indent=indent, ensure_ascii=ascii_only)
    cuts = sorted(set(data.draw(st.lists(st.integers(1, max(1, len(text) - 1)), max_size=40))))
    scanner = ReplyScanner()
    probes = []
    for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
        probes.extend(scanner.feed(text[a:b]))
    assert json.dumps(probes) == json.dumps(reply["probes"])
    assert json.dumps(scanner.values) == json.dumps({k: v for k, v in reply.items() if k != "probes"})
    assert scanner.scanned == len(text)


# --- pathological layouts and sizes (issue 14, items 1 and 2): piles of shapes dropped into real drawings, and
# Mermaid charts around the link and subgraph caps, are read whole or refused in one line; never cut, never slow.


@fuzz(30)
@given(name=st.sampled_from(example_names()), layout=st.sampled_from(CANVAS_LAYOUTS), n=st.integers(1, 320),
       dx=st.floats(-2_000, 2_000), dy=st.floats(-2_000, 2_000), excalidraw=st.none() | st.sampled_from(EXCALIDRAW_LAYOUTS))
def test_piles_dropped_into_a_real_drawing_are_read_or_refused_in_one_line(name, layout, n, dx, dy, excalidraw):
    if excalidraw:
        scene = excalidraw_layout(excalidraw, n)
        for el in scene["elements"]:
            el["x"] += dx
            el["y"] += dy
        file_name, text = "pile.excalidraw", json.dumps(scene)
    else:
        pile = canvas_layout(layout, n)["objects"]
        for o in pile:
            o["left"] += dx
            o["top"] += dy
        canvas = load_example(name)
        file_name, text = "pile.canvas.json", json.dumps({**canvas, "objects": [*canvas["objects"], *pile]})
    with watchdog():
        try:
            document = read_design(file_name, text)
        except InputError as exc:
            assert_located(str(exc), READ_DESIGN_ROOTS | {"elements"})
            event(f"outcome: refused ({str(exc)[:24]})")
            return
        assert len(document.canvas["objects"]) <= 20_000
        assert_analysable(document, CANVAS_ROOTS | {"elements"})
        event("outcome: read and analysed")


@fuzz(10)
@given(links=st.integers(7_900, 8_100), fan=st.integers(1, 4), groups=st.integers(0, 520),
       labelled=st.booleans())
def test_mermaid_around_its_caps_is_read_whole_or_refused_with_a_line(links, fan, groups, labelled):
    lines = ["flowchart LR"] + [f"subgraph g{i}\n  s{i}\nend" for i in range(groups)]
    made = 0
    i = 0
    while made < links:
        left = " & ".join(f"n{(i + k) % 1_400}" for k in range(fan))
        lines.append(f"{left} -->{'|l' + str(i) + '|' if labelled else ''} n{(i * 7 + 1) % 1_400}")
        made += fan
        i += 1
    with watchdog():
        try:
            imported_document = read_design("chart.mmd", "\n".join(lines))
        except InputError as exc:
            # Refused at the line past a cap, or, when the laid-out chart's long links pile up, by recognition's budget.
            assert re.match(r"^line \d+: more than (8000 links|500 subgraphs|2000 nodes); split the diagram$", str(exc)) \
                or str(exc).startswith("too many shapes on top of one another"), str(exc)
            event("outcome: refused with a line")
            return
        assert len(imported_document.canvas["objects"]) <= 20_000
        event("outcome: read whole")
