"""The editor: the canvas, and around it everything the user does with a design.

Canvas first (issue 13): at 1440×900 the canvas sits near the top with the
failure points (then the requirements checklist) in a rail beside it, so a stroke and its feedback are seen
together without scrolling. Above it only the title and Save bar (and, when
there is one, a question before work is replaced, a one-off message, the
running round); below it the notes, estimates, the annotated picture,
components, the critique, history and exports.

The drawing is read from the canvas's state before the canvas is drawn (the
widget's value arrives with the rerun), so this run's analysis can paint the
findings behind the strokes: arrowheads, badges, outlines and the focus halo.
"""

from __future__ import annotations

import streamlit as st

from design.analysis.analyze import drawing_fingerprint
from design.canvas.work import LayoutTooDense
from design.exports.markdown import md_text
from design.model.document import SketchDocument, dumps
from ui import actions
from ui.panels import (
    canvas,
    compare,
    components,
    critique,
    estimates,
    export,
    findings,
    guard,
    history,
    notes,
    picture,
    requirements,
    round_header,
    save_bar,
    scorecard,
    sidebar,
)
from ui.resources import analyze_text, canvas_backdrop, too_dense
from ui.state import Keys, canvas_room, canvas_size, document_from_state, live_canvas_json, remember_canvas

#: Less room above the page's first row than Streamlit's default, so the canvas starts high; and the canvas as wide
#: as it is drawn, in a box that scrolls across when its column is narrower (ui/panels/canvas.py), with room at its
#: top for the toolbar the canvas shows 30 px above itself on hover (a scrolling box clips what reaches outside it).
_COMPACT = ("<style>.stMainBlockContainer, .block-container {padding: 2.2rem 1.5rem 3rem 1.5rem; max-width: none;}"
            f".st-key-{Keys.canvas_scroll} {{overflow-x: auto; overflow-y: hidden; padding-top: 34px; margin-top: -18px;}}"
            f".st-key-{Keys.canvas_scroll} .stElementContainer {{width: max-content !important; max-width: none;}}"
            "</style>")


def render() -> None:
    actions.open_from_link()
    st.html(_COMPACT)
    sidebar.draw()
    # One block above the canvas, whatever it holds this run: a message or question appearing above
    # must not move the canvas's block, or the browser remounts the canvas and its strokes are gone.
    with st.container():
        # Each part that may or may not draw sits in a slot of its own, so a message appearing in one does not
        # shift the next: a shifted element is drawn anew while its stale copy lingers until the run ends
        # (the round's prompt was seen twice on the page for a moment).
        with st.container():
            guard.draw()
        message = st.container()  # filled once the design's fingerprint is known
        for part in (round_header.draw, notes.draw_draft_offer):
            with st.container():
                part()
        document = document_from_state(live_canvas_json())
        try:
            result, fp = analyze_text(dumps(document))
        except LayoutTooDense as exc:  # a pile of shapes: say so, and keep the canvas to undo it on
            with message:
                _flash(None)
            st.error(f"{md_text(too_dense(exc))} Undo, clear the canvas, or select the stacked shapes and delete "
                     "them; your saved versions are untouched.")
            _unread(document)
            return
        with message:
            _flash(fp)
        dirty, drawing_changed = save_bar.draw(result, fp, drawing_fingerprint(document, result.sketch))
    remember_canvas(document.canvas, fp)
    actions.autosave_draft(document, fp)
    decisions = findings.decisions_on_canvas(drawing_changed)
    muted = findings.accepted(decisions)
    width, height = canvas_size()
    # The columns keep the setting's proportions: a canvas grown across for a wide drawing scrolls in its own box
    # rather than squeezing the findings rail.
    left, right = st.columns([canvas_room()[0] + 30, 300], gap="small")
    with left:
        backdrop = canvas_backdrop(result.sketch, result.findings, width, height,
                                   findings.highlight_from_state(result), muted, findings.killed_from_state(result))
        canvas.draw(document.canvas, backdrop)  # the page's hooks (keys, naming) come with it
    with right, st.container(height=height + 96, border=False):
        highlight = findings.draw(result, decisions)  # first: what a stroke changed, in view beside the canvas
        requirements.draw(result)
    notes.draw(document)
    estimates.draw()
    picture.draw(result, document.title, highlight, muted)
    components.draw(result)
    critique.draw(dirty, drawing_changed, document)
    scorecard.draw()
    compare.draw()
    history.draw()
    export.draw(document, result, fp)


def _unread(document: SketchDocument) -> None:
    """The page around a drawing too dense to analyse: the canvas (in the same block, so the browser keeps its
    strokes and undo stack), the notes and the history; nothing that would describe, save or critique it."""
    left, _right = st.columns([canvas_room()[0] + 30, 300], gap="small")
    with left:
        canvas.draw(None)
    notes.draw(document)
    history.draw()


def _flash(fp: str | None) -> None:
    """The message a callback left (plain text that may quote names, titles and errors), shown until the design
    changes: the first run that shows it notes the design's fingerprint ``fp``, and a run with another one clears
    it. A rerun that changes nothing (the canvas echoing a drawing just opened) keeps it in view."""
    message = st.session_state.get(Keys.flash)
    if not message:
        return
    kind, text, shown_on = message
    if shown_on is not None and shown_on != fp:
        st.session_state[Keys.flash] = None
        return
    getattr(st, kind)(md_text(text))
    st.session_state[Keys.flash] = (kind, text, fp) if fp is not None else None

if __name__ == "__main__":
    render()
