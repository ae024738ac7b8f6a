"""The design's history: the version timeline, what changed between any two (the drawing, the findings, the
numbers model's figures and the checklist), findings over time, the practice log, progress across rounds."""

from __future__ import annotations

from typing import Any

import streamlit as st

from critique.payload import view
from critique.rubric import RoundPhase
from critique.scorecard import Scorecard
from critique.weakspots import record_from_payload, weak_spots
from design.analysis.numbers import Status
from design.canvas.work import LayoutTooDense
from design.exports.markdown import md_text
from design.model.document import dumps
from design.model.sketch import Sketch
from design.picture.scene import SEVERITY_COLOR
from design.practice.diff import NumbersDiff, ProbeRecord, VersionDiff, diff_versions, probe_records
from design.practice.timer import DEFAULT_SHARES, format_clock
from design.store import StoreError
from ui.resources import analyze_text, exercised_by_problem, problem_bank, store, too_dense
from ui.state import Keys, clock_now
from ui.text import SEVERITIES, local_time


def draw() -> None:
    # Its tables and charts (a data grid and Vega in the browser, altair and pandas on the server) cost the
    # first page load more than anything on the first screen: drawn only while open, as the other panels.
    panel = st.expander("History: versions and changes, findings over time, practice log, progress",
                        key=Keys.history_open, on_change="rerun", icon=":material/history:")
    if not panel.open:
        return
    with panel:
        _tabs()


def _tabs() -> None:
    tab_diff, tab_chart, tab_log, tab_progress = st.tabs(
        ["Versions and changes", "Findings over time", "Practice log", "Progress"])
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
    with tab_progress:
        _progress()


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
    try:
        ra, rb = analyze_text(dumps(old.document))[0], analyze_text(dumps(new.document))[0]
    except LayoutTooDense as exc:
        st.error(md_text(too_dense(exc, "One of these versions")))
        return
    sa, sb = ra.sketch, rb.sketch
    diff = diff_versions((a, sa, old.findings), (b, sb, new.findings), _probes_of(design_id),
                         numbers=(ra.numbers, rb.numbers))
    _changes(diff, sa, sb)


def _changes(d: VersionDiff, before: Sketch, after: Sketch) -> None:
    st.markdown(f"#### v{d.before} → v{d.after}")
    if d.empty:
        st.caption("No changes to components, flows, findings, numbers or answers.")
        if not d.probes.open:
            return
    _numbers(d.numbers)
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


def _numbers(moved: NumbersDiff | None) -> None:
    """How the model's figures moved ("p99 −170 ms, availability 99.9% → 99.99%, +$73/month") and the targets
    whose status changed."""
    if moved is None or moved.empty:
        return
    lines = []
    if moved.describe():
        lines.append(f"- {md_text(moved.describe())}")
    for line, target, was, now in moved.checklist:
        before = was.words if was is not None else "not stated"
        after = now.words if now is not None else "no longer stated"
        better = was is not None and now is not None and _RANK[now] < _RANK[was]
        worse = was is not None and now is not None and _RANK[now] > _RANK[was]
        mark = ":green[✔]" if better else ":red[✚]" if worse else "·"
        lines.append(f"- {mark} {md_text(target)} — {md_text(line)}: {before} → {after}")
    st.markdown("**Numbers**\n" + "\n".join(lines))


#: How far a status is from "met", to tell a target that got better from one that got worse.
_RANK = {Status.MET: 0, Status.CANNOT_TELL: 1, Status.AT_RISK: 2, Status.NOT_MET: 3}


def _chart(versions: list[Any]) -> None:
    import altair as alt  # only when a chart is drawn: it costs a noticeable import on the first page load
    import pandas as pd  # a frame travels as a dataset Vega has before it draws (inline values made it warn)

    data = pd.DataFrame(
        [{"version": f"v{v.number}", "n": v.number, "severity": sev.value, "rank": rank,
          "findings": v.counts.get(sev.value, 0)}
         for v in versions for rank, sev in enumerate(SEVERITIES)],
        columns=["version", "n", "severity", "rank", "findings"])
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("version:O", sort=alt.EncodingSortField("n"), title=None),
            y=alt.Y("findings:Q", title="findings", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("severity:N", scale=alt.Scale(domain=[s.value for s in SEVERITIES],
                                                          range=[SEVERITY_COLOR[s] for s in SEVERITIES])),
            order=alt.Order("rank:Q"),  # stacked by severity; a nominal order made Vega warn
            tooltip=["version:O", "severity:N", "findings:Q"],
        )
        .properties(height=220)
    )
    st.altair_chart(chart, width="stretch")


def _practice_log() -> None:
    try:
        rounds = store().practice_log()
        cards = _cards()
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
        card = cards.get(r.id)
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
            "stage": r.start_phase.label if r.shares != DEFAULT_SHARES else "whole round",
            "level": card.level.value if card else "—",
            "meets": (card.meets.value if card.meets else "below mid") if card else "—",
            **{p.title: (str(card.row(p).score) if card else "—") for p in RoundPhase},
        })
    st.dataframe(rows, hide_index=True, width="stretch")


def _cards() -> dict[int, Scorecard]:
    """The stored scorecards by round (those that cannot be read are left out)."""
    out = {}
    for stored in store().scorecard_history():
        try:
            out[stored.session_id] = Scorecard.from_json(stored.payload)
        except (KeyError, ValueError, TypeError):
            continue
    return out


def _progress() -> None:
    """Score per phase over the scored rounds, and the weak spots the tally finds."""
    try:
        history = store().scorecard_history()
    except StoreError as exc:
        st.error(md_text(str(exc)))
        return
    records = [r for r in (record_from_payload(h.session_id, h.problem, h.ended_at, h.payload) for h in history)
               if r is not None]
    if not records:
        st.caption("Finish a practice round with a critique to score it: each phase's score is charted here, "
                   "round after round.")
        return
    import altair as alt  # only when a chart is drawn
    import pandas as pd  # a frame travels as a dataset Vega has before it draws (inline values made it warn)

    ordered = sorted(records, key=lambda r: (r.ended_at, r.session_id))
    data = [{"round": n, "phase": p.title, "order": i, "score": rec.scores[p]}
            for n, rec in enumerate(ordered, 1) for i, p in enumerate(RoundPhase) if p in rec.scores]
    chart = (
        alt.Chart(pd.DataFrame(data, columns=["round", "phase", "order", "score"]))
        .mark_line(point=True)
        .encode(
            x=alt.X("round:O", title="round"),
            y=alt.Y("score:Q", title="score (0–100)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("phase:N", sort=[p.title for p in RoundPhase], title=None),
            tooltip=["round:O", "phase:N", "score:Q"],
        )
        .properties(height=240)
    )
    st.altair_chart(chart, width="stretch")
    spots = weak_spots(ordered, problem_bank(), exercised_by_problem())
    cols = st.columns(2)
    with cols[0]:
        st.markdown("**Lowest phases** (mean score over your rounds)")
        st.markdown("\n".join(f"- {md_text(t.phase.title)}: {t.mean:.0f} over {t.rounds} round{'s' if t.rounds != 1 else ''}"
                               for t in spots.phases[:3]))
    with cols[1]:
        st.markdown("**Rules you trip most** (on your first saved version)")
        st.markdown("\n".join(f"- `{t.rule}` {md_text(t.title)}: {t.rounds} of {spots.rounds} rounds"
                               + (f", still open at the end in {t.still_open}" if t.still_open else "")
                               for t in spots.rules[:5]) or "None yet.")
    if spots.suggestion is not None:
        st.caption(f"Suggested next: {md_text(spots.suggestion.title)} (the sidebar has a button for it).")
