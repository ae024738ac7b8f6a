"""Sidebar: open a Mermaid, Excalidraw or Sketchfirst JSON file on a fresh canvas."""

from __future__ import annotations

import streamlit as st

from design.readers.dispatch import IMPORT_EXTENSIONS
from ui import actions
from ui.state import Keys, scoped


def draw() -> None:
    ss = st.session_state
    st.subheader("Import")
    key = scoped(Keys.import_file, ss[Keys.canvas_gen])
    st.file_uploader(
        "Mermaid, Excalidraw or JSON", type=list(IMPORT_EXTENSIONS), key=key,
        help="A Mermaid flowchart (.mmd, or a Markdown file with a mermaid block), an Excalidraw scene, "
        "canvas JSON, or a Sketchfirst JSON export. It opens on a new canvas, ready to edit and save.",
    )
    if ss.get(key) is not None:
        st.button("Open on a fresh canvas", key=Keys.import_open, on_click=actions.ask, args=("import_design", key),
                  width="stretch", help="Replaces what is on the canvas now (it asks first when that is unsaved).")
