"""Back of the envelope: the user's inputs and own figures first, then (on request) the derived ones.

With a problem that carries reference estimates, the same request grades each figure the user wrote
against the problem's tolerance band and names the first step where their arithmetic parts ways.
"""

from __future__ import annotations

import streamlit as st

from critique.grading import Grade, grade_estimates
from design.exports.markdown import md_text
from design.model.estimates import ESTIMATES, EstimateField
from design.practice.gate import OWN_ESTIMATE_KEYS
from design.sizing.estimates import derive, human
from ui import actions
from ui.resources import problem_bank
from ui.state import Keys, scoped


def draw() -> None:
    """Inputs, the user's own derived figures, then (once they wrote one) ours and the arithmetic."""
    estimates = st.session_state[Keys.estimates]
    panel = st.expander("Estimates: back of the envelope", expanded=bool(estimates), key=Keys.estimates_open,
                        on_change="rerun")
    if not panel.open:
        return  # a dozen inputs on every stroke's rerun: drawn only while it is open
    with panel:
        st.caption("Write the numbers down before you check them. They are saved with the design, and the "
                   "capacity rule (CAP001) compares each component's share of the peak with what one node takes.")
        cols = st.columns(3)
        for i, field in enumerate(e for e in ESTIMATES if not e.own):
            with cols[i % 3]:
                _estimate_input(field)
        st.markdown("**Your own figures** — work them out first, then check them.")
        cols = st.columns(4)
        for i, field in enumerate(e for e in ESTIMATES if e.own):
            with cols[i]:
                _estimate_input(field)
        derived = derive(estimates)
        if derived is None:
            st.caption("Daily users and requests per user are enough to derive the peak load.")
            return
        # Predict before you verify: the derived figures stay hidden until you have written one of your own.
        own = any(k in estimates for k in OWN_ESTIMATE_KEYS)
        if not st.toggle("Check my numbers: show the derived figures and the arithmetic", key=Keys.reveal_estimates,
                         disabled=not own):
            if not own:
                st.caption("Write at least one of your own figures first; then the derived ones can be shown.")
            return
        rows = ["| Figure | Yours | Derived |", "|---|--:|--:|"]
        for field in (e for e in ESTIMATES if e.own and e.derived):
            mine, theirs = estimates.get(field.key), getattr(derived, field.derived)
            figure = field.label.removeprefix("Your ")
            rows.append(f"| {figure[:1].upper() + figure[1:]} | {human(mine) if mine is not None else '—'} | "
                        f"{human(theirs) if theirs is not None else 'needs a payload size'} |")
        st.markdown("\n".join(rows))
        st.markdown("**The arithmetic**")
        st.markdown("\n".join(f"{n}. {md_text(line)}" for n, line in enumerate(derived.working(), 1)))
        _graded(estimates)


def _graded(estimates: dict[str, float]) -> None:
    """Each of the user's figures against the problem's reference (only those they wrote), and where it parts ways."""
    problem = problem_bank().get(st.session_state[Keys.problem] or "")
    graded = grade_estimates(estimates, problem) if problem is not None else None
    if graded is None:
        return
    st.markdown(f"**Against the problem's reference** (right within ×{human(graded.tolerance)})")
    marks = {Grade.WITHIN: "✔", Grade.OFF: "◐", Grade.ORDER_OF_MAGNITUDE: "✘"}
    st.markdown("\n".join(f"- {marks.get(g.grade, '○')} {md_text(g.describe(graded.tolerance))}"
                           for g in graded.figures))
    if graded.divergence is not None:
        st.markdown(f"**Where it parts ways:** {md_text(graded.divergence.explanation)}")


def _estimate_input(field: EstimateField) -> None:
    ss = st.session_state
    widget_key = scoped(Keys.estimate, ss[Keys.canvas_gen], field.key)
    st.number_input(field.label, min_value=0.0, value=ss[Keys.estimates].get(field.key), key=widget_key,
                    help=field.help, format="%g", on_change=actions.set_estimate, args=(field.key, widget_key))
