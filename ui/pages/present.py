"""The presenter: a shared screen with no sidebar, large type, one finding or question at a time.

Everything the editor holds stays in the session (kept values, not widgets),
so Exit presenter returns to the canvas as it was.
"""

from __future__ import annotations

import html

import streamlit as st

from design.canvas.work import LayoutTooDense
from design.exports.markdown import md_text
from design.model.document import dumps
from ui import actions
from ui.panels import clock, presentation
from ui.panels.presentation import PRESENTER_CSS
from ui.resources import analyze_text, store, too_dense
from ui.state import Keys, current_canvas_json, document_from_state


def render() -> None:
    actions.open_from_link()
    ss = st.session_state
    st.html(PRESENTER_CSS)
    document = document_from_state(current_canvas_json(None))
    design_id, version = ss[Keys.design_id], ss[Keys.loaded_version]
    probes = presentation.latest_probes(design_id, version) if design_id is not None else []
    cols = st.columns([6, 1], vertical_alignment="center")
    cols[0].html(f'<div class="sf-title">{html.escape(document.title)}</div>')
    cols[1].button("Exit presenter", key=Keys.exit_presenter, on_click=actions.exit_presenter, width="stretch")
    if design_id is not None:
        round_, pairing = store().open_practice(design_id), store().pairing(design_id)
        if round_ is not None or pairing is not None:
            clock.ticking(design_id, round_, pairing, compact=True)
    try:
        result, _fp = analyze_text(dumps(document))
    except LayoutTooDense as exc:  # nothing to present; Exit presenter leads back to the canvas to undo it
        st.error(md_text(too_dense(exc)))
        return
    presentation.draw(result.sketch, result.findings, probes, "present", version)


if __name__ == "__main__":
    render()
