"""Scoring a stored round: which versions and critiques are the round's, on both store backends, and the card in
the Markdown report (escaped like every user text there)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from critique.models import Mode
from critique.offline import OfflineCritic
from critique.payload import round_count, to_payload
from critique.problems import load_problems
from critique.request import request_for
from critique.round_score import round_work, score_stored_round, why_not_scorable
from critique.rubric import Level, RoundPhase
from design.analysis.analyze import analyze_document
from design.canvas.emit import to_canvas
from design.exports.markdown import markdown_report
from design.exports.subject import ExportSubject
from design.model.document import SketchDocument
from design.practice.timer import Phase
from design.store import Store
from support.paths import ROOT
from support.sketch_dsl import design

BANK = load_problems(ROOT / "examples" / "problems")
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
WEAK = design("Users -> Web server", "Web server -> Postgres")
BETTER = design("Users -> Load balancer", "Load balancer -> Web server x3", "Web server x3 -> Postgres primary x2")


def _doc(sketch, requirements="- paste text\n- reads p99 under 200 ms", approach="A web server keeps pastes in Postgres "
         "rather than files, at the cost of one more moving part.") -> SketchDocument:
    return SketchDocument(canvas=to_canvas(sketch), title="Paste", problem="pastebin", requirements=requirements,
                          approach=approach)


def _save(db: Store, d: int, doc: SketchDocument) -> int:
    return db.save_version(d, doc, analyze_document(doc).findings).number


def _critique(db: Store, d: int, version: int) -> None:
    doc = db.load_version(d, version).document
    result = OfflineCritic().critique(request_for(doc, Mode.STRESS, version=version, problems=BANK))
    db.save_critique(d, version, Mode.STRESS.value, to_payload(result))


@pytest.fixture
def db(store: Store) -> Store:
    """A real SQLite file, then a real Postgres database (the ``backend`` fixture)."""
    return store


def test_a_round_needs_its_own_version_and_a_critique_of_one(db):
    d = db.create_design("Paste", "pastebin")
    r = db.start_practice(d, time_box=timedelta(minutes=45), started_at=T0, problem="pastebin")
    assert "needs a version saved during the round" in why_not_scorable(db, r)
    _save(db, d, _doc(WEAK))
    assert "needs a critique of a version saved during the round: ask the critic about v1" in why_not_scorable(
        db, db.open_practice(d))
    _critique(db, d, 1)
    done = db.finish_practice(r.id, T0 + timedelta(minutes=30), round_count)
    assert why_not_scorable(db, done) is None
    with pytest.raises(ValueError, match="needs a version"):
        score_stored_round(db, db.start_practice(d, time_box=timedelta(minutes=10), started_at=T0), None)


def test_a_retried_stage_scores_only_what_was_saved_since_against_where_it_started(db):
    d = db.create_design("Paste", "pastebin")
    first = db.start_practice(d, time_box=timedelta(minutes=45), started_at=T0, problem="pastebin")
    _save(db, d, _doc(WEAK))
    _critique(db, d, 1)
    db.finish_practice(first.id, T0 + timedelta(minutes=40), round_count)
    retry = db.start_practice(d, time_box=timedelta(minutes=35), started_at=T0 + timedelta(hours=1),
                              problem="pastebin", start_phase=Phase.HIGH_LEVEL)
    assert (retry.version_mark, retry.critique_mark) == (1, 1)
    assert "needs a version saved during the round" in why_not_scorable(db, retry)  # v1 was the earlier round's
    _save(db, d, _doc(BETTER))
    assert "ask the critic about v2" in why_not_scorable(db, db.open_practice(d))  # v1's critique is not this round's
    _critique(db, d, 2)
    done = db.finish_practice(retry.id, T0 + timedelta(hours=2), round_count)
    work = round_work(db, done)
    assert (work.first, work.last, work.versions, len(work.critiques)) == (1, 2, (2,), 1)
    card = score_stored_round(db, done, BANK["pastebin"], Level.MID)
    evidence = [p.text for p in card.row(RoundPhase.HIGH_LEVEL).points]
    assert any(t.startswith("Resolved between v1 and v2: SPOF001") for t in evidence), evidence


def test_what_is_saved_after_the_reference_was_opened_is_not_scored(db):
    d = db.create_design("Paste", "pastebin")
    r = db.start_practice(d, time_box=timedelta(minutes=45), started_at=T0, problem="pastebin")
    _save(db, d, _doc(WEAK))
    _critique(db, d, 1)
    db.mark_revealed(r.id, 1)
    _save(db, d, _doc(BETTER))
    _critique(db, d, 2)
    done = db.finish_practice(r.id, T0 + timedelta(minutes=40), round_count)
    assert done.final_version == 2 and done.revealed_version == 1
    work = round_work(db, done)
    assert (work.first, work.last, len(work.critiques)) == (1, 1, 1)
    card = score_stored_round(db, done, BANK["pastebin"])
    assert any(p.text.startswith("High finding left in v1: SPOF001") for p in card.row(RoundPhase.HIGH_LEVEL).points)


def test_the_model_checks_of_the_requirements_count_in_the_high_level_row(db):
    d = db.create_design("Paste", "pastebin")
    r = db.start_practice(d, time_box=timedelta(minutes=45), started_at=T0, problem="pastebin")
    _save(db, d, _doc(BETTER, requirements="- paste text\n- reads p99 under 1 ms\n- 99.9% availability"))
    _critique(db, d, 1)
    card = score_stored_round(db, db.finish_practice(r.id, T0 + timedelta(minutes=40), round_count), None)
    texts = [p.text for p in card.row(RoundPhase.HIGH_LEVEL).points]
    assert any(t.startswith("The model says the design misses “reads p99 under 1 ms”") for t in texts), texts


def test_the_markdown_report_carries_the_scorecard_with_user_text_escaped(db):
    d = db.create_design("Paste", "pastebin")
    r = db.start_practice(d, time_box=timedelta(minutes=45), started_at=T0, problem="pastebin")
    hostile = "Pastes go to <script>alert(1)</script> | **bold** [x](javascript:evil) rather than files."
    doc = _doc(WEAK, approach=hostile)
    _save(db, d, doc)
    _critique(db, d, 1)
    card = score_stored_round(db, db.finish_practice(r.id, T0 + timedelta(minutes=40), round_count), None,
                              Level.STAFF)
    result = analyze_document(doc)
    subject = ExportSubject(doc, result.sketch, result.findings, 1, scorecard=card.view("Pastebin, round 1"))
    text = markdown_report(subject)
    assert "## Scorecard (staff bar) · Pastebin, round 1" in text
    assert f"**{card.verdict}**" in text
    for row in card.rows:
        assert f"| {row.phase.title} | {row.score} | {row.bar} |" in text
    assert "Names a trade-off: “Pastes go to" in text  # the user's own words are quoted…
    assert "<script>" not in text and "](javascript:" not in text  # …and cannot become HTML or a link
