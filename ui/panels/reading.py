"""A design to read, not to edit: what the follower and a share link show."""

from __future__ import annotations

import streamlit as st

from design.canvas.work import LayoutTooDense
from design.exports.markdown import md_text
from design.model.document import SketchDocument, dumps
from design.practice.diff import ProbeRecord
from ui.panels import presentation, requirements
from ui.resources import analyze_text, annotated_png, too_dense
from ui.state import Keys
from ui.text import SEVERITY_ICON


def draw(doc: SketchDocument, probes: list[ProbeRecord], version: int | None) -> None:
    """A design to read: the presenter's steps, or its failure points, the critic's questions, its notes
    with each requirement target's verdict, and the annotated picture with its number badges (the follower's
    and a share link's body)."""
    try:
        result, _fp = analyze_text(dumps(doc))
    except LayoutTooDense as exc:
        st.error(md_text(too_dense(exc, "This design")))
        return
    if st.session_state.get(Keys.follow_present):
        presentation.draw(result.sketch, result.findings, probes, "follow", version)
        return
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.markdown(f"**Failure points ({len(result.findings)})**")
        for i, f in enumerate(result.findings, 1):
            st.markdown(f"{SEVERITY_ICON[f.severity]} {i}. {md_text(f.message)}")
        if probes:
            st.markdown(f"**Critic's questions about v{probes[0].version} ({len(probes)})**")
            for j, p in enumerate(probes, 1):
                st.markdown(f"Q{j}. {md_text(p.question)}" + (f"  \n↳ _{md_text(p.answer)}_" if p.answer else ""))
        if doc.requirements.strip() or doc.approach.strip():
            st.markdown("**Requirements**")
            st.text(doc.requirements or "—")
            checked = requirements.verdicts(result.numbers)
            if checked:
                st.markdown(checked)
            st.markdown("**Approach**")
            st.text(doc.approach or "—")
    with right:
        if result.sketch.components:
            marks = result.numbers.marks() if result.numbers is not None else ()
            st.image(annotated_png(result.sketch, result.findings, (), doc.title, (), marks), width="stretch",
                     output_format="PNG")
