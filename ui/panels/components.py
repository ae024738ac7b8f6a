"""Each component as it was read: the user confirms or corrects its kind, replicas and throughput, and sets
its own latency, availability and price for the numbers model where the capacity table's rule of thumb is wrong.

A pool (boxes read as one component with replicas, "Web Server 1" … "Web Server 3")
says so and can be split back into its boxes; a description written under a
box's name shows as its note; whether it is a managed service can be changed.
Also lists the drawn objects that were skipped or repaired, so nothing drawn disappears silently.
"""

from __future__ import annotations

import streamlit as st

from design.analysis.analyze import Analysis
from design.analysis.numbers import Hop
from design.exports.markdown import md_text
from design.model.requirements import percent
from design.model.sketch import Component, Kind
from design.sizing.capacity import default_capacity
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
    # Open when a kind is missing, or when the checklist asked for a component's figures.
    wanted = bool(unknown) or st.session_state.get(Keys.figures_pick) is not None
    panel = st.expander(title, expanded=wanted, key=Keys.components_open, on_change="rerun")
    if not panel.open and not wanted:
        return  # its widgets cost a stroke's rerun dearly (three a row): drawn only while it is open
    with panel:
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
        _split_pools({c.id for c in sketch.components})
        _figures(result)
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
        if c.note:
            st.caption(f"Note: {md_text(c.note)}")
        if c.members:
            st.caption(md_text(c.pool_text))
            st.button("Split into its boxes", key=scoped(Keys.split_pool, gen, c.id), on_click=actions.split_pool,
                      args=(c.id,), help="Read each box as its own component instead of one pool with replicas.")
    kind_key = scoped(Keys.kind, gen, c.id)
    # The value is part of the key, so a kind change that changes the managed default shows at once.
    managed_key = scoped(Keys.managed, gen, c.id, int(c.managed))
    with cols[1]:
        st.selectbox("Kind", kinds, index=kinds.index(c.kind.value), key=kind_key, label_visibility="collapsed",
                     on_change=actions.set_kind, args=(c.id, kind_key))
        st.checkbox("managed service", value=c.managed, key=managed_key, on_change=actions.set_managed,
                    args=(c.id, managed_key),
                    help="Run by a provider that keeps it up (a load balancer, S3, SQS…): not a single point of "
                         "failure by itself.")
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


def _split_pools(present: set[str]) -> None:
    """The pools the user split, each with a way back to one pool (its id is gone while it is split)."""
    split = [cid for cid, fix in st.session_state[Keys.corrections].items() if fix.get("split") and cid not in present]
    for cid in sorted(split):
        cols = st.columns([6, 4], vertical_alignment="center")
        cols[0].caption(f"Pool {md_text(cid)} is read as separate boxes.")
        cols[1].button("Read as one pool again", key=scoped(Keys.join_pool, cid), on_click=actions.join_pool,
                       args=(cid,))


# --- the numbers model's figures, one component at a time ---------------------------------------

#: Each figure a user may set: (correction key, label, lowest, highest, help).
_FIGURE_FIELDS = (
    ("p50_ms", "p50 latency (ms)", 0.0, 3_600_000.0,
     "What a hop through this component adds for the median request: its own work, not the calls it makes."),
    ("p99_ms", "p99 latency (ms)", 0.0, 3_600_000.0,
     "What a hop through this component adds for the slowest 1% of requests."),
    ("availability", "Availability (%)", 0.01, 100.0,
     "One instance's (its replicas count in parallel); for what a provider runs, such as a CDN or a third party, "
     "the whole service's."),
    ("monthly_usd", "Price ($ a month)", 0.0, 1e9,
     "One instance's (times its instances); for what a provider runs or prices by use, the whole monthly bill."),
)


def _figures(result: Analysis) -> None:
    """Pick a component; set its hop latency, availability or price (empty fields use the capacity table's)."""
    sketch = result.sketch
    if not sketch.components:
        return
    ss = st.session_state
    st.markdown("**Latency, availability and price for the numbers model**")
    st.caption("Each kind has typical figures in the capacity table. Set your own for a component you know better: "
               "they are saved with the sketch, and the checklist and the model use them.")
    names = {c.id: f"{c.label or '(no label)'} ({c.id})" for c in sketch.components}
    if ss.get(Keys.figures_pick) not in (None, *names):
        ss[Keys.figures_pick] = None  # the component was redrawn or deleted
    pick = st.selectbox("Component to set figures for", list(names), index=None, format_func=names.__getitem__,
                        key=Keys.figures_pick, placeholder="Pick a component")
    if pick is None:
        return
    c = next(x for x in sketch.components if x.id == pick)
    kept = ss[Keys.corrections].get(pick, {})
    cap = default_capacity().get(c.kind)
    table = {
        "p50_ms": cap.latency.p50_ms if cap.latency is not None else None,
        "p99_ms": cap.latency.p99_ms if cap.latency is not None else None,
        "availability": cap.availability.value * 100 if cap.availability and cap.availability.value else None,
        "monthly_usd": cap.cost.value if cap.cost is not None else None,
    }
    cols = st.columns(4)
    for col, (figure, label, low, high, help_text) in zip(cols, _FIGURE_FIELDS, strict=True):
        own = kept.get(figure)
        shown = own * 100 if figure == "availability" and own is not None else own
        key = actions.figure_key(pick, figure)
        known = table[figure]
        with col:
            st.number_input(label, min_value=low, max_value=high, key=key, format="%g", help=help_text,
                            placeholder=f"table: {known:g}" if known is not None else "table: none",
                            on_change=actions.set_figure, args=(pick, figure, key),
                            **({} if key in ss else {"value": shown}))
    hop = result.numbers.hops.get(pick) if result.numbers is not None else None
    if hop is not None:
        st.caption(md_text(_uses(hop)))
    st.button("Use the table's figures", key=scoped(Keys.reset_figures, pick), on_click=actions.reset_figures,
              args=(pick,), disabled=not any(k in kept for k, *_ in _FIGURE_FIELDS))


def _uses(hop: Hop) -> str:
    """What the model uses for one component, and whose figure each is."""

    def whose(letter: str) -> str:
        return "yours" if letter in hop.own else "the table's"

    parts = []
    if hop.p99_ms is not None and hop.p50_ms is not None:
        parts.append(f"p50 {hop.p50_ms:g} ms, p99 {hop.p99_ms:g} ms ({whose('l')})")
    else:
        parts.append(hop.latency_missing or "no latency figure")
    if hop.availability is not None and hop.unit_availability is not None:
        count = "" if hop.fleet or hop.instances == 1 else \
            f" with {hop.instances} instances at {percent(hop.unit_availability)} each"
        parts.append(f"{percent(hop.availability)} available{count} ({whose('a')})")
    else:
        parts.append(hop.availability_missing or "no availability figure")
    if hop.monthly_usd is not None:
        parts.append(f"${hop.monthly_usd:,.2f} a month ({whose('c')})".replace(".00 ", " "))
    elif hop.cost_missing:
        parts.append(f"not priced: {hop.cost_missing}")
    return "The model uses: " + "; ".join(parts) + "."
