"""The critique stage: closed, with the reason, until the canvas is a saved and explained version.

A critique is stored per version and mode, and reused until the user asks for
a fresh one; the user answers in writing and may ask for follow-up rounds that
judge the answers. The gate itself is :func:`design.practice.gate.critique_gate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from critique.base import ProgressEvent
from critique.describe import critic_title, usage_line
from critique.models import MAX_ROUNDS, Critique, Mode, Probe, Verdict
from critique.payload import PayloadError, current_round, from_payload, previous_answers, with_answers
from critique.request import request_for
from design.analysis.analyze import analyze_document
from design.exports.markdown import md_text
from design.model.document import SketchDocument
from design.practice.gate import critique_gate
from design.store import StoreError
from ui import actions
from ui.resources import claude_key_set, critic_choice, critic_label, problem_bank, store
from ui.state import Keys, bound, scoped
from ui.text import SEVERITY_ICON

if TYPE_CHECKING:
    from critique.select import CriticChoice

_VERDICT_ICON = {Verdict.HOLDS: "✅", Verdict.PARTIAL: "◐", Verdict.HAND_WAVING: "⚠️", Verdict.UNANSWERED: "○"}


def draw(dirty: bool) -> None:
    ss = st.session_state
    st.subheader("Critique")
    design_id, version = ss[Keys.design_id], ss[Keys.loaded_version]
    saved_and_unchanged = design_id is not None and version is not None and not dirty
    key_set = claude_key_set()
    cols = st.columns([3, 2], vertical_alignment="bottom")
    with cols[0]:
        mode = st.radio("Mode", list(Mode), format_func=lambda m: m.title, horizontal=True,
                        disabled=not saved_and_unchanged, **bound(Keys.critique_mode))
    with cols[1]:
        deep = st.toggle("Deep critique (slower, dearer model)", key=Keys.critique_deep,
                         disabled=not saved_and_unchanged or not key_set,
                         help="Uses the deeper Claude model." if key_set else "Needs ANTHROPIC_API_KEY.")
    deep = bool(deep) and key_set
    st.caption(f"Critic: {md_text(critic_label(deep))}")
    saved = _saved_document(design_id, version) if saved_and_unchanged else None
    first = not (saved_and_unchanged and store().list_critiques(design_id))
    reason = critique_gate(design_id, version, dirty, saved, first_critique=first,
                           checks_estimates=mode is Mode.ESTIMATES)
    if reason is not None or design_id is None or version is None:
        st.info(reason or "", icon="🔒")
        st.button("Critique", key=Keys.critique_run, disabled=True)
        return
    note = ss.get(Keys.critique_note)
    if note:
        getattr(st, note[0])(note[1])
        ss[Keys.critique_note] = None
    try:
        stored = store().find_critique(design_id, version, mode.value)
    except StoreError as exc:
        st.error(f"Stored critiques unavailable: {md_text(str(exc))}")
        return
    cols = st.columns(2)
    with cols[0]:
        run = st.button(f"Critique v{version}", key=Keys.critique_run, type="primary", width="stretch")
    with cols[1]:
        # Never disabled: the button is drawn before a first critique runs, and must work right after it.
        fresh = st.button("Fresh critique", key=Keys.critique_fresh, width="stretch",
                          help="Ask the critic again instead of reusing the stored critique of this version and mode.")
    if run and stored is not None:
        st.caption(f"Reused the stored {mode.title.lower()} critique of v{version} (no new call). "
                   "Ask for a fresh critique to run the critic again.")
    if fresh or (run and stored is None):
        try:
            request = _saved_request(design_id, version, mode)
        except StoreError as exc:
            st.error(f"Could not read v{version}: {md_text(str(exc))}")
            return
        result = _run_with_progress(critic_choice(deep), request, f"Critiquing v{version} ({mode.title.lower()})…")
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


def _saved_document(design_id: int, version: int) -> SketchDocument | None:
    try:
        return store().load_version(design_id, version).document
    except StoreError:
        return None  # the panel reports storage problems itself


def _saved_request(design_id: int, version: int, mode: Mode, previous: tuple = ()) -> Any:
    saved = store().load_version(design_id, version)
    return request_for(saved.document, mode, version=version, findings=saved.findings, problems=problem_bank(),
                       previous=previous)


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


def _round(data: dict[str, Any], names: dict[str, str], number: int) -> Critique:
    critique = from_payload(data)
    if critique.assessments:
        st.markdown(f"**Round {number}: how your answers held up**")
        for a in critique.assessments:
            st.markdown(f"{_VERDICT_ICON[a.verdict]} Answer {a.probe + 1}: **{a.verdict.value.replace('_', ' ')}** — "
                        f"{md_text(a.comment)}")
    for i, p in enumerate(critique.probes, 1):
        where = ", ".join(names.get(t, t) for t in p.targets)
        st.markdown(f"{SEVERITY_ICON[p.severity]} **Q{i}.** {md_text(p.question)}")
        st.caption(f"{p.severity.value} · {p.category.replace('_', ' ')} · about {md_text(where)} — "
                   f"{md_text(p.why_it_matters)}")
    return critique


def _exchange(critique_id: int, payload: dict[str, Any], design_id: int, version: int, mode: Mode,
              deep: bool) -> None:
    """The stored exchange: the critique, every follow-up round, and the answer boxes for the newest round."""
    ss = st.session_state
    first = from_payload(payload)
    st.markdown(f"**Critique of v{first.version} · {mode.title} · by the {critic_title(first)}**")
    st.caption(usage_line(first))
    for note in first.notes:
        (st.warning if "was not used" in note else st.caption)(md_text(note))
    names = analyze_document(store().load_version(design_id, version).document).sketch.names()
    rounds = payload.get("rounds") or []
    _round(payload, names, 0)
    for n, data in enumerate(rounds, 1):
        st.divider()
        round_critique = from_payload(data)
        st.caption(f"Follow-up round {n} by the {critic_title(round_critique)} · {usage_line(round_critique)}")
        for note in round_critique.notes:
            st.caption(md_text(note))
        _round(data, names, n)

    latest = current_round(payload)
    probes = from_payload(latest).probes
    if not probes:
        return
    st.markdown("**Answer in writing** — then ask for a follow-up round to see what holds.")
    answers = latest.get("answers") or {}
    keys = [scoped(Keys.answer, critique_id, len(rounds), i) for i in range(len(probes))]
    for i, key in enumerate(keys):
        st.text_area(f"Your answer to Q{i + 1}", value=answers.get(str(i), ""), key=key, height=80, max_chars=5000)
    cols = st.columns(2)
    with cols[0]:
        st.button("Save answers", key=scoped(Keys.save_answers, critique_id), on_click=actions.save_critique_answers,
                  args=(critique_id, payload, keys), width="stretch")
    with cols[1]:
        more = st.button("Follow-up round: judge my answers", key=scoped(Keys.followup, critique_id),
                         disabled=len(rounds) >= MAX_ROUNDS, width="stretch",
                         help=f"At most {MAX_ROUNDS} follow-up rounds per critique.")
    if more:
        answered = with_answers(payload, {i: ss.get(k, "") or "" for i, k in enumerate(keys)})
        request = _saved_request(design_id, version, mode, previous_answers(answered))
        round_result = _run_with_progress(critic_choice(deep), request, f"Judging your answers about v{version}…")
        try:
            actions.store_followup_round(critique_id, answered, round_result)
        except StoreError as exc:
            st.error(f"The follow-up round was not stored: {md_text(str(exc))}")
            return
        st.rerun()
