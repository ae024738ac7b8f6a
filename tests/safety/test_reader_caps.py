"""Readers cap links, subgraphs and elements, and refuse past a cap with its line: never read half a design.

Issue 14, item 2: Mermaid capped nodes only. 100,000 lines of ``a --> b``
took 45 s (every node and link counted the line breaks from the top of the
file) and the result was then cut to the canvas's first 20,000 objects with
nothing said at import. These tests count what was read (the line the
refusal names, the objects imported), never the time.
"""

from __future__ import annotations

import json

import pytest

from design.canvas.restore import MAX_OBJECTS
from design.readers.dispatch import InputError, read_import
from design.readers.excalidraw import MAX_ELEMENTS
from design.readers.mermaid import MAX_LINKS, MAX_NODES, MAX_SUBGRAPHS, MermaidError, parse_flowchart


def test_a_hundred_thousand_links_are_refused_at_the_first_link_past_the_cap():
    text = "flowchart LR\n" + "a --> b\n" * 100_000
    with pytest.raises(InputError) as caught:
        read_import("links.mmd", text)
    # The header is line 1, so the link past the cap is on line MAX_LINKS + 2: reading stopped there.
    assert str(caught.value) == f"line {MAX_LINKS + 2}: more than {MAX_LINKS} links; split the diagram"


def test_links_multiplied_out_by_ampersands_count_before_they_are_built():
    left = " & ".join(f"a{i}" for i in range(100))
    right = " & ".join(f"b{i}" for i in range(100))
    text = f"flowchart LR\n%% two lines of comment\n\n{left} --> {right}\n"
    with pytest.raises(MermaidError) as caught:
        parse_flowchart(text)
    assert caught.value.line == 4 and "more than 8000 links" in str(caught.value)


def test_subgraphs_are_capped_with_their_line():
    body = "".join(f"subgraph g{i}\n  n{i}\nend\n" for i in range(MAX_SUBGRAPHS + 10))
    with pytest.raises(MermaidError) as caught:
        parse_flowchart("flowchart TB\n" + body)
    assert caught.value.line == 2 + 3 * MAX_SUBGRAPHS
    assert str(caught.value).endswith(f"more than {MAX_SUBGRAPHS} subgraphs; split the diagram")


def test_nested_subgraphs_count_too():
    body = "".join(f"subgraph g{i}\n" for i in range(MAX_SUBGRAPHS + 1)) + "x\n" + "end\n" * (MAX_SUBGRAPHS + 1)
    with pytest.raises(MermaidError, match="subgraphs"):
        parse_flowchart("flowchart TB\n" + body)


def test_a_chart_at_every_cap_is_read_whole():
    """The caps keep the canvas below its object limit, so nothing is cut after import."""
    links = [f"n{i % MAX_NODES} -->|call {i}| n{(i * 7 + 1) % MAX_NODES}" for i in range(MAX_LINKS)]
    groups = [f"subgraph g{i}\n  n{i}\nend" for i in range(MAX_SUBGRAPHS)]
    imported = read_import("max.mmd", "\n".join(["flowchart LR", *groups, *links]))
    assert len(imported.document.canvas["objects"]) <= MAX_OBJECTS
    assert not any("only the first" in n.message for n in imported.notes)


def test_line_numbers_stay_right_after_going_back_and_forth():
    """The line counter counts from the last position asked about; a bad node late in a long file still says its line."""
    text = "flowchart LR\n" + "a --> b\n" * 3000 + "c --> \n"
    with pytest.raises(MermaidError) as caught:
        parse_flowchart(text)
    assert caught.value.line == 3002


def test_an_excalidraw_scene_past_the_element_cap_is_refused_not_cut():
    elements = [{"id": f"t{i}", "type": "text", "x": i, "y": 0, "width": 10, "height": 10, "text": "x"}
                for i in range(MAX_ELEMENTS + 1)]
    with pytest.raises(InputError, match=f"elements: 20,001 elements; the limit is {MAX_ELEMENTS:,}"):
        read_import("big.excalidraw", json.dumps({"type": "excalidraw", "elements": elements}))


def test_an_excalidraw_scene_whose_canvas_would_pass_the_object_limit_is_refused():
    """Under the element cap, but an arrow with heads at both ends is a line and two heads on the canvas: 7,000
    boxes and 7,000 such arrows make about 28,000 objects, which the canvas would cut to 20,000. Refused at import."""
    elements = []
    for i in range(7_000):
        x, y = (i % 100) * 300, (i // 100) * 200
        elements.append({"id": f"r{i}", "type": "rectangle", "x": x, "y": y, "width": 170, "height": 72})
        elements.append({"id": f"a{i}", "type": "arrow", "x": x + 160, "y": y + 30, "width": 150, "height": 0,
                         "points": [[0, 0], [150, 0]], "startArrowhead": "arrow", "endArrowhead": "arrow"})
    scene = {"type": "excalidraw", "elements": elements}
    with pytest.raises(InputError, match=r"this design makes 2\d,\d{3} canvas objects; the limit is 20,000"):
        read_import("many.excalidraw", json.dumps(scene))
    kept = read_import("fewer.excalidraw", json.dumps({**scene, "elements": elements[:6_000]})).document.canvas
    assert 9_000 < len(kept["objects"]) <= 12_000
