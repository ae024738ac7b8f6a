"""Each component as it was read: the user confirms or corrects its kind, replicas and throughput.

Also lists the drawn objects that were skipped or repaired, so nothing drawn disappears silently.
"""

from __future__ import annotations

import streamlit as st

from design.analysis.analyze import Analysis
from design.exports.markdown import md_text
from design.model.sketch import Component, Kind
from ui import actions
from ui.state import Keys, scoped

#: Rows of kind/replica/throughput widgets drawn at once. Streamlit's cost per widget grows with the
#: number of widgets on the page, so one row per box made a 250-box design take seconds per stroke.
COMPONENT_ROWS = 40


def draw(result: Analysis) -> None:
    sketch = result.sketch
    kinds = [k.value for k in Kind]
    unknown = [c for c in sketch.components if c.kind is Kind.UNKNOWN]
    title = f"Components ({len(sketch.components)})" + (f" — {len(unknown)} need a kind" if unknown else "")
    with st.expander(title, expanded=bool(unknown)):
        st.button("Confirm all kinds", key=Keys.confirm_all, on_click=actions.confirm_all, args=(sketch,))
        shown = _rows(sketch.components)
        for c in shown:
            _row(c, kinds)
        shown_ids = {c.id for c in shown}
        rest = [c for c in sketch.components if c.id not in shown_ids]
        if rest:
            names = {c.id: f"{c.label or '(no label)'} ({c.id})" for c in rest}
            pick = st.selectbox(f"{len(rest)} more components: pick one to edit", list(names), index=None,
                                format_func=names.__getitem__, key=Keys.more_component,
                                placeholder="Search the other components")
            if pick in names:
                _row(next(c for c in rest if c.id == pick), kinds)
    if sketch.notes:
        with st.expander(f"{len(sketch.notes)} objects skipped or repaired"):
            for n in sketch.notes:
                st.text(str(n))


def _rows(components: tuple[Component, ...]) -> list[Component]:
    """The components that get a row: those still needing a kind first, then the rest, in id order."""
    chosen = {c.id for c in components if c.kind is Kind.UNKNOWN}
    chosen = set(sorted(chosen)[:COMPONENT_ROWS])
    others = [c.id for c in components if c.id not in chosen]
    chosen.update(others[: COMPONENT_ROWS - len(chosen)])
    return [c for c in components if c.id in chosen]


def _row(c: Component, kinds: list[str]) -> None:
    """One component's kind, replica count and throughput, as the user confirms or corrects them."""
    gen = st.session_state[Keys.canvas_gen]
    cols = st.columns([3, 3, 2, 2], vertical_alignment="center")
    with cols[0]:
        st.markdown(f"**{md_text(c.label or '(no label)')}**  \n`{c.id}`")
        if c.kind is Kind.UNKNOWN:
            st.caption(":orange[⚠ not recognised: pick a kind]")
        elif c.kind_source == "user":
            st.caption(f"{c.kind.value.replace('_', ' ')} (confirmed)")
        else:
            st.caption(f"read as a {c.kind.value.replace('_', ' ')}: confirm or change")
    kind_key = scoped(Keys.kind, gen, c.id)
    with cols[1]:
        st.selectbox("Kind", kinds, index=kinds.index(c.kind.value), key=kind_key, label_visibility="collapsed",
                     on_change=actions.set_kind, args=(c.id, kind_key))
    rep_key = scoped(Keys.replicas, gen, c.id)
    with cols[2]:
        st.number_input("Replicas", min_value=1, max_value=1000, value=c.replicas, step=1, key=rep_key,
                        label_visibility="collapsed", on_change=actions.set_replicas, args=(c.id, rep_key))
    tp_key = scoped(Keys.throughput, gen, c.id)
    with cols[3]:
        st.number_input("Requests/s per instance", min_value=0.0, value=c.throughput, key=tp_key, format="%g",
                        label_visibility="collapsed", placeholder="req/s per instance",
                        on_change=actions.set_throughput, args=(c.id, tp_key),
                        help="What one instance handles; empty uses the capacity table.")
