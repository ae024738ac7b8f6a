"""The tool picker and the canvas: where a drawing is made (``streamlit-drawable-canvas``).

Returns the drawing as canvas JSON; the editor turns it into a document with
:func:`ui.state.document_from_state` and analyses it on every stroke.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit_drawable_canvas import st_canvas

from ui.state import Keys, bound, canvas_size, current_canvas_json, scoped

#: Tool name → the canvas's drawing mode (``None``: keep the last mode, and move things with the canvas's ✎ Edit).
TOOLS = {
    "Component": "labeled_rect",
    "Flow": "line",
    "Freehand": "freedraw",
    "Text": "text",
    "Edit": None,
}


def draw(backdrop: bytes | None = None) -> dict[str, Any]:
    """The toolbar, then the canvas over ``backdrop`` (the findings, drawn behind the strokes: a PNG the
    size of the canvas); returns the drawing on it now."""
    mode, label = _toolbar()
    width, height = canvas_size()
    st.write("")  # room for the canvas's hover toolbar, so it does not cover the widgets above
    result = st_canvas(
        key=scoped(Keys.canvas, st.session_state[Keys.canvas_gen]),
        drawing_mode=mode,
        label=label if mode == "labeled_rect" else "",
        initial_drawing=st.session_state[Keys.canvas_initial],
        stroke_width=2 if mode != "freedraw" else 3,
        stroke_color="#1d2733",
        fill_color="#1d2733" if mode == "text" else "rgba(31, 119, 180, 0.08)",
        background_image=backdrop,  # its own layer: replacing it keeps the strokes, the undo stack, the selection
        width=width,
        height=height,
        font_size=16,
    )
    return current_canvas_json(result.json_data)


def _toolbar() -> tuple[str, str]:
    """The tool picker; returns (drawing mode, component label)."""
    ss = st.session_state
    cols = st.columns([5, 3])
    with cols[0]:
        tool = st.radio("Tool", list(TOOLS), horizontal=True, **bound(Keys.tool),
                        help="Keys, as in Excalidraw (when no text field has the focus): R or 2 Component, "
                        "A, L, 5 or 6 Flow, P, X or 7 Freehand, T or 8 Text, V or 1 Edit, Esc back to Component.")
    label = ""
    mode = TOOLS[tool]
    with cols[1]:
        if tool == "Component":
            label = st.text_input(
                "Component label", value="Service", key=Keys.component_label, max_chars=120,
                help="Each box you drag keeps the label typed here. Words such as Redis, Postgres, Kafka or "
                "load balancer tell Sketchfirst what kind of component it is.",
            )
        elif tool == "Flow":
            st.caption("Drag from the caller to the callee: the arrow points the way you drag.")
        elif tool == "Text":
            st.caption("Click, type, then Esc. Text inside a box names it; text beside an arrow labels the flow.")
        elif tool == "Edit":
            st.caption("Turn on ✎ **Edit** in the canvas toolbar (hover the canvas, top right) to move, resize "
                       "or delete; click a selected box again to rename it.")
    if mode is None:
        mode = ss[Keys.last_drawing_mode]
    ss[Keys.last_drawing_mode] = mode
    return mode, label
