"""The critique stage: closed, with the reason, until the canvas is a saved and explained version.

A critique is stored per version and mode, and reused until the user asks for
a fresh one; the user answers in writing and may ask for follow-up rounds that
judge the answers. The gate itself is :func:`design.practice.gate.gate_reasons`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import streamlit as st

from critique.base import ProgressEvent
from critique.describe import critic_title, usage_line
from critique.models import MAX_ROUNDS, Critique, Mode, Probe, Verdict
from critique.payload import PayloadError, asked, from_payload, previous_answers
from critique.request import request_for
from critique.rubric import Level
from design.analysis.analyze import analyze_document
from design.exports.markdown import md_text
from design.model.document import SketchDocument
from design.practice.gate import gate_reasons
from design.store import Right, StoreError
from ui import actions
from ui.resources import claude_key_set, critic_choice, critic_label, problem_bank, store
from ui.state import Keys, bound, scoped
from ui.text import SEVERITY_ICON

if TYPE_CHECKING:
    from critique.select import CriticChoice

_VERDICT_ICON = {Verdict.HOLDS: "✅", Verdict.PARTIAL: "◐", Verdict.HAND_WAVING: "⚠️", Verdict.UNANSWERED: "○"}


def draw(dirty: bool, drawing_changed: bool, document: SketchDocument) -> None:
    """``dirty``: anything changed since the saved version on the canvas; ``drawing_changed``: the drawing
    or its numbers did (a new version first). Notes alone do not close the stage: the critique button saves
    them as the next version, then critiques it. Every reason it is closed shows at once."""
    ss = st.session_state
    st.subheader("Critique")
    design_id, version = ss[Keys.design_id], ss[Keys.loaded_version]
    is_saved = design_id is not None and version is not None
    notes_only = is_saved and dirty and not drawing_changed
    key_set = claude_key_set()
    cols = st.columns([3, 2], vertical_alignment="bottom")
    with cols[0]:
        mode = st.radio("Mode", list(Mode), format_func=lambda m: m.title, horizontal=True,
                        disabled=not is_saved or drawing_changed, **bound(Keys.critique_mode))
    with cols[1]:
        deep = st.toggle("Deep critique (slower, dearer model)", key=Keys.critique_deep,
                         disabled=not is_saved or drawing_changed or not key_set,
                         help="Uses the deeper Claude model." if key_set else "Needs ANTHROPIC_API_KEY.")
    deep = bool(deep) and key_set
    level = Level(ss[Keys.practice_level])
    st.caption(f"Critic: {md_text(critic_label(deep))} · probing at the {level.value} level "
               "(the interview level is chosen in the sidebar)")
    first = not (is_saved and store().list_critiques(design_id))
    reasons = gate_reasons(design_id, version, drawing_changed, document, first_critique=first,
                           checks_estimates=mode is Mode.ESTIMATES)
    asked = _asked(design_id, version)
    if reasons or design_id is None or version is None:
        ss[Keys.critique_asked] = None  # asked before the stage closed (the drawing changed since): not carried out
        st.info("\n".join(f"- {r}" for r in reasons) if len(reasons) > 1 else "".join(reasons), icon="🔒")
        st.button("Critique", key=Keys.critique_run, disabled=True)
        return
    note = ss.get(Keys.critique_note)
    if note:
        getattr(st, note[0])(md_text(note[1]))
        ss[Keys.critique_note] = None
    try:
        stored = store().find_critique(design_id, version, mode.value)
    except StoreError as exc:
        st.error(f"Stored critiques unavailable: {md_text(str(exc))}")
        return
    cols = st.columns(2)
    with cols[0]:
        st.button(f"Save notes as v{version + 1} and critique" if notes_only else f"Critique v{version}",
                  key=Keys.critique_run, type="primary", width="stretch", on_click=actions.ask_critique,
                  args=(False, notes_only))
    with cols[1]:
        # Never disabled: the button is drawn before a first critique runs, and must work right after it.
        st.button("Fresh critique", key=Keys.critique_fresh, width="stretch", on_click=actions.ask_critique,
                  args=(True, notes_only),
                  help="Ask the critic again instead of reusing the stored critique of this version and mode.")
    if asked == "run" and stored is not None:
        ss[Keys.critique_asked] = None
        st.caption(f"Reused the stored {mode.title.lower()} critique of v{version} (no new call). "
                   "Ask for a fresh critique to run the critic again.")
    if asked == "fresh" or (asked == "run" and stored is None):
        try:
            request = _saved_request(design_id, version, mode)
        except StoreError as exc:
            ss[Keys.critique_asked] = None
            st.error(f"Could not read v{version}: {md_text(str(exc))}")
            return
        try:
            result = _run_with_progress(critic_choice(deep), request,
                                        f"Critiquing v{version} ({mode.title.lower()})…")
        except Exception:
            ss[Keys.critique_asked] = None  # a failure is shown once, not retried on every run
            raise
        # Only now, when the critic has answered: a run cut short meanwhile (Streamlit's stop and rerun are not
        # Exceptions) leaves the request for the next run to carry out.
        ss[Keys.critique_asked] = None
        try:
            stored = actions.store_critique(design_id, version, mode, result)
        except StoreError as exc:
            st.error(f"The critique was not stored: {md_text(str(exc))}")
            return
    if stored is None:
        st.caption("No critique of this version in this mode yet.")
        return
    try:
        _exchange(stored[0], stored[1], design_id, version, mode, deep)
    except (PayloadError, StoreError) as exc:
        st.error(f"The stored critique could not be shown: {md_text(str(exc))}. Ask for a fresh one.")


def _asked(design_id: int | None, version: int | None) -> str | None:
    """What the Critique buttons asked of this version, ``"run"`` or ``"fresh"``, until a run carries it out
    (:func:`ui.actions.ask_critique`); a request for another design or version is dropped."""
    ss = st.session_state
    request = ss[Keys.critique_asked]
    if request is None:
        return None
    asked_design, asked_version, kind = request
    if (asked_design, asked_version) != (design_id, version):
        ss[Keys.critique_asked] = None
        return None
    return kind


def _saved_request(design_id: int, version: int, mode: Mode, previous: tuple = ()) -> Any:
    saved = store().load_version(design_id, version)
    return request_for(saved.document, mode, version=version, findings=saved.findings, problems=problem_bank(),
                       previous=previous, level=Level(st.session_state[Keys.practice_level]))


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
                live.markdown("\n".join(f"{i}. {md_text(p.question)}" for i, p in enumerate(shown, 1)))

        result = choice.run(request, on_progress)
    status.update(label=f"Done: {len(result.probes)} questions from the {critic_title(result)}.",
                  state="complete", expanded=False)
    return result


def _round(critique: Critique, names: dict[str, str], answers: dict[str, Any] | None = None) -> None:
    """One round: how the answers before it held up, then its questions (with what the user answered)."""
    if critique.assessments:
        st.markdown("**How your answers held up**")
        for a in critique.assessments:
            st.markdown(f"{_VERDICT_ICON[a.verdict]} Answer {a.probe + 1}: **{a.verdict.value.replace('_', ' ')}** — "
                        f"{md_text(a.comment)}")
    for i, p in enumerate(critique.probes, 1):
        _question(i, p, names)
        if answers is not None:
            answer = answers.get(str(i - 1), "")
            st.markdown(f"↳ _{md_text(answer)}_" if answer else ":gray[↳ not answered]")


def _question(i: int, p: Probe, names: dict[str, str]) -> None:
    where = ", ".join(names.get(t, t) for t in p.targets)
    st.markdown(f"{SEVERITY_ICON[p.severity]} **Q{i}.** {md_text(p.question)}")
    st.caption(f"{p.severity.value} · {p.category.replace('_', ' ')} · about {md_text(where)} — "
               f"{md_text(p.why_it_matters)}")


def _round_name(position: int) -> str:
    return "the critique" if position == 0 else f"follow-up round {position}"


def _exchange(critique_id: int, payload: dict[str, Any], design_id: int, version: int, mode: Mode,
              deep: bool) -> None:
    """The stored exchange: earlier rounds folded away, then the round being answered, each answer box
    directly under its question, so an answer is always written (and stored) against the question read."""
    ss = st.session_state
    if ss.get(Keys.followup_due) == critique_id:  # the Follow-up button saved the answers; judge them now
        try:
            request = _saved_request(design_id, version, mode, previous_answers(payload))
            result = _run_with_progress(critic_choice(deep), request, f"Judging your answers about v{version}…")
        except Exception:
            ss.pop(Keys.followup_due, None)  # a failure is shown once, not retried on every run
            raise
        # Only now, as for the critique itself: a run cut short by another interaction leaves it for the next.
        ss.pop(Keys.followup_due, None)
        try:
            payload = actions.store_followup_round(critique_id, payload, result)
        except StoreError as exc:
            st.error(f"The follow-up round was not stored: {md_text(str(exc))}")
    first = from_payload(payload)
    st.markdown(f"**Critique of v{first.version} · {mode.title} · by the {critic_title(first)}**")
    st.caption(usage_line(first))
    for note in first.notes:
        (st.warning if "was not used" in note else st.caption)(md_text(note))
    names = analyze_document(store().load_version(design_id, version).document).sketch.names()
    position, questions = asked(payload)
    rounds = [payload, *(payload.get("rounds") or [])][:position + 1]
    for n, data in enumerate(rounds[:-1]):
        done = from_payload(data)
        with st.expander(f"{_round_name(n).capitalize()}: {len(done.probes)} questions, "
                         f"{len(data.get('answers') or {})} answered"):
            if n:
                st.caption(f"By the {critic_title(done)} · {usage_line(done)}")
            _round(done, names, data.get("answers") or {})

    latest = from_payload(rounds[-1])
    if position:
        st.caption(f"Follow-up round {position} by the {critic_title(latest)} · {usage_line(latest)}")
        for note in latest.notes:
            st.caption(md_text(note))
    if not latest.probes:
        _round(latest, names)
        return
    st.markdown(f"**Answering round {position} · {len(latest.probes)} questions about v{version}** — "
                "write your answers, then ask for a follow-up round to see what holds.")
    if latest.assessments:
        _round(replace(latest, probes=()), names)
    answers = rounds[-1].get("answers") or {}
    keys = [scoped(Keys.answer, critique_id, position, i) for i in range(len(latest.probes))]
    for i, (p, key) in enumerate(zip(latest.probes, keys, strict=True)):
        _question(i + 1, p, names)
        st.text_area(f"Your answer to Q{i + 1}", value=answers.get(str(i), ""), key=key, height=80, max_chars=5000)
    args = (critique_id, design_id, version, position, questions, keys)
    refused = actions.refusal(Right.COMMENT)
    last = (f"This critique has had its {MAX_ROUNDS} follow-up rounds: ask for a fresh critique to be judged again."
            if position >= MAX_ROUNDS else None)
    cols = st.columns(2)
    with cols[0]:
        st.button("Save answers", key=scoped(Keys.save_answers, critique_id), on_click=actions.save_critique_answers,
                  args=args, width="stretch", disabled=refused is not None, help=refused)
    with cols[1]:
        st.button("Follow-up round: judge my answers", key=scoped(Keys.followup, critique_id),
                  on_click=actions.request_followup, args=args, disabled=(refused or last) is not None,
                  width="stretch", help=refused or last or
                  f"Saves your answers, then the critic judges them. At most {MAX_ROUNDS} follow-up rounds.")
    if refused or last:
        st.caption(f"🔒 {refused or last}")
