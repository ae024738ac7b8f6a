"""The user's own sketch, annotated: badges on the failure points, the focused elements highlighted."""

from __future__ import annotations

import streamlit as st

from design.analysis.analyze import Analysis
from ui.resources import annotated_png
from ui.text import severity_legend


def draw(result: Analysis, title: str, highlight: tuple[str, ...], muted: tuple[str, ...]) -> None:
    if not result.sketch.components:
        return
    st.subheader("Your sketch, annotated")
    picture = annotated_png(result.sketch, result.findings, highlight, title, muted)
    st.image(picture, width="stretch", output_format="PNG")  # "auto" re-encodes a PNG as JPEG every rerun
    st.caption(f"Badge numbers match the findings list. {severity_legend()}")
