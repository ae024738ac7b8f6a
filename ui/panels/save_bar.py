"""Above the canvas: the design's title, Save, and whether the canvas is saved."""

from __future__ import annotations

import streamlit as st

from design.analysis.analyze import Analysis
from design.model.sketch import Severity
from ui import actions
from ui.state import Keys, bound
from ui.text import SEVERITY_ICON


def draw(result: Analysis, fp: str, drawing: str) -> tuple[bool, bool]:
    """Title, Save and the saved/unsaved indicator. Returns (unsaved changes, of which some to the drawing).

    ``drawing`` is the drawing's own fingerprint (:func:`~design.analysis.analyze.drawing_fingerprint`):
    a change to the title or notes alone is told apart, and needs no new version before a critique.
    """
    ss = st.session_state
    dirty = fp != ss[Keys.saved_fingerprint]
    read_only = actions.read_only()
    drawing_changed = dirty and drawing != ss[Keys.saved_drawing]
    cols = st.columns([4, 2, 3], vertical_alignment="bottom")
    with cols[0]:
        st.text_input("Design title", max_chars=200, **bound(Keys.title))
    with cols[1]:
        st.button(
            "Save version",
            key=Keys.save,
            type="primary",
            disabled=not dirty or not result.sketch.components or read_only,
            help="Only its owner saves this design; you can critique it." if read_only else None,
            on_click=actions.save_version,
            width="stretch",
        )
    with cols[2]:
        version = ss[Keys.loaded_version]
        if read_only:
            shown = f" (v{version})" if version else ""
            st.markdown(f":blue[**Read-only**{shown}: someone else's design, which you may critique]")
        elif not result.sketch.components and version is None:
            st.caption("Draw a component to begin.")
        elif dirty and not drawing_changed and version:
            st.markdown(f":orange[● **Notes changed since v{version}**] (the drawing is unchanged)")
        elif dirty:
            since = f" since v{version}" if version else " — not saved yet"
            st.markdown(f":orange[● **Unsaved changes{since}**]")
        else:
            st.markdown(f":green[✔ **Saved** as v{version}]")
        counts = {sev: sum(f.severity is sev for f in result.findings) for sev in reversed(Severity)}
        summary = " · ".join(f"{SEVERITY_ICON[sev]} {n} {sev.value}" for sev, n in counts.items() if n)
        st.caption(f"Failure points: {summary}" if summary else "No failure points found yet.")
    return dirty, drawing_changed
