"""The design's history: the version timeline, what changed between any two, findings over time, the practice log."""

from __future__ import annotations

from typing import Any

import streamlit as st

from critique.payload import view
from design.exports.markdown import md_text
from design.model.document import dumps
from design.model.sketch import Sketch
from design.picture.scene import SEVERITY_COLOR
from design.practice.diff import ProbeRecord, VersionDiff, diff_versions, probe_records
from design.practice.timer import format_clock
from design.store import StoreError
from ui.resources import analyze_text, problem_bank, store
from ui.state import Keys, clock_now
from ui.text import SEVERITIES, local_time


def draw() -> None:
    st.divider()
    st.subheader("History")
    tab_diff, tab_chart, tab_log = st.tabs(["Versions and changes", "Findings over time", "Practice log"])
    design_id = st.session_state[Keys.design_id]
    versions = store().list_versions(design_id) if design_id is not None else []
    with tab_diff:
        if not versions:
            st.caption("Save a version to start the timeline.")
        else:
            _timeline(design_id, versions)
    with tab_chart:
        if not versions:
            st.caption("The chart appears after the first save.")
        else:
            _chart(versions)
    with tab_log:
        _practice_log()


def _probes_of(design_id: int) -> list[ProbeRecord]:
    """Every probe stored with any version of a design, with its answer."""
    out: list[ProbeRecord] = []
    for _id, version, mode, _at, payload in store().list_critiques(design_id):
        out.extend(probe_records(version, mode, view(payload)))
    return out


def _timeline(design_id: int, versions: list[Any]) -> None:
    rows = [
        {"version": f"v{v.number}", "saved": local_time(v.created_at), "driver": v.driver or "",
         **{sev.value: v.counts.get(sev.value, 0) for sev in SEVERITIES}}
        for v in reversed(versions)
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
    if len(versions) < 2:
        st.caption("Save a second version to compare.")
        return
    numbers = [v.number for v in versions]
    ss = st.session_state
    if ss.get(Keys.diff_from) not in numbers or ss.get(Keys.diff_to) not in numbers:
        ss[Keys.diff_from], ss[Keys.diff_to] = numbers[-2], numbers[-1]
    cols = st.columns(2)
    with cols[0]:
        st.selectbox("Compare", numbers, key=Keys.diff_from, format_func=lambda n: f"v{n}")
    with cols[1]:
        st.selectbox("with", numbers, key=Keys.diff_to, format_func=lambda n: f"v{n}")
    a, b = ss[Keys.diff_from], ss[Keys.diff_to]
    try:
        old, new = store().load_version(design_id, a), store().load_version(design_id, b)
    except StoreError as exc:
        st.error(md_text(str(exc)))
        return
    sa, sb = analyze_text(dumps(old.document))[0].sketch, analyze_text(dumps(new.document))[0].sketch
    diff = diff_versions((a, sa, old.findings), (b, sb, new.findings), _probes_of(design_id))
    _changes(diff, sa, sb)


def _changes(d: VersionDiff, before: Sketch, after: Sketch) -> None:
    st.markdown(f"#### v{d.before} → v{d.after}")
    if d.empty:
        st.caption("No changes to components, flows, findings or answers.")
        if not d.probes.open:
            return
    names = {**before.names(), **after.names()}

    def name(cid: str) -> str:
        return md_text(names.get(cid, cid))

    s = d.sketch
    lines = [f"- :green[**+**] {md_text(c.label or c.id)} ({c.kind.value.replace('_', ' ')})" for c in s.added]
    lines += [f"- :red[**−**] {md_text(c.label or c.id)}" for c in s.removed]
    lines += [f"- ✎ {md_text(r.before.label)} → {md_text(r.after.label)} (relabelled)" for r in s.relabelled]
    lines += [f"- ✎ {md_text(c.label or c.id)}: {c.describe()}" for c in s.changed]
    lines += [f"- :green[**+**] flow {name(f.source)} → {name(f.target)}" for f in s.flows_added]
    lines += [f"- :red[**−**] flow {name(f.source)} → {name(f.target)}" for f in s.flows_removed]
    if lines:
        st.markdown("**Sketch**\n" + "\n".join(lines))
    f = d.findings
    if f.resolved:
        st.markdown(f"**Findings resolved ({len(f.resolved)})**\n" + "\n".join(
            f"- :green[✔] {x.severity.value} · {md_text(x.message)}" for x in f.resolved))
    if f.introduced:
        st.markdown(f"**Findings introduced ({len(f.introduced)})**\n" + "\n".join(
            f"- :red[✚] {x.severity.value} · {md_text(x.message)}" for x in f.introduced))
    if d.probes.answered:
        st.markdown(f"**Probes answered ({len(d.probes.answered)})**\n" + "\n".join(
            f"- v{p.version} · {md_text(p.question)}  \n  ↳ _{md_text(p.answer)}_" for p in d.probes.answered))
    if d.probes.open:
        st.caption(f"{len(d.probes.open)} question(s) asked about these versions are still unanswered.")


def _chart(versions: list[Any]) -> None:
    import altair as alt  # only when a chart is drawn: it costs a noticeable import on the first page load

    data = [{"version": f"v{v.number}", "n": v.number, "severity": sev.value, "findings": v.counts.get(sev.value, 0)}
            for v in versions for sev in SEVERITIES]
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X("version:O", sort=alt.EncodingSortField("n"), title=None),
            y=alt.Y("findings:Q", title="findings", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("severity:N", scale=alt.Scale(domain=[s.value for s in SEVERITIES],
                                                          range=[SEVERITY_COLOR[s] for s in SEVERITIES])),
            order=alt.Order("severity:N"),
            tooltip=["version:O", "severity:N", "findings:Q"],
        )
        .properties(height=220)
    )
    st.altair_chart(chart, width="stretch")


def _practice_log() -> None:
    try:
        rounds = store().practice_log()
    except StoreError as exc:
        st.error(md_text(str(exc)))
        return
    if not rounds:
        st.caption("Finished practice rounds are listed here: date, problem, time used, findings, critiques.")
        return
    moment = clock_now()
    bank = problem_bank()
    rows = []
    for r in rounds:
        counts = r.findings_at_end
        rows.append({
            "date": local_time(r.started_at),
            "design": r.design_title,
            "problem": bank[r.problem].title if r.problem in bank else (r.problem or "free-form"),
            "time box": format_clock(r.time_box),
            "time used": format_clock(r.time_used(moment)) + ("" if r.ended_at else " (running)"),
            "findings at end": " · ".join(f"{counts[s]} {s}" for s in ("high", "medium", "low", "info")
                                          if counts.get(s)) or ("none" if r.final_version else "—"),
            # One type per column: a mix of numbers and "—" made Arrow fail and Streamlit print a traceback.
            "critique rounds": str(r.critique_rounds) if r.critique_rounds is not None else "—",
        })
    st.dataframe(rows, hide_index=True, width="stretch")
