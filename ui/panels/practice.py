"""Sidebar: start a timed round, pair with someone, present, or hand a follow link to a second browser."""

from __future__ import annotations

import streamlit as st

from design.exports.markdown import md_text
from ui import actions
from ui.resources import problem_bank, store
from ui.state import Keys, bound


def draw() -> None:
    ss = st.session_state
    st.subheader("Practice round")
    problems = problem_bank()
    if problems:
        st.selectbox("Problem", ["", *problems], **bound(Keys.practice_problem),
                     format_func=lambda i: problems[i].title if i in problems else "— my own prompt —")
    if not ss[Keys.practice_problem]:
        st.text_area("Your prompt", max_chars=2000, height=80, **bound(Keys.practice_prompt),
                     placeholder="Design a URL shortener that handles 100M new links a month.")
    st.number_input("Time box (minutes)", min_value=5, max_value=180, step=5, **bound(Keys.practice_minutes))
    st.button("Start practice round", key=Keys.start_round, on_click=actions.start_round, width="stretch",
              help="Starts a new design with a visible countdown through requirements, estimates, "
                   "high-level sketch, deep dive and wrap-up.")

    st.subheader("Pairing")
    design_id = ss[Keys.design_id]
    pairing = store().pairing(design_id) if design_id is not None else None
    if pairing is None:
        cols = st.columns(2)
        with cols[0]:
            st.text_input("Driver first", max_chars=60, placeholder="Ada", **bound(Keys.pair_first))
        with cols[1]:
            st.text_input("Navigator first", max_chars=60, placeholder="Lin", **bound(Keys.pair_second))
        st.number_input("Swap roles every (minutes)", min_value=1, max_value=120, step=1, **bound(Keys.pair_rotation))
        st.button("Start pairing", key=Keys.start_pairing, on_click=actions.start_pairing, width="stretch")
    else:
        minutes = int(pairing.rotation.total_seconds() // 60)
        st.markdown(f"**{md_text(pairing.first)}** and **{md_text(pairing.second)}**, swapping every {minutes} min. "
                    "The roles and the next swap are shown above the canvas.")
        cols = st.columns(2)
        with cols[0]:
            st.button("Swap now", key=Keys.swap_now, on_click=actions.swap_now, args=(pairing,), width="stretch")
        with cols[1]:
            st.button("Stop pairing", key=Keys.stop_pairing, on_click=actions.stop_pairing, width="stretch")
    st.button("Presenter mode", key=Keys.enter_presenter, on_click=actions.enter_presenter, width="stretch",
              help="A clean full-width view for a shared screen: step through findings, then questions.")
    if design_id is not None:
        link = f"?design={design_id}&follow=1"
        st.markdown(f"[Follow link for a second browser]({link})")
        base = (st.context.url or "").split("?")[0]
        if base:
            st.code(base.rstrip("/") + "/" + link, language=None, wrap_lines=True)
        st.caption("Read-only; it follows every save (and the autosaved draft) within a few seconds.")
