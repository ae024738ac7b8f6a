"""Practice aimed at weak spots, from a stored history on both store backends: the tally, the suggestion, its ties.

Rounds are started, finished and scored through the real store; their scorecards are written as the scorecard
module writes them and read back as the practice log would.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from critique.payload import round_count
from critique.problems import load_problems
from critique.reference import reference_design
from critique.rubric import Level, RoundPhase
from critique.scorecard import Row, Scorecard
from critique.weakspots import exercised_rules, knockout_rules, record_from_payload, weak_spots
from design.practice.timer import Phase
from design.store import MIGRATIONS, Store, StoreError
from support.paths import ROOT

BANK = load_problems(ROOT / "examples" / "problems")
T0 = datetime(2026, 5, 4, 18, 0, tzinfo=UTC)
PHASES = list(RoundPhase)


def _card(scores: dict[RoundPhase, int], first: tuple[str, ...], last: tuple[str, ...]) -> Scorecard:
    rows = tuple(Row(p, scores.get(p, 80), 60, ()) for p in PHASES)
    return Scorecard(Level.SENIOR, rows, None, Level.MID, (), first, last)


def _play(db: Store, problem: str, day: int, card: Scorecard) -> int:
    """Start, finish and score one round on its own design, ``day`` days after T0."""
    d = db.create_design(problem, problem)
    start = T0 + timedelta(days=day)
    r = db.start_practice(d, time_box=timedelta(minutes=45), started_at=start, problem=problem)
    db.finish_practice(r.id, start + timedelta(minutes=40), round_count)
    db.save_scorecard(r.id, card.level.value, card.to_json())
    return r.id


def _history(db: Store):
    records = [record_from_payload(s.session_id, s.problem, s.ended_at, s.payload) for s in db.scorecard_history()]
    return [r for r in records if r is not None]


#: Hand-made: which rules each of four problems exercises, so the suggestion can be worked out by hand.
EXERCISED = {
    "chat": frozenset({"SPOF001", "QUEUE001"}),
    "pastebin": frozenset({"CACHE001"}),
    "url-shortener": frozenset({"SPOF001", "CACHE001"}),
    "video-streaming": frozenset({"QUEUE001", "CDN001"}),
}
FOUR = {pid: BANK[pid] for pid in EXERCISED}


@pytest.fixture
def db(store: Store) -> Store:
    """A real SQLite file, then a real Postgres database (the ``backend`` fixture)."""
    return store


def test_the_tally_of_rules_and_phases_from_stored_rounds(db):
    _play(db, "url-shortener", 0, _card({RoundPhase.ESTIMATES: 30, RoundPhase.TRADEOFFS: 50},
                                        ("QUEUE001", "SPOF001"), ("SPOF001",)))
    _play(db, "pastebin", 1, _card({RoundPhase.ESTIMATES: 40, RoundPhase.DEEP_DIVE: 45},
                                   ("CACHE001", "SPOF001"), ()))
    _play(db, "url-shortener", 2, _card({RoundPhase.ESTIMATES: 50, RoundPhase.TRADEOFFS: 40},
                                        ("QUEUE001", "SPOF001"), ("QUEUE001",)))
    spots = weak_spots(_history(db), FOUR, EXERCISED)
    assert spots.rounds == 3
    # SPOF001 tripped in all three first versions, QUEUE001 in two (and still open in one), CACHE001 in one.
    assert [(t.rule, t.rounds, t.still_open) for t in spots.rules] == [
        ("SPOF001", 3, 1), ("QUEUE001", 2, 1), ("CACHE001", 1, 0)]
    # Estimates average 40, trade-offs (50 + 80 + 40) / 3 = 56.7, deep dive (80 + 45 + 80) / 3 = 68.3.
    assert [(t.phase, round(t.mean, 1)) for t in spots.phases[:3]] == [
        (RoundPhase.ESTIMATES, 40.0), (RoundPhase.TRADEOFFS, 56.7), (RoundPhase.DEEP_DIVE, 68.3)]


def test_the_next_problem_exercises_the_weakest_rules_and_phases(db):
    _play(db, "url-shortener", 0, _card({RoundPhase.ESTIMATES: 30}, ("QUEUE001", "SPOF001"), ("SPOF001",)))
    _play(db, "pastebin", 1, _card({RoundPhase.ESTIMATES: 40}, ("CACHE001", "SPOF001"), ()))
    _play(db, "url-shortener", 2, _card({RoundPhase.ESTIMATES: 50}, ("QUEUE001", "SPOF001"), ("QUEUE001",)))
    # Weights: SPOF001 3, QUEUE001 2, CACHE001 1; estimates 2, the next lowest phase 1.
    # chat: SPOF001 + QUEUE001 = 5, plus the phases it practises; url-shortener: 3 + 1 = 4 (and it was last);
    # video-streaming: QUEUE001 = 2; pastebin: CACHE001 = 1.
    spots = weak_spots(_history(db), FOUR, EXERCISED)
    s = spots.suggestion
    assert s is not None and s.problem == "chat"
    assert s.rules == ("SPOF001", "QUEUE001")
    assert s.reasons[0] == ("exercises SPOF001 (single point of failure on the request path), tripped in 3 of your "
                            "3 rounds")


def test_ties_go_to_the_problem_practised_least_then_longest_ago_then_by_id(db):
    card = _card({}, ("CDN001",), ())
    _play(db, "pastebin", 0, card)
    _play(db, "chat", 1, card)
    _play(db, "chat", 2, card)
    # Nothing scores (no rule exercised, no phase practised): only the tie-breaks decide.
    exercised = {pid: frozenset() for pid in FOUR}
    plain = {pid: dataclasses.replace(p, practises=()) for pid, p in FOUR.items()}
    # Never practised: url-shortener and video-streaming, so by id.
    assert weak_spots(_history(db), plain, exercised).suggestion.problem == "url-shortener"
    # With those two out, pastebin (once) beats chat (twice, and last).
    two = {pid: plain[pid] for pid in ("chat", "pastebin")}
    assert weak_spots(_history(db), two, exercised).suggestion.problem == "pastebin"
    # Practised longest ago wins between two practised as often: add a second pastebin round after chat's.
    _play(db, "pastebin", 3, card)
    _play(db, "url-shortener", 4, card)
    three = {pid: plain[pid] for pid in ("chat", "pastebin", "url-shortener")}
    assert weak_spots(_history(db), three, exercised).suggestion.problem == "chat"
    # The problem just practised is suggested only when it is the only one.
    assert weak_spots(_history(db), {"url-shortener": plain["url-shortener"]}, exercised).suggestion.problem == "url-shortener"


def test_the_last_problem_is_not_repeated_even_when_it_scores_highest(db):
    _play(db, "url-shortener", 0, _card({RoundPhase.ESTIMATES: 30}, ("SPOF001", "CACHE001"), ()))
    s = weak_spots(_history(db), FOUR, EXERCISED).suggestion
    # url-shortener exercises both weak rules but was just played. CACHE001 ranks first (tied at one round, by id):
    # pastebin 3, plus 1 for practising requirements (the next lowest phase after estimates), beats chat's 2.
    assert s.problem == "pastebin" and s.rules == ("CACHE001",) and s.phases == (RoundPhase.REQUIREMENTS,)


def test_the_suggestion_is_deterministic_and_independent_of_the_order_rounds_are_read(db):
    for day, (pid, first) in enumerate([("chat", ("SPOF001",)), ("pastebin", ("CDN001", "SPOF001")),
                                        ("news-feed", ("CDN001",))]):
        _play(db, pid, day, _card({RoundPhase.DEEP_DIVE: 20 + day}, first, ()))
    history = _history(db)
    first = weak_spots(history, BANK)
    assert first == weak_spots(list(reversed(history)), BANK) == weak_spots(_history(db), BANK)
    s = first.suggestion
    assert s is not None and s.problem != "news-feed"  # not the round just played
    assert set(s.rules) <= {"SPOF001", "CDN001"} and s.rules, s
    assert "CDN001" in exercised_rules(BANK[s.problem]) or "SPOF001" in exercised_rules(BANK[s.problem])


def test_no_history_no_suggestion(db):
    spots = weak_spots(_history(db), BANK)
    assert spots.rounds == 0 and spots.suggestion is None and spots.rules == () and spots.phases == ()


def test_a_damaged_scorecard_is_left_out_of_the_tally(db):
    sid = _play(db, "chat", 0, _card({}, ("SPOF001",), ()))
    db.save_scorecard(sid, "senior", {"schema": 1, "rows": "garbage"})
    assert _history(db) == []


def test_what_a_problem_exercises_comes_from_knocking_out_its_reference():
    video = reference_design(BANK["video-streaming"])
    rules = knockout_rules(video)
    # Without the CDN viewers read storage directly; without the job queue uploads wait on transcoding.
    assert {"CDN001", "QUEUE001"} <= rules
    # Every rule named is one the reference itself does not trip.
    assert not rules & {f.rule for f in video.findings}


def test_scorecards_in_the_store(db, backend):
    d = db.create_design("Chat", "chat")
    r = db.start_practice(d, time_box=timedelta(minutes=45), started_at=T0, problem="chat")
    card = _card({}, ("SPOF001",), ())
    with pytest.raises(StoreError, match="has not finished"):
        db.save_scorecard(r.id, "senior", card.to_json())
    with pytest.raises(StoreError, match="does not exist"):
        db.save_scorecard(999, "senior", card.to_json())
    db.finish_practice(r.id, T0 + timedelta(minutes=30), round_count)
    db.save_scorecard(r.id, "senior", card.to_json())
    db.save_scorecard(r.id, "staff", {**card.to_json(), "level": "staff"})  # re-scored at another level: replaced
    again = backend.open().load_scorecard(r.id)  # another connection, another process's view
    assert again is not None and again.level == "staff" and again.problem == "chat"
    assert Scorecard.from_json(again.payload).level is Level.STAFF
    assert [s.session_id for s in db.scorecard_history()] == [r.id]


def test_a_schema_2_database_gains_the_scorecards_table(backend):
    backend.at_schema(2)
    with backend.raw() as raw:
        raw.execute("INSERT INTO designs (title, created_at, updated_at) VALUES ('Old', 'x', 'x')")
    db = backend.open()
    assert db.migrated_from == 2 and db.schema_version == len(MIGRATIONS)
    r = db.start_practice(1, time_box=timedelta(minutes=45), started_at=T0)
    db.finish_practice(r.id, T0 + timedelta(minutes=1), round_count)
    db.save_scorecard(r.id, "mid", _card({}, (), ()).to_json())
    assert [s.session_id for s in db.scorecard_history()] == [r.id]


def test_a_schema_4_database_gains_the_start_phase_and_the_reveal_of_its_rounds(backend):
    backend.at_schema(4)
    with backend.raw() as raw:
        raw.execute("INSERT INTO designs (title, created_at, updated_at) VALUES ('Old', 'x', 'x')")
        raw.execute("INSERT INTO practice_sessions (design_id, prompt, time_box_s, started_at) VALUES (1, 'p', 60, '"
                    + T0.isoformat() + "')")
    db = backend.open()
    assert db.migrated_from == 4 and db.schema_version == len(MIGRATIONS) == 5
    [old] = db.rounds_of(1)
    assert old.start_phase is Phase.REQUIREMENTS and old.revealed_version is None and len(old.shares) == 5
    db.finish_practice(old.id, T0 + timedelta(minutes=1), round_count)
    retry = db.start_practice(1, time_box=timedelta(minutes=35), started_at=T0, start_phase=Phase.HIGH_LEVEL)
    db.mark_revealed(retry.id, 2)
    db.mark_revealed(retry.id, 3)  # only the first opening counts
    newest, oldest = db.rounds_of(1)
    assert (newest.id, newest.start_phase, newest.revealed_version) == (retry.id, Phase.HIGH_LEVEL, 2)
    assert [p for p, _ in newest.shares] == [Phase.HIGH_LEVEL, Phase.DEEP_DIVE, Phase.WRAP_UP]
    assert backend.open().rounds_of(1)[0].revealed_version == 2  # another connection sees it
    assert oldest.id == old.id and db.rounds_of(99) == []
    with pytest.raises(StoreError, match="does not exist"):
        db.mark_revealed(999, 1)
    db.finish_practice(retry.id, T0 + timedelta(minutes=2), round_count)
    db.mark_revealed(retry.id, 5)  # a finished round is not marked any more
    assert db.rounds_of(1)[0].revealed_version == 2
