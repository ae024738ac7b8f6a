"""The editor: the canvas, and around it everything the user does with a design.

Top to bottom: the sidebar, a one-off message, the running round, the draft's
offer, the save bar and notes (drawn into containers placed above the canvas,
but filled after it, so they see this run's drawing), the canvas, the findings
and the annotated picture, components, the critique, history, exports.
"""

from __future__ import annotations

import streamlit as st

from design.exports.markdown import md_text
from design.model.document import dumps
from ui import actions
from ui.panels import (
    canvas,
    components,
    critique,
    estimates,
    export,
    findings,
    history,
    notes,
    picture,
    round_header,
    save_bar,
    sidebar,
)
from ui.resources import analyze_text
from ui.state import Keys, document_from_state, remember_canvas


def render() -> None:
    actions.open_from_link()
    sidebar.draw()
    _flash()
    round_header.draw()
    notes.draw_draft_offer()
    top = st.container()
    notes_box = st.container()
    drawing = canvas.draw()
    document = document_from_state(drawing)
    result, fp = analyze_text(dumps(document))
    with top:
        dirty = save_bar.draw(result, fp)
    with notes_box:
        notes.draw(document)
        estimates.draw()
    remember_canvas(document.canvas, fp)
    actions.autosave_draft(document, fp)
    decisions = findings.decisions_on_canvas(dirty)
    left, right = st.columns([2, 3], gap="large")
    with left:
        highlight = findings.draw(result, decisions)
    with right:
        picture.draw(result, document.title, highlight, findings.accepted(decisions))
    components.draw(result)
    critique.draw(dirty)
    history.draw()
    export.draw(document, result, fp)


def _flash() -> None:
    """A message a callback left for this run (plain text that may quote names, titles and errors)."""
    message = st.session_state.get(Keys.flash)
    if message:
        kind, text = message
        getattr(st, kind)(md_text(text))
        st.session_state[Keys.flash] = None


if __name__ == "__main__":
    render()
