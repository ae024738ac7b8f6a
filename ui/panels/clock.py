"""The round's clock and the pair's roles: phase, countdowns, alerts, who drives.

Timers and roles are computed from start times stored in SQLite
(``design/practice/timer.py``, ``pairing.py``), so a rerun, a reload or a
second browser agree. The ticking display is an ``st.fragment(run_every=1s)``:
only the clock re-renders each second, never the canvas.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from design.exports.markdown import md_text
from design.practice.pairing import Pairing, roles_at
from design.practice.timer import Alert, PracticeSession, format_clock, session_status
from ui.state import Keys, clock_now

TICK = timedelta(seconds=1)
NAVIGATOR = ":material/explore:"
DRIVER = ":material/edit:"


@st.fragment(run_every=TICK)
def ticking(design_id: int, round_: PracticeSession | None, pairing: Pairing | None, compact: bool = False) -> None:
    """The ticking clock: re-runs alone every second, so the canvas is never redrawn for it."""
    draw(design_id, round_, pairing, compact=compact)


def draw(design_id: int, round_: PracticeSession | None, pairing: Pairing | None, *, compact: bool = False) -> None:
    """Phase, countdowns, alerts and roles at this moment (``compact``: one line, for presenting)."""
    ss = st.session_state
    moment = clock_now()
    roles = roles_at(pairing, moment) if pairing is not None else None
    status = (session_status(round_.started_at, round_.time_box, moment, round_.shares) if round_ is not None
              else None)
    if compact:
        parts = []
        if status is not None:
            left = (f"+{format_clock(status.overtime)} over time" if status.alert is Alert.TIME_UP
                    else f"{format_clock(status.phase_remaining)} left · round {format_clock(status.remaining)}")
            parts.append(f"**{status.phase.label}** · {left}")
        if roles is not None:
            parts.append(f"{DRIVER} **{md_text(roles.driver)}** drives · {NAVIGATOR} {md_text(roles.navigator)} "
                         f"navigates · swap in {format_clock(roles.next_swap_in)}")
        st.markdown(" · ".join(parts))
    elif status is not None:
        steps = []
        for i, slot in enumerate(status.plan):
            name = slot.phase.label
            steps.append(f"**:blue-background[{name}]**" if i == status.phase_index else
                         (f":gray[~~{name}~~]" if i < status.phase_index else name))
        cols = st.columns([5, 2, 2], vertical_alignment="center")
        with cols[0]:
            st.markdown(" → ".join(steps))
            st.caption(status.phase.hint)
        with cols[1]:
            st.metric(f"{status.phase.label} left", format_clock(status.phase_remaining))
        with cols[2]:
            if status.alert is Alert.TIME_UP:
                st.metric("Round", f"+{format_clock(status.overtime)}", delta="over time", delta_color="inverse")
            else:
                st.metric("Round left", format_clock(status.remaining))
    if status is not None:
        if status.alert is Alert.TIME_UP:
            st.error(status.message, icon=":material/alarm:")
        elif status.alert is Alert.LAST_MINUTES:
            st.warning(status.message, icon=":material/hourglass_bottom:")
        elif status.alert is Alert.PHASE_ENDING and not compact:
            st.info(status.message, icon=":material/timer:")
    if roles is not None:
        if not compact:
            st.markdown(f"{DRIVER} Driver: **{md_text(roles.driver)}** · {NAVIGATOR} Navigator: "
                        f"**{md_text(roles.navigator)}** · swap in {format_clock(roles.next_swap_in)}")
        if roles.just_swapped:
            st.warning(f"Swap! {md_text(roles.driver)} drives now; {md_text(roles.navigator)} navigates.",
                       icon=":material/sync:")
        if ss.get(Keys.announced_turn) != (design_id, roles.turn):
            if roles.turn > 0:
                st.toast(f"Swap: {md_text(roles.driver)} drives, {md_text(roles.navigator)} navigates.",
                         icon=":material/sync:")
            ss[Keys.announced_turn] = (design_id, roles.turn)
