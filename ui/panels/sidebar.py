"""The sidebar: who is signed in, new design, saved designs and their versions, share links, examples, import,
practice and pairing."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from design.exports.markdown import md_text
from design.store import DesignInfo, StoreError
from ui import actions
from ui.panels import identity, import_file, practice, share
from ui.resources import list_examples, store, viewer
from ui.state import CANVAS_SIZES, Keys, bound, scoped
from ui.text import local_time


def draw() -> None:
    with st.sidebar:
        st.header("Sketchfirst")
        st.caption("Sketch first. See your failure points. Then defend the design.")
        identity.account_box()
        st.button("New design", key=Keys.new_design, on_click=actions.ask, args=("new_design",),
                  width="stretch")
        _saved_designs()
        share.draw()
        _examples()
        import_file.draw()
        practice.draw()
        _settings()


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
    labels = {d.id: _design_label(d) for d in designs}
    pick = st.selectbox("Design", ids, format_func=labels.__getitem__, key=Keys.pick_design)
    if pick not in labels:  # a label changed under the browser (a save in another tab): show the current design
        pick = ss[Keys.design_id] if ss[Keys.design_id] in labels else ids[0]
    try:
        versions = store().list_versions(pick)
    except StoreError as exc:  # a damaged design: the list above stays usable, this design says why
        st.error(f"Its versions cannot be read: {md_text(str(exc))}")
        return
    if not versions:
        return
    numbers = [v.number for v in reversed(versions)]
    names = {
        v.number: f"v{v.number} · {v.created_at.replace('T', ' ')[:16]} · "
        f"{v.counts.get('high', 0)} high, {v.counts.get('medium', 0)} medium"
        for v in versions
    }
    # One radio per design: the browser keeps a choice as its label, and v1 of one design must never
    # stand for v1 of another.
    key = scoped(Keys.pick_version, pick)
    if ss.get(key) not in numbers:
        ss[key] = numbers[0]
    number = st.radio("Versions", numbers, format_func=names.__getitem__, key=key)
    st.button(f"Open v{number}", key=Keys.open_version, on_click=actions.open_selected,
              width="stretch")


def _settings() -> None:
    st.subheader("Canvas")
    st.selectbox("Canvas size", list(CANVAS_SIZES), **bound(Keys.canvas_size),
                 format_func=lambda n: f"{n} ({CANVAS_SIZES[n][0]} × {CANVAS_SIZES[n][1]})",
                 help="Wide suits a wide window; Compact an 800 px one. Your drawing stays as it is; imports "
                 "and examples are fitted to the size in use, every box kept large enough to read (a tall design makes "
                 "the canvas taller; the page scrolls).")


def _examples() -> None:
    st.subheader("Examples")
    examples = list_examples()
    if not examples:
        return
    names = [e["title"] for e in examples]
    pick = st.selectbox("Example sketch", names, key=Keys.pick_example)
    entry = examples[names.index(pick)]
    st.caption(entry.get("description", ""))
    st.button("Load example", key=Keys.load_example, on_click=actions.ask, args=("load_example", entry),
              width="stretch")


def _design_label(d: DesignInfo) -> str:
    """Unique per design: the picker tells options apart by their text, and practice rounds make namesakes;
    whose it is, when it is not the signed-in viewer's own (a coach's list)."""
    today = local_time(datetime.now(UTC), "%Y-%m-%d")
    when = local_time(d.updated_at, "%Y-%m-%d %H:%M")
    when = when[11:] if when.startswith(today) else when
    mine = viewer().email
    whose = f" · {d.owner}" if d.owner and mine and d.owner != mine else ""
    return f"{d.title} · #{d.id} · {d.versions} version{'' if d.versions == 1 else 's'} · saved {when}{whose}"
