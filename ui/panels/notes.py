"""The notes: requirements and "my approach", written before the critique; and the autosaved draft's offer."""

from __future__ import annotations

import streamlit as st

from design.exports.markdown import md_text
from design.model.document import SketchDocument
from design.practice.gate import explain_first
from design.store import StoreError
from ui import actions
from ui.resources import store
from ui.state import Keys, bound
from ui.text import local_time


def draw(document: SketchDocument) -> None:
    """Requirements and "my approach in three sentences": saved with the sketch, shown before drawing."""
    # A fixed key and ``expanded``: the expander keeps whatever the user last chose.
    with st.expander("Notes: requirements and my approach", expanded=True, icon=":material/edit_note:",
                     key=Keys.notes_expander):
        cols = st.columns(2)
        with cols[0]:
            st.text_area("Requirements", height=150, max_chars=20_000, **bound(Keys.requirements),
                         placeholder="- Shorten a long URL\n- Redirect in under 50 ms\n- 100M new links a month",
                         help="One per line: functional and non-functional. They are saved with the sketch.")
        with cols[1]:
            st.text_area("My approach in three sentences", height=150, max_chars=20_000, **bound(Keys.approach),
                         placeholder="Say how the design works before you ask anyone (or anything) about it.")
        design_id = st.session_state[Keys.design_id]
        asked = bool(design_id is not None and store().list_critiques(design_id))
        reason = explain_first(document.requirements, document.approach, first_critique=not asked,
                               estimates=document.estimates)
        if reason:
            st.caption(f":orange[{md_text(reason)}]")
        else:
            st.caption(":green[✔ Explained: the critique can start once the sketch is saved.]")


def draw_draft_offer() -> None:
    """A design opened from the sidebar: offer its autosaved draft when it is newer than the last save.

    (A reload restores the draft outright: :func:`ui.actions.open_from_link`.)"""
    ss = st.session_state
    design_id = ss[Keys.design_id]
    if design_id is None or ss.get(Keys.draft_checked) == design_id:
        return
    try:
        draft = actions.newer_draft(design_id, ss[Keys.saved_fingerprint])
    except StoreError:
        return
    if draft is None:
        ss[Keys.draft_checked] = design_id
        return
    updated, doc, driver = draft
    with st.container(border=True):
        by = f" by {md_text(driver)}" if driver else ""
        st.markdown(f":material/history: An autosaved draft{by} from {local_time(updated, '%H:%M:%S')} is newer "
                    "than the last saved version.")
        cols = st.columns([1, 1, 4])
        cols[0].button("Restore draft", key=Keys.restore_draft, on_click=actions.restore_draft, args=(doc,),
                       type="primary")
        cols[1].button("Keep what is shown", key=Keys.dismiss_draft, on_click=actions.dismiss_draft, args=(design_id,))
