"""Compare with a reference: the problem's strong answer beside the user's, only after the attempt.

Locked (with the reason, like the critique gate) until the design has a saved
version and a critique of one (:func:`design.practice.gate.reference_gate`).
Opening it during a round records the version it was opened after, so the
round's scorecard judges the attempt and not a redraw. The comparison is of the
newest *saved* version; each structural difference names the user's
component it concerns, and picking one highlights it on both pictures.
"""

from __future__ import annotations

import streamlit as st

from critique.compare import Comparison, compare
from critique.reference import ReferenceDesign
from design.canvas.work import LayoutTooDense
from design.exports.markdown import md_text
from design.model.document import dumps
from design.model.sketch import Sketch
from design.practice.gate import reference_gate
from design.store import StoreError
from ui import actions
from ui.resources import analyze_text, annotated_png, problem_bank, reference_of, store, too_dense
from ui.state import Keys
from ui.text import joined_names

_ROLE = {"missing": "Missing", "async": "Synchronous", "redundancy": "Single instance", "extra": "Extra"}


def draw() -> None:
    ss = st.session_state
    design_id = ss[Keys.design_id]
    problem_id = ss[Keys.problem]
    problem = problem_bank().get(problem_id or "")
    if problem is None or problem.reference is None:
        return
    st.subheader("Compare with a reference")
    try:
        db = store()
        versions = len(db.list_versions(design_id)) if design_id is not None else 0
        critiques = len(db.list_critiques(design_id)) if design_id is not None else 0
    except StoreError as exc:
        st.error(f"Stored versions unavailable: {md_text(str(exc))}")
        return
    reason = reference_gate(versions, critiques)
    opened = reason is None and ss[Keys.compare_open] == design_id
    if reason is not None:
        st.info(reason, icon="🔒")
    if not opened:
        st.button("Compare with a reference", key=Keys.compare_reference, disabled=reason is not None,
                  on_click=actions.open_reference, args=(design_id,),
                  help="Opens the problem's reference design beside your last saved version and lists the "
                       "structural differences. During a round, the scorecard keeps judging the version you "
                       "had saved when you opened it.")
        return
    reference = reference_of(problem.id)
    try:
        latest = db.latest_version(design_id) if design_id is not None else None
    except StoreError as exc:
        st.error(f"Your saved version could not be read: {md_text(str(exc))}")
        return
    if reference is None or latest is None:
        st.caption("The reference could not be drawn.")
        return
    try:
        yours = analyze_text(dumps(latest.document))[0]
    except LayoutTooDense as exc:
        st.error(md_text(too_dense(exc, f"Your saved v{latest.number}")))
        return
    comparison = compare(yours.sketch, reference)
    _show(comparison, yours.sketch, latest.findings, reference, latest.number)


def _show(comparison: Comparison, sketch: Sketch, findings: tuple, reference: ReferenceDesign, version: int) -> None:
    diffs = comparison.differences
    st.caption(f"Your v{version} beside the reference for **{md_text(reference.document.title)}**: "
               f"{len(diffs)} structural difference{'s' if len(diffs) != 1 else ''}, most consequential first. "
               "Not every difference is a mistake: say why yours differs.")
    choice = None
    if diffs:
        choice = st.selectbox("Show on both pictures", [None, *range(len(diffs))], key=Keys.compare_pick,
                              format_func=lambda i: "— no difference —" if i is None
                              else f"{i + 1}. {_ROLE.get(diffs[i].role, diffs[i].role)}: {diffs[i].message}")
    pick = diffs[choice] if choice is not None else None
    cols = st.columns(2)
    with cols[0]:
        st.markdown(f"**Your design (v{version})**")
        st.image(annotated_png(sketch, findings, pick.yours if pick else (), f"Your design (v{version})"),
                 width="stretch", output_format="PNG")
    with cols[1]:
        st.markdown("**The reference**")
        st.image(annotated_png(reference.sketch, reference.findings, pick.reference if pick else (), "Reference"),
                 width="stretch", output_format="PNG")
    lines = []
    for i, d in enumerate(diffs, 1):
        where = joined_names(sketch, d.yours, ", ") if d.yours else ""
        line = f"{i}. **{_ROLE.get(d.role, d.role)}** · {md_text(d.message)}"
        if where:
            line += f"  \n   On your sketch: {md_text(where)}"
        if d.why:
            line += f"  \n   _Why the reference has it:_ {md_text(d.why)}"
        lines.append(line)
    st.markdown("\n".join(lines) if lines else "No structural difference: your design has every role the "
                "reference has. Compare the numbers next.")
    with st.expander("Why each part of the reference is there", icon=":material/info:"):
        st.markdown("\n".join(f"- **{md_text(c.label)}**: {md_text(reference.why.get(c.id, ''))}"
                              for c in reference.sketch.components if reference.why.get(c.id)))
