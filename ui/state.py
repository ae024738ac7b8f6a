"""The session: every key, its defaults, and the one seam between a document and the page.

- :class:`Keys` names every session-state and widget key. Each attribute is
  spelled as its own string (``Keys.canvas_gen == "canvas_gen"``), so a grep
  for either finds both, and tests import the same names.
- Values that must outlive the page that draws their widget (the presenter
  and follower pages draw none of them) live under their own key; the widget
  has ``<key>_widget`` and copies its value across in ``on_change``
  (:func:`bound`). This is Streamlit's advice for widgets in multipage apps:
  a widget's own state is dropped on any run that does not draw it.
- :func:`load_document` and :func:`document_from_state` are the only places
  that turn a document into session state and back.
- The canvas seam: :func:`current_canvas_json` is the drawing from the live
  canvas or from whatever was mounted on it, so AppTest can drive everything
  except the pen itself.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import streamlit as st

from critique.models import Mode
from critique.rubric import Level
from design.canvas.fit import drawing_bottom, drawing_right
from design.model.corrections import Correction
from design.model.document import SketchDocument
from design.practice.pairing import DEFAULT_ROTATION
from design.practice.timer import DEFAULT_TIME_BOX

__all__ = [
    "BOUND",
    "CANVAS_HEIGHT",
    "CANVAS_SIZES",
    "CANVAS_WIDTH",
    "DOCUMENT_FIELDS",
    "UNTITLED",
    "Keys",
    "bound",
    "canvas_size",
    "clock_now",
    "current_canvas_json",
    "design_link",
    "document_from_state",
    "flash",
    "init",
    "live_canvas_json",
    "load_document",
    "mount",
    "put",
    "remember_canvas",
    "scoped",
    "sync_inputs",
    "title",
    "widget_key",
]

#: Canvas sizes by name (width, height in canvas pixels). Wide is the default and the size the shipped
#: examples and reference layouts are drawn for; Compact suits an 800 px window; imports are fitted to
#: the size in use.
CANVAS_SIZES = {"Wide": (760, 500), "Compact": (600, 400), "Large": (1000, 650)}
CANVAS_WIDTH, CANVAS_HEIGHT = CANVAS_SIZES["Wide"]
UNTITLED = "Untitled design"


class Keys:
    """Every session-state and widget key; each attribute is spelled as its string."""

    # The document on the canvas (kept across pages, saved with each version).
    design_id = "design_id"
    loaded_version = "loaded_version"
    title = "title"
    corrections = "corrections"
    estimates = "estimates"
    problem = "problem"
    source = "source"
    requirements = "requirements"
    approach = "approach"
    # The canvas: a fresh widget key per mounted drawing (``scoped(Keys.canvas, gen)``).
    canvas = "canvas"
    canvas_gen = "canvas_gen"
    document_gen = "document_gen"  # likewise for the title and notes fields (``DOCUMENT_FIELDS``)
    canvas_initial = "canvas_initial"
    live_canvas = "live_canvas"
    tool = "tool"
    canvas_size = "canvas_size"
    canvas_reach = "canvas_reach"
    canvas_reach_across = "canvas_reach_across"
    canvas_scroll = "canvas_scroll"
    canvas_size_widget = "canvas_size_widget"
    component_label = "component_label"
    last_drawing_mode = "last_drawing_mode"
    # Saved, unsaved, autosaved; one-off messages.
    saved_fingerprint = "saved_fingerprint"
    saved_drawing = "saved_drawing"
    current_fingerprint = "current_fingerprint"
    draft_fingerprint = "draft_fingerprint"
    draft_checked = "draft_checked"
    pristine_fingerprint = "pristine_fingerprint"
    restored_draft = "restored_draft"
    pending = "pending"
    confirm_save = "confirm_save"
    confirm_go = "confirm_go"
    confirm_cancel = "confirm_cancel"
    round_on_sketch = "round_on_sketch"
    round_on_blank = "round_on_blank"
    forget_draft = "forget_draft"
    browser_hooks = "browser_hooks"
    keep_draft = "keep_draft"
    link_checked = "link_checked"
    flash = "flash"
    clock_override = "clock_override"
    # Widgets bound to kept values (see ``BOUND``).
    title_widget = "title_widget"
    requirements_widget = "requirements_widget"
    approach_widget = "approach_widget"
    tool_widget = "tool_widget"
    practice_problem_widget = "practice_problem_widget"
    practice_prompt_widget = "practice_prompt_widget"
    practice_minutes_widget = "practice_minutes_widget"
    practice_level_widget = "practice_level_widget"
    pair_first_widget = "pair_first_widget"
    pair_second_widget = "pair_second_widget"
    pair_rotation_widget = "pair_rotation_widget"
    critique_mode_widget = "critique_mode_widget"
    # The editor's panels.
    save = "save"
    focus_finding = "focus_finding"
    finding_open = "finding_open"
    findings_open = "findings_open"
    why_drafts = "why_drafts"
    kill_target = "kill_target"
    why = "why"
    accept = "accept"
    dispute = "dispute"
    clear = "clear"
    confirm_all = "confirm_all"
    more_component = "more_component"
    kind = "kind"
    replicas = "replicas"
    throughput = "throughput"
    managed = "managed"
    split_pool = "split_pool"
    join_pool = "join_pool"
    figures_pick = "figures_pick"
    figure = "figure"
    reset_figures = "reset_figures"
    set_figures = "set_figures"
    estimate = "estimate"
    reveal_estimates = "reveal_estimates"
    notes_expander = "notes_expander"
    components_open = "components_open"
    estimates_open = "estimates_open"
    picture_open = "picture_open"
    history_open = "history_open"
    export_open = "export_open"
    restore_draft = "restore_draft"
    dismiss_draft = "dismiss_draft"
    diff_from = "diff_from"
    diff_to = "diff_to"
    export_questions = "export_questions"
    download = "download"
    # The sidebar.
    new_design = "new_design"
    pick_design = "pick_design"
    pick_version = "pick_version"
    open_version = "open_version"
    pick_example = "pick_example"
    load_example = "load_example"
    import_file = "import_file"
    import_open = "import_open"
    # Practice rounds and pairing.
    practice_problem = "practice_problem"
    practice_prompt = "practice_prompt"
    practice_minutes = "practice_minutes"
    practice_level = "practice_level"
    practise_suggestion = "practise_suggestion"
    start_round = "start_round"
    finish_round = "finish_round"
    pair_first = "pair_first"
    pair_second = "pair_second"
    pair_rotation = "pair_rotation"
    start_pairing = "start_pairing"
    swap_now = "swap_now"
    stop_pairing = "stop_pairing"
    announced_turn = "announced_turn"
    # Presenter and follower.
    enter_presenter = "enter_presenter"
    follow_open = "follow_open"
    next_page = "next_page"
    exit_presenter = "exit_presenter"
    present_step = "present_step"
    step_back = "step_back"
    step_next = "step_next"
    follow_present = "follow_present"
    # The critique.
    critique_mode = "critique_mode"
    critique_deep = "critique_deep"
    critique_note = "critique_note"
    critique_run = "critique_run"
    critique_asked = "critique_asked"
    critique_fresh = "critique_fresh"
    answer = "answer"
    save_answers = "save_answers"
    followup = "followup"
    # Sign-in and share links.
    viewer = "viewer"
    sign_in = "sign_in"
    sign_out = "sign_out"
    sign_in_problem = "sign_in_problem"
    share_create = "share_create"
    share_revoke = "share_revoke"
    share_new_link = "share_new_link"
    pick_shared = "pick_shared"
    open_shared = "open_shared"
    followup_due = "followup_due"
    # After the round: the scorecard, Retry this stage, the reference design.
    score_level = "score_level"
    retry_phase = "retry_phase"
    retry_stage = "retry_stage"
    score_download = "score_download"
    compare_reference = "compare_reference"
    compare_open = "compare_open"
    compare_pick = "compare_pick"


#: Kept value → the key of the widget that edits it.
BOUND: dict[str, str] = {
    Keys.title: Keys.title_widget,
    Keys.requirements: Keys.requirements_widget,
    Keys.approach: Keys.approach_widget,
    Keys.tool: Keys.tool_widget,
    Keys.canvas_size: Keys.canvas_size_widget,
    Keys.practice_problem: Keys.practice_problem_widget,
    Keys.practice_prompt: Keys.practice_prompt_widget,
    Keys.practice_minutes: Keys.practice_minutes_widget,
    Keys.practice_level: Keys.practice_level_widget,
    Keys.pair_first: Keys.pair_first_widget,
    Keys.pair_second: Keys.pair_second_widget,
    Keys.pair_rotation: Keys.pair_rotation_widget,
    Keys.critique_mode: Keys.critique_mode_widget,
}

_DEFAULTS: dict[str, Any] = {
    Keys.design_id: None,
    Keys.loaded_version: None,
    Keys.title: UNTITLED,
    Keys.corrections: {},
    Keys.estimates: {},
    Keys.problem: None,
    Keys.source: "canvas",
    Keys.requirements: "",
    Keys.approach: "",
    Keys.canvas_gen: 0,
    Keys.document_gen: 0,
    Keys.canvas_initial: None,
    Keys.live_canvas: None,
    Keys.tool: "Component",
    Keys.canvas_size: "Wide",
    Keys.canvas_reach: 0,
    Keys.canvas_reach_across: 0,
    Keys.last_drawing_mode: "labeled_rect",
    Keys.saved_fingerprint: None,
    Keys.saved_drawing: None,
    Keys.draft_fingerprint: None,
    Keys.pristine_fingerprint: None,
    Keys.restored_draft: None,
    Keys.pending: None,
    Keys.flash: None,
    Keys.practice_problem: "",
    Keys.practice_prompt: "",
    Keys.practice_minutes: int(DEFAULT_TIME_BOX.total_seconds() // 60),
    Keys.practice_level: Level.SENIOR,
    Keys.compare_open: None,
    Keys.pair_first: "",
    Keys.pair_second: "",
    Keys.pair_rotation: int(DEFAULT_ROTATION.total_seconds() // 60),
    Keys.critique_mode: Mode.STRESS,
    Keys.present_step: 0,
    Keys.critique_note: None,
    Keys.critique_asked: None,
}


def init() -> None:
    """Give every kept value its default, once per session."""
    ss = st.session_state
    for key, value in _DEFAULTS.items():
        if key not in ss:
            ss[key] = copy.copy(value)


def scoped(prefix: str, *parts: object) -> str:
    """The key of one widget among many of a kind: ``scoped(Keys.kind, 3, "db") == "kind-3-db"``."""
    return "-".join(str(p) for p in (prefix, *parts))


# --- values that outlive their widget ---------------------------------------------------------


#: The kept values that are the document's own. Their widgets take a new key each time another document replaces
#: the one on the page (:func:`load_document`), as the canvas does: a browser that has not yet put the new text into
#: a field (the fresh canvas reports its drawing first) sends that field's old text once more, and under the old key
#: it would be taken as an edit and bring back what was just discarded or replaced.
DOCUMENT_FIELDS = frozenset({Keys.title, Keys.requirements, Keys.approach})


def widget_key(key: str, state: Mapping[str, Any] | None = None) -> str:
    """The key of the widget that edits the kept value ``key`` now (``state``: a session's, this one's by default)."""
    if key not in DOCUMENT_FIELDS:
        return BOUND[key]
    ss = st.session_state if state is None else state
    return scoped(BOUND[key], ss.get(Keys.document_gen, 0))


def bound(key: str) -> dict[str, Any]:
    """Keyword arguments that bind a widget to the kept value ``key`` (pass them to the widget).

    The widget starts from the kept value and copies every change back, so the
    value survives runs (and pages) that do not draw the widget.
    """
    ss = st.session_state
    widget = widget_key(key)
    if widget not in ss or ss[widget] != ss[key]:
        ss[widget] = ss[key]
    return {"key": widget, "on_change": _keep, "args": (key, widget)}


def _keep(key: str, widget: str) -> None:
    """Copy an edit back, unless its widget belongs to a document replaced since (by a callback of the same
    interaction, say *Discard them*): that text was the replaced document's."""
    if widget == widget_key(key):
        st.session_state[key] = st.session_state[widget]


def put(key: str, value: Any) -> None:
    """Set a kept value, and its widget when one is on the page (callbacks, or before the widget is drawn)."""
    ss = st.session_state
    ss[key] = value
    widget = widget_key(key) if key in BOUND else None
    if widget is not None and widget in ss:
        ss[widget] = value


def sync_inputs() -> None:
    """Take the newest value of every bound widget on the page.

    A callback may run before the ``on_change`` of a widget edited in the same
    interaction (say, a title typed and Save clicked at once); what the user
    typed must still count.
    """
    ss = st.session_state
    for key in BOUND:
        widget = widget_key(key)
        if widget in ss:
            ss[key] = ss[widget]


# --- the document ⇄ the session ---------------------------------------------------------------


def title() -> str:
    """The design's title as saved: trimmed, at most 200 characters, never empty."""
    return (st.session_state[Keys.title] or UNTITLED).strip()[:200] or UNTITLED


def load_document(doc: SketchDocument, canvas: Mapping[str, Any] | None = None) -> None:
    """Put ``doc`` on a fresh canvas (``canvas`` instead of its own drawing, when given) with its title,
    notes, estimates and corrections. Which design and version it is stays the caller's business."""
    ss = st.session_state
    mount(doc.canvas if canvas is None else canvas)
    ss[Keys.document_gen] += 1  # fresh fields too (see DOCUMENT_FIELDS)
    put(Keys.title, doc.title)
    put(Keys.requirements, doc.requirements)
    put(Keys.approach, doc.approach)
    ss[Keys.corrections] = {cid: c.to_json() for cid, c in doc.corrections.items()}
    ss[Keys.estimates] = dict(doc.estimates)
    ss[Keys.problem] = doc.problem
    ss[Keys.source] = doc.source


def document_from_state(canvas: Mapping[str, Any]) -> SketchDocument:
    """The document the page holds now: ``canvas`` plus the title, notes, estimates and corrections."""
    sync_inputs()
    ss = st.session_state
    corrections = {cid: Correction.from_json(v) for cid, v in ss[Keys.corrections].items()}
    return SketchDocument(
        canvas=canvas,
        title=title(),
        corrections=corrections,
        requirements=ss[Keys.requirements],
        approach=ss[Keys.approach],
        estimates=dict(ss[Keys.estimates]),
        problem=ss[Keys.problem],
        source=ss[Keys.source],
    )


# --- the canvas seam --------------------------------------------------------------------------


def mount(canvas: Mapping[str, Any] | None) -> None:
    """Put a drawing on a fresh canvas (a new widget key), never into the live one.

    Feeding a drawing back into the live canvas makes it reload a step behind
    and wipe new strokes (see the shared canvas notes); a new key avoids that.
    """
    ss = st.session_state
    ss[Keys.canvas_gen] += 1
    ss[Keys.canvas_initial] = dict(canvas) if canvas else None
    ss[Keys.canvas_reach] = drawing_bottom(canvas) if canvas else 0
    ss[Keys.canvas_reach_across] = drawing_right(canvas) if canvas else 0
    ss.pop(Keys.focus_finding, None)
    ss.pop(Keys.kill_target, None)


#: How far the canvas may grow to hold an opened drawing: across in canvas widths (it scrolls in its own box), down
#: in canvas heights (the page scrolls).
_MOST_WIDTHS, _MOST_HEIGHTS = 2, 3


def canvas_room() -> tuple[int, int, int, int]:
    """The canvas size setting (width, height) and how far the canvas may grow for an opened drawing (widest,
    tallest): what an import or an example is fitted to, whatever the drawing before it reached."""
    width, height = CANVAS_SIZES.get(st.session_state.get(Keys.canvas_size) or "Wide", CANVAS_SIZES["Wide"])
    return width, height, _MOST_WIDTHS * width, _MOST_HEIGHTS * height


def canvas_size() -> tuple[int, int]:
    """The canvas's width and height now: the user's setting (Wide when it is unknown), grown when the drawing it
    opened with reaches further (an import at its readable size: the canvas scrolls, nothing is hidden)."""
    width, height, widest, tallest = canvas_room()
    across = int(st.session_state.get(Keys.canvas_reach_across) or 0)
    down = int(st.session_state.get(Keys.canvas_reach) or 0)
    return max(width, min(across, widest)), max(height, min(down, tallest))


def current_canvas_json(live: Mapping[str, Any] | None) -> dict[str, Any]:
    """The drawing on the canvas now: the live canvas's JSON, else what was mounted on it."""
    if isinstance(live, Mapping) and isinstance(live.get("objects"), list):
        return {"version": live.get("version", ""), "objects": live["objects"]}
    initial = st.session_state[Keys.canvas_initial]
    return initial if isinstance(initial, dict) else {"version": "", "objects": []}


def live_canvas_json() -> dict[str, Any]:
    """The canvas as the browser last reported it, read from session state.

    Callbacks run before the script, so reading the widget's state here sees a
    stroke that arrived together with the click; a document built during the
    previous run would not.
    """
    state = st.session_state.get(scoped(Keys.canvas, st.session_state[Keys.canvas_gen]))
    drawing = state.get("drawing") if isinstance(state, Mapping) else None
    return current_canvas_json(drawing.get("raw") if isinstance(drawing, Mapping) else None)


def remember_canvas(canvas: Mapping[str, Any], fingerprint: str) -> None:
    """Keep this run's drawing and its fingerprint: the presenter shows it, finishing a round compares it."""
    st.session_state[Keys.live_canvas] = dict(canvas)
    st.session_state[Keys.current_fingerprint] = fingerprint


# --- small shared state ---------------------------------------------------------------------------


def design_link() -> dict[str, str]:
    """The query string that names the current design (``?design=N``), empty for an unsaved one."""
    design_id = st.session_state[Keys.design_id]
    return {"design": str(design_id)} if design_id is not None else {}


def flash(kind: str, message: str) -> None:
    """A message for the next page: ``kind`` is ``"success"``, ``"warning"`` or ``"error"``.

    It stays until the design changes (the editor's ``_flash``), not for one run only: the canvas echoing a
    freshly opened drawing back reruns the page at once, and an import's notes must not vanish with that rerun.
    """
    st.session_state[Keys.flash] = (kind, message, None)


def clock_now() -> datetime:
    """The app's one clock read. Tests pin it by putting a datetime or ISO time in ``Keys.clock_override``."""
    fixed = st.session_state.get(Keys.clock_override)
    if isinstance(fixed, datetime):
        return fixed
    if isinstance(fixed, str) and fixed:
        return datetime.fromisoformat(fixed)
    return datetime.now(UTC)
