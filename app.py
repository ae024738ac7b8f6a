"""Sketchfirst in the browser: the Streamlit composition root.

Only wiring lives here: session state, widgets, callbacks and caching around
the pure core in ``design/`` and ``critique/``. Reads top to bottom as:
state → sidebar (designs, versions, examples) → canvas → parsed view.

The one seam is :func:`current_canvas_json`: it returns the canvas JSON from
the live canvas or from whatever was loaded onto it, so AppTest can drive
everything except the pen itself.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path
from typing import Any

import anthropic
import streamlit as st
from streamlit_drawable_canvas import st_canvas

from critique.base import ProgressEvent
from critique.models import Critique, Mode, Probe, Verdict
from critique.payload import (
    PayloadError,
    add_round,
    current_round,
    from_payload,
    previous_answers,
    to_payload,
    with_answers,
)
from critique.problems import Problem, ProblemError, load_problems
from critique.request import request_for
from critique.select import CriticChoice, build_client, choose_critic
from design.canvas_json import fit_canvas
from design.corrections import Correction
from design.document import SketchDocument, dumps, loads
from design.estimates import derive, human
from design.export_subject import ExportSubject, latest_critiques
from design.exports import FORMATS, export_bytes, export_name
from design.kill import describe, kill
from design.model import Finding, Kind, Severity, Sketch
from design.pipeline import Analysis, analyze_document, fingerprint
from design.readers import IMPORT_EXTENSIONS, InputError, read_import
from design.render import png_bytes, render
from design.scene import SEVERITY_COLOR, build_scene
from design.store import SavedVersion, Store, StoreError, default_db_path

ROOT = Path(__file__).parent
EXAMPLES = ROOT / "examples"
CANVAS_WIDTH, CANVAS_HEIGHT = 760, 500

TOOLS = {
    "Component": "labeled_rect",
    "Flow": "line",
    "Freehand": "freedraw",
    "Text": "text",
    "Edit": None,
}
SEVERITY_ICON = {Severity.HIGH: ":red[■]", Severity.MEDIUM: ":orange[■]", Severity.LOW: ":yellow[■]", Severity.INFO: ":blue[■]"}


class K:
    """Every session-state key in one place."""

    design_id = "design_id"
    title = "title"
    gen = "canvas_gen"
    initial = "canvas_initial"
    loaded_version = "loaded_version"
    saved_fp = "saved_fingerprint"
    corrections = "corrections"
    tool = "tool"
    label = "component_label"
    last_mode = "last_drawing_mode"
    flash = "flash"
    focus = "focus_finding"
    source = "source"
    problem = "problem"
    critique_mode = "critique_mode"
    critique_deep = "critique_deep"
    critique_note = "critique_note"
    export_questions = "export_questions"
    estimates = "estimates"
    reveal_estimates = "reveal_estimates"
    kill = "kill_target"


def init_state() -> None:
    ss = st.session_state
    ss.setdefault(K.design_id, None)
    ss.setdefault(K.title, "Untitled design")
    ss.setdefault(K.gen, 0)
    ss.setdefault(K.initial, None)
    ss.setdefault(K.loaded_version, None)
    ss.setdefault(K.saved_fp, None)
    ss.setdefault(K.corrections, {})
    ss.setdefault(K.last_mode, "labeled_rect")
    ss.setdefault(K.flash, None)
    ss.setdefault(K.source, "canvas")
    ss.setdefault(K.problem, None)
    ss.setdefault(K.critique_note, None)
    ss.setdefault(K.estimates, {})


# --- resources and cached pure work -------------------------------------------


@st.cache_resource
def get_store(path: str) -> Store:
    return Store(path)


def store() -> Store:
    return get_store(str(default_db_path(os.environ)))


@st.cache_data(max_entries=64, show_spinner=False)
def analyze_text(document_text: str) -> tuple[Analysis, str]:
    """Analysis and fingerprint of a document (cached: reruns without a change cost nothing)."""
    doc = loads(document_text)
    result = analyze_document(doc)
    return result, fingerprint(doc, result.sketch)


@st.cache_data(max_entries=32, show_spinner=False)
def annotated_png(sketch: Sketch, findings: tuple[Finding, ...], highlight: tuple[str, ...], title: str,
                  muted: tuple[str, ...] = ()) -> bytes:
    scene = build_scene(sketch, findings, highlight=highlight, title=title, muted=muted)
    return png_bytes(render(scene))


@st.cache_data(show_spinner=False)
def list_examples() -> list[dict[str, Any]]:
    try:
        return json.loads((EXAMPLES / "index.json").read_text())
    except (OSError, ValueError):
        return []


# --- the seam ---------------------------------------------------------------------


def current_canvas_json(live: dict[str, Any] | None) -> dict[str, Any]:
    """The drawing on the canvas now: the live canvas's JSON, else what was loaded onto it."""
    if isinstance(live, dict) and isinstance(live.get("objects"), list):
        return {"version": live.get("version", ""), "objects": live["objects"]}
    initial = st.session_state[K.initial]
    return initial if isinstance(initial, dict) else {"version": "", "objects": []}


def current_document(canvas: dict[str, Any]) -> SketchDocument:
    ss = st.session_state
    corrections = {
        cid: Correction(Kind(v["kind"]) if v.get("kind") else None, v.get("replicas"), v.get("throughput"))
        for cid, v in ss[K.corrections].items()
    }
    return SketchDocument(
        canvas=canvas,
        title=(ss[K.title] or "Untitled design").strip()[:200] or "Untitled design",
        corrections=corrections,
        estimates=dict(ss[K.estimates]),
        problem=ss[K.problem],
        source=ss[K.source],
    )


# --- actions (callbacks) ------------------------------------------------------------


def _mount(canvas: dict[str, Any] | None) -> None:
    """Put a drawing on a fresh canvas (new key), never into the live one."""
    ss = st.session_state
    ss[K.gen] += 1
    ss[K.initial] = canvas
    ss.pop(K.focus, None)
    ss.pop(K.kill, None)


def open_version(saved: SavedVersion, design_id: int) -> None:
    ss = st.session_state
    doc = saved.document
    _mount(dict(doc.canvas))
    ss[K.design_id] = design_id
    ss[K.loaded_version] = saved.number
    ss[K.title] = doc.title
    ss[K.corrections] = {cid: c.to_json() for cid, c in doc.corrections.items()}
    ss[K.estimates] = dict(doc.estimates)
    ss[K.problem] = doc.problem
    ss[K.source] = doc.source
    ss[K.saved_fp] = analyze_text(dumps(doc))[1]
    st.query_params["design"] = str(design_id)


def new_design() -> None:
    ss = st.session_state
    _mount(None)
    ss[K.design_id] = None
    ss[K.loaded_version] = None
    ss[K.saved_fp] = None
    ss[K.title] = "Untitled design"
    ss[K.corrections] = {}
    ss[K.estimates] = {}
    ss[K.problem] = None
    ss[K.source] = "canvas"
    st.query_params.clear()


def load_example(entry: dict[str, Any]) -> None:
    try:
        canvas = json.loads((EXAMPLES / entry["file"]).read_text())
    except (OSError, ValueError, KeyError) as exc:
        st.session_state[K.flash] = ("error", f"Could not load the example: {exc}")
        return
    new_design()
    ss = st.session_state
    ss[K.initial] = canvas
    ss[K.title] = entry.get("title", "Example")
    ss[K.problem] = entry.get("problem")
    ss[K.source] = "example"


def save(document: SketchDocument, findings: tuple[Finding, ...], fp: str) -> None:
    ss = st.session_state
    try:
        db = store()
        if ss[K.design_id] is None:
            ss[K.design_id] = db.create_design(document.title, document.problem)
        info = db.save_version(ss[K.design_id], document, findings)
    except (StoreError, OSError) as exc:
        ss[K.flash] = ("error", f"Not saved: {exc}. Your drawing is still on the canvas; try again.")
        return
    ss[K.loaded_version] = info.number
    ss[K.saved_fp] = fp
    st.query_params["design"] = str(ss[K.design_id])
    ss[K.flash] = ("success", f"Saved as version {info.number}.")


def set_kind(cid: str, widget_key: str, inferred: str) -> None:
    value = st.session_state[widget_key]
    fix = dict(st.session_state[K.corrections].get(cid, {}))
    fix["kind"] = value
    st.session_state[K.corrections] = {**st.session_state[K.corrections], cid: fix}


def set_replicas(cid: str, widget_key: str) -> None:
    value = int(st.session_state[widget_key])
    fix = dict(st.session_state[K.corrections].get(cid, {}))
    fix["replicas"] = value
    st.session_state[K.corrections] = {**st.session_state[K.corrections], cid: fix}


def set_throughput(cid: str, widget_key: str) -> None:
    """Callback: the requests per second one instance of a component takes (empty: use the capacity table)."""
    value = st.session_state[widget_key]
    fix = {k: v for k, v in st.session_state[K.corrections].get(cid, {}).items() if k != "throughput"}
    if value:
        fix["throughput"] = float(value)
    st.session_state[K.corrections] = {**st.session_state[K.corrections], cid: fix}


def confirm_all(sketch: Sketch) -> None:
    fixes = dict(st.session_state[K.corrections])
    for c in sketch.components:
        if c.kind is not Kind.UNKNOWN:
            fixes[c.id] = {**fixes.get(c.id, {}), "kind": c.kind.value}
    st.session_state[K.corrections] = fixes


# --- sections ---------------------------------------------------------------------------


def restore_from_link() -> None:
    """A reload keeps the design: ``?design=ID`` reopens its latest version once per session."""
    ss = st.session_state
    wanted = st.query_params.get("design")
    if ss[K.design_id] is not None or not wanted or ss.get("_link_checked") == wanted:
        return
    ss["_link_checked"] = wanted
    try:
        design_id = int(wanted)
        latest = store().latest_version(design_id)
    except (ValueError, StoreError):
        ss[K.flash] = ("warning", f"The link names design {wanted!r}, which does not exist here.")
        return
    if latest is not None:
        open_version(latest, design_id)


def sidebar() -> None:
    ss = st.session_state
    with st.sidebar:
        st.header("Sketchfirst")
        st.caption("Sketch first. See your failure points. Then defend the design.")
        st.button("New design", key="new_design", on_click=new_design, width="stretch")

        try:
            designs = store().list_designs()
        except StoreError as exc:
            st.error(f"Storage unavailable: {exc}")
            designs = []
        if designs:
            st.subheader("Saved designs")
            ids = [d.id for d in designs]
            current = ss[K.design_id] if ss[K.design_id] in ids else ids[0]
            pick = st.selectbox(
                "Design",
                ids,
                index=ids.index(current),
                format_func=lambda i: next(_design_label(d) for d in designs if d.id == i),
                key="pick_design",
            )
            versions = store().list_versions(pick)
            if versions:
                numbers = [v.number for v in reversed(versions)]
                labels = {
                    v.number: f"v{v.number} · {v.created_at.replace('T', ' ')[:16]} · "
                    f"{v.counts.get('high', 0)} high, {v.counts.get('medium', 0)} medium"
                    for v in versions
                }
                st.radio("Versions", numbers, format_func=lambda n: labels[n], key="pick_version")
                chosen = ss.get("pick_version", numbers[0])
                if st.button(f"Open v{chosen}", key="open_version", width="stretch"):
                    try:
                        open_version(store().load_version(pick, chosen), pick)
                    except StoreError as exc:
                        ss[K.flash] = ("error", str(exc))
                    st.rerun()

        st.subheader("Examples")
        examples = list_examples()
        if examples:
            names = [e["title"] for e in examples]
            pick_ex = st.selectbox("Example sketch", names, key="pick_example")
            entry = examples[names.index(pick_ex)]
            st.caption(entry.get("description", ""))
            st.button("Load example", key="load_example", on_click=load_example, args=(entry,), width="stretch")
        import_panel()


def toolbar() -> tuple[str, str]:
    """The tool picker; returns (drawing mode, component label)."""
    ss = st.session_state
    cols = st.columns([3, 2])
    with cols[0]:
        tool = st.radio("Tool", list(TOOLS), horizontal=True, key=K.tool)
    label = ""
    mode = TOOLS[tool]
    with cols[1]:
        if tool == "Component":
            label = st.text_input(
                "Component label", value="Service", key=K.label, max_chars=120,
                help="Each box you drag keeps the label typed here. Words such as Redis, Postgres, Kafka or "
                "load balancer tell Sketchfirst what kind of component it is.",
            )
        elif tool == "Flow":
            st.caption("Drag from the caller to the callee: the arrow points the way you drag.")
        elif tool == "Text":
            st.caption("Click, type, then Esc. Text inside a box names it; text beside an arrow labels the flow.")
        elif tool == "Edit":
            st.caption("Turn on ✎ **Edit** in the canvas toolbar (hover the canvas, top right) to move, resize "
                       "or delete; click a selected box again to rename it.")
    if mode is None:
        mode = ss[K.last_mode]
    ss[K.last_mode] = mode
    return mode, label


def canvas(mode: str, label: str) -> dict[str, Any]:
    ss = st.session_state
    st.write("")  # room for the canvas's hover toolbar, so it does not cover the widgets above
    result = st_canvas(
        key=f"canvas-{ss[K.gen]}",
        drawing_mode=mode,
        label=label if mode == "labeled_rect" else "",
        initial_drawing=ss[K.initial],
        stroke_width=2 if mode != "freedraw" else 3,
        stroke_color="#1d2733",
        fill_color="#1d2733" if mode == "text" else "rgba(31, 119, 180, 0.08)",
        background_color="#fbfcfe",
        width=CANVAS_WIDTH,
        height=CANVAS_HEIGHT,
        font_size=16,
    )
    return current_canvas_json(result.json_data)


def save_bar(document: SketchDocument, result: Analysis, fp: str) -> bool:
    """Title, save button and the saved/unsaved indicator. Returns whether there are unsaved changes."""
    ss = st.session_state
    dirty = fp != ss[K.saved_fp]
    cols = st.columns([4, 2, 3], vertical_alignment="bottom")
    with cols[0]:
        st.text_input("Design title", key=K.title, max_chars=200)
    with cols[1]:
        st.button(
            "Save version",
            key="save",
            type="primary",
            disabled=not dirty or not result.sketch.components,
            on_click=save,
            args=(document, result.findings, fp),
            width="stretch",
        )
    with cols[2]:
        version = ss[K.loaded_version]
        if not result.sketch.components and version is None:
            st.caption("Draw a component to begin.")
        elif dirty:
            since = f" since v{version}" if version else " — not saved yet"
            st.markdown(f":orange[● **Unsaved changes{since}**]")
        else:
            st.markdown(f":green[✔ **Saved** as v{version}]")
        counts = {sev: sum(f.severity is sev for f in result.findings) for sev in reversed(Severity)}
        summary = " · ".join(f"{SEVERITY_ICON[sev]} {n} {sev.value}" for sev, n in counts.items() if n)
        st.caption(f"Failure points: {summary}" if summary else "No failure points found yet.")
    return dirty


def finding_decisions(dirty: bool) -> dict[str, tuple[str, str]] | None:
    """Accepted/disputed findings of the loaded saved version; ``None`` when the canvas is not one."""
    ss = st.session_state
    if dirty or ss[K.design_id] is None or ss[K.loaded_version] is None:
        return None
    try:
        return store().decisions(ss[K.design_id], ss[K.loaded_version])
    except StoreError:
        return None


def accepted(decisions: dict[str, tuple[str, str]] | None) -> tuple[str, ...]:
    return tuple(sorted(k for k, (status, _) in (decisions or {}).items() if status == "accepted"))


def decide(finding_key: str, status: str | None, widget_key: str) -> None:
    """Callback: store the user's verdict on a finding with the saved version it belongs to."""
    ss = st.session_state
    justification = " ".join((ss.get(widget_key) or "").split())[:500]
    if status is not None and not justification:
        ss[K.flash] = ("warning", "Write a short justification first: why is this finding acceptable, or wrong?")
        return
    try:
        store().set_decision(ss[K.design_id], ss[K.loaded_version], finding_key, status, justification)
    except StoreError as exc:
        ss[K.flash] = ("error", f"The decision was not saved: {exc}")


def _decision_controls(f: Finding, decision: tuple[str, str] | None) -> None:
    ss = st.session_state
    if decision is not None:
        icon = "✔" if decision[0] == "accepted" else "⚑"
        st.markdown(f"{icon} **{decision[0].capitalize()}** on v{ss[K.loaded_version]}: {_md(decision[1])}")
    widget_key = f"why-{ss[K.design_id]}-{ss[K.loaded_version]}-{f.key}"
    st.text_input("Justification", value=decision[1] if decision else "", key=widget_key, max_chars=500,
                  placeholder="Why this is acceptable here, or why the rule is wrong")
    cols = st.columns(3)
    with cols[0]:
        st.button("Accept", key=f"accept-{widget_key}", on_click=decide, args=(f.key, "accepted", widget_key),
                  width="stretch", help="Keep it visible but drawn muted: you know, and you chose to live with it.")
    with cols[1]:
        st.button("Dispute", key=f"dispute-{widget_key}", on_click=decide, args=(f.key, "disputed", widget_key),
                  width="stretch", help="The rule got this design wrong; say why.")
    with cols[2]:
        st.button("Clear", key=f"clear-{widget_key}", on_click=decide, args=(f.key, None, widget_key),
                  disabled=decision is None, width="stretch")


def findings_panel(result: Analysis, decisions: dict[str, tuple[str, str]] | None = None) -> tuple[str, ...]:
    """Findings grouped by severity, numbered like the badges; returns the elements to highlight.

    ``decisions`` are the loaded saved version's; ``None`` means the canvas is not a saved
    version, so findings cannot be accepted or disputed yet.
    """
    findings = result.findings
    names = {c.id: c.label or c.id for c in result.sketch.components}
    names.update({f.id: f"{names.get(f.source, f.source)} → {names.get(f.target, f.target)}" for f in result.sketch.flows})
    st.subheader(f"Failure points ({len(findings)})")
    if not result.sketch.components:
        st.info("Draw boxes for your components and arrows between them; findings appear as you draw.")
        return ()
    if not findings:
        st.success("No failure points found by the rules. The critic may still disagree.")
        return ()
    if decisions is None:
        st.caption("Save a version to accept or dispute findings: decisions are kept with the version they judge.")
    options = [None, *range(1, len(findings) + 1)]
    focus = st.selectbox(
        "Focus on a finding",
        options,
        format_func=lambda i: "— none —" if i is None else f"{i}. {findings[i - 1].message}",
        key=K.focus,
    )
    for sev in (Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO):
        group = [(i, f) for i, f in enumerate(findings, 1) if f.severity is sev]
        if not group:
            continue
        st.markdown(f"**{SEVERITY_ICON[sev]} {sev.value.capitalize()}**")
        for i, f in group:
            where = ", ".join(names.get(e, e) for e in f.elements) or "whole design"
            decision = (decisions or {}).get(f.key)
            mark = f" — {decision[0]}" if decision else ""
            with st.expander(f"{i}. {f.message}{mark}", expanded=focus == i):
                st.caption(f"`{f.rule}` · {f.category.value.replace('_', ' ')} · {_md(where)}")
                st.write(f.why)
                if decisions is not None:
                    _decision_controls(f, decision)
    if focus:
        return findings[focus - 1].elements
    return ()


def kill_drill_panel(result: Analysis) -> tuple[str, ...]:
    """Pick a component, see what its death breaks; returns the elements to highlight."""
    ss = st.session_state
    sketch = result.sketch
    if not sketch.components:
        return ()
    ids = [c.id for c in sketch.components]
    names = {c.id: c.label or c.id for c in sketch.components}
    if ss.get(K.kill) not in (None, *ids):
        ss[K.kill] = None  # the component was redrawn or deleted
    st.subheader("Kill a component")
    pick = st.selectbox("Component to kill", [None, *ids], key=K.kill,
                        format_func=lambda i: "— none —" if i is None else f"{names[i]} ({i})")
    if pick is None:
        st.caption("Pick a component to see, from the graph, which requests fail and what stops when it dies.")
        return ()
    report = kill(sketch, pick)
    lines = [_md(line) for line in describe(report, sketch)]
    st.markdown("\n".join(f"- {line.strip()}" if line.startswith("  ") else f"\n{line}\n" for line in lines))
    return report.elements


ESTIMATE_INPUTS = {
    "daily_users": ("Daily users", "People who use the system on a typical day."),
    "requests_per_user": ("Requests per user per day", "Reads and writes together."),
    "read_write_ratio": ("Reads per write", "10 means a 10:1 read:write ratio."),
    "payload_bytes": ("Payload size (bytes)", "What one request reads or writes."),
    "peak_factor": ("Peak factor", "Busiest hour ÷ average: at least 1, often 2–10."),
    "retention_years": ("Retention (years)", "How long written data is kept."),
}
OWN_FIGURE_LABELS = {
    "my_read_qps": "Your peak reads/s",
    "my_write_qps": "Your peak writes/s",
    "my_storage_per_year_gb": "Your storage/year (GB)",
    "my_bandwidth_mbps": "Your peak bandwidth (Mbit/s)",
}


def set_estimate(key: str, widget_key: str) -> None:
    """Callback: one estimate typed or cleared; it is part of the document, so it counts as a change."""
    value = st.session_state[widget_key]
    estimates = {k: v for k, v in st.session_state[K.estimates].items() if k != key}
    if value is not None:
        estimates[key] = float(value)
    st.session_state[K.estimates] = estimates


def _estimate_input(key: str, label: str, help_text: str) -> None:
    ss = st.session_state
    widget_key = f"est-{ss[K.gen]}-{key}"
    st.number_input(label, min_value=0.0, value=ss[K.estimates].get(key), key=widget_key, help=help_text,
                    format="%g", on_change=set_estimate, args=(key, widget_key))


def estimates_panel() -> None:
    """Back-of-the-envelope inputs, your own derived figures, then (on request) ours and the arithmetic."""
    ss = st.session_state
    estimates = ss[K.estimates]
    with st.expander("Estimates: back of the envelope", expanded=bool(estimates)):
        st.caption("Write the numbers down before you check them. They are saved with the design, and the "
                   "capacity rule (CAP001) compares each component's share of the peak with what one node takes.")
        cols = st.columns(3)
        for i, (key, (label, help_text)) in enumerate(ESTIMATE_INPUTS.items()):
            with cols[i % 3]:
                _estimate_input(key, label, help_text)
        st.markdown("**Your own figures** — work them out first, then check them.")
        cols = st.columns(4)
        for i, (key, label) in enumerate(OWN_FIGURE_LABELS.items()):
            with cols[i]:
                _estimate_input(key, label, "Your figure, written before revealing the derived one.")
        derived = derive(estimates)
        if derived is None:
            st.caption("Daily users and requests per user are enough to derive the peak load.")
            return
        if not st.toggle("Check my numbers: show the derived figures and the arithmetic", key=K.reveal_estimates):
            return
        ours = {"my_read_qps": derived.peak_read_qps, "my_write_qps": derived.peak_write_qps,
                "my_storage_per_year_gb": derived.storage_gb_per_year, "my_bandwidth_mbps": derived.bandwidth_mbps}
        rows = ["| Figure | Yours | Derived |", "|---|--:|--:|"]
        for key, label in OWN_FIGURE_LABELS.items():
            mine, theirs = estimates.get(key), ours[key]
            figure = label.removeprefix("Your ")
            rows.append(f"| {figure[:1].upper() + figure[1:]} | {human(mine) if mine is not None else '—'} | "
                        f"{human(theirs) if theirs is not None else 'needs a payload size'} |")
        st.markdown("\n".join(rows))
        st.markdown("**The arithmetic**")
        st.markdown("\n".join(f"{n}. {_md(line)}" for n, line in enumerate(derived.working(), 1)))


def components_panel(result: Analysis) -> None:
    ss = st.session_state
    sketch = result.sketch
    kinds = [k.value for k in Kind]
    unknown = [c for c in sketch.components if c.kind is Kind.UNKNOWN]
    title = f"Components ({len(sketch.components)})" + (f" — {len(unknown)} need a kind" if unknown else "")
    with st.expander(title, expanded=bool(unknown)):
        st.button("Confirm all kinds", key="confirm_all", on_click=confirm_all, args=(sketch,))
        for c in sketch.components:
            cols = st.columns([3, 3, 2, 2], vertical_alignment="center")
            with cols[0]:
                st.markdown(f"**{c.label or '(no label)'}**  \n`{c.id}`")
                if c.kind is Kind.UNKNOWN:
                    st.caption(":orange[⚠ not recognised: pick a kind]")
                elif c.kind_source == "user":
                    st.caption(f"{c.kind.value.replace('_', ' ')} (confirmed)")
                else:
                    st.caption(f"read as a {c.kind.value.replace('_', ' ')}: confirm or change")
            kind_key = f"kind-{ss[K.gen]}-{c.id}"
            with cols[1]:
                st.selectbox(
                    "Kind", kinds, index=kinds.index(c.kind.value), key=kind_key, label_visibility="collapsed",
                    on_change=set_kind, args=(c.id, kind_key, c.kind.value),
                )
            rep_key = f"replicas-{ss[K.gen]}-{c.id}"
            with cols[2]:
                st.number_input(
                    "Replicas", min_value=1, max_value=1000, value=c.replicas, step=1, key=rep_key,
                    label_visibility="collapsed", on_change=set_replicas, args=(c.id, rep_key),
                )
            tp_key = f"throughput-{ss[K.gen]}-{c.id}"
            with cols[3]:
                st.number_input(
                    "Requests/s per instance", min_value=0.0, value=c.throughput, key=tp_key, format="%g",
                    label_visibility="collapsed", placeholder="req/s per instance", on_change=set_throughput,
                    args=(c.id, tp_key), help="What one instance handles; empty uses the capacity table.",
                )


def drawing_notes(sketch: Sketch) -> None:
    if sketch.notes:
        with st.expander(f"{len(sketch.notes)} objects skipped or repaired"):
            for n in sketch.notes:
                st.text(str(n))


# --- critique: gated on a saved version, reused per version and mode ----------------

MAX_ROUNDS = 5
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]()#+!|<>$~{}:"})


def _md(text: str) -> str:
    """User or model text shown as Markdown literally (no links, colours, LaTeX or HTML)."""
    return text.translate(_MD_SPECIAL)


@st.cache_resource(show_spinner=False)
def anthropic_client(api_key: str, base_url: str | None) -> anthropic.Anthropic:
    """One SDK client per key and endpoint for the whole server (sync client: see notes/anthropic-sdk.md)."""
    return build_client(api_key, base_url)


@st.cache_resource(show_spinner=False)
def problem_bank() -> dict[str, Problem]:
    try:
        return load_problems(EXAMPLES / "problems")
    except ProblemError:
        return {}


def critic_choice(deep: bool) -> CriticChoice:
    """The critic the environment allows: Claude when ANTHROPIC_API_KEY is set, else offline."""
    key = os.environ.get("ANTHROPIC_API_KEY") or None
    base_url = os.environ.get("ANTHROPIC_BASE_URL") or None
    return choose_critic(
        api_key=key,
        base_url=base_url,
        model=os.environ.get("SKETCHFIRST_MODEL") or None,
        deep=deep,
        client=anthropic_client(key, base_url) if key else None,
    )


def critique_gate(design_id: int | None, version: int | None, dirty: bool) -> str | None:
    """Why the critique is not available yet, or ``None`` when it is."""
    if design_id is None or version is None:
        return ("Save a version first. The critic only judges a saved sketch, so every question names the "
                "version it is about.")
    if dirty:
        return (f"The canvas has unsaved changes since v{version}. Save them as a new version (or reopen "
                f"v{version}) so the critic judges what you see.")
    return None


def _critic_title(critique: Critique) -> str:
    return "offline critic" if critique.model is None else f"Claude ({critique.model})"


def _usage_line(critique: Critique) -> str:
    parts = []
    u = critique.usage
    if u is not None:
        cache = ""
        if u.cache_creation_input_tokens or u.cache_read_input_tokens:
            cache = f" (+{u.cache_creation_input_tokens:,} cache write, {u.cache_read_input_tokens:,} cache read)"
        parts.append(f"{u.input_tokens:,} input tokens{cache} · {u.output_tokens:,} output tokens")
    if critique.cost_usd is not None:
        parts.append(f"≈ ${critique.cost_usd:.4f}")
    elif u is not None:
        parts.append("cost unknown for this model")
    parts.append(f"{critique.seconds:.1f} s")
    return " · ".join(parts)


def _run_with_progress(choice: CriticChoice, request: Any, label: str) -> Critique:
    """Run a critic with a status box that shows at once and fills with probes as they arrive."""
    status = st.status(label, expanded=True)
    with status:
        live = st.empty()
        live.caption("Waiting for the first question…")
        shown: list[Probe] = []

        def on_progress(event: ProgressEvent) -> None:
            if event.restart:
                shown.clear()
            if event.probe is not None:
                shown.append(event.probe)
            status.update(label=event.status)
            if shown:
                live.markdown("\n".join(f"{i}. {_md(p.question)}" for i, p in enumerate(shown, 1)))

        result = choice.run(request, on_progress)
    status.update(label=f"Done: {len(result.probes)} questions from the {_critic_title(result)}.",
                  state="complete", expanded=False)
    return result


def _saved_request(design_id: int, version: int, mode: Mode, previous: tuple = ()) -> Any:
    saved = store().load_version(design_id, version)
    return request_for(saved.document, mode, version=version, findings=saved.findings, problems=problem_bank(),
                       previous=previous)


def save_answers(critique_id: int, payload: dict[str, Any], keys: list[str]) -> None:
    """Store what the user wrote for the current round (a callback: state only)."""
    answers = {i: st.session_state.get(k, "") or "" for i, k in enumerate(keys)}
    try:
        store().update_critique(critique_id, with_answers(payload, answers))
        st.session_state[K.critique_note] = ("success", "Answers saved with the critique.")
    except StoreError as exc:
        st.session_state[K.critique_note] = ("error", f"Answers not saved: {exc}. They are still in the boxes.")


def _show_round(data: dict[str, Any], names: dict[str, str], number: int) -> Critique:
    critique = from_payload(data)
    if critique.assessments:
        st.markdown(f"**Round {number}: how your answers held up**")
        icon = {Verdict.HOLDS: "✅", Verdict.PARTIAL: "◐", Verdict.HAND_WAVING: "⚠️", Verdict.UNANSWERED: "○"}
        for a in critique.assessments:
            st.markdown(f"{icon[a.verdict]} Answer {a.probe + 1}: **{a.verdict.value.replace('_', ' ')}** — {_md(a.comment)}")
    for i, p in enumerate(critique.probes, 1):
        where = ", ".join(names.get(t, t) for t in p.targets)
        st.markdown(f"{SEVERITY_ICON[p.severity]} **Q{i}.** {_md(p.question)}")
        st.caption(f"{p.severity.value} · {p.category.replace('_', ' ')} · about {_md(where)} — {_md(p.why_it_matters)}")
    return critique


def show_critique(critique_id: int, payload: dict[str, Any], design_id: int, version: int, mode: Mode,
                  choice: CriticChoice) -> None:
    """The stored exchange: the critique, every follow-up round, and the answer boxes for the newest round."""
    ss = st.session_state
    first = from_payload(payload)
    st.markdown(f"**Critique of v{first.version} · {mode.title} · by the {_critic_title(first)}**")
    st.caption(_usage_line(first))
    for note in first.notes:
        (st.warning if "was not used" in note else st.caption)(_md(note))
    sketch = analyze_document(store().load_version(design_id, version).document).sketch
    names = {c.id: c.label or c.id for c in sketch.components}
    names.update({f.id: f"{names.get(f.source, f.source)} → {names.get(f.target, f.target)}" for f in sketch.flows})
    rounds = payload.get("rounds") or []
    _show_round(payload, names, 0)
    for n, data in enumerate(rounds, 1):
        st.divider()
        round_critique = from_payload(data)
        st.caption(f"Follow-up round {n} by the {_critic_title(round_critique)} · {_usage_line(round_critique)}")
        for note in round_critique.notes:
            st.caption(_md(note))
        _show_round(data, names, n)

    latest = current_round(payload)
    probes = from_payload(latest).probes
    if not probes:
        return
    st.markdown("**Answer in writing** — then ask for a follow-up round to see what holds.")
    answers = latest.get("answers") or {}
    keys = [f"answer-{critique_id}-{len(rounds)}-{i}" for i in range(len(probes))]
    for i, key in enumerate(keys):
        st.text_area(f"Your answer to Q{i + 1}", value=answers.get(str(i), ""), key=key, height=80, max_chars=5000)
    cols = st.columns(2)
    with cols[0]:
        st.button("Save answers", key=f"save-answers-{critique_id}", on_click=save_answers,
                  args=(critique_id, payload, keys), width="stretch")
    with cols[1]:
        more = st.button("Follow-up round: judge my answers", key=f"followup-{critique_id}",
                         disabled=len(rounds) >= MAX_ROUNDS, width="stretch",
                         help=f"At most {MAX_ROUNDS} follow-up rounds per critique.")
    if more:
        answered = with_answers(payload, {i: ss.get(k, "") or "" for i, k in enumerate(keys)})
        request = _saved_request(design_id, version, mode, previous_answers(answered))
        round_result = _run_with_progress(choice, request, f"Judging your answers about v{version}…")
        try:
            store().update_critique(critique_id, add_round(answered, round_result))
        except StoreError as exc:
            st.error(f"The follow-up round was not stored: {exc}")
            return
        st.rerun()


def critique_panel(dirty: bool) -> None:
    """The critique stage: disabled with the reason until the canvas is a saved version."""
    ss = st.session_state
    st.subheader("Critique")
    design_id, version = ss[K.design_id], ss[K.loaded_version]
    reason = critique_gate(design_id, version, dirty)
    key_set = bool(os.environ.get("ANTHROPIC_API_KEY"))
    cols = st.columns([3, 2], vertical_alignment="bottom")
    with cols[0]:
        mode = st.radio("Mode", list(Mode), format_func=lambda m: m.title, horizontal=True, key=K.critique_mode,
                        disabled=reason is not None)
    with cols[1]:
        deep = st.toggle("Deep critique (slower, dearer model)", key=K.critique_deep,
                         disabled=reason is not None or not key_set,
                         help="Uses the deeper Claude model." if key_set else "Needs ANTHROPIC_API_KEY.")
    choice = critic_choice(bool(deep) and key_set)
    st.caption(f"Critic: {choice.label}")
    if reason is not None or design_id is None or version is None:
        st.info(reason or "", icon="🔒")
        st.button("Critique", key="critique_run", disabled=True)
        return
    note = ss.get(K.critique_note)
    if note:
        getattr(st, note[0])(note[1])
        ss[K.critique_note] = None
    try:
        stored = store().find_critique(design_id, version, mode.value)
    except StoreError as exc:
        st.error(f"Stored critiques unavailable: {exc}")
        return
    cols = st.columns(2)
    with cols[0]:
        run = st.button(f"Critique v{version}", key="critique_run", type="primary", width="stretch")
    with cols[1]:
        fresh = st.button("Fresh critique", key="critique_fresh", disabled=stored is None, width="stretch",
                          help="Ask the critic again instead of reusing the stored critique of this version and mode.")
    if run and stored is not None:
        st.caption(f"Reused the stored {mode.title.lower()} critique of v{version} (no new call). "
                   "Ask for a fresh critique to run the critic again.")
    if fresh or (run and stored is None):
        try:
            request = _saved_request(design_id, version, mode)
        except StoreError as exc:
            st.error(f"Could not read v{version}: {exc}")
            return
        result = _run_with_progress(choice, request, f"Critiquing v{version} ({mode.title.lower()})…")
        try:
            cid = store().save_critique(design_id, version, mode.value, to_payload(result))
        except StoreError as exc:
            st.error(f"The critique was not stored: {exc}")
            return
        stored = (cid, to_payload(result))
    if stored is None:
        st.caption("No critique of this version in this mode yet.")
        return
    try:
        show_critique(stored[0], stored[1], design_id, version, mode, choice)
    except (PayloadError, StoreError) as exc:
        st.error(f"The stored critique could not be shown: {exc}. Ask for a fresh one.")


def main() -> None:
    st.set_page_config(page_title="Sketchfirst", page_icon="✏️", layout="wide")
    init_state()
    restore_from_link()
    sidebar()
    ss = st.session_state

    flash = ss.get(K.flash)
    if flash:
        kind, message = flash
        getattr(st, kind)(message)
        ss[K.flash] = None

    # The canvas is drawn before the save bar, so the save bar sees this run's drawing;
    # a container placed first keeps the save bar visually above the canvas.
    top = st.container()
    mode, label = toolbar()
    drawing = canvas(mode, label)
    document = current_document(drawing)
    result, fp = analyze_text(dumps(document))
    with top:
        dirty = save_bar(document, result, fp)
    decisions = finding_decisions(dirty)
    left, right = st.columns([2, 3], gap="large")
    with left:
        highlight = findings_panel(result, decisions)
        highlight += kill_drill_panel(result)
    with right:
        if result.sketch.components:
            st.subheader("Your sketch, annotated")
            picture = annotated_png(result.sketch, result.findings, highlight, document.title, accepted(decisions))
            st.image(picture, width="stretch")
            legend = " ".join(f":{_color(s)}[■] {s.value}" for s in (Severity.HIGH, Severity.MEDIUM, Severity.LOW))
            st.caption(f"Badge numbers match the findings list. {legend}")
    estimates_panel()
    components_panel(result)
    drawing_notes(result.sketch)
    critique_panel(dirty)
    export_panel(document, result, fp)


# --- import and export -------------------------------------------------------------------


def import_design(uploader_key: str) -> None:
    """Callback: read the chosen file and open it on a fresh canvas (never into the live one)."""
    ss = st.session_state
    upload = ss.get(uploader_key)
    if upload is None:
        return
    try:
        read = read_import(upload.name, upload.getvalue())
    except InputError as exc:
        ss[K.flash] = ("error", f"Could not import {upload.name}: {exc}")
        return
    doc = read.document
    new_design()
    ss[K.initial] = fit_canvas(doc.canvas, CANVAS_WIDTH, CANVAS_HEIGHT)
    ss[K.title] = doc.title
    ss[K.corrections] = {cid: c.to_json() for cid, c in doc.corrections.items()}
    ss[K.estimates] = dict(doc.estimates)
    ss[K.problem] = doc.problem
    ss[K.source] = doc.source
    skipped = f" {len(read.notes)} notes: " + "; ".join(str(n) for n in read.notes[:5]) if read.notes else ""
    ss[K.flash] = ("success" if not read.notes else "warning",
                   f"Imported {upload.name} onto a new canvas. Save a version to keep it.{skipped}")


def import_panel() -> None:
    """Sidebar: open a Mermaid, Excalidraw or Sketchfirst JSON file on a fresh canvas."""
    ss = st.session_state
    st.subheader("Import")
    key = f"import-file-{ss[K.gen]}"
    st.file_uploader(
        "Mermaid, Excalidraw or JSON", type=list(IMPORT_EXTENSIONS), key=key,
        help="A Mermaid flowchart (.mmd, or a Markdown file with a mermaid block), an Excalidraw scene, "
        "canvas JSON, or a Sketchfirst JSON export. It opens on a new canvas, ready to edit and save.",
    )
    if ss.get(key) is not None:
        st.button("Open on a fresh canvas", key="import_open", on_click=import_design, args=(key,), width="stretch",
                  help="Replaces what is on the canvas now; save first if you want to keep it.")


def saved_version_facts(design_id: int, version: int) -> tuple[str | None, list[dict[str, Any]], dict[str, Any]]:
    """Save date, stored critiques and finding decisions of a saved version (for exports)."""
    db = store()
    info = next((v for v in db.list_versions(design_id) if v.number == version), None)
    critiques = latest_critiques(db.list_critiques(design_id, version))
    return (info.created_at if info else None), critiques, db.decisions(design_id, version)


def _download(subject: ExportSubject, fmt: str, questions: bool) -> bytes:
    return export_bytes(subject, fmt, questions)


def export_panel(document: SketchDocument, result: Analysis, fp: str) -> None:
    """Download buttons for every export format, naming the saved version when the canvas is unchanged."""
    ss = st.session_state
    if not result.sketch.components:
        return
    version = ss[K.loaded_version] if fp == ss[K.saved_fp] and ss[K.design_id] is not None else None
    saved_at, critiques, decisions = None, [], {}
    if version is not None:
        try:
            saved_at, critiques, decisions = saved_version_facts(ss[K.design_id], version)
        except StoreError as exc:
            st.warning(f"Exports will not name the saved version: {exc}")
            version = None
    subject = ExportSubject(document, result.sketch, result.findings, version, saved_at, tuple(critiques),
                            dict(decisions))
    with st.expander("Export", expanded=False):
        if version is None:
            st.caption("Exports of an **unsaved draft**. Save a version to have them name it and its date.")
        else:
            st.caption(f"Exports of **{subject.status}**" + (f", with {len(critiques)} critique(s)" if critiques else "")
                       + ".")
        questions = st.checkbox("Show the critic's questions on the picture", value=True, key=K.export_questions,
                                disabled=not critiques)
        cols = st.columns(4)
        for i, fmt in enumerate(FORMATS.values()):
            with cols[i % 4]:
                st.download_button(
                    fmt.title, data=partial(_download, subject, fmt.name, questions),
                    file_name=export_name(subject, fmt.name), mime=fmt.mime, key=f"download-{fmt.name}",
                    on_click="ignore", width="stretch",
                )
        st.caption("The Markdown report shows the PNG from beside it: download both, or the zip.")


def _design_label(d: Any) -> str:
    return f"{d.title} ({d.versions} version{'' if d.versions == 1 else 's'})"


def _color(sev: Severity) -> str:
    return {"#d62728": "red", "#ef7d00": "orange", "#c9a400": "yellow", "#1f77b4": "blue"}[SEVERITY_COLOR[sev]]


main()
