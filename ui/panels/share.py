"""In the sidebar: share links to the open design's versions (for its owner), and the links shared with me.

A new link is shown once, whole, right after it is made: the store keeps only
its hash, so it cannot be shown again (make another instead). Each listed link
can be revoked; a revoked one stays listed, struck out, so the owner sees what
was once handed out.
"""

from __future__ import annotations

from urllib.parse import urlencode, urljoin, urlsplit

import streamlit as st

from design.exports.markdown import md_text
from design.store import Right, StoreError
from ui.resources import store
from ui.state import Keys, flash, scoped
from ui.text import local_time


def link_to(page: str, **query: str) -> str:
    """An absolute link to one of the app's pages, as the browser reaches this server (proxy and base path included)."""
    parts = urlsplit(st.context.url or "")
    if not parts.netloc:  # no page URL in this context: the Host header the browser sent
        headers = st.context.headers
        proto = headers.get("X-Forwarded-Proto", "http").split(",")[0].strip()
        parts = urlsplit(f"{proto}://{headers.get('X-Forwarded-Host') or headers.get('Host', '127.0.0.1')}/")
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"  # the app's folder
    base = f"{parts.scheme}://{parts.netloc}{path}"
    return urljoin(base, page) + ("?" + urlencode(query) if query else "")


def draw() -> None:
    _shared_with_me()
    design_id, version = st.session_state[Keys.design_id], st.session_state[Keys.loaded_version]
    if design_id is None:
        return
    try:
        if not store().may(design_id, Right.CHANGE):
            return  # only the owner shares (a coach reads it, and may critique it)
        links = store().list_shares(design_id)
    except StoreError as exc:
        st.error(f"Share links cannot be read: {md_text(str(exc))}")
        return
    st.subheader("Share")
    if version is not None:
        st.button(f"Share v{version} read-only", key=Keys.share_create, on_click=_create, args=(design_id, version),
                  width="stretch", help="A link anyone who can reach this server may open, to read this one version.")
    else:
        st.caption("Save a version to share it.")
    fresh = st.session_state.get(Keys.share_new_link)
    if fresh and fresh[0] == design_id:
        with st.container(key=Keys.share_new_link):
            st.caption("Copy the link now: it is not shown again.")
            st.code(link_to("shared", link=fresh[1]), language=None, wrap_lines=True)
    for link in links:
        made = local_time(link.created_at, "%Y-%m-%d %H:%M")
        if link.active:
            cols = st.columns([3, 2], vertical_alignment="center")
            cols[0].markdown(f"v{link.version} · {made}")
            cols[1].button("Revoke", key=scoped(Keys.share_revoke, link.id), on_click=_revoke, args=(link.id,))
        else:
            st.markdown(f"~~v{link.version} · {made}~~ revoked")


def _shared_with_me() -> None:
    try:
        links = store().shared_with_me()
    except StoreError:
        return
    if not links:
        return
    st.subheader("Shared with me")
    for link in links:
        st.markdown(f"[{md_text(link.title)} · v{link.version}]({link_to('shared', id=str(link.id))})")


def _create(design_id: int, version: int) -> None:
    try:
        token = store().create_share(design_id, version)
    except StoreError as exc:
        flash("error", f"Not shared: {exc}")
        return
    st.session_state[Keys.share_new_link] = (design_id, token)  # shown once, in the sidebar


def _revoke(share_id: int) -> None:
    try:
        store().revoke_share(share_id)
    except StoreError as exc:
        flash("error", f"Not revoked: {exc}")
        return
    st.session_state.pop(Keys.share_new_link, None)
    flash("success", "Link revoked: it opens nothing any more.")
