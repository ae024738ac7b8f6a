"""One thing at a time, in large type: the current step (a finding, then a question) beside the sketch.

Drawn by the presenter page and by the follower's presenter layout.
"""

from __future__ import annotations

import html

import streamlit as st

from critique.payload import view
from design.model.sketch import Finding, Sketch
from design.practice.diff import ProbeRecord, probe_records
from design.practice.presenter import presentation_steps
from design.store import CritiqueRow, StoreError
from ui import actions
from ui.resources import presenter_png, store
from ui.state import Keys, scoped
from ui.text import joined_names

PRESENTER_CSS = """
<style>
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 1.5rem; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.35rem; }
.sf-step { border-left: 0.6rem solid var(--sf-color); padding: 0.6rem 1.2rem; margin: 0.4rem 0 1rem 0;
           background: #f7f8fb; border-radius: 0.4rem; }
.sf-step .sf-head { font-size: 1.6rem; font-weight: 700; color: var(--sf-color); letter-spacing: 0.02em; }
.sf-step .sf-text { font-size: 2.6rem; font-weight: 700; line-height: 1.2; color: #1d2733; margin: 0.3rem 0; }
.sf-step .sf-detail { font-size: 1.3rem; color: #45505c; }
.sf-step .sf-where { font-size: 1.4rem; font-weight: 600; color: #1d2733; margin: 0.2rem 0 0.6rem 0; }
.sf-title { font-size: 2.2rem; font-weight: 700; color: #1d2733; }
</style>
"""


def latest_probes(design_id: int, version: int | None) -> list[ProbeRecord]:
    """The questions to present: the newest critique of ``version``, else the design's newest critique
    (say v2 was saved after answering the critique of v1), follow-up rounds included."""
    try:
        critiques = store().list_critiques(design_id, version) if version is not None else []
        critiques = critiques or store().list_critiques(design_id)
    except StoreError:
        return []
    return newest_probes(critiques)


def newest_probes(critiques: list[CritiqueRow]) -> list[ProbeRecord]:
    """The questions (and answers) of the newest of these critiques, follow-up rounds included."""
    if not critiques:
        return []
    _id, v, mode, _at, payload = critiques[-1]
    return list(probe_records(v, mode, view(payload)))


def draw(sketch: Sketch, findings: tuple[Finding, ...], probes: list[ProbeRecord], where: str,
         version: int | None = None) -> None:
    """The current step beside the sketch with its elements highlighted; ``where`` names the page (widget keys)."""
    steps = presentation_steps(findings, probes, version)
    ss = st.session_state
    left, right = st.columns([2, 3], gap="large")
    highlight: tuple[str, ...] = ()
    focus: str | None = None
    with left:
        if steps:
            ss[Keys.present_step] = max(0, min(len(steps) - 1, ss[Keys.present_step]))
            step = steps[ss[Keys.present_step]]
            cols = st.columns(2)
            cols[0].button("◀ Previous", key=scoped(Keys.step_back, where), on_click=actions.step_move,
                           args=(-1, len(steps)), disabled=ss[Keys.present_step] == 0, width="stretch")
            cols[1].button("Next ▶", key=scoped(Keys.step_next, where), on_click=actions.step_move,
                           args=(1, len(steps)), disabled=ss[Keys.present_step] == len(steps) - 1, width="stretch",
                           type="primary")
            where_text = joined_names(sketch, step.elements) or "the whole design"
            st.html(
                f'<div class="sf-step" style="--sf-color:{step.color}">'
                f'<div class="sf-head">{html.escape(step.heading)}</div>'
                f'<div class="sf-text">{html.escape(step.text)}</div>'
                f'<div class="sf-where">On: {html.escape(where_text)}</div>'
                f'<div class="sf-detail">{html.escape(step.detail)}</div></div>'
            )
            st.caption(f"Step {ss[Keys.present_step] + 1} of {len(steps)}: findings first, then the critic's questions.")
            highlight = tuple(step.elements)
            focus = findings[ss[Keys.present_step]].key if ss[Keys.present_step] < len(findings) else None
        else:
            st.info("No findings or questions to step through yet.")
    with right:
        if sketch.components:
            asked = tuple((p.question, p.targets) for p in probes)
            st.image(presenter_png(sketch, findings, asked, highlight, focus), width="stretch", output_format="PNG")
