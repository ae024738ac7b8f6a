"""The user's own sketch, annotated: badges on the failure points, the focused elements highlighted, and the
numbers model's outlined badges on the slowest path's end and the weakest hop."""

from __future__ import annotations

import streamlit as st

from design.analysis.analyze import Analysis
from ui.resources import annotated_png
from ui.state import Keys
from ui.text import severity_legend


def draw(result: Analysis, title: str, highlight: tuple[str, ...], muted: tuple[str, ...]) -> None:
    if not result.sketch.components:
        return
    # The live canvas shows the same marks; this is the picture the exports carry, with its legend.
    # Rendering it costs a stroke's rerun more than anything else: only while it is open.
    panel = st.expander("Your sketch, annotated (as exported)", key=Keys.picture_open, on_change="rerun",
                        icon=":material/image:")
    if not panel.open:
        return
    with panel:
        marks = result.numbers.marks() if result.numbers is not None else ()
        picture = annotated_png(result.sketch, result.findings, highlight, title, muted, marks)
        st.image(picture, width="stretch", output_format="PNG")  # "auto" re-encodes a PNG as JPEG every rerun
        numbers = " Outlined badges: the slowest path's p99 and the weakest hop's ceiling." if marks else ""
        st.caption(f"Badge numbers match the findings list. {severity_legend()}{numbers}")
