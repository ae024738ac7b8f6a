"""After the round: the scorecard of the design's last finished round, Retry this stage, and its Markdown.

The card is stored with the round when it finishes (:func:`ui.actions.finish_round`);
here it is shown row by row with the evidence for every point, can be judged
again at another level, and a weak stage can be retried on the same design.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import streamlit as st

from critique.round_score import why_not_scorable
from critique.rubric import LEVEL_ORDER, Level, RoundPhase
from critique.scorecard import Point, Scorecard
from design.canvas.work import LayoutTooDense
from design.exports.markdown import md_text
from design.model.document import dumps
from design.practice.timer import PracticeSession
from design.store import Right, StoreError
from ui import actions
from ui.resources import analyze_text, problem_bank, store
from ui.state import Keys, scoped
from ui.text import local_time

if TYPE_CHECKING:
    from design.exports.subject import ExportSubject


def draw() -> None:
    design_id = st.session_state[Keys.design_id]
    if design_id is None:
        return
    try:
        db = store()
        finished = [r for r in db.rounds_of(design_id) if r.ended_at is not None]
        if not finished:
            return
        round_ = finished[0]
        stored = db.load_scorecard(round_.id)
        reason = why_not_scorable(db, round_) if stored is None else None
    except StoreError as exc:
        st.error(f"Scorecard unavailable: {md_text(str(exc))}")
        return
    st.subheader("Scorecard")
    if stored is None:
        st.info(f"The last round on this design has no scorecard. {md_text(reason or '')}", icon="📋")
        return
    try:
        card = Scorecard.from_json(stored.payload)
    except (KeyError, ValueError, TypeError):
        st.error("The stored scorecard could not be read. Judge the round again at a level below.")
        card = None
    refused = actions.refusal(Right.CHANGE)
    _level_picker(round_, stored.level, refused)
    if card is None:
        return
    _card(card, round_)
    _retry(card, round_, refused or _running(design_id))


def _running(design_id: int) -> str | None:
    """Why no stage can be retried while a round runs on the design (the store allows one open round)."""
    try:
        running = store().open_practice(design_id)
    except StoreError:
        return None
    if running is None:
        return None
    return (f"A round is already running on this design (started {local_time(running.started_at, '%H:%M')}): "
            "finish it before retrying a stage.")


def round_label(round_: PracticeSession) -> str:
    """How the card names its round: the problem (or the prompt's design) and the day it was played."""
    bank = problem_bank()
    what = bank[round_.problem].title if round_.problem in bank else round_.design_title
    return f"{what}, round of {local_time(round_.started_at)}"


def _level_picker(round_: PracticeSession, level: str, refused: str | None) -> None:
    """Judge the round again at another level: its owner's choice (the card is stored with their round)."""
    key = scoped(Keys.score_level, round_.id)
    stored = Level(level) if level in Level._value2member_map_ else Level.SENIOR
    if refused is not None or st.session_state.get(key) not in list(Level):
        st.session_state[key] = stored
    st.selectbox("Judge this round at", list(Level), format_func=lambda lv: f"{Level(lv).title} level", key=key,
                 on_change=actions.rescore_round, args=(round_.id, key), disabled=refused is not None,
                 help=refused or "Each level sets the bar per phase; the verdict says which level the round meets.")
    if refused is not None:
        st.caption(f"Judged at the {stored.value} level. {refused}")


def _evidence(p: Point) -> str:
    mark = "✔" if p.earned >= p.possible else ("◐" if p.earned > 0 else "✘")
    if not p.possible:
        mark = "ℹ"
    points = f" _({p.earned:g}/{p.possible:g})_" if p.possible else ""
    fix = f"  \n  → {md_text(p.fix)}" if p.fix and p.earned < p.possible else ""
    return f"- {mark} {md_text(p.text)}{points}{fix}"


def _card(card: Scorecard, round_: PracticeSession) -> None:
    verdict = md_text(card.verdict)
    if card.meets is not None and LEVEL_ORDER.index(card.meets) >= LEVEL_ORDER.index(card.level):
        st.success(verdict, icon="🎯")
    else:
        st.warning(verdict, icon="📈")
    for row in card.rows:
        state = "meets the bar" if row.passed else "below the bar"
        with st.expander(f"{md_text(row.phase.title)}: {row.score}/100 · {card.level.value} bar {row.bar} · {state}",
                         expanded=not row.passed, icon=":material/check_circle:" if row.passed else ":material/error:"):
            st.markdown("\n".join(_evidence(p) for p in row.points))
    subject = _report_subject(card, round_)
    if subject is not None:
        from design.exports.formats import export_bytes, export_name  # only when a round has a card to export

        st.download_button("Report with this scorecard (Markdown)", data=partial(export_bytes, subject, "md"),
                           file_name=export_name(subject, "md"), mime="text/markdown",
                           key=scoped(Keys.score_download, round_.id), on_click="ignore",
                           help=f"The Markdown report of v{subject.version}, the version that ended the round, with "
                                "this scorecard. The Export panel has the picture it shows, and the zip.")


def _report_subject(card: Scorecard, round_: PracticeSession) -> ExportSubject | None:
    """The version that ended the round, ready to export with the card (``None`` when it cannot be read)."""
    if round_.final_version is None:
        return None
    try:
        saved = store().load_version(round_.design_id, round_.final_version)
    except StoreError:
        return None
    try:
        result = analyze_text(dumps(saved.document))[0]
    except LayoutTooDense:
        return None  # as for a version that cannot be read: the card is shown without the report
    from design.exports.subject import ExportSubject

    return ExportSubject(saved.document, result.sketch, result.findings, saved.number, saved.info.created_at,
                         scorecard=card.view(round_label(round_)))


def _retry(card: Scorecard, round_: PracticeSession, refused: str | None) -> None:
    """Restart the round at one stage (the lowest-scoring one first), keeping the notes and the drawing;
    disabled, with the reason, where the store would refuse it."""
    key = Keys.retry_phase
    lowest = min(card.rows, key=lambda r: (r.score - r.bar, list(RoundPhase).index(r.phase))).phase
    if st.session_state.get(key) not in [p.value for p in RoundPhase]:
        st.session_state[key] = lowest.value
    cols = st.columns([3, 2], vertical_alignment="bottom")
    with cols[0]:
        st.selectbox("Retry this stage", [p.value for p in RoundPhase], key=key, disabled=refused is not None,
                     format_func=lambda v: RoundPhase(v).title + (" (your lowest)" if v == lowest.value else ""))
    with cols[1]:
        st.button("Retry this stage", key=Keys.retry_stage, on_click=actions.retry_stage, args=(round_.id,),
                  width="stretch", disabled=refused is not None,
                  help=refused or "A new timed round on this design from that stage on: your notes and drawing "
                                  "stay, the clock starts at the stage you chose.")
    if refused is not None:
        st.caption(f"🔒 {refused}")
