"""The sidebar: who is signed in, new design, saved designs and their versions, share links, examples, import,
practice and pairing."""

from __future__ import annotations

from typing import Any

import streamlit as st

from design.exports.markdown import md_text
from design.store import StoreError
from ui import actions
from ui.panels import identity, import_file, practice, share
from ui.resources import list_examples, store, viewer
from ui.state import Keys


def draw() -> None:
    with st.sidebar:
        st.header("Sketchfirst")
        st.caption("Sketch first. See your failure points. Then defend the design.")
        identity.account_box()
        st.button("New design", key=Keys.new_design, on_click=actions.new_design, width="stretch")
        _saved_designs()
        share.draw()
        _examples()
        import_file.draw()
        practice.draw()


def _saved_designs() -> None:
    ss = st.session_state
    try:
        designs = store().list_designs()
    except StoreError as exc:
        st.error(f"Storage unavailable: {md_text(str(exc))}")
        designs = []
    if not designs:
        return
    st.subheader("Saved designs")
    ids = [d.id for d in designs]
    if ss.get(Keys.pick_design) not in ids:
        ss[Keys.pick_design] = ss[Keys.design_id] if ss[Keys.design_id] in ids else ids[0]
    pick = st.selectbox("Design", ids, format_func=lambda i: next(_design_label(d) for d in designs if d.id == i),
                        key=Keys.pick_design)
    try:
        versions = store().list_versions(pick)
    except StoreError as exc:  # a damaged design: the list above stays usable, this design says why
        st.error(f"Its versions cannot be read: {md_text(str(exc))}")
        return
    if not versions:
        return
    numbers = [v.number for v in reversed(versions)]
    labels = {
        v.number: f"v{v.number} · {v.created_at.replace('T', ' ')[:16]} · "
        f"{v.counts.get('high', 0)} high, {v.counts.get('medium', 0)} medium"
        for v in versions
    }
    if ss.get(Keys.pick_version) not in numbers:
        ss[Keys.pick_version] = numbers[0]
    st.radio("Versions", numbers, format_func=lambda n: labels[n], key=Keys.pick_version)
    st.button(f"Open v{ss[Keys.pick_version]}", key=Keys.open_version, on_click=actions.open_selected,
              width="stretch")


def _examples() -> None:
    st.subheader("Examples")
    examples = list_examples()
    if not examples:
        return
    names = [e["title"] for e in examples]
    pick = st.selectbox("Example sketch", names, key=Keys.pick_example)
    entry = examples[names.index(pick)]
    st.caption(entry.get("description", ""))
    st.button("Load example", key=Keys.load_example, on_click=actions.load_example, args=(entry,), width="stretch")


def _design_label(d: Any) -> str:
    """Title and versions; whose it is, when it is not the signed-in viewer's own (a coach's list)."""
    mine = viewer().email
    whose = f" · {d.owner}" if d.owner and mine and d.owner != mine else ""
    return f"{d.title} ({d.versions} version{'' if d.versions == 1 else 's'}){whose}"
