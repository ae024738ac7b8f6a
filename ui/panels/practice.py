"""Sidebar: start a timed round at a level, the problem your weak spots suggest, pairing, presenting, following."""

from __future__ import annotations

import streamlit as st

from critique.rubric import Level
from critique.weakspots import record_from_payload, weak_spots
from design.exports.markdown import md_text
from design.store import StoreError
from ui import actions
from ui.resources import exercised_by_problem, problem_bank, store
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
    st.selectbox("Interview level", list(Level), format_func=lambda lv: Level(lv).title, **bound(Keys.practice_level),
                 help="Sets the bar of the scorecard and how deep the critic probes: mid asks the basics, staff "
                      "adds a region going away, the bill and the teams.")
    st.button("Start practice round", key=Keys.start_round, on_click=actions.ask, args=("start_round",),
              width="stretch", help="A visible countdown through requirements, estimates, high-level sketch, deep "
              "dive and wrap-up: on the sketch on the canvas, or on a new one (it asks when the canvas holds one).")

    if problems:
        _suggestion(problems)

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
        # Drawn only while open: the copyable link (st.code) makes the browser load and run its syntax
        # highlighter, about a third of a second of a first load's CPU on a small machine.
        panel = st.expander("Follow link for a second browser", key=Keys.follow_open, on_change="rerun",
                            icon=":material/visibility:")
        if panel.open:
            with panel:
                link = f"?design={design_id}&follow=1"
                st.markdown(f"[Open the follower]({link})")
                base = (st.context.url or "").split("?")[0]
                if base:
                    st.code(base.rstrip("/") + "/" + link, language=None, wrap_lines=True)
                st.caption("Read-only; it follows every save (and the autosaved draft) within a few seconds.")


def _suggestion(problems: dict) -> None:
    """The next problem, from the scorecards of finished rounds: the one that exercises your weak spots."""
    try:
        history = store().scorecard_history()
    except StoreError as exc:
        st.caption(f"Weak spots unavailable: {md_text(str(exc))}")
        return
    records = [r for r in (record_from_payload(h.session_id, h.problem, h.ended_at, h.payload) for h in history)
               if r is not None]
    if not records:
        return
    spots = weak_spots(records, problems, exercised_by_problem())
    if spots.suggestion is None:
        return
    s = spots.suggestion
    with st.container(border=True):
        st.markdown(f"**Next, for your weak spots:** {md_text(s.title)}")
        why = "; ".join(s.reasons)
        st.caption(md_text(why[:1].upper() + why[1:]) + ".")
        st.button("Practise this problem", key=Keys.practise_suggestion, on_click=actions.practise_suggestion,
                  args=(s.problem,), width="stretch",
                  disabled=st.session_state[Keys.practice_problem] == s.problem)
