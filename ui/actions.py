"""Every callback that changes something: the one place to look for "where does a save happen".

Four kinds of write reach the store, named so they cannot be mistaken for one another:

- :func:`save_version` — the user's Save: the canvas, notes and corrections become the next version;
- :func:`autosave_draft` — after every change, the work in progress as the design's one draft
  (a follower sees it; a reload offers it back);
- :func:`record_decision` — the user accepts or disputes a finding of a saved version;
- :func:`save_critique_answers` — the user's written answers to the critic's questions
  (:func:`store_critique` and :func:`store_followup_round` keep what the critic asked).

Practice rounds and pairing are stored too (:func:`start_round`, :func:`finish_round`,
:func:`start_pairing`, :func:`swap_now`, :func:`stop_pairing`). Everything else here changes
session state only: which document is on the canvas (open, new, example, import, draft),
corrections and estimates (saved with the next version), and the page being shown.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import streamlit as st

from critique.models import Critique, Mode
from critique.payload import add_round, round_count, to_payload, with_answers
from design.canvas.emit import fit_canvas
from design.model.document import SketchDocument, dumps
from design.model.sketch import Kind, Sketch
from design.practice.pairing import Pairing, PairingError, make_pairing, roles_at
from design.practice.rounds import finish_message, round_title, starts_on_current_design
from design.readers.dispatch import InputError, read_import
from design.store import Right, SavedVersion, StoreError, parse_id
from ui.pages import EDITOR, PRESENT
from ui.resources import analyze_text, example_canvas, problem_bank, store, viewer
from ui.state import (
    CANVAS_HEIGHT,
    CANVAS_WIDTH,
    Keys,
    clock_now,
    document_from_state,
    flash,
    live_canvas_json,
    load_document,
    mount,
    put,
    sync_inputs,
    title,
)

BLANK = SketchDocument(canvas={})


# --- versions: the user's Save, and which version is on the canvas ----------------------------


def save_version() -> None:
    """Save what is on the canvas now (with the notes and corrections) as the next version."""
    ss = st.session_state
    document = document_from_state(live_canvas_json())
    result, fp = analyze_text(dumps(document))
    if not result.sketch.components:
        flash("warning", "Nothing to save yet: draw a component first.")
        return
    try:
        db = store()
        if ss[Keys.design_id] is None:
            ss[Keys.design_id] = db.create_design(document.title, document.problem)
        info = db.save_version(ss[Keys.design_id], document, result.findings, driver=current_driver())
    except (StoreError, OSError) as exc:
        why = str(exc).removeprefix("Not saved: ")  # the store's write errors already say so
        flash("error", f"Not saved: {why}. Your drawing is still on the canvas; try again.")
        return
    ss[Keys.loaded_version] = info.number
    ss[Keys.saved_fingerprint] = fp
    _point_sidebar_at(ss[Keys.design_id], info.number)
    st.query_params["design"] = str(ss[Keys.design_id])
    flash("success", f"Saved as version {info.number}.")


def open_version(saved: SavedVersion, design_id: int) -> None:
    """Reopen a saved version on a fresh canvas; the canvas then counts as that version, unchanged."""
    ss = st.session_state
    load_document(saved.document)
    ss[Keys.design_id] = design_id
    ss[Keys.loaded_version] = saved.number
    ss[Keys.saved_fingerprint] = analyze_text(dumps(saved.document))[1]
    _point_sidebar_at(design_id, saved.number)
    st.query_params["design"] = str(design_id)


def open_selected() -> None:
    """The sidebar's Open button: reopen the picked version on a fresh canvas."""
    ss = st.session_state
    design_id, number = ss.get(Keys.pick_design), ss.get(Keys.pick_version)
    if design_id is None or number is None:
        return
    try:
        open_version(store().load_version(design_id, number), design_id)
    except StoreError as exc:
        flash("error", str(exc))


def open_from_link() -> None:
    """A reload keeps the design: ``?design=ID`` reopens its latest version, once per session."""
    ss = st.session_state
    wanted = st.query_params.get("design")
    if ss[Keys.design_id] is not None or not wanted or ss.get(Keys.link_checked) == wanted:
        return
    ss[Keys.link_checked] = wanted
    try:
        design_id = parse_id(wanted)
        latest = store().latest_version(design_id)
        design = store().get_design(design_id)
    except (ValueError, StoreError):
        flash("warning", f"The link names design {wanted!r}, which does not exist here.")
        return
    if latest is not None:
        open_version(latest, design_id)
    else:  # a practice round or a pairing started, nothing saved yet
        ss[Keys.design_id] = design_id
        put(Keys.title, design.title)


def new_design() -> None:
    """An empty canvas for a design not saved yet."""
    _open_unsaved(BLANK)


def load_example(entry: dict[str, Any]) -> None:
    """One of the shipped examples, as a new unsaved design."""
    try:
        canvas = example_canvas(entry)
    except (OSError, ValueError, KeyError) as exc:
        flash("error", f"Could not load the example: {exc}")
        return
    _open_unsaved(SketchDocument(canvas=canvas, title=entry.get("title", "Example"), problem=entry.get("problem"),
                                 source="example"))


def import_design(uploader_key: str) -> None:
    """Read the chosen file and open it on a fresh canvas (never into the live one)."""
    upload = st.session_state.get(uploader_key)
    if upload is None:
        return
    try:
        read = read_import(upload.name, upload.getvalue())
    except InputError as exc:
        flash("error", f"Could not import {upload.name}: {exc}")
        return
    _open_unsaved(read.document, fit_canvas(read.document.canvas, CANVAS_WIDTH, CANVAS_HEIGHT))
    skipped = f" {len(read.notes)} notes: " + "; ".join(str(n) for n in read.notes[:5]) if read.notes else ""
    flash("success" if not read.notes else "warning",
          f"Imported {upload.name} onto a new canvas. Save a version to keep it.{skipped}")


def _open_unsaved(doc: SketchDocument, canvas: dict[str, Any] | None = None) -> None:
    ss = st.session_state
    load_document(doc, canvas)
    ss[Keys.design_id] = None
    ss[Keys.loaded_version] = None
    ss[Keys.saved_fingerprint] = None
    st.query_params.clear()


def _point_sidebar_at(design_id: int, version: int) -> None:
    """Make the sidebar's design and version pickers show what is on the canvas (callbacks only)."""
    st.session_state[Keys.pick_design] = design_id
    st.session_state[Keys.pick_version] = version


def _select_design(design_id: int) -> None:
    """Make ``design_id`` the current design, in the link and in the sidebar's picker."""
    ss = st.session_state
    ss[Keys.design_id] = design_id
    ss[Keys.pick_design] = design_id
    st.query_params["design"] = str(design_id)


# --- corrections and estimates (session state; saved with the next version) ----------------------


def _correct(cid: str, **fix: Any) -> None:
    corrections = st.session_state[Keys.corrections]
    current = {k: v for k, v in corrections.get(cid, {}).items() if k not in fix}
    current.update({k: v for k, v in fix.items() if v is not None})
    st.session_state[Keys.corrections] = {**corrections, cid: current}


def set_kind(cid: str, widget_key: str) -> None:
    """The kind the user picked for a component."""
    _correct(cid, kind=st.session_state[widget_key])


def set_replicas(cid: str, widget_key: str) -> None:
    """How many instances of a component run."""
    _correct(cid, replicas=int(st.session_state[widget_key]))


def set_throughput(cid: str, widget_key: str) -> None:
    """The requests per second one instance of a component takes (empty: use the capacity table)."""
    value = st.session_state[widget_key]
    _correct(cid, throughput=float(value) if value else None)


def confirm_all(sketch: Sketch) -> None:
    """Confirm every recognised kind at once (unknown ones still need a pick)."""
    fixes = dict(st.session_state[Keys.corrections])
    for c in sketch.components:
        if c.kind is not Kind.UNKNOWN:
            fixes[c.id] = {**fixes.get(c.id, {}), "kind": c.kind.value}
    st.session_state[Keys.corrections] = fixes


def set_estimate(key: str, widget_key: str) -> None:
    """One estimate typed or cleared; it is part of the document, so it counts as a change."""
    value = st.session_state[widget_key]
    estimates = {k: v for k, v in st.session_state[Keys.estimates].items() if k != key}
    if value is not None:
        estimates[key] = float(value)
    st.session_state[Keys.estimates] = estimates


# --- drafts: autosaved work in progress -------------------------------------------------------


def read_only() -> bool:
    """Whether the open design is someone else's (with sign-in, a coach reading a member's design): it can be
    read and critiqued, not saved."""
    design_id = st.session_state[Keys.design_id]
    if design_id is None or viewer().everyone:
        return False
    try:
        return not store().may(design_id, Right.CHANGE)
    except StoreError:
        return False  # the save says why, if it comes to that


def autosave_draft(document: SketchDocument, fp: str) -> None:
    """Store this run's document as the design's draft, when it differs from the saved and the last draft.

    The draft lets a follower see work in progress, and a reload offer it back.
    Called by the editor on every run (not a button): cheap when nothing changed.
    """
    ss = st.session_state
    design_id = ss[Keys.design_id]
    if design_id is None or fp == ss[Keys.saved_fingerprint] or fp == ss[Keys.draft_fingerprint] or read_only():
        return
    try:
        store().save_draft(design_id, document, current_driver())
        ss[Keys.draft_fingerprint] = fp
    except StoreError:
        pass  # a draft is a convenience; the canvas still holds the work


def restore_draft(document: SketchDocument) -> None:
    """Put the autosaved draft back on the canvas (it stays unsaved until the user saves it)."""
    load_document(document)
    st.session_state[Keys.draft_checked] = st.session_state[Keys.design_id]


def dismiss_draft(design_id: int) -> None:
    """Keep what is shown; do not offer this design's draft again this session."""
    st.session_state[Keys.draft_checked] = design_id


# --- decisions on findings --------------------------------------------------------------------


def record_decision(finding_key: str, status: str | None, widget_key: str) -> None:
    """Store the user's verdict on a finding (``None`` clears it) with the saved version it belongs to."""
    ss = st.session_state
    justification = " ".join((ss.get(widget_key) or "").split())[:500]
    if status is not None and not justification:
        flash("warning", "Write a short justification first: why is this finding acceptable, or wrong?")
        return
    try:
        store().set_decision(ss[Keys.design_id], ss[Keys.loaded_version], finding_key, status, justification)
    except StoreError as exc:
        flash("error", f"The decision was not saved: {exc}")


# --- critiques: what the critic asked, and the user's answers ------------------------------------


def store_critique(design_id: int, version: int, mode: Mode, result: Critique) -> tuple[int, dict[str, Any]]:
    """Keep a new critique of a saved version; returns its id and stored payload (raises ``StoreError``)."""
    payload = to_payload(result)
    return store().save_critique(design_id, version, mode.value, payload), payload


def store_followup_round(critique_id: int, answered: dict[str, Any], result: Critique) -> None:
    """Add a follow-up round (the critic's judgement of the answers) to a stored critique."""
    store().update_critique(critique_id, add_round(answered, result))


def save_critique_answers(critique_id: int, payload: dict[str, Any], keys: list[str]) -> None:
    """Store what the user wrote for the current round."""
    answers = {i: st.session_state.get(k, "") or "" for i, k in enumerate(keys)}
    try:
        store().update_critique(critique_id, with_answers(payload, answers))
        st.session_state[Keys.critique_note] = ("success", "Answers saved with the critique.")
    except StoreError as exc:
        st.session_state[Keys.critique_note] = ("error", f"Answers not saved: {exc}. They are still in the boxes.")


# --- practice rounds and pairing ----------------------------------------------------------------


def current_driver() -> str | None:
    """Who drives now, if two people are pairing on this design (recorded with each save and draft)."""
    design_id = st.session_state[Keys.design_id]
    pairing = store().pairing(design_id) if design_id is not None else None
    return roles_at(pairing, clock_now()).driver if pairing else None


def start_round() -> None:
    """Begin a timed round; the stored start time drives the countdown.

    The round gets a fresh design unless the current one is still empty (see
    :func:`~design.practice.rounds.starts_on_current_design`); a pair keeps its
    roles and rotation either way.
    """
    ss = st.session_state
    sync_inputs()
    problem = problem_bank().get(ss[Keys.practice_problem] or "")
    prompt = problem.prompt if problem is not None else (ss[Keys.practice_prompt] or "").strip()
    if problem is None and not prompt:
        flash("error", "Write the prompt you want to practise (or pick a problem) before starting.")
        return
    minutes = int(ss[Keys.practice_minutes])
    new_title = problem.title if problem is not None else round_title(prompt)
    problem_id = problem.id if problem is not None else None
    try:
        db = store()
        current = ss[Keys.design_id]
        has_versions = current is not None and db.latest_number(current) is not None
        round_open = current is not None and db.open_practice(current) is not None
        pairing = db.pairing(current) if current is not None else None
        if starts_on_current_design(current, has_versions=has_versions, round_open=round_open):
            design_id = current
            db.retitle_design(design_id, new_title, problem_id)
        else:
            new_design()
            design_id = db.create_design(new_title, problem_id)
            if pairing is not None:  # the pair keeps its roles and rotation on the new design
                db.set_pairing(design_id, pairing)
        db.start_practice(design_id, time_box=timedelta(minutes=minutes), started_at=clock_now(),
                          problem=problem_id, prompt=prompt)
    except StoreError as exc:
        flash("error", f"Could not start the round: {exc}")
        return
    put(Keys.title, new_title)
    ss[Keys.problem] = problem_id
    _select_design(design_id)
    flash("success", f"Round started: {minutes} minutes. Begin with the requirements in the notes.")


def finish_round(session_id: int) -> None:
    """Log the round: time used, the last saved version's findings, critique rounds."""
    ss = st.session_state
    try:
        done = store().finish_practice(session_id, clock_now(), round_count)
    except StoreError as exc:
        flash("error", f"Could not finish the round: {exc}")
        return
    unsaved = ss.get(Keys.current_fingerprint) not in (None, ss[Keys.saved_fingerprint])
    flash("warning" if unsaved else "success", finish_message(done, clock_now(), unsaved_changes=unsaved))


def _ensure_design() -> int | None:
    """The current design's id, creating the design (no versions yet) when there is none."""
    ss = st.session_state
    if ss[Keys.design_id] is None:
        try:
            _select_design(store().create_design(title(), ss[Keys.problem]))
        except StoreError as exc:
            flash("error", str(exc))
            return None
    return ss[Keys.design_id]


def start_pairing() -> None:
    """Two names, a rotation: the first drives, and roles swap on the clock."""
    ss = st.session_state
    sync_inputs()
    try:
        pairing = make_pairing(ss[Keys.pair_first] or "", ss[Keys.pair_second] or "", clock_now(),
                               timedelta(minutes=float(ss[Keys.pair_rotation] or 10)))
    except PairingError as exc:
        flash("error", str(exc))
        return
    design_id = _ensure_design()
    if design_id is None:
        return
    try:
        store().set_pairing(design_id, pairing)
    except StoreError as exc:  # someone else's design (a coach reading it), or the database is away
        flash("error", f"Pairing not started: {exc}")
        return
    ss[Keys.announced_turn] = (design_id, 0)
    flash("success", f"{pairing.first} drives first; {pairing.second} navigates. "
                     f"Roles swap every {int(pairing.rotation.total_seconds() // 60)} minutes.")


def swap_now(pairing: Pairing) -> None:
    """Swap early: restart the rotation with the current navigator driving."""
    roles = roles_at(pairing, clock_now())
    design_id = st.session_state[Keys.design_id]
    try:
        store().set_pairing(design_id, Pairing(roles.navigator, roles.driver, clock_now(), pairing.rotation))
    except StoreError as exc:
        flash("error", f"Roles not swapped: {exc}")
        return
    st.session_state[Keys.announced_turn] = (design_id, 0)


def stop_pairing() -> None:
    """End the pairing on this design (its saves keep the drivers they recorded)."""
    if st.session_state[Keys.design_id] is not None:
        try:
            store().end_pairing(st.session_state[Keys.design_id])
        except StoreError as exc:
            flash("error", f"Pairing not stopped: {exc}")


# --- pages: the presenter and back ------------------------------------------------------------------


def enter_presenter() -> None:
    """Switch to the shared-screen page, from the first step; the drawing goes along on a fresh canvas.

    The router switches (``app.py``): a callback runs before the pages are registered for this run.
    """
    mount(st.session_state[Keys.live_canvas])
    st.session_state[Keys.present_step] = 0
    st.session_state[Keys.next_page] = PRESENT


def exit_presenter() -> None:
    """Back to the editor, with everything it held (kept values never left the session)."""
    st.session_state[Keys.next_page] = EDITOR


def step_move(delta: int, total: int) -> None:
    """The presenter's Previous and Next: one step through findings, then questions."""
    ss = st.session_state
    ss[Keys.present_step] = max(0, min(total - 1, ss[Keys.present_step] + delta))
