"""The tool picker and the canvas: where a drawing is made (``streamlit-drawable-canvas``).

Returns the drawing as canvas JSON; the editor turns it into a document with
:func:`ui.state.document_from_state` and analyses it on every stroke.

Naming boxes without traps (issue 13): the label field names the **next** box
only. Once a box has taken the typed name the field empties, and an empty field
gives the next box a fresh default ("Service B"), shown in the field as its
placeholder ("next box: Service B"), so the user always sees what the next box will be called. Text
typed but not yet sent (no Enter) still names the next box: the page's hooks
hold the stroke until the name has reached the canvas (:mod:`ui.panels.browser_hooks`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st
from streamlit_drawable_canvas import st_canvas

from design.canvas.restore import BoxShape, restore
from design.model.labels import clean_label
from ui.panels import browser_hooks
from ui.state import Keys, bound, canvas_size, current_canvas_json, scoped

#: Tool name → the canvas's drawing mode (``None``: keep the last mode, and move things with the canvas's ✎ Edit).
TOOLS = {
    "Component": "labeled_rect",
    "Flow": "line",
    "Freehand": "freedraw",
    "Text": "text",
    "Edit": None,
}

#: What an unnamed box is called (then "Service B", "Service C", … while the name is taken).
DEFAULT_LABEL = "Service"

#: The typed name and how many boxes bore it when it was typed (session key; see :func:`_label_taken`).
_LABEL_SEEN = "component_label_seen"

#: What the Edit tool does, in three short lines beside the picker (as tall as the label field of the
#: Component tool, so switching tools does not move the canvas).
EDIT_HELP = ("**Drag** to move · drag a **corner** to resize · **Delete** key (or 🗑 above the canvas) "
             "deletes · **double-click** a box to rename it")


def draw(drawing: Mapping[str, Any], backdrop: bytes | None = None) -> dict[str, Any]:
    """The toolbar, then the canvas over ``backdrop`` (the findings, drawn behind the strokes: a PNG the
    size of the canvas); returns the drawing on it now. ``drawing`` is the canvas as the browser last
    reported it (it names the next default box and tells whether the typed name was used)."""
    boxes = _boxes(drawing)
    labels = [b.label for b in boxes]
    tool, mode, label = _toolbar(labels)
    width, height = canvas_size()
    # Its own box, which scrolls across: a canvas wider than its column (Large beside the rail on a 1440 px screen)
    # is reached by scrolling instead of running under the rail, where half of it could be neither seen nor drawn
    # on. The box's top padding is the room for the canvas's hover toolbar (the editor's style).
    with st.container(key=Keys.canvas_scroll):
        result = _canvas(mode, label, backdrop, width, height)
    with st.sidebar:  # after the canvas: the hooks act on the canvas as this run configured it
        browser_hooks.draw(tool=tool, label=st.session_state.get(Keys.component_label, ""),
                           boxes=[_rect(b) for b in boxes])
    return current_canvas_json(result.json_data)


def _canvas(mode: str, label: str, backdrop: bytes | None, width: int, height: int) -> Any:
    return st_canvas(
        key=scoped(Keys.canvas, st.session_state[Keys.canvas_gen]),
        drawing_mode=mode,
        label=label if mode == "labeled_rect" else "",  # the canvas refuses a label in other modes
        initial_drawing=st.session_state[Keys.canvas_initial],
        stroke_width=2 if mode != "freedraw" else 3,
        stroke_color="#1d2733",
        fill_color="#1d2733" if mode == "text" else "rgba(31, 119, 180, 0.08)",
        background_image=backdrop,  # its own layer: replacing it keeps the strokes, the undo stack, the selection
        width=width,
        height=height,
        font_size=16,
    )


def next_default_label(labels: Iterable[str]) -> str:
    """The name an unnamed box gets: ``Service``, else the first ``Service B``, ``Service C``, … no box bears.

    Letters, not numbers: "Service 2" and "Service 3" wired to one caller would read as numbered copies
    of one pool (:mod:`design.canvas.pools`), and "Service N" always would.
    """
    taken = {clean_label(str(t)).casefold() for t in labels}
    for suffix in _SUFFIXES:
        name = f"{DEFAULT_LABEL} {suffix}".strip()
        if name.casefold() not in taken:
            return name
    return f"{DEFAULT_LABEL} {len(taken) + 1}"  # past 650 unnamed boxes: numbers, then


#: "", then B … Z and AA … ZZ, never a lone N (the pool marker "Service N").
_SUFFIXES = ("", *(c for c in "BCDEFGHIJKLMOPQRSTUVWXYZ"),
             *(a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _boxes(drawing: Mapping[str, Any]) -> tuple[BoxShape, ...]:
    try:
        return tuple(b for b in restore(drawing).boxes if b.shape == "rect")
    except ValueError:  # not canvas JSON at all: the editor reports it; no boxes to name here
        return ()


def _rect(b: BoxShape) -> list[float]:
    return [round(b.box.left, 1), round(b.box.top, 1), round(b.box.width, 1), round(b.box.height, 1)]


def _label_taken(labels: list[str]) -> None:
    """Empty the label field once a box has taken the typed name, so the name does not stick to the next box.

    Runs before the field is drawn. A box took the name when more boxes bear it
    than when it was typed (undo and redo then count as well).
    """
    ss = st.session_state
    typed = clean_label(str(ss.get(Keys.component_label) or ""))
    bearing = sum(1 for t in labels if clean_label(str(t)) == typed) if typed else 0
    seen = ss.get(_LABEL_SEEN)
    if typed and isinstance(seen, tuple) and seen[0] == typed and bearing > seen[1]:
        ss[Keys.component_label] = ""
        typed, bearing = "", 0
    ss[_LABEL_SEEN] = (typed, bearing)


def _toolbar(labels: list[str]) -> tuple[str, str, str]:
    """The tool picker; returns (tool, drawing mode, the next box's label)."""
    ss = st.session_state
    _label_taken(labels)
    cols = st.columns([5, 3])
    with cols[0]:
        tool = st.radio("Tool", list(TOOLS), horizontal=True, **bound(Keys.tool),
                        help="Keys, as in Excalidraw (when no text field has the focus): R or 2 Component, "
                        "A, L, 5 or 6 Flow, P, X or 7 Freehand, T or 8 Text, V or 1 Edit, Esc back to Component; "
                        "Delete removes what Edit selected. Double-click a box to rename it.")
    mode = TOOLS[tool]
    default = next_default_label(labels)
    with cols[1]:
        if tool == "Component":
            st.text_input(
                "Component label", key=Keys.component_label, max_chars=120, placeholder=f"next box: {default}",
                help=f"Names the next box you drag, then empties: an empty field names it {default}. Words such "
                "as Redis, Postgres, Kafka or load balancer tell Sketchfirst what kind of component it is. "
                "Double-click a box to rename it.",
            )
        elif tool == "Flow":
            st.caption("Drag from the caller to the callee: the arrow points the way you drag.")
        elif tool == "Text":
            st.caption("Click, type, then Esc. Text inside a box names it; text beside an arrow labels the flow.")
        elif tool == "Edit":
            st.caption(EDIT_HELP)
    if mode is None:
        mode = ss[Keys.last_drawing_mode]
    ss[Keys.last_drawing_mode] = mode
    # The same under every tool: a label that changed would make the canvas set its tool up again, and that
    # closes a name being edited (a double-click rename switches to Edit while the name is open).
    label = clean_label(str(ss.get(Keys.component_label) or "")) or default
    return tool, mode, label
