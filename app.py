"""Sketchfirst in the browser: the Streamlit composition root.

Only wiring lives here: session state, widgets, callbacks and caching around
the pure core in ``design/`` and ``critique/``. Reads top to bottom as:
state → sidebar (designs, versions, examples) → canvas → parsed view.

The one seam is :func:`current_canvas_json`: it returns the canvas JSON from
the live canvas or from whatever was loaded onto it, so AppTest can drive
everything except the pen itself.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
from design.analysis.analyze import Analysis, analyze_document, fingerprint
from design.analysis.kill import describe, kill
from design.canvas.emit import fit_canvas
from design.exports.formats import FORMATS, export_bytes, export_name
from design.exports.subject import ExportSubject, latest_critiques
from design.model.corrections import Correction
from design.model.document import SketchDocument, dumps, loads
from design.model.sketch import Component, Finding, Kind, Severity, Sketch
from design.picture.png import screen_png
from design.picture.scene import SEVERITY_COLOR, build_scene
from design.practice.diff import ProbeRecord, VersionDiff, diff_versions, read_probes
from design.practice.gate import OWN_ESTIMATE_KEYS, explain_first
from design.practice.pairing import DEFAULT_ROTATION, Pairing, PairingError, make_pairing, roles_at
from design.practice.presenter import presentation_steps
from design.practice.timer import DEFAULT_TIME_BOX, Alert, PracticeSession, format_clock, session_status
from design.readers.dispatch import IMPORT_EXTENSIONS, InputError, read_import
from design.sizing.estimates import derive, human
from design.store import SavedVersion, Store, StoreError, database_url, open_store

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
    more_component = "more_component"
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
    # practice, pairing, history, presenter and follow mode
    clock = "clock_override"
    requirements = "notes_requirements"
    approach = "notes_approach"
    live = "live_canvas"
    draft_fp = "draft_fingerprint"
    draft_checked = "draft_checked"
    presenter = "presenter"
    step = "present_step"
    announced_turn = "announced_turn"
    practice_problem = "practice_problem"
    practice_prompt = "practice_prompt"
    practice_minutes = "practice_minutes"
    pair_first = "pair_first"
    pair_second = "pair_second"
    pair_rotation = "pair_rotation"
    diff_from = "diff_from"
    diff_to = "diff_to"
    follow_present = "follow_present"
    kept = "presenter_kept"
    current_fp = "current_fingerprint"
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
    ss.setdefault(K.requirements, "")
    ss.setdefault(K.approach, "")
    ss.setdefault(K.live, None)
    ss.setdefault(K.draft_fp, None)
    ss.setdefault(K.presenter, st.query_params.get("present") == "1")
    ss.setdefault(K.step, 0)
    ss.setdefault(K.critique_note, None)
    ss.setdefault(K.estimates, {})


# --- resources and cached pure work -------------------------------------------


@st.cache_resource
def get_store(url: str) -> Store:
    return open_store(url)


def store() -> Store:
    return get_store(database_url(os.environ))


@st.cache_data(max_entries=64, show_spinner=False)
def analyze_text(document_text: str) -> tuple[Analysis, str]:
    """Analysis and fingerprint of a document (cached: reruns without a change cost nothing)."""
    doc = loads(document_text)
    result = analyze_document(doc)
    return result, fingerprint(doc, result.sketch)


#: st.image decodes, resizes and re-encodes (on every rerun) any picture wider than this; ours never is.
MAX_IMAGE_WIDTH = 1460


# Hashing a Sketch through Streamlit's generic (pickle-based) hasher took ~16 ms per rerun at 50
# components; repr() of these frozen records is complete, exact and ~10x cheaper.
@st.cache_data(max_entries=32, show_spinner=False, hash_funcs={Sketch: repr, Finding: repr})
def annotated_png(sketch: Sketch, findings: tuple[Finding, ...], highlight: tuple[str, ...], title: str,
                  muted: tuple[str, ...] = ()) -> bytes:
    """The annotated sketch as PNG, at most MAX_IMAGE_WIDTH wide so st.image shows the bytes as they are."""
    scene = build_scene(sketch, findings, highlight=highlight, title=title, muted=muted)
    return screen_png(scene, MAX_IMAGE_WIDTH)


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
        requirements=ss[K.requirements],
        approach=ss[K.approach],
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
    ss[K.requirements], ss[K.approach] = doc.requirements, doc.approach
    ss[K.saved_fp] = analyze_text(dumps(doc))[1]
    _point_sidebar_at(design_id, saved.number)
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
    ss[K.requirements], ss[K.approach] = "", ""
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


def live_canvas_json() -> dict[str, Any]:
    """The canvas as the browser last reported it, read from session state.

    Callbacks run before the script, so reading the widget's state here sees a
    stroke that arrived together with the click; a document built during the
    previous run would not.
    """
    state = st.session_state.get(f"canvas-{st.session_state[K.gen]}")
    drawing = state.get("drawing") if isinstance(state, Mapping) else None
    return current_canvas_json(drawing.get("raw") if isinstance(drawing, Mapping) else None)


def save() -> None:
    """Save what is on the canvas now (with the notes and corrections) as the next version."""
    ss = st.session_state
    document = current_document(live_canvas_json())
    result, fp = analyze_text(dumps(document))
    if not result.sketch.components:
        ss[K.flash] = ("warning", "Nothing to save yet: draw a component first.")
        return
    try:
        db = store()
        if ss[K.design_id] is None:
            ss[K.design_id] = db.create_design(document.title, document.problem)
        info = db.save_version(ss[K.design_id], document, result.findings, driver=current_driver())
    except (StoreError, OSError) as exc:
        why = str(exc).removeprefix("Not saved: ")  # the store's write errors already say so
        ss[K.flash] = ("error", f"Not saved: {why}. Your drawing is still on the canvas; try again.")
        return
    ss[K.loaded_version] = info.number
    ss[K.saved_fp] = fp
    _point_sidebar_at(ss[K.design_id], info.number)
    st.query_params["design"] = str(ss[K.design_id])
    ss[K.flash] = ("success", f"Saved as version {info.number}.")


def _point_sidebar_at(design_id: int, version: int) -> None:
    """Make the sidebar's design and version pickers show what is on the canvas (callbacks only)."""
    st.session_state["pick_design"] = design_id
    st.session_state["pick_version"] = version


def open_selected() -> None:
    """Callback of the sidebar's Open button: reopen the picked version on a fresh canvas."""
    ss = st.session_state
    design_id, number = ss.get("pick_design"), ss.get("pick_version")
    if design_id is None or number is None:
        return
    try:
        open_version(store().load_version(design_id, number), design_id)
    except StoreError as exc:
        ss[K.flash] = ("error", str(exc))


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
        design = store().get_design(design_id)
    except (ValueError, StoreError):
        ss[K.flash] = ("warning", f"The link names design {wanted!r}, which does not exist here.")
        return
    if latest is not None:
        open_version(latest, design_id)
    else:  # a practice round or a pairing started, nothing saved yet
        ss[K.design_id] = design_id
        ss[K.title] = design.title


def sidebar() -> None:
    ss = st.session_state
    with st.sidebar:
        st.header("Sketchfirst")
        st.caption("Sketch first. See your failure points. Then defend the design.")
        st.button("New design", key="new_design", on_click=new_design, width="stretch")

        try:
            designs = store().list_designs()
        except StoreError as exc:
            st.error(f"Storage unavailable: {_md(str(exc))}")
            designs = []
        if designs:
            st.subheader("Saved designs")
            ids = [d.id for d in designs]
            if ss.get("pick_design") not in ids:
                ss["pick_design"] = ss[K.design_id] if ss[K.design_id] in ids else ids[0]
            pick = st.selectbox(
                "Design",
                ids,
                format_func=lambda i: next(_design_label(d) for d in designs if d.id == i),
                key="pick_design",
            )
            try:
                versions = store().list_versions(pick)
            except StoreError as exc:  # a damaged file: the list above stays usable, this design says why
                st.error(f"Its versions cannot be read: {_md(str(exc))}")
                versions = []
            if versions:
                numbers = [v.number for v in reversed(versions)]
                labels = {
                    v.number: f"v{v.number} · {v.created_at.replace('T', ' ')[:16]} · "
                    f"{v.counts.get('high', 0)} high, {v.counts.get('medium', 0)} medium"
                    for v in versions
                }
                if ss.get("pick_version") not in numbers:
                    ss["pick_version"] = numbers[0]
                st.radio("Versions", numbers, format_func=lambda n: labels[n], key="pick_version")
                st.button(f"Open v{ss['pick_version']}", key="open_version", on_click=open_selected, width="stretch")

        st.subheader("Examples")
        examples = list_examples()
        if examples:
            names = [e["title"] for e in examples]
            pick_ex = st.selectbox("Example sketch", names, key="pick_example")
            entry = examples[names.index(pick_ex)]
            st.caption(entry.get("description", ""))
            st.button("Load example", key="load_example", on_click=load_example, args=(entry,), width="stretch")
        import_panel()

        practice_sidebar()


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
            with st.expander(f"{i}. {_md(f.message)}{mark}", expanded=focus == i):
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
        # Predict before you verify: the derived figures stay hidden until you have written one of your own.
        own = any(k in estimates for k in OWN_ESTIMATE_KEYS)
        if not st.toggle("Check my numbers: show the derived figures and the arithmetic", key=K.reveal_estimates,
                         disabled=not own):
            if not own:
                st.caption("Write at least one of your own figures first; then the derived ones can be shown.")
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
    sketch = result.sketch
    kinds = [k.value for k in Kind]
    unknown = [c for c in sketch.components if c.kind is Kind.UNKNOWN]
    title = f"Components ({len(sketch.components)})" + (f" — {len(unknown)} need a kind" if unknown else "")
    with st.expander(title, expanded=bool(unknown)):
        st.button("Confirm all kinds", key="confirm_all", on_click=confirm_all, args=(sketch,))
        shown = _component_rows(sketch.components)
        for c in shown:
            _component_row(c, kinds)
        shown_ids = {c.id for c in shown}
        rest = [c for c in sketch.components if c.id not in shown_ids]
        if rest:
            names = {c.id: f"{c.label or '(no label)'} ({c.id})" for c in rest}
            pick = st.selectbox(f"{len(rest)} more components: pick one to edit", list(names), index=None,
                                format_func=names.__getitem__, key=K.more_component,
                                placeholder="Search the other components")
            if pick in names:
                _component_row(next(c for c in rest if c.id == pick), kinds)


#: Rows of kind/replica/throughput widgets drawn at once. Streamlit's cost per widget grows with the
#: number of widgets on the page, so one row per box made a 250-box design take seconds per stroke.
COMPONENT_ROWS = 40


def _component_rows(components: tuple[Component, ...]) -> list[Component]:
    """The components that get a row: those still needing a kind first, then the rest, in id order."""
    chosen = {c.id for c in components if c.kind is Kind.UNKNOWN}
    chosen = set(sorted(chosen)[:COMPONENT_ROWS])
    others = [c.id for c in components if c.id not in chosen]
    chosen.update(others[: COMPONENT_ROWS - len(chosen)])
    return [c for c in components if c.id in chosen]


def _component_row(c: Component, kinds: list[str]) -> None:
    """One component's kind, replica count and throughput, as the user confirms or corrects them."""
    ss = st.session_state
    cols = st.columns([3, 3, 2, 2], vertical_alignment="center")
    with cols[0]:
        st.markdown(f"**{_md(c.label or '(no label)')}**  \n`{c.id}`")
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


# --- practice: clock, rounds, pairing, notes, history ------------------------------------
#
# Timers and roles are computed from start times stored in SQLite (design/practice/timer.py, pairing.py),
# so a rerun, a reload or a second browser agree. The ticking display is an
# ``st.fragment(run_every=1s)``: only the clock re-renders each second, never the canvas.

TICK = timedelta(seconds=1)
FOLLOW_POLL = timedelta(seconds=2)


def clock_now() -> datetime:
    """The app's one clock read. Tests pin it by putting an ISO time in ``K.clock``."""
    fixed = st.session_state.get(K.clock)
    if isinstance(fixed, datetime):
        return fixed
    if isinstance(fixed, str) and fixed:
        return datetime.fromisoformat(fixed)
    return datetime.now(UTC)


def local_time(moment: datetime | str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC moment (or its ISO text) shown in the browser's timezone when Streamlit knows it."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        zone = ZoneInfo(st.context.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).strftime(fmt)


def current_driver() -> str | None:
    """Who drives now, if two people are pairing on this design (recorded with each save)."""
    design_id = st.session_state[K.design_id]
    pairing = store().pairing(design_id) if design_id is not None else None
    return roles_at(pairing, clock_now()).driver if pairing else None


def _title_from(prompt: str) -> str:
    """A short design title from a free-form prompt: its first clause, at most 60 characters."""
    first = re.split(r"[.:;!?\n—]", prompt.strip(), maxsplit=1)[0]
    first = " ".join(first.split())
    return (first[:57] + "...") if len(first) > 60 else (first or "Practice round")


def start_round() -> None:
    """Begin a timed round; the stored start time drives the countdown.

    The round gets a fresh design, unless the current one is still empty (say,
    a pair formed a moment ago): then the round starts on it, pairing and all.
    """
    ss = st.session_state
    problem = problem_bank().get(ss.get(K.practice_problem) or "")
    prompt = problem.prompt if problem is not None else (ss.get(K.practice_prompt) or "").strip()
    if problem is None and not prompt:
        ss[K.flash] = ("error", "Write the prompt you want to practise (or pick a problem) before starting.")
        return
    minutes = int(ss.get(K.practice_minutes) or DEFAULT_TIME_BOX.total_seconds() // 60)
    title = problem.title if problem is not None else _title_from(prompt)
    problem_id = problem.id if problem is not None else None
    try:
        db = store()
        reuse = ss[K.design_id]
        if reuse is not None and (db.latest_number(reuse) is not None or db.open_practice(reuse) is not None):
            reuse = None
        pairing = db.pairing(ss[K.design_id]) if ss[K.design_id] is not None else None
        if reuse is None:
            new_design()
            design_id = db.create_design(title, problem_id)
            if pairing is not None:  # the pair keeps its roles and rotation on the new design
                db.set_pairing(design_id, pairing)
        else:
            design_id = reuse
            db.retitle_design(design_id, title, problem_id)
        db.start_practice(design_id, time_box=timedelta(minutes=minutes), started_at=clock_now(),
                          problem=problem_id, prompt=prompt)
    except StoreError as exc:
        ss[K.flash] = ("error", f"Could not start the round: {exc}")
        return
    ss[K.title] = title
    ss[K.problem] = problem_id
    _select_design(design_id)
    ss[K.flash] = ("success", f"Round started: {minutes} minutes. Begin with the requirements in the notes.")


def _select_design(design_id: int) -> None:
    """Make ``design_id`` the current design, in the link and in the sidebar's picker."""
    ss = st.session_state
    ss[K.design_id] = design_id
    ss["pick_design"] = design_id
    st.query_params["design"] = str(design_id)


def finish_round(session_id: int) -> None:
    ss = st.session_state
    try:
        done = store().finish_practice(session_id, clock_now())
    except StoreError as exc:
        ss[K.flash] = ("error", f"Could not finish the round: {exc}")
        return
    counts = ", ".join(f"{n} {sev}" for sev, n in done.findings_at_end.items() if n) or "no findings"
    saved = f"v{done.final_version} ({counts})" if done.final_version else "nothing saved"
    message = (f"Round finished after {format_clock(done.time_used(clock_now()))}: {saved}, "
               f"{done.critique_rounds} critique round(s). It is in the practice log below.")
    if ss.get(K.current_fp) not in (None, ss[K.saved_fp]):
        ss[K.flash] = ("warning", message + " Unsaved changes are still on the canvas; the log counts the last "
                                            "saved version, so save if they should count.")
        return
    ss[K.flash] = ("success", message)


def _ensure_design() -> int | None:
    """The current design's id, creating the design (no versions yet) when there is none."""
    ss = st.session_state
    if ss[K.design_id] is None:
        title = (ss[K.title] or "Untitled design").strip()[:200] or "Untitled design"
        try:
            _select_design(store().create_design(title, ss[K.problem]))
        except StoreError as exc:
            ss[K.flash] = ("error", str(exc))
            return None
    return ss[K.design_id]


def start_pairing() -> None:
    ss = st.session_state
    try:
        pairing = make_pairing(ss.get(K.pair_first) or "", ss.get(K.pair_second) or "", clock_now(),
                               timedelta(minutes=float(ss.get(K.pair_rotation) or 10)))
    except PairingError as exc:
        ss[K.flash] = ("error", str(exc))
        return
    design_id = _ensure_design()
    if design_id is None:
        return
    store().set_pairing(design_id, pairing)
    ss[K.announced_turn] = (design_id, 0)
    ss[K.flash] = ("success", f"{pairing.first} drives first; {pairing.second} navigates. "
                              f"Roles swap every {int(pairing.rotation.total_seconds() // 60)} minutes.")


def swap_now(pairing: Pairing) -> None:
    """Swap early: restart the rotation with the current navigator driving."""
    roles = roles_at(pairing, clock_now())
    design_id = st.session_state[K.design_id]
    store().set_pairing(design_id, Pairing(roles.navigator, roles.driver, clock_now(), pairing.rotation))
    st.session_state[K.announced_turn] = (design_id, 0)


def stop_pairing() -> None:
    if st.session_state[K.design_id] is not None:
        store().end_pairing(st.session_state[K.design_id])


def practice_sidebar() -> None:
    """Sidebar: start a timed round, pair with someone, present or share a follow link."""
    ss = st.session_state
    st.subheader("Practice round")
    problems = problem_bank()
    if problems:
        st.selectbox("Problem", ["", *problems], key=K.practice_problem,
                     format_func=lambda i: problems[i].title if i in problems else "— my own prompt —")
    if not ss.get(K.practice_problem):
        st.text_area("Your prompt", key=K.practice_prompt, max_chars=2000, height=80,
                     placeholder="Design a URL shortener that handles 100M new links a month.")
    st.number_input("Time box (minutes)", min_value=5, max_value=180, step=5,
                    value=int(DEFAULT_TIME_BOX.total_seconds() // 60), key=K.practice_minutes)
    st.button("Start practice round", key="start_round", on_click=start_round, width="stretch",
              help="Starts a new design with a visible countdown through requirements, estimates, "
                   "high-level sketch, deep dive and wrap-up.")

    st.subheader("Pairing")
    design_id = ss[K.design_id]
    pairing = store().pairing(design_id) if design_id is not None else None
    if pairing is None:
        cols = st.columns(2)
        with cols[0]:
            st.text_input("Driver first", key=K.pair_first, max_chars=60, placeholder="Ada")
        with cols[1]:
            st.text_input("Navigator first", key=K.pair_second, max_chars=60, placeholder="Lin")
        st.number_input("Swap roles every (minutes)", min_value=1, max_value=120, step=1,
                        value=int(DEFAULT_ROTATION.total_seconds() // 60), key=K.pair_rotation)
        st.button("Start pairing", key="start_pairing", on_click=start_pairing, width="stretch")
    else:
        minutes = int(pairing.rotation.total_seconds() // 60)
        st.markdown(f"**{_md(pairing.first)}** and **{_md(pairing.second)}**, swapping every {minutes} min. "
                    "The roles and the next swap are shown above the canvas.")
        cols = st.columns(2)
        with cols[0]:
            st.button("Swap now", key="swap_now", on_click=swap_now, args=(pairing,), width="stretch")
        with cols[1]:
            st.button("Stop pairing", key="stop_pairing", on_click=stop_pairing, width="stretch")
    st.button("Presenter mode", key="enter_presenter", on_click=enter_presenter, width="stretch",
              help="A clean full-width view for a shared screen: step through findings, then questions.")
    if design_id is not None:
        link = f"?design={design_id}&follow=1"
        st.markdown(f"[Follow link for a second browser]({link})")
        base = (st.context.url or "").split("?")[0]
        if base:
            st.code(base.rstrip("/") + "/" + link, language=None, wrap_lines=True)
        st.caption("Read-only; it follows every save (and the autosaved draft) within a few seconds.")


def practice_header() -> None:
    """Above the canvas: the running round's countdown and the pair's roles, plus their actions."""
    ss = st.session_state
    design_id = ss[K.design_id]
    if design_id is None:
        return
    try:
        round_ = store().open_practice(design_id)
        pairing = store().pairing(design_id)
    except StoreError as exc:
        st.error(f"Practice state unavailable: {_md(str(exc))}")
        return
    if round_ is None and pairing is None:
        return
    with st.container(border=True):
        if round_ is not None:
            cols = st.columns([6, 1], vertical_alignment="center")
            with cols[0]:
                st.markdown(f"**Prompt:** {_md(round_.prompt or round_.design_title)}")
            with cols[1]:
                st.button("Finish round", key="finish_round", on_click=finish_round, args=(round_.id,),
                          width="stretch", help="Logs the round (time used, findings of the last saved "
                          "version, critique rounds). Your design stays as it is.")
            problem = problem_bank().get(round_.problem or "")
            if problem is not None:
                problem_brief(problem)
        practice_clock(design_id, round_, pairing)


def problem_brief(problem: Problem) -> None:
    """The problem's scale figures, and its reference requirements to compare with your own afterwards."""
    cols = st.columns(2)
    with cols[0], st.expander("Scale figures to estimate from", icon=":material/calculate:"):
        labels = {"daily_users": "daily users", "requests_per_user": "requests per user a day",
                  "read_write_ratio": "reads per write", "payload_bytes": "bytes per item",
                  "peak_factor": "peak / average", "retention_years": "kept for (years)"}
        rows = [f"- {labels.get(k, k.replace('_', ' '))}: **{v:,.0f}**" for k, v in problem.scale.items()]
        st.markdown("\n".join(rows + [f"- {_md(n)}" for n in problem.scale_notes]))
    with cols[1], st.expander("Reference requirements (open after writing yours)", icon=":material/checklist:"):
        st.markdown("**Functional**\n" + "\n".join(f"- {_md(r)}" for r in problem.functional))
        st.markdown("**Non-functional**\n" + "\n".join(f"- {_md(r)}" for r in problem.non_functional))


@st.fragment(run_every=TICK)
def practice_clock(design_id: int, round_: PracticeSession | None, pairing: Pairing | None,
                   compact: bool = False) -> None:
    """The ticking part: re-runs alone every second, so the canvas is never redrawn for it."""
    clock_display(design_id, round_, pairing, compact=compact)


NAVIGATOR = ":material/explore:"
DRIVER = ":material/edit:"


def clock_display(design_id: int, round_: PracticeSession | None, pairing: Pairing | None, *,
                  compact: bool = False) -> None:
    """Phase, countdowns, alerts and roles at this moment (``compact``: one line, for presenting)."""
    ss = st.session_state
    moment = clock_now()
    roles = roles_at(pairing, moment) if pairing is not None else None
    status = session_status(round_.started_at, round_.time_box, moment) if round_ is not None else None
    if compact:
        parts = []
        if status is not None:
            left = (f"+{format_clock(status.overtime)} over time" if status.alert is Alert.TIME_UP
                    else f"{format_clock(status.phase_remaining)} left · round {format_clock(status.remaining)}")
            parts.append(f"**{status.phase.label}** · {left}")
        if roles is not None:
            parts.append(f"{DRIVER} **{_md(roles.driver)}** drives · {NAVIGATOR} {_md(roles.navigator)} navigates · "
                         f"swap in {format_clock(roles.next_swap_in)}")
        st.markdown(" · ".join(parts))
    elif status is not None:
        steps = []
        for i, slot in enumerate(status.plan):
            name = slot.phase.label
            steps.append(f"**:blue-background[{name}]**" if i == status.phase_index else
                         (f":gray[~~{name}~~]" if i < status.phase_index else name))
        cols = st.columns([5, 2, 2], vertical_alignment="center")
        with cols[0]:
            st.markdown(" → ".join(steps))
            st.caption(status.phase.hint)
        with cols[1]:
            st.metric(f"{status.phase.label} left", format_clock(status.phase_remaining))
        with cols[2]:
            if status.alert is Alert.TIME_UP:
                st.metric("Round", f"+{format_clock(status.overtime)}", delta="over time", delta_color="inverse")
            else:
                st.metric("Round left", format_clock(status.remaining))
    if status is not None:
        if status.alert is Alert.TIME_UP:
            st.error(status.message, icon=":material/alarm:")
        elif status.alert is Alert.LAST_MINUTES:
            st.warning(status.message, icon=":material/hourglass_bottom:")
        elif status.alert is Alert.PHASE_ENDING and not compact:
            st.info(status.message, icon=":material/timer:")
    if roles is not None:
        if not compact:
            st.markdown(f"{DRIVER} Driver: **{_md(roles.driver)}** · {NAVIGATOR} Navigator: **{_md(roles.navigator)}** · "
                        f"swap in {format_clock(roles.next_swap_in)}")
        if roles.just_swapped:
            st.warning(f"Swap! {_md(roles.driver)} drives now; {_md(roles.navigator)} navigates.",
                       icon=":material/sync:")
        if ss.get(K.announced_turn) != (design_id, roles.turn):
            if roles.turn > 0:
                st.toast(f"Swap: {_md(roles.driver)} drives, {_md(roles.navigator)} navigates.", icon=":material/sync:")
            ss[K.announced_turn] = (design_id, roles.turn)


def critique_block_reason(document: SketchDocument, *, checks_estimates: bool = False) -> str | None:
    """The "explain before you prompt" reason a critique of ``document`` may not run yet (``None``: go ahead)."""
    design_id = st.session_state[K.design_id]
    asked = bool(design_id is not None and store().list_critiques(design_id))
    return explain_first(document.requirements, document.approach, first_critique=not asked,
                         checks_estimates=checks_estimates, estimates=document.estimates)


def explain_first_reason(design_id: int, version: int, mode: Mode) -> str | None:
    """The critique gate's second half: the *saved* version's notes must explain the design first,
    and "check my estimates" needs the user's own numbers (see design/practice/gate.py)."""
    try:
        document = store().load_version(design_id, version).document
    except StoreError:
        return None  # the panel reports storage problems itself
    return critique_block_reason(document, checks_estimates=mode is Mode.ESTIMATES)


def notes_panel(document: SketchDocument | None = None) -> None:
    """Requirements and "my approach in three sentences": saved with the sketch, shown before drawing."""
    # A fixed key and ``expanded``: the expander keeps whatever the user last chose.
    with st.expander("Notes: requirements and my approach", expanded=True, icon=":material/edit_note:",
                     key="notes_expander"):
        cols = st.columns(2)
        with cols[0]:
            st.text_area("Requirements", key=K.requirements, height=150, max_chars=20_000,
                         placeholder="- Shorten a long URL\n- Redirect in under 50 ms\n- 100M new links a month",
                         help="One per line: functional and non-functional. They are saved with the sketch.")
        with cols[1]:
            st.text_area("My approach in three sentences", key=K.approach, height=150, max_chars=20_000,
                         placeholder="Say how the design works before you ask anyone (or anything) about it.")
        if document is not None:
            reason = critique_block_reason(document)
            if reason:
                st.caption(f":orange[{_md(reason)}]")
            else:
                st.caption(":green[✔ Explained: the critique can start once the sketch is saved.]")


def keep_drawing(document: SketchDocument, fp: str) -> None:
    """Remember this run's drawing (presenter mode shows it) and autosave it as the design's draft.

    The draft lets a follower see work in progress, and a reload offer it back.
    """
    ss = st.session_state
    ss[K.live] = dict(document.canvas)
    ss[K.current_fp] = fp
    design_id = ss[K.design_id]
    if design_id is None or fp == ss[K.saved_fp] or fp == ss[K.draft_fp]:
        return
    try:
        store().save_draft(design_id, document, current_driver())
        ss[K.draft_fp] = fp
    except StoreError:
        pass  # a draft is a convenience; the canvas still holds the work


def restore_draft(document: SketchDocument) -> None:
    ss = st.session_state
    _mount(dict(document.canvas))
    ss[K.title] = document.title
    ss[K.corrections] = {cid: c.to_json() for cid, c in document.corrections.items()}
    ss[K.requirements], ss[K.approach] = document.requirements, document.approach
    ss[K.estimates] = dict(document.estimates)
    ss[K.draft_checked] = ss[K.design_id]


def draft_offer() -> None:
    """After a reload, offer the autosaved draft when it is newer than the last save."""
    ss = st.session_state
    design_id = ss[K.design_id]
    if design_id is None or ss.get(K.draft_checked) == design_id:
        return
    try:
        draft = store().load_draft(design_id)
        latest = store().list_versions(design_id)
    except StoreError:
        return
    if draft is None:
        ss[K.draft_checked] = design_id
        return
    updated, doc, driver = draft
    if (latest and latest[-1].created_at >= updated) or analyze_text(dumps(doc))[1] == ss[K.saved_fp]:
        ss[K.draft_checked] = design_id
        return
    with st.container(border=True):
        by = f" by {_md(driver)}" if driver else ""
        st.markdown(f":material/history: An autosaved draft{by} from {local_time(updated, '%H:%M:%S')} is newer than the "
                    "last saved version.")
        cols = st.columns([1, 1, 4])
        cols[0].button("Restore draft", key="restore_draft", on_click=restore_draft, args=(doc,), type="primary")
        cols[1].button("Keep what is shown", key="dismiss_draft",
                       on_click=lambda: ss.__setitem__(K.draft_checked, design_id))


# --- history: timeline, diff, chart, practice log ------------------------------------------


def probes_of(design_id: int) -> list[ProbeRecord]:
    """Every probe stored with any version of a design, with its answer."""
    out: list[ProbeRecord] = []
    for _id, version, mode, _at, payload in store().list_critiques(design_id):
        out.extend(read_probes(version, mode, payload))
    return out


def history_panel() -> None:
    """The design's versions, what changed between any two, findings over time, and the practice log."""
    ss = st.session_state
    st.divider()
    st.subheader("History")
    tab_diff, tab_chart, tab_log = st.tabs(["Versions and changes", "Findings over time", "Practice log"])
    design_id = ss[K.design_id]
    versions = store().list_versions(design_id) if design_id is not None else []
    with tab_diff:
        if not versions:
            st.caption("Save a version to start the timeline.")
        else:
            version_timeline(design_id, versions)
    with tab_chart:
        if not versions:
            st.caption("The chart appears after the first save.")
        else:
            findings_chart(versions)
    with tab_log:
        practice_log()


def version_timeline(design_id: int, versions: list[Any]) -> None:
    rows = [
        {"version": f"v{v.number}", "saved": local_time(v.created_at), "driver": v.driver or "",
         **{sev.value: v.counts.get(sev.value, 0) for sev in (Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)}}
        for v in reversed(versions)
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
    if len(versions) < 2:
        st.caption("Save a second version to compare.")
        return
    numbers = [v.number for v in versions]
    ss = st.session_state
    if ss.get(K.diff_from) not in numbers or ss.get(K.diff_to) not in numbers:
        ss[K.diff_from], ss[K.diff_to] = numbers[-2], numbers[-1]
    cols = st.columns(2)
    with cols[0]:
        st.selectbox("Compare", numbers, key=K.diff_from, format_func=lambda n: f"v{n}")
    with cols[1]:
        st.selectbox("with", numbers, key=K.diff_to, format_func=lambda n: f"v{n}")
    a, b = ss[K.diff_from], ss[K.diff_to]
    try:
        old, new = store().load_version(design_id, a), store().load_version(design_id, b)
    except StoreError as exc:
        st.error(str(exc))
        return
    sa, sb = analyze_text(dumps(old.document))[0].sketch, analyze_text(dumps(new.document))[0].sketch
    diff = diff_versions((a, sa, old.findings), (b, sb, new.findings), probes_of(design_id))
    render_diff(diff, sa, sb)


def render_diff(d: VersionDiff, before: Sketch, after: Sketch) -> None:
    st.markdown(f"#### v{d.before} → v{d.after}")
    if d.empty:
        st.caption("No changes to components, flows, findings or answers.")
        if not d.probes.open:
            return
    names = {c.id: c.label or c.id for c in (*before.components, *after.components)}

    def name(cid: str) -> str:
        return _md(names.get(cid, cid))

    s = d.sketch
    lines = [f"- :green[**+**] {_md(c.label or c.id)} ({c.kind.value.replace('_', ' ')})" for c in s.added]
    lines += [f"- :red[**−**] {_md(c.label or c.id)}" for c in s.removed]
    lines += [f"- ✎ {_md(r.before.label)} → {_md(r.after.label)} (relabelled)" for r in s.relabelled]
    lines += [f"- ✎ {_md(c.label or c.id)}: {c.describe()}" for c in s.changed]
    lines += [f"- :green[**+**] flow {name(f.source)} → {name(f.target)}" for f in s.flows_added]
    lines += [f"- :red[**−**] flow {name(f.source)} → {name(f.target)}" for f in s.flows_removed]
    if lines:
        st.markdown("**Sketch**\n" + "\n".join(lines))
    f = d.findings
    if f.resolved:
        st.markdown(f"**Findings resolved ({len(f.resolved)})**\n" + "\n".join(
            f"- :green[✔] {x.severity.value} · {_md(x.message)}" for x in f.resolved))
    if f.introduced:
        st.markdown(f"**Findings introduced ({len(f.introduced)})**\n" + "\n".join(
            f"- :red[✚] {x.severity.value} · {_md(x.message)}" for x in f.introduced))
    if d.probes.answered:
        st.markdown(f"**Probes answered ({len(d.probes.answered)})**\n" + "\n".join(
            f"- v{p.version} · {_md(p.question)}  \n  ↳ _{_md(p.answer)}_" for p in d.probes.answered))
    if d.probes.open:
        st.caption(f"{len(d.probes.open)} question(s) asked about these versions are still unanswered.")


def findings_chart(versions: list[Any]) -> None:
    import altair as alt

    order = [Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO]
    data = [{"version": f"v{v.number}", "n": v.number, "severity": sev.value, "findings": v.counts.get(sev.value, 0)}
            for v in versions for sev in order]
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X("version:O", sort=alt.EncodingSortField("n"), title=None),
            y=alt.Y("findings:Q", title="findings", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("severity:N", scale=alt.Scale(domain=[s.value for s in order],
                                                          range=[SEVERITY_COLOR[s] for s in order])),
            order=alt.Order("severity:N"),
            tooltip=["version:O", "severity:N", "findings:Q"],
        )
        .properties(height=220)
    )
    st.altair_chart(chart, width="stretch")


def practice_log() -> None:
    try:
        rounds = store().practice_log()
    except StoreError as exc:
        st.error(_md(str(exc)))
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


# --- presenter mode and follow mode ------------------------------------------------------------


PRESENTER_CSS = """
<style>
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 1.5rem; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.35rem; }
.sf-step { border-left: 0.6rem solid var(--sf-color); padding: 0.6rem 1.2rem; margin: 0.4rem 0 1rem 0;
           background: #f7f8fb; border-radius: 0.4rem; }
.sf-step .sf-head { font-size: 1.6rem; font-weight: 700; color: var(--sf-color); letter-spacing: 0.02em; }
.sf-step .sf-text { font-size: 2.6rem; font-weight: 700; line-height: 1.2; color: #1d2733; margin: 0.3rem 0; }
.sf-step .sf-detail { font-size: 1.3rem; color: #45505c; }
.sf-step .sf-where { font-size: 1.4rem; font-weight: 600; color: #1d2733; margin: 0.2rem 0 0.6rem 0; }
.sf-title { font-size: 2.2rem; font-weight: 700; color: #1d2733; }
</style>
"""


def step_move(delta: int, total: int) -> None:
    ss = st.session_state
    ss[K.step] = max(0, min(total - 1, ss[K.step] + delta))


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs={Sketch: repr, Finding: repr})
def presenter_png(sketch: Sketch, findings: tuple[Finding, ...], probes: tuple[tuple[str, tuple[str, ...]], ...],
                  highlight: tuple[str, ...], focus: str | None) -> bytes:
    """The sketch for a shared screen, drawn at twice the size for a large display.

    Only the finding on screen (``focus``, a finding key) keeps its colour; the
    others are greyed, and the elements of the current step get a halo. No
    legend: the step card beside it says what the badge means.
    """
    muted = [f.key for f in findings if f.key != focus]
    scene = build_scene(sketch, findings, probes=probes, highlight=highlight, muted=muted, legend=False)
    return screen_png(scene, MAX_IMAGE_WIDTH, scale=2.0)  # twice the size, within what st.image passes through


def element_names(sketch: Sketch, ids: tuple[str, ...]) -> str:
    names = {c.id: c.label or c.id for c in sketch.components}
    names.update({f.id: f"{names.get(f.source, f.source)} → {names.get(f.target, f.target)}" for f in sketch.flows})
    return " · ".join(names.get(i, i) for i in ids)


def present(title: str, sketch: Sketch, findings: tuple[Finding, ...], probes: list[ProbeRecord], where: str,
            version: int | None = None) -> None:
    """The large, one-thing-at-a-time view: the current step beside the sketch with its elements highlighted."""
    steps = presentation_steps(findings, probes, version)
    ss = st.session_state
    left, right = st.columns([2, 3], gap="large")
    highlight: tuple[str, ...] = ()
    focus: str | None = None
    with left:
        if steps:
            ss[K.step] = max(0, min(len(steps) - 1, ss[K.step]))
            step = steps[ss[K.step]]
            cols = st.columns(2)
            cols[0].button("◀ Previous", key=f"{where}-prev", on_click=step_move, args=(-1, len(steps)),
                           disabled=ss[K.step] == 0, width="stretch")
            cols[1].button("Next ▶", key=f"{where}-next", on_click=step_move, args=(1, len(steps)),
                           disabled=ss[K.step] == len(steps) - 1, width="stretch", type="primary")
            where_text = element_names(sketch, step.elements) or "the whole design"
            st.html(
                f'<div class="sf-step" style="--sf-color:{step.color}">'
                f'<div class="sf-head">{html.escape(step.heading)}</div>'
                f'<div class="sf-text">{html.escape(step.text)}</div>'
                f'<div class="sf-where">On: {html.escape(where_text)}</div>'
                f'<div class="sf-detail">{html.escape(step.detail)}</div></div>'
            )
            st.caption(f"Step {ss[K.step] + 1} of {len(steps)}: findings first, then the critic's questions.")
            highlight = tuple(step.elements)
            focus = findings[ss[K.step]].key if ss[K.step] < len(findings) else None
        else:
            st.info("No findings or questions to step through yet.")
    with right:
        if sketch.components:
            asked = tuple((p.question, p.targets) for p in probes)
            st.image(presenter_png(sketch, findings, asked, highlight, focus), width="stretch", output_format="PNG")


#: Widget values that must outlive presenter mode, which does not draw those widgets.
PRESENTER_KEEPS = (K.title, K.requirements, K.approach, K.tool, K.practice_problem, K.practice_prompt,
                   K.practice_minutes, K.pair_first, K.pair_second, K.pair_rotation, K.critique_mode)


def enter_presenter() -> None:
    """Switch to the shared-screen layout, keeping everything the editing view holds.

    Streamlit forgets the values of widgets a run does not draw, so they are put
    aside here and put back by :func:`exit_presenter`; the drawing is remounted
    on a fresh canvas afterwards.
    """
    ss = st.session_state
    ss[K.kept] = {k: ss[k] for k in PRESENTER_KEEPS if k in ss}
    _mount(ss[K.live])
    ss[K.presenter] = True
    ss[K.step] = 0
    st.query_params["present"] = "1"


def exit_presenter() -> None:
    ss = st.session_state
    for key, value in (ss.get(K.kept) or {}).items():
        ss[key] = value
    ss[K.kept] = None
    ss[K.presenter] = False
    if "present" in st.query_params:
        del st.query_params["present"]


def latest_probes(design_id: int, version: int | None) -> list[ProbeRecord]:
    """The questions to present: the newest critique of ``version``, else the design's newest critique
    (say v2 was saved after answering the critique of v1), follow-up rounds included."""
    try:
        critiques = store().list_critiques(design_id, version) if version is not None else []
        critiques = critiques or store().list_critiques(design_id)
    except StoreError:
        return []
    if not critiques:
        return []
    _id, v, mode, _at, payload = critiques[-1]
    return list(read_probes(v, mode, payload))


def presenter_view() -> None:
    """Shared-screen layout: no sidebar (nothing is drawn into it), large type, one step at a time."""
    ss = st.session_state
    st.html(PRESENTER_CSS)
    document = current_document(current_canvas_json(None))
    if ss.get(K.kept):
        document = replace(document, title=ss[K.kept].get(K.title) or document.title)
    result, _fp = analyze_text(dumps(document))
    design_id, version = ss[K.design_id], ss[K.loaded_version]
    probes = latest_probes(design_id, version) if design_id is not None else []
    cols = st.columns([6, 1], vertical_alignment="center")
    cols[0].html(f'<div class="sf-title">{html.escape(document.title)}</div>')
    cols[1].button("Exit presenter", key="exit_presenter", on_click=exit_presenter, width="stretch")
    if design_id is not None:
        round_, pairing = store().open_practice(design_id), store().pairing(design_id)
        if round_ is not None or pairing is not None:
            practice_clock(design_id, round_, pairing, compact=True)
    present(document.title, result.sketch, result.findings, probes, "present", version)


def follow_requested() -> bool:
    return st.query_params.get("follow") == "1" and bool(st.query_params.get("design"))


def follow_view() -> None:
    """A read-only second screen that follows the driver's saves and autosaved draft.

    Mechanism: ``st.fragment(run_every=FOLLOW_POLL)`` re-runs :func:`follow_body`
    every two seconds; it polls SQLite (cheap queries) and redraws only when
    something changed. No extra server, no manual reload.
    """
    raw = st.query_params.get("design", "")
    try:
        design = store().get_design(int(raw))
    except (ValueError, StoreError):
        st.error(f"The follow link names design {_md(repr(raw))}, which does not exist here.")
        return
    st.caption(f"Following “{_md(design.title)}” read-only. This page updates itself every "
               f"{int(FOLLOW_POLL.total_seconds())} seconds. [Open it to edit](?design={design.id})")
    st.toggle("Presenter layout", key=K.follow_present)
    if st.session_state.get(K.follow_present):
        st.html(PRESENTER_CSS)
    follow_body(design.id)


@st.fragment(run_every=FOLLOW_POLL)
def follow_body(design_id: int) -> None:
    db = store()
    try:
        latest = db.latest_version(design_id)
        draft = db.load_draft(design_id)
        round_, pairing = db.open_practice(design_id), db.pairing(design_id)
    except StoreError as exc:
        st.error(f"Cannot read the design: {_md(str(exc))}")
        return
    if round_ is not None or pairing is not None:
        clock_display(design_id, round_, pairing)
    use_draft = draft is not None and (latest is None or draft[0] > latest.info.created_at)
    if use_draft and draft is not None:
        updated, doc, driver = draft
        by = f" by {_md(driver)}" if driver else ""
        base = f", after v{latest.number}" if latest else ""
        st.markdown(f"**{_md(doc.title)}** · :orange[live draft{base}] · autosaved {local_time(updated, '%H:%M:%S')}{by}")
    elif latest is not None:
        doc = latest.document
        by = f" · drawn by {_md(latest.info.driver)}" if latest.info.driver else ""
        st.markdown(f"**{_md(doc.title)}** · :green[v{latest.number}] · saved {local_time(latest.info.created_at, '%H:%M:%S')}{by}")
    else:
        st.info("Nothing saved yet. This page shows the design as soon as the driver draws or saves.")
        return
    result, _fp = analyze_text(dumps(doc))
    probes = latest_probes(design_id, latest.number if latest is not None else None)
    if st.session_state.get(K.follow_present):
        present(doc.title, result.sketch, result.findings, probes, "follow",
                None if use_draft else latest.number if latest is not None else None)
        return
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.markdown(f"**Failure points ({len(result.findings)})**")
        for i, f in enumerate(result.findings, 1):
            st.markdown(f"{SEVERITY_ICON[f.severity]} {i}. {_md(f.message)}")
        if probes:
            st.markdown(f"**Critic's questions about v{probes[0].version} ({len(probes)})**")
            for j, p in enumerate(probes, 1):
                st.markdown(f"Q{j}. {_md(p.question)}" + (f"  \n↳ _{_md(p.answer)}_" if p.answer else ""))
        if doc.requirements.strip() or doc.approach.strip():
            st.markdown("**Requirements**")
            st.text(doc.requirements or "—")
            st.markdown("**Approach**")
            st.text(doc.approach or "—")
    with right:
        if result.sketch.components:
            st.image(annotated_png(result.sketch, result.findings, (), doc.title), width="stretch", output_format="PNG")
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
            st.error(f"The follow-up round was not stored: {_md(str(exc))}")
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
    st.caption(f"Critic: {_md(choice.label)}")
    if reason is None and design_id is not None and version is not None:
        reason = explain_first_reason(design_id, version, mode)
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
        st.error(f"Stored critiques unavailable: {_md(str(exc))}")
        return
    cols = st.columns(2)
    with cols[0]:
        run = st.button(f"Critique v{version}", key="critique_run", type="primary", width="stretch")
    with cols[1]:
        # Never disabled: the button is drawn before a first critique runs, and must work right after it.
        fresh = st.button("Fresh critique", key="critique_fresh", width="stretch",
                          help="Ask the critic again instead of reusing the stored critique of this version and mode.")
    if run and stored is not None:
        st.caption(f"Reused the stored {mode.title.lower()} critique of v{version} (no new call). "
                   "Ask for a fresh critique to run the critic again.")
    if fresh or (run and stored is None):
        try:
            request = _saved_request(design_id, version, mode)
        except StoreError as exc:
            st.error(f"Could not read v{version}: {_md(str(exc))}")
            return
        result = _run_with_progress(choice, request, f"Critiquing v{version} ({mode.title.lower()})…")
        try:
            cid = store().save_critique(design_id, version, mode.value, to_payload(result))
        except StoreError as exc:
            st.error(f"The critique was not stored: {_md(str(exc))}")
            return
        stored = (cid, to_payload(result))
    if stored is None:
        st.caption("No critique of this version in this mode yet.")
        return
    try:
        show_critique(stored[0], stored[1], design_id, version, mode, choice)
    except (PayloadError, StoreError) as exc:
        st.error(f"The stored critique could not be shown: {_md(str(exc))}. Ask for a fresh one.")


def main() -> None:
    """The page; a storage failure no panel handled ends it with one line (what was drawn stays), never a traceback."""
    st.set_page_config(page_title="Sketchfirst", page_icon="✏️", layout="wide")
    try:
        page()
    except StoreError as exc:
        st.error(f"Storage problem: {_md(str(exc))}")


def page() -> None:
    init_state()
    if follow_requested():
        follow_view()
        return
    restore_from_link()
    if st.session_state[K.presenter]:
        presenter_view()
        return
    sidebar()
    ss = st.session_state

    flash = ss.get(K.flash)
    if flash:
        kind, message = flash
        getattr(st, kind)(_md(message))  # flash messages are plain text that may quote names, titles, errors
        ss[K.flash] = None

    # The canvas is drawn before the save bar, so the save bar sees this run's drawing;
    # a container placed first keeps the save bar visually above the canvas.
    practice_header()
    draft_offer()
    top = st.container()
    notes = st.container()
    mode, label = toolbar()
    drawing = canvas(mode, label)
    document = current_document(drawing)
    result, fp = analyze_text(dumps(document))
    with top:
        dirty = save_bar(document, result, fp)
    with notes:
        notes_panel(document)
        estimates_panel()
    keep_drawing(document, fp)
    decisions = finding_decisions(dirty)
    left, right = st.columns([2, 3], gap="large")
    with left:
        highlight = findings_panel(result, decisions)
        highlight += kill_drill_panel(result)
    with right:
        if result.sketch.components:
            st.subheader("Your sketch, annotated")
            picture = annotated_png(result.sketch, result.findings, highlight, document.title, accepted(decisions))
            st.image(picture, width="stretch", output_format="PNG")  # "auto" re-encodes a PNG as JPEG every rerun
            legend = " ".join(f":{_color(s)}[■] {s.value}" for s in (Severity.HIGH, Severity.MEDIUM, Severity.LOW))
            st.caption(f"Badge numbers match the findings list. {legend}")
    components_panel(result)
    drawing_notes(result.sketch)
    critique_panel(dirty)
    history_panel()
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


def export_problem_statement(document: SketchDocument) -> str:
    """The problem in words for the report: the bank's prompt, else the prompt of the round being practised."""
    problem = problem_bank().get(document.problem or "")
    if problem is not None:
        return problem.prompt
    design_id = st.session_state[K.design_id]
    if design_id is None:
        return ""
    try:
        round_ = store().open_practice(design_id)
    except StoreError:
        return ""
    return (round_.prompt or "") if round_ is not None else ""


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
            st.warning(f"Exports will not name the saved version: {_md(str(exc))}")
            version = None
    subject = ExportSubject(document, result.sketch, result.findings, version, saved_at, tuple(critiques),
                            dict(decisions), export_problem_statement(document))
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
