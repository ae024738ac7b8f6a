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

import streamlit as st
from streamlit_drawable_canvas import st_canvas

from design.canvas_json import fit_canvas
from design.corrections import Correction
from design.document import SketchDocument, dumps, loads
from design.export_subject import ExportSubject
from design.exports import FORMATS, export_bytes, export_name
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
    export_questions = "export_questions"


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
def annotated_png(sketch: Sketch, findings: tuple[Finding, ...], highlight: tuple[str, ...], title: str) -> bytes:
    scene = build_scene(sketch, findings, highlight=highlight, title=title)
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
        cid: Correction(Kind(v["kind"]) if v.get("kind") else None, v.get("replicas"))
        for cid, v in ss[K.corrections].items()
    }
    return SketchDocument(
        canvas=canvas,
        title=(ss[K.title] or "Untitled design").strip()[:200] or "Untitled design",
        corrections=corrections,
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


def open_version(saved: SavedVersion, design_id: int) -> None:
    ss = st.session_state
    doc = saved.document
    _mount(dict(doc.canvas))
    ss[K.design_id] = design_id
    ss[K.loaded_version] = saved.number
    ss[K.title] = doc.title
    ss[K.corrections] = {cid: c.to_json() for cid, c in doc.corrections.items()}
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


def findings_panel(result: Analysis) -> tuple[str, ...]:
    """Findings grouped by severity, numbered like the badges; returns the elements to highlight."""
    findings = result.findings
    names = {c.id: c.label or c.id for c in result.sketch.components}
    st.subheader(f"Failure points ({len(findings)})")
    if not result.sketch.components:
        st.info("Draw boxes for your components and arrows between them; findings appear as you draw.")
        return ()
    if not findings:
        st.success("No failure points found by the rules. The critic may still disagree.")
        return ()
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
            with st.expander(f"{i}. {f.message}", expanded=focus == i):
                st.caption(f"`{f.rule}` · {f.category.value.replace('_', ' ')} · {where}")
                st.write(f.why)
    if focus:
        return findings[focus - 1].elements
    return ()


def components_panel(result: Analysis) -> None:
    ss = st.session_state
    sketch = result.sketch
    kinds = [k.value for k in Kind]
    unknown = [c for c in sketch.components if c.kind is Kind.UNKNOWN]
    title = f"Components ({len(sketch.components)})" + (f" — {len(unknown)} need a kind" if unknown else "")
    with st.expander(title, expanded=bool(unknown)):
        st.button("Confirm all kinds", key="confirm_all", on_click=confirm_all, args=(sketch,))
        for c in sketch.components:
            cols = st.columns([3, 3, 2], vertical_alignment="center")
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


def drawing_notes(sketch: Sketch) -> None:
    if sketch.notes:
        with st.expander(f"{len(sketch.notes)} objects skipped or repaired"):
            for n in sketch.notes:
                st.text(str(n))


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
        save_bar(document, result, fp)
    left, right = st.columns([2, 3], gap="large")
    with left:
        highlight = findings_panel(result)
    with right:
        if result.sketch.components:
            st.subheader("Your sketch, annotated")
            st.image(annotated_png(result.sketch, result.findings, highlight, document.title), width="stretch")
            legend = " ".join(f":{_color(s)}[■] {s.value}" for s in (Severity.HIGH, Severity.MEDIUM, Severity.LOW))
            st.caption(f"Badge numbers match the findings list. {legend}")
    components_panel(result)
    export_panel(document, result, fp)
    drawing_notes(result.sketch)


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
    critiques = [c[4] for c in db.list_critiques(design_id, version)]
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
