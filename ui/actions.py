"""Every callback that changes something: the one place to look for "where does a save happen".

Four kinds of write reach the store, named so they cannot be mistaken for one another:

- :func:`save_version` — the user's Save: the canvas, notes and corrections become the next version;
- :func:`autosave_draft` — after every change, the work in progress as the design's one draft
  (a follower sees it; a reload offers it back);
- :func:`record_decision` — the user accepts or disputes a finding of a saved version;
- :func:`save_critique_answers` — the user's written answers to the critic's questions
  (:func:`store_critique` and :func:`store_followup_round` keep what the critic asked).

Practice rounds and pairing are stored too (:func:`start_round`, :func:`finish_round` with its
scorecard, :func:`rescore_round`, :func:`retry_stage`, :func:`open_reference`, :func:`start_pairing`,
:func:`swap_now`, :func:`stop_pairing`). Everything else here changes
session state only: which document is on the canvas (open, new, example, import, draft),
corrections and estimates (saved with the next version), and the page being shown.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import streamlit as st

from critique.models import Critique, Mode
from critique.payload import PayloadError, StaleAnswers, add_round, answer_round, round_count, to_payload
from critique.round_score import score_stored_round, why_not_scorable
from critique.rubric import Level, RoundPhase
from critique.scorecard import Scorecard
from design.analysis.analyze import drawing_fingerprint
from design.canvas.fit import beyond_edge, fit_design
from design.canvas.work import LayoutTooDense
from design.model.corrections import FIGURES
from design.model.document import SketchDocument, dumps
from design.model.sketch import Kind, Sketch
from design.practice.pairing import Pairing, PairingError, make_pairing, roles_at
from design.practice.rounds import finish_message, round_title, starts_on_current_design
from design.practice.timer import DEFAULT_SHARES, PracticeSession, shares_from
from design.readers.dispatch import InputError
from design.readers.placed import place_import
from design.store import Right, SavedVersion, StoreError, parse_id
from ui.pages import EDITOR, PRESENT
from ui.resources import analyze_text, example_canvas, fingerprint_text, problem_bank, store, viewer
from ui.state import (
    UNTITLED,
    Keys,
    canvas_room,
    canvas_size,
    clock_now,
    document_from_state,
    flash,
    live_canvas_json,
    load_document,
    mount,
    put,
    scoped,
    sync_inputs,
    title,
)

BLANK = SketchDocument(canvas={})


# --- versions: the user's Save, and which version is on the canvas ----------------------------


def save_version() -> bool:
    """Save what is on the canvas now (with the notes and corrections) as the next version; ``True`` when saved."""
    ss = st.session_state
    document = document_from_state(live_canvas_json())
    try:
        result, fp = analyze_text(dumps(document))
    except LayoutTooDense as exc:  # never saved unread: a version's findings must be the drawing's
        flash("error", f"Not saved: {exc}. Your drawing is still on the canvas.")
        return False
    if not result.sketch.components:
        flash("warning", "Nothing to save yet: draw a component first.")
        return False
    try:
        db = store()
        if ss[Keys.design_id] is None:
            ss[Keys.design_id] = db.create_design(document.title, document.problem)
        info = db.save_version(ss[Keys.design_id], document, result.findings, driver=current_driver())
    except (StoreError, OSError) as exc:
        why = str(exc).removeprefix("Not saved: ")  # the store's write errors already say so
        flash("error", f"Not saved: {why}. Your drawing is still on the canvas; try again.")
        return False
    ss[Keys.loaded_version] = info.number
    ss[Keys.saved_fingerprint] = fp
    ss[Keys.saved_drawing] = drawing_fingerprint(document, result.sketch)
    _point_sidebar_at(ss[Keys.design_id], info.number)
    st.query_params["design"] = str(ss[Keys.design_id])
    flash("success", f"Saved as version {info.number}.")
    return True


def save_notes_for_critique() -> None:
    """The critique button over notes written since the save: they become the next version (the drawing is
    the same), so the critic reads them and every question names a version that holds them."""
    ss = st.session_state
    document = document_from_state(live_canvas_json())
    try:
        result, fp = analyze_text(dumps(document))
    except LayoutTooDense:
        return  # the critique waits for a drawing that can be read; the editor says why
    if fp != ss[Keys.saved_fingerprint] and drawing_fingerprint(document, result.sketch) == ss[Keys.saved_drawing]:
        save_version()


def ask_critique(fresh: bool, notes_only: bool) -> None:
    """The Critique and Fresh critique buttons: keep the request, for the run that carries it out.

    A button's click lasts one run; a run cut short by the next interaction (the canvas reporting a
    drawing it just opened, a field left) would drop it unread or mid-critique. Kept in the session, the
    request is carried out by whichever run gets there, and dropped once done (``ui.panels.critique``).
    Notes written since the save are saved first, so the request names the version that holds them.
    """
    if notes_only:
        save_notes_for_critique()
    ss = st.session_state
    ss[Keys.critique_asked] = (ss[Keys.design_id], ss[Keys.loaded_version], "fresh" if fresh else "run")


def open_version(saved: SavedVersion, design_id: int) -> None:
    """Reopen a saved version on a fresh canvas; the canvas then counts as that version, unchanged."""
    ss = st.session_state
    load_document(saved.document)
    ss[Keys.design_id] = design_id
    ss[Keys.loaded_version] = saved.number
    try:
        result, ss[Keys.saved_fingerprint] = analyze_text(dumps(saved.document))
        ss[Keys.saved_drawing] = drawing_fingerprint(saved.document, result.sketch)
    except LayoutTooDense:  # saved before piles were refused: the editor says so over the canvas
        ss[Keys.saved_fingerprint], ss[Keys.saved_drawing] = fingerprint_text(dumps(saved.document)), None
    _point_sidebar_at(design_id, saved.number)
    st.query_params["design"] = str(design_id)


def open_selected() -> None:
    """The sidebar's Open button: reopen the version picked for the picked design on a fresh canvas.

    Both are read from the session when the click arrives (it carries the pickers' latest values), never
    from the run that drew the button: a click right after a pick must open what was picked.
    """
    ss = st.session_state
    design_id = ss.get(Keys.pick_design)
    number = ss.get(scoped(Keys.pick_version, design_id))
    if not isinstance(design_id, int) or not isinstance(number, int):
        flash("warning", "Pick the design and version to open again: the list changed.")
        return
    try:
        open_version(store().load_version(design_id, number), design_id)
    except StoreError as exc:
        flash("error", str(exc))


def open_from_link() -> None:
    """A reload keeps the design: ``?design=ID`` reopens it, once per session.

    What comes back is what the user last saw: the autosaved draft when it is
    newer than the last version (the page says so, and offers the version
    instead), else the latest version.
    """
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
    else:  # a practice round or a pairing started, or work autosaved before its first version
        ss[Keys.design_id] = design_id
        put(Keys.title, design.title)
    ss[Keys.draft_checked] = design_id
    if read_only():  # someone else's draft is not "your unsaved changes": a coach opens the saved version
        return
    try:
        draft = newer_draft(design_id, ss[Keys.saved_fingerprint] if latest is not None else None)
    except StoreError:
        return
    if draft is not None:
        updated, document, _ = draft
        load_document(document)
        ss[Keys.draft_fingerprint] = fingerprint_text(dumps(document))
        ss[Keys.restored_draft] = (design_id, updated, latest.number if latest is not None else None)


def new_design() -> None:
    """An empty canvas for a design not saved yet."""
    _open_unsaved(BLANK)


#: The sidebar's actions that replace the document on the canvas, by the name a pending question keeps.
def _replacing() -> dict[str, Any]:
    return {"new_design": new_design, "load_example": load_example, "import_design": import_design}


def ask(action: str, *args: Any) -> None:
    """A sidebar action that replaces the canvas (or starts a round): done at once when nothing would be lost,
    else kept as a question the page asks first (:func:`answer`)."""
    ss = st.session_state
    ss[Keys.pending] = None
    if action == "start_round":
        if is_blank(document_from_state(live_canvas_json())):
            start_round()
            return
    elif not unsaved_work():
        _replacing()[action](*args)
        return
    ss[Keys.pending] = (action, args)


def answer(choice: str) -> None:
    """The user's answer to the pending question: ``save`` (then go on), ``go`` (go on without saving),
    ``sketch`` or ``blank`` (where a round starts), or ``cancel``."""
    ss = st.session_state
    pending, ss[Keys.pending] = ss[Keys.pending], None
    if pending is None or choice == "cancel":
        return
    action, args = pending
    if action == "start_round":
        start_round(use_current=choice == "sketch")
        return
    if choice == "save" and not save_version():
        return  # the save said why; the canvas is untouched
    _replacing()[action](*args)


def unsaved_work() -> bool:
    """Whether the canvas holds work that replacing it would lose from sight: changed since its last save
    (or never saved), and neither blank nor an example or link opened and left untouched."""
    ss = st.session_state
    document = document_from_state(live_canvas_json())
    if is_blank(document):
        return False
    return fingerprint_text(dumps(document)) not in (ss[Keys.saved_fingerprint], ss[Keys.pristine_fingerprint])


def is_blank(document: SketchDocument) -> bool:
    """Nothing drawn, written or estimated: nothing to keep."""
    return (not document.canvas.get("objects") and not document.requirements.strip()
            and not document.approach.strip() and not document.estimates)


def load_example(entry: dict[str, Any]) -> None:
    """One of the shipped examples, as a new unsaved design."""
    try:
        canvas = example_canvas(entry)
    except (OSError, ValueError, KeyError) as exc:
        flash("error", f"Could not load the example: {exc}")
        return
    fitted = fit_design(canvas, *canvas_room()[:2]).canvas  # an example opens in the room it was drawn for
    _open_unsaved(SketchDocument(canvas=fitted, title=entry.get("title", "Example"),
                                 problem=entry.get("problem"), source="example"))
    note = beyond_note(beyond_edge(fitted, *canvas_size()), *canvas_size())
    if note:
        flash("warning", note)


def import_design(uploader_key: str) -> None:
    """Read the chosen file and open it on a fresh canvas (never into the live one)."""
    upload = st.session_state.get(uploader_key)
    if upload is None:
        return
    try:
        placed = place_import(upload.name, upload.getvalue(), *canvas_room())
    except InputError as exc:
        flash("error", f"Could not import {upload.name}: {exc}")
        return
    read, fitted = placed.imported, placed.fitted.canvas
    _open_unsaved(read.document, fitted, keep=True)
    n = len(read.notes)
    skipped = (f" {n} note{'s' if n != 1 else ''}: " + "; ".join(str(note) for note in read.notes[:5])
               + ("; …" if n > 5 else "") + "." if read.notes else "")
    turned = (" The chart is laid out across the direction the file gives (top to bottom for left to right, and "
              "back): it fits the canvas better that way at a readable size." if placed.across else "")
    width, height = placed.size
    wider = (f" The canvas grew to {width} × {height} to hold it at a readable size: scroll across it to reach the "
             "right-hand part." if width > canvas_room()[0] else "")
    edge = beyond_note(placed.fitted.beyond, width, height)  # measured by place_import: not read a second time
    edge = f" {edge}" if edge else ""
    flash("success" if not read.notes and not edge else "warning",
          f"Imported {upload.name} onto a new canvas. Save a version to keep it.{skipped}{turned}{wider}{edge}")


def beyond_note(beyond: tuple[str, ...], width: int, height: int) -> str:
    """What a design too large for the ``width`` × ``height`` canvas (already grown, down and across, to hold a
    large one) says about the components ``beyond`` its edge, instead of shrinking their labels away; ``""`` when
    there are none."""
    if not beyond:
        return ""
    n = len(beyond)
    names = ", ".join(beyond[:4]) + (", …" if n > 4 else "")
    return (f"{n} component{'s' if n != 1 else ''} ({names}) sit{'s' if n == 1 else ''} beyond the edge of the "
            f"{width} × {height} canvas: boxes were kept large enough to read. Pick a larger canvas size in the "
            "sidebar and open it again; the annotated picture and the exports show the whole design.")


def _open_unsaved(doc: SketchDocument, canvas: dict[str, Any] | None = None, *, keep: bool = False) -> None:
    """A document that is no saved design yet. ``keep``: it is the user's own work (an import), autosaved
    from the start; otherwise (blank, an example) it is autosaved from its first change."""
    ss = st.session_state
    load_document(doc, canvas)
    ss[Keys.design_id] = None
    ss[Keys.loaded_version] = None
    ss[Keys.saved_fingerprint] = None
    ss[Keys.saved_drawing] = None
    ss[Keys.draft_fingerprint] = None
    ss[Keys.restored_draft] = None
    mounted = doc if canvas is None else replace(doc, canvas=canvas)
    ss[Keys.pristine_fingerprint] = None if keep else fingerprint_text(dumps(mounted))
    st.query_params.clear()


def _point_sidebar_at(design_id: int, version: int) -> None:
    """Make the sidebar's design and version pickers show what is on the canvas (callbacks only)."""
    st.session_state[Keys.pick_design] = design_id
    st.session_state[scoped(Keys.pick_version, design_id)] = version


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


def set_managed(cid: str, widget_key: str) -> None:
    """Whether a component is a managed service (its provider keeps it up), as the user says."""
    _correct(cid, managed=bool(st.session_state[widget_key]))


def split_pool(cid: str) -> None:
    """Read a pool ("Web Server 1" … "Web Server 3" as one component) as its separate boxes again."""
    _correct(cid, split=True)


def join_pool(cid: str) -> None:
    """Undo :func:`split_pool`: the boxes are read as one pool again."""
    corrections = st.session_state[Keys.corrections]
    rest = {k: v for k, v in corrections.get(cid, {}).items() if k != "split"}
    fixes = {k: v for k, v in corrections.items() if k != cid}
    if rest:
        fixes[cid] = rest
    st.session_state[Keys.corrections] = fixes


def set_figure(cid: str, figure: str, widget_key: str) -> None:
    """One of a component's own figures for the numbers model typed or cleared (empty: the capacity table's).

    ``figure`` is a key of :data:`design.model.corrections.FIGURES`; availability is typed as a percentage and
    kept as a fraction. A median slower than the component's own p99 (or the reverse) is refused, and the
    field goes back to what was kept, so the document never holds figures it would refuse to load.
    """
    ss = st.session_state
    value = ss[widget_key]
    kept = ss[Keys.corrections].get(cid, {})
    if value is not None:
        value = round(float(value) / 100, 12) if figure == "availability" else float(value)
        p50 = value if figure == "p50_ms" else kept.get("p50_ms")
        p99 = value if figure == "p99_ms" else kept.get("p99_ms")
        if p50 is not None and p99 is not None and p50 > p99:
            ss[widget_key] = kept.get(figure)
            flash("warning", f"Not set: the median ({p50:g} ms) cannot be slower than the p99 ({p99:g} ms).")
            return
    _correct(cid, **{figure: value})  # None drops it: the table's figure again


def figure_key(cid: str, figure: str) -> str:
    """The widget key of one of a component's figures on the current canvas."""
    return scoped(Keys.figure, st.session_state[Keys.canvas_gen], cid, figure)


def reset_figures(cid: str) -> None:
    """Drop a component's own figures: the model goes back to the capacity table's for its kind."""
    corrections = st.session_state[Keys.corrections]
    kept = {k: v for k, v in corrections.get(cid, {}).items() if k not in FIGURES}
    st.session_state[Keys.corrections] = {**corrections, cid: kept}
    for figure in FIGURES:  # the fields show the table's placeholders again
        st.session_state[figure_key(cid, figure)] = None


def edit_figures(cid: str) -> None:
    """Open a component's figures in the Components panel (the checklist's "set it" for a missing figure)."""
    st.session_state[Keys.figures_pick] = cid


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


#: Why the store refuses a viewer each right on someone else's design, in the words a disabled button shows.
REFUSED = {
    Right.COMMENT: "Only its owner and the group's coaches can critique this design.",
    Right.CHANGE: "Only its owner can do this: you are reading someone else's design (you may critique it).",
}


def refusal(right: Right) -> str | None:
    """Why the store would refuse ``right`` on the open design, for a button to show before it is clicked
    (``None``: it would not, or there is no design yet)."""
    design_id = st.session_state[Keys.design_id]
    if design_id is None or viewer().everyone:
        return None
    try:
        return None if store().may(design_id, right) else REFUSED[right]
    except StoreError:
        return None  # the action says why, if it comes to that


def read_only() -> bool:
    """Whether the open design is someone else's (with sign-in, a coach reading a member's design): it can be
    read and critiqued, not saved."""
    return refusal(Right.CHANGE) is not None


def autosave_draft(document: SketchDocument, fp: str) -> None:
    """Store this run's document as the design's draft, when it differs from the saved and the last draft.

    The draft lets a follower see work in progress, and a reload bring it back.
    Work that is no design yet (drawn on a new canvas, imported, an example
    changed) becomes one at its first change, unsaved, and the link names it:
    a reload never loses it. Called by the editor on every run (not a button):
    cheap when nothing changed.
    """
    ss = st.session_state
    design_id = ss[Keys.design_id]
    if fp == ss[Keys.saved_fingerprint] or fp == ss[Keys.draft_fingerprint] or read_only():
        return
    if design_id is None:
        if fp == ss[Keys.pristine_fingerprint] or is_blank(document):
            return
        try:
            design_id = ss[Keys.design_id] = store().create_design(document.title, document.problem)
        except StoreError:
            return  # the canvas still holds the work
        st.query_params["design"] = str(design_id)  # the sidebar's picker follows on the next run
        ss[Keys.draft_checked] = design_id  # this draft is what the page shows: nothing to offer back
    try:
        store().save_draft(design_id, document, current_driver())
        ss[Keys.draft_fingerprint] = fp
    except StoreError:
        pass  # a draft is a convenience; the canvas still holds the work


def newer_draft(design_id: int, saved_fingerprint: str | None) -> tuple[str, SketchDocument, str | None] | None:
    """The design's autosaved draft, when it is newer than its last version and is not that version
    (``saved_fingerprint``); raises ``StoreError``."""
    draft = store().load_draft(design_id)
    if draft is None:
        return None
    updated, document, _ = draft
    versions = store().list_versions(design_id)
    if (versions and versions[-1].created_at >= updated) or is_blank(document):
        return None
    return None if fingerprint_text(dumps(document)) == saved_fingerprint else draft


def forget_restored_draft(design_id: int, version: int | None) -> None:
    """The reload brought the draft back, and the user wants the saved version instead: drop the draft."""
    ss = st.session_state
    ss[Keys.restored_draft] = None
    try:
        store().delete_draft(design_id)
        if version is not None:
            open_version(store().load_version(design_id, version), design_id)
        else:
            load_document(replace(BLANK, title=title()))
    except StoreError as exc:
        flash("error", f"The draft was not discarded: {exc}")
        return
    # What is shown now is no new draft: autosave from the next change on.
    ss[Keys.draft_fingerprint] = fingerprint_text(dumps(document_from_state(live_canvas_json())))


def keep_restored_draft() -> None:
    """The user read that the draft came back; the notice goes."""
    st.session_state[Keys.restored_draft] = None


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


def store_followup_round(critique_id: int, answered: dict[str, Any], result: Critique) -> dict[str, Any]:
    """Add a follow-up round (the critic's judgement of the answers) to a stored critique; returns the new payload."""
    payload = add_round(answered, result)
    store().update_critique(critique_id, payload)
    return payload


def save_critique_answers(critique_id: int, design_id: int, version: int, position: int,
                          questions: tuple[str, ...], keys: list[str]) -> bool:
    """Store what the user wrote, under the questions the page showed them (``position``, ``questions``).

    The stored critique is read again here, never taken from the page: a page
    drawn before another tab asked for a follow-up must neither overwrite that
    round nor file its answers under questions the user never saw
    (:func:`critique.payload.answer_round` refuses, and the text stays on the page).
    """
    ss = st.session_state
    answers = {i: ss.get(k, "") or "" for i, k in enumerate(keys)}
    try:
        payload = stored_critique(design_id, version, critique_id)
        store().update_critique(critique_id, answer_round(payload, position, questions, answers))
    except StaleAnswers as exc:
        typed = " · ".join(f"Q{i + 1}: {text.strip()}" for i, text in answers.items() if text.strip())
        ss[Keys.critique_note] = ("error", f"{exc}. What you wrote: {typed or '(nothing)'}")
        return False
    except (StoreError, PayloadError) as exc:
        ss[Keys.critique_note] = ("error", f"Answers not saved: {exc}. They are still in the boxes.")
        return False
    ss[Keys.critique_note] = ("success", "Answers saved with the critique.")
    return True


def request_followup(critique_id: int, design_id: int, version: int, position: int, questions: tuple[str, ...],
                     keys: list[str]) -> None:
    """Save the answers (checked as :func:`save_critique_answers` does), then let the panel run the next round."""
    if save_critique_answers(critique_id, design_id, version, position, questions, keys):
        st.session_state[Keys.followup_due] = critique_id


def stored_critique(design_id: int, version: int, critique_id: int) -> dict[str, Any]:
    """One stored critique's payload, read now (raises ``StoreError`` when it is gone)."""
    for row in store().list_critiques(design_id, version):
        if row[0] == critique_id:
            if not isinstance(row[4], dict):
                raise PayloadError(f"critique {critique_id} is not readable")
            return row[4]
    raise StoreError(f"critique {critique_id} of v{version} is no longer stored")


# --- practice rounds and pairing ----------------------------------------------------------------


def current_driver() -> str | None:
    """Who drives now, if two people are pairing on this design (recorded with each save and draft)."""
    design_id = st.session_state[Keys.design_id]
    pairing = store().pairing(design_id) if design_id is not None else None
    return roles_at(pairing, clock_now()).driver if pairing else None


def start_round(use_current: bool | None = None) -> None:
    """Begin a timed round; the stored start time drives the countdown.

    ``use_current``: the user chose to run the round on the sketch on the canvas
    (it keeps its own title, unless it has none) or on a blank canvas. Asked
    only when the canvas holds something (:func:`ask`); otherwise the round
    gets a fresh design unless the current one is still empty (see
    :func:`~design.practice.rounds.starts_on_current_design`). A pair keeps
    its roles and rotation either way.
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
        if use_current:
            if title() != UNTITLED:
                new_title = title()
            design_id = current if current is not None else db.create_design(new_title, problem_id)
            db.retitle_design(design_id, new_title, problem_id)
        elif use_current is None and starts_on_current_design(current, has_versions=has_versions,
                                                              round_open=round_open):
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
    """Log the round (time used, the last saved version's findings, critique rounds) and score it.

    The scorecard is judged at the level chosen in the sidebar and stored with
    the round; a round without a saved version and a critique of its own is
    logged without one, and the message says why.
    """
    ss = st.session_state
    try:
        done = store().finish_practice(session_id, clock_now(), round_count)
    except StoreError as exc:
        flash("error", f"Could not finish the round: {exc}")
        return
    unsaved = ss.get(Keys.current_fingerprint) not in (None, ss[Keys.saved_fingerprint])
    message = finish_message(done, clock_now(), unsaved_changes=unsaved)
    card, reason = _score(done, Level(ss[Keys.practice_level]))
    if card is not None:
        message += f" Scorecard below: {card.verdict}"
    elif reason:
        message += f" No scorecard: {reason}"
    flash("warning" if unsaved or card is None else "success", message)


def _score(round_: PracticeSession, level: Level) -> tuple[Scorecard | None, str | None]:
    """Score a finished round at ``level`` and store the card; ``(None, reason)`` when it cannot be scored."""
    db = store()
    try:
        reason = why_not_scorable(db, round_)
        if reason is not None:
            return None, reason
        card = score_stored_round(db, round_, problem_bank().get(round_.problem or ""), level)
        db.save_scorecard(round_.id, level.value, card.to_json())
    except (StoreError, ValueError) as exc:
        return None, str(exc)
    return card, None


def rescore_round(session_id: int, widget_key: str) -> None:
    """Judge a finished round again at another level (the stored card is replaced)."""
    level = Level(st.session_state[widget_key])
    try:
        round_ = next(r for r in store().rounds_of(st.session_state[Keys.design_id]) if r.id == session_id)
    except (StopIteration, StoreError):
        flash("error", "That round is no longer stored.")
        return
    _card, reason = _score(round_, level)
    if reason:
        flash("error", f"Not rescored: {reason}")


def retry_stage(session_id: int) -> None:
    """Restart a finished round at a chosen stage, on the same design: the notes and drawing stay as they are.

    The clock walks only the phases from that stage on, with their share of the round's time box.
    """
    ss = st.session_state
    phase = RoundPhase(ss[Keys.retry_phase])
    try:
        db = store()
        old = next(r for r in db.rounds_of(ss[Keys.design_id]) if r.id == session_id)
        shares = shares_from(phase.timer_phase)
        fraction = sum(w for _, w in shares) / sum(w for _, w in DEFAULT_SHARES)
        minutes = max(5, round(old.time_box.total_seconds() / 60 * fraction))
        db.start_practice(old.design_id, time_box=timedelta(minutes=minutes), started_at=clock_now(),
                          problem=old.problem, prompt=old.prompt, start_phase=phase.timer_phase)
    except (StopIteration, StoreError) as exc:
        flash("error", f"Could not retry the stage: {exc or 'the round is no longer stored'}")
        return
    ss[Keys.compare_open] = None
    flash("success", f"Retrying {phase.title.lower()}: {minutes} minutes, from {phase.timer_phase.label.lower()} on. "
                     "Your notes and drawing are as you left them; save and ask for a critique again before finishing.")


def open_reference(design_id: int) -> None:
    """Open the reference beside the design; a running round remembers the version it was opened after."""
    ss = st.session_state
    try:
        db = store()
        round_ = db.open_practice(design_id)
        latest = db.latest_number(design_id)
        if round_ is not None and latest is not None and not read_only():  # a coach looking on marks nothing
            db.mark_revealed(round_.id, latest)
    except StoreError as exc:
        flash("error", f"Could not open the reference: {exc}")
        return
    ss[Keys.compare_open] = design_id


def practise_suggestion(problem_id: str) -> None:
    """Pick the suggested problem for the next round (the user still starts it)."""
    put(Keys.practice_problem, problem_id)


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
