"""Download buttons for every export format, naming the saved version when the canvas is unchanged.

The files are made when a button is clicked (deferred downloads), not on every rerun. The panel itself is
drawn only while open (as History and the picture): its buttons, the saved version's facts it reads and the
export formats' modules cost a first page load and every stroke's rerun, and most visits never export.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import streamlit as st

from critique.scorecard import Scorecard
from design.exports.markdown import md_text
from design.store import StoreError
from ui.panels import scorecard
from ui.resources import problem_bank, store
from ui.state import Keys, scoped

if TYPE_CHECKING:
    from design.analysis.analyze import Analysis
    from design.model.document import SketchDocument
    from design.model.scorecard_view import ScorecardView


def draw(document: SketchDocument, result: Analysis, fp: str) -> None:
    if not result.sketch.components:
        return
    panel = st.expander("Export", key=Keys.export_open, on_change="rerun", icon=":material/download:")
    if not panel.open:
        return
    with panel:
        _buttons(document, result, fp)


def _buttons(document: SketchDocument, result: Analysis, fp: str) -> None:
    # The export formats (and the critique's views of stored critiques) are imported when the panel opens.
    from design.exports.formats import FORMATS, export_bytes, export_name
    from design.exports.subject import ExportSubject

    ss = st.session_state
    version = ss[Keys.loaded_version] if fp == ss[Keys.saved_fingerprint] and ss[Keys.design_id] is not None else None
    saved_at, critiques, decisions, card = None, [], {}, None
    if version is not None:
        try:
            saved_at, critiques, decisions = _saved_version_facts(ss[Keys.design_id], version)
            card = _scorecard_of(ss[Keys.design_id], version)
        except StoreError as exc:
            st.warning(f"Exports will not name the saved version: {md_text(str(exc))}")
            version = None
    subject = ExportSubject(document, result.sketch, result.findings, version, saved_at, tuple(critiques),
                            dict(decisions), _problem_statement(document), scorecard=card)
    if version is None:
        st.caption("Exports of an **unsaved draft**. Save a version to have them name it and its date.")
    else:
        st.caption(f"Exports of **{subject.status}**" + (f", with {len(critiques)} critique(s)" if critiques else "")
                   + (" and the scorecard of the round it ended (in the Markdown report)" if card else "") + ".")
    questions = st.checkbox("Show the critic's questions on the picture", value=True, key=Keys.export_questions,
                            disabled=not critiques)
    cols = st.columns(4)
    for i, fmt in enumerate(FORMATS.values()):
        with cols[i % 4]:
            st.download_button(
                fmt.title, data=partial(export_bytes, subject, fmt.name, questions),
                file_name=export_name(subject, fmt.name), mime=fmt.mime, key=scoped(Keys.download, fmt.name),
                on_click="ignore", width="stretch",
            )
    st.caption("The Markdown report shows the PNG from beside it: download both, or the zip.")


def _saved_version_facts(design_id: int, version: int) -> tuple[str | None, list[dict[str, Any]], dict[str, Any]]:
    """Save date, stored critiques and finding decisions of a saved version (for exports)."""
    from critique.payload import views
    from design.exports.subject import latest_critiques

    db = store()
    info = next((v for v in db.list_versions(design_id) if v.number == version), None)
    critiques = views(latest_critiques(db.list_critiques(design_id, version)))
    return (info.created_at if info else None), critiques, db.decisions(design_id, version)


def _scorecard_of(design_id: int, version: int) -> ScorecardView | None:
    """The scorecard of the newest scored round on this design that ended on ``version`` (for the report)."""
    db = store()
    for round_ in db.rounds_of(design_id):
        if round_.ended_at is None or round_.final_version != version:
            continue
        stored = db.load_scorecard(round_.id)
        if stored is None:
            continue
        try:
            return Scorecard.from_json(stored.payload).view(scorecard.round_label(round_))
        except (KeyError, ValueError, TypeError):
            return None
    return None


def _problem_statement(document: SketchDocument) -> str:
    """The problem in words for the report: the bank's prompt, else the prompt of the round being practised."""
    problem = problem_bank().get(document.problem or "")
    if problem is not None:
        return problem.prompt
    design_id = st.session_state[Keys.design_id]
    if design_id is None:
        return ""
    try:
        round_ = store().open_practice(design_id)
    except StoreError:
        return ""
    return (round_.prompt or "") if round_ is not None else ""
