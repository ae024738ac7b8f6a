"""The requirements checklist beside the sketch: each target the notes state, checked against the model of the
drawing (met, at risk, not met, or cannot tell with the missing figure named), and the model's headline figures.

Everything here is read from the analysis the page already has (``Analysis.numbers``, computed once per rerun
by the cached :func:`ui.resources.analyze_text`), so it follows every stroke and every edit of the notes and
costs nothing of its own. Each figure expands to its arithmetic, as the estimates panel's do.
"""

from __future__ import annotations

import streamlit as st

from design.analysis.analyze import Analysis
from design.analysis.numbers import CheckedTarget, DesignNumbers, PathFigures, Status, format_ms
from design.exports.markdown import md_text
from design.model.requirements import percent
from design.model.sketch import Sketch
from ui import actions
from ui.state import Keys, scoped

#: How each status reads on the page: a mark in its colour, and the words.
STATUS_MARK = {
    Status.MET: ":green[✔ met]",
    Status.AT_RISK: ":orange[▲ at risk]",
    Status.NOT_MET: ":red[✖ not met]",
    Status.CANNOT_TELL: ":gray[? cannot tell]",
}
#: Worst first: the order of the summary line.
_ORDER = (Status.NOT_MET, Status.AT_RISK, Status.CANNOT_TELL, Status.MET)


def draw(result: Analysis) -> None:
    """The checklist of the notes' targets, then the model's four headline figures."""
    numbers = result.numbers
    st.subheader("Requirements checklist")
    if numbers is None or not result.sketch.components:
        st.caption("Draw the design and write its requirements in the notes; each number they state is checked "
                   "here against a model of the drawing as you draw.")
        return
    if not numbers.requirements:
        st.caption("Write requirements in the notes, one per line (\"p99 under 200 ms\", \"99.99% available\", "
                   "\"10k QPS\", \"keep links 5 years\"): each number is checked here against the drawing.")
    else:
        _checklist(numbers, result.sketch)
    _model(numbers)


def _checklist(numbers: DesignNumbers, sketch: Sketch) -> None:
    checks = numbers.checks
    counts = {s: sum(1 for c in checks if c.status is s) for s in _ORDER}
    summary = " · ".join(f"{counts[s]} {s.words}" for s in _ORDER if counts[s])
    st.caption(f"Your targets against the model of the drawing (per-kind figures from the capacity table, or your "
               f"own set in Components): {summary or 'no target stated'}.")
    names = sketch.names()
    for n, requirement in enumerate(numbers.requirements):
        if not requirement.checks:
            st.markdown(f":gray[· {md_text(requirement.line)} — states no number to check]")
            continue
        for i, check in enumerate(requirement.checks):
            _row(check, requirement.line, names, f"{n}-{i}")


def verdicts(numbers: DesignNumbers | None) -> str:
    """The checklist in one Markdown list, each target's status and the model's figure (the follow page's, where
    the rows cannot be opened): empty when the notes state no target."""
    if numbers is None:
        return ""
    lines = [f"- {STATUS_MARK[c.status]} {md_text(c.target.describe())}: {md_text(c.model)}" for c in numbers.checks]
    return "\n".join(lines)


def _row(check: CheckedTarget, line: str, names: dict[str, str], where: str) -> None:
    """One target: status, what was asked and what the model says; expanded, the reason and the arithmetic."""
    label = f"{STATUS_MARK[check.status]} · {md_text(check.target.describe())} — {md_text(line)}"
    with st.expander(label, expanded=check.status is Status.CANNOT_TELL):
        st.markdown(f"**Model:** {md_text(check.model)}")
        st.markdown(md_text(check.detail))
        if check.missing:
            st.markdown(f":orange[Missing: {md_text(check.missing)}]")
            for cid in check.needs[:4]:
                st.button(f"Set figures for {md_text(names.get(cid, cid))}", key=scoped(Keys.set_figures, where, cid),
                          on_click=actions.edit_figures, args=(cid,),
                          help="Opens this component's latency, availability and price in Components.")
        working = check.working
        if working:
            st.markdown("**The arithmetic**")
            st.markdown("\n".join(f"{k}. {md_text(step)}" for k, step in enumerate(working, 1)))


def _model(numbers: DesignNumbers) -> None:
    """The model's headline figures, each with its arithmetic."""
    st.markdown("**The numbers of the drawing**")
    slowest, least = numbers.slowest, numbers.least_available
    if slowest is not None:
        _figure(f"Slowest path: {format_ms(slowest.p99_ms)} at p99, {format_ms(slowest.p50_ms)} at p50",
                numbers, slowest, (f"p99: {slowest.p99_working}", f"p50: {slowest.p50_working}"))
    if least is not None:
        bound = "at most " if least.unknown_availability else ""
        _figure(f"Least available path: {bound}{percent(least.availability)}", numbers, least,
                tuple(least.availability_working.split("; ")))
    ceiling = numbers.ceiling
    with st.expander(md_text(f"Throughput ceiling: {numbers.ceiling_text()}")):
        st.caption(md_text(ceiling.basis))
        st.markdown("\n".join(f"{k}. {md_text(step)}" for k, step in enumerate(ceiling.working, 1)))
    cost = numbers.cost
    with st.expander(md_text(numbers.headline()[-1])):
        st.markdown("\n".join(f"- {md_text(step)}" for step in cost.working.split("; ")))
        for cid, why in cost.unpriced:
            st.caption(f"{md_text(numbers.name(cid))}: {md_text(why)}")


def _figure(title: str, numbers: DesignNumbers, path: PathFigures, working: tuple[str, ...]) -> None:
    with st.expander(md_text(title)):
        st.caption(md_text(numbers.path_text(path)))
        st.markdown("\n".join(f"{k}. {md_text(step)}" for k, step in enumerate(working, 1)))
