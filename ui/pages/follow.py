"""The follower: a read-only second screen that keeps up with the driver's saves and autosaved draft.

``st.fragment(run_every=FOLLOW_POLL)`` re-runs :func:`follow_body` every two
seconds; it polls SQLite (cheap queries) and redraws only what it reads. No
extra server, no manual reload.
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from design.exports.markdown import md_text
from design.store import StoreError, parse_id
from ui.panels import clock, presentation, reading
from ui.panels.presentation import PRESENTER_CSS
from ui.resources import store
from ui.state import Keys
from ui.text import local_time

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
    version = latest.number if latest is not None else None
    probes = presentation.latest_probes(design_id, version)
    reading.draw(doc, probes, None if use_draft else version)


if __name__ == "__main__":
    render()
