"""The follower: a read-only second screen that keeps up with the driver's saves and autosaved draft.

``st.fragment(run_every=FOLLOW_POLL)`` re-runs :func:`follow_body` every two
seconds; it polls SQLite (cheap queries) and redraws only what it reads. No
extra server, no manual reload.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from design.exports.markdown import md_text
from design.model.document import dumps
from design.store import StoreError, parse_id
from ui.panels import clock, presentation
from ui.panels.presentation import PRESENTER_CSS
from ui.resources import analyze_text, annotated_png, store
from ui.state import Keys
from ui.text import SEVERITY_ICON, local_time

FOLLOW_POLL = timedelta(seconds=2)


def render() -> None:
    raw = st.query_params.get("design", "")
    try:
        design = store().get_design(parse_id(raw))
    except (ValueError, StoreError):
        st.error(f"The follow link names design {md_text(repr(raw))}, which does not exist here.")
        return
    st.caption(f"Following “{md_text(design.title)}” read-only. This page updates itself every "
               f"{int(FOLLOW_POLL.total_seconds())} seconds. [Open it to edit](./?design={design.id})")
    st.toggle("Presenter layout", key=Keys.follow_present)
    if st.session_state.get(Keys.follow_present):
        st.html(PRESENTER_CSS)
    follow_body(design.id)


@st.fragment(run_every=FOLLOW_POLL)
def follow_body(design_id: int) -> None:
    db = store()
    try:
        latest = db.latest_version(design_id)
        draft = db.load_draft(design_id)
        round_, pairing = db.open_practice(design_id), db.pairing(design_id)
    except StoreError as exc:
        st.error(f"Cannot read the design: {md_text(str(exc))}")
        return
    if round_ is not None or pairing is not None:
        clock.draw(design_id, round_, pairing)
    use_draft = draft is not None and (latest is None or draft[0] > latest.info.created_at)
    if use_draft and draft is not None:
        updated, doc, driver = draft
        by = f" by {md_text(driver)}" if driver else ""
        base = f", after v{latest.number}" if latest else ""
        st.markdown(f"**{md_text(doc.title)}** · :orange[live draft{base}] · autosaved "
                    f"{local_time(updated, '%H:%M:%S')}{by}")
    elif latest is not None:
        doc = latest.document
        by = f" · drawn by {md_text(latest.info.driver)}" if latest.info.driver else ""
        st.markdown(f"**{md_text(doc.title)}** · :green[v{latest.number}] · saved "
                    f"{local_time(latest.info.created_at, '%H:%M:%S')}{by}")
    else:
        st.info("Nothing saved yet. This page shows the design as soon as the driver draws or saves.")
        return
    result, _fp = analyze_text(dumps(doc))
    probes = presentation.latest_probes(design_id, latest.number if latest is not None else None)
    if st.session_state.get(Keys.follow_present):
        presentation.draw(result.sketch, result.findings, probes, "follow",
                          None if use_draft else latest.number if latest is not None else None)
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
            st.markdown("**Approach**")
            st.text(doc.approach or "—")
    with right:
        if result.sketch.components:
            st.image(annotated_png(result.sketch, result.findings, (), doc.title), width="stretch", output_format="PNG")


if __name__ == "__main__":
    render()
