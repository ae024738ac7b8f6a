"""At the top of the editor: the question asked before work leaves the canvas, and what a reload brought back.

Nothing the user made is replaced without a word: New design, an example, an
import or a practice round over unsaved work first ask here (the question is
kept by :func:`ui.actions.ask`, answered by :func:`ui.actions.answer`); a reload
that restored the autosaved draft says so, and offers the saved version instead.
"""

from __future__ import annotations

import streamlit as st

from design.exports.markdown import md_text
from design.store import StoreError
from ui import actions
from ui.resources import store
from ui.state import Keys, title
from ui.text import local_time

#: What each replacing action does, as the question says it.
_WHAT = {
    "new_design": "A new design replaces what is on the canvas.",
    "load_example": "Loading the example replaces what is on the canvas.",
    "import_design": "Opening the file replaces what is on the canvas.",
}


def draw() -> None:
    _question()
    _restored()


def _question() -> None:
    ss = st.session_state
    pending = ss[Keys.pending]
    if pending is None:
        return
    action, _ = pending
    kept = (f" It stays in Saved designs as “{md_text(title())}”, with its latest changes as an autosaved draft."
            if ss[Keys.design_id] is not None else "")
    with st.container(border=True):
        if action == "start_round":
            st.markdown("**Start the practice round on this sketch, or on a blank canvas?**")
            st.caption(f"On this sketch, the round times “{md_text(title())}” and counts its saves. On a blank "
                       f"canvas, the round gets a new design.{kept}")
            cols = st.columns([2, 2, 1])
            cols[0].button("On this sketch", key=Keys.round_on_sketch, type="primary", width="stretch",
                           on_click=actions.answer, args=("sketch",))
            cols[1].button("On a blank canvas", key=Keys.round_on_blank, width="stretch",
                           on_click=actions.answer, args=("blank",))
            cols[2].button("Cancel", key=Keys.confirm_cancel, width="stretch", on_click=actions.answer,
                           args=("cancel",))
            return
        st.markdown(f":orange[**Unsaved changes.**] {_WHAT[action]}")
        st.caption(f"Save them as a version first, or go on without saving.{kept}")
        cols = st.columns([2, 2, 1])
        cols[0].button(f"Save v{_next_version()} and continue", key=Keys.confirm_save, type="primary",
                       width="stretch", on_click=actions.answer, args=("save",))
        cols[1].button("Continue without saving", key=Keys.confirm_go, width="stretch", on_click=actions.answer,
                       args=("go",))
        cols[2].button("Cancel", key=Keys.confirm_cancel, width="stretch", on_click=actions.answer,
                       args=("cancel",))


def _next_version() -> int:
    design_id = st.session_state[Keys.design_id]
    try:
        latest = store().latest_number(design_id) if design_id is not None else None
    except StoreError:
        latest = None
    return (latest or 0) + 1


def _restored() -> None:
    ss = st.session_state
    restored = ss[Keys.restored_draft]
    if not restored or restored[0] != ss[Keys.design_id]:
        return
    design_id, updated, version = restored
    since = (f"They are newer than v{version}: save them to keep them as a version." if version is not None
             else "Nothing of this design is saved as a version yet: save it to keep it.")
    with st.container(border=True):
        st.markdown(f":material/history: **Your unsaved changes are back**, as autosaved at "
                    f"{local_time(updated, '%H:%M:%S')}. {since}")
        cols = st.columns([1, 2, 3])
        cols[0].button("Keep them", key=Keys.keep_draft, type="primary", width="stretch",
                       on_click=actions.keep_restored_draft)
        cols[1].button(f"Discard them and show v{version}" if version is not None else "Discard them",
                       key=Keys.forget_draft, width="stretch", on_click=actions.forget_restored_draft,
                       args=(design_id, version))
