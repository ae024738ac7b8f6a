"""A share link: one saved version, read-only, for whoever holds the link (``/shared?link=TOKEN``).

Anyone who can reach the server may open it, signed in or not; with sign-in,
a signed-in person who opens it finds it again under "Shared with me"
(``/shared?id=N``, which works only for them and only while the link lives).
Revoking the link ends both at once.
"""

from __future__ import annotations

import streamlit as st

from design.exports.markdown import md_text
from design.store import SharedVersion, StoreError, parse_id
from ui.panels import presentation, reading
from ui.panels.presentation import PRESENTER_CSS
from ui.resources import store
from ui.state import Keys
from ui.text import local_time

GONE = "This share link does not exist or has been revoked. Ask whoever sent it for a new one."


def render() -> None:
    shared = _open()
    if shared is None:
        st.error(GONE)
        return
    saved, owner = shared.saved, f" by {md_text(shared.owner)}" if shared.owner else ""
    st.markdown(f"**{md_text(shared.title)}** · :green[v{saved.number}] · saved "
                f"{local_time(saved.info.created_at, '%Y-%m-%d %H:%M')}{owner}")
    st.caption("Shared read-only: this link shows this one version, and stops working when its owner revokes it.")
    st.toggle("Presenter layout", key=Keys.follow_present)
    if st.session_state.get(Keys.follow_present):
        st.html(PRESENTER_CSS)
    try:
        probes = presentation.newest_probes(store().shared_critiques(shared.share))
    except StoreError:
        probes = []
    reading.draw(saved.document, probes, saved.number)


def _open() -> SharedVersion | None:
    """The version the query string names: a token (``link``) or, for a signed-in visitor, a link they opened (``id``)."""
    params = st.query_params
    try:
        if params.get("link"):
            return store().open_share(params["link"])
        if params.get("id"):
            return store().open_shared(parse_id(params["id"], "share link"))
    except (ValueError, StoreError):
        return None
    return None


if __name__ == "__main__":
    render()
