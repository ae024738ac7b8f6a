"""Above the canvas: the running round's prompt, its Finish button, the problem's brief, and the clock."""

from __future__ import annotations

import streamlit as st

from critique.problems import Problem
from design.exports.markdown import md_text
from design.model.estimates import LABELS
from design.store import Right, StoreError
from ui import actions
from ui.panels import clock
from ui.resources import problem_bank, store
from ui.state import Keys


def draw() -> None:
    design_id = st.session_state[Keys.design_id]
    if design_id is None:
        return
    try:
        round_ = store().open_practice(design_id)
        pairing = store().pairing(design_id)
    except StoreError as exc:
        st.error(f"Practice state unavailable: {md_text(str(exc))}")
        return
    if round_ is None and pairing is None:
        return
    with st.container(border=True):
        if round_ is not None:
            cols = st.columns([6, 1], vertical_alignment="center")
            with cols[0]:
                st.markdown(f"**Prompt:** {md_text(round_.prompt or round_.design_title)}")
            with cols[1]:
                refused = actions.refusal(Right.CHANGE)
                st.button("Finish round", key=Keys.finish_round, on_click=actions.finish_round, args=(round_.id,),
                          width="stretch", disabled=refused is not None,
                          help=refused or "Logs the round (time used, findings of the last saved version, "
                          "critique rounds). Your design stays as it is.")
            problem = problem_bank().get(round_.problem or "")
            if problem is not None:
                _brief(problem)
        clock.ticking(design_id, round_, pairing)


def _brief(problem: Problem) -> None:
    """The problem's scale figures, and its reference requirements to compare with your own afterwards."""
    cols = st.columns(2)
    with cols[0], st.expander("Scale figures to estimate from", icon=":material/calculate:"):
        rows = [f"- {LABELS.get(k, k.replace('_', ' ')).lower()}: **{v:,.0f}**" for k, v in problem.scale.items()]
        st.markdown("\n".join(rows + [f"- {md_text(n)}" for n in problem.scale_notes]))
    with cols[1], st.expander("Reference requirements (open after writing yours)", icon=":material/checklist:"):
        st.markdown("**Functional**\n" + "\n".join(f"- {md_text(r)}" for r in problem.functional))
        st.markdown("**Non-functional**\n" + "\n".join(f"- {md_text(r)}" for r in problem.non_functional))
