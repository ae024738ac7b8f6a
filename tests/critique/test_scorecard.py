"""The end-of-round scorecard, on two rounds worked out by hand: one that clears the senior bar, one that misses mid.

Both rounds practise the bank's URL shortener (three functional and four non-functional checklist items, seven
concerns of which two are high; reference estimates 20M users, 5,730 reads/s, 57 writes/s, 181 GB a year, band ×2).
"""

from __future__ import annotations

import pytest

from critique.models import Mode, Verdict
from critique.offline import OfflineCritic
from critique.payload import add_round, to_payload, with_answers
from critique.problems import load_problems
from critique.request import request_for
from critique.rubric import Level, RoundPhase
from critique.scorecard import (
    BARS,
    AnswerRecord,
    RequirementCheck,
    RoundSignals,
    Scorecard,
    answers_from_payloads,
    score_round,
)
from design.canvas.emit import to_canvas
from design.model.document import SketchDocument
from design.model.sketch import Category, Finding, Severity
from support.paths import ROOT
from support.sketch_dsl import design

PROBLEM = load_problems(ROOT / "examples" / "problems")["url-shortener"]

STRONG_REQUIREMENTS = """
- Create a short link for a long URL, with an optional alias
- Redirect a short code to the long URL
- Show daily click counts to the owner
- Redirects p99 under 50 ms
- Redirects stay available when creation is down
- Codes are unique and not guessable
- Links kept for 5 years
"""
STRONG_APPROACH = ("Stateless API servers behind a gateway read hot codes from Redis; links expire by TTL. Codes come "
                   "from pre-allocated ID ranges, at the cost of a small coordination service.")
STRONG_ESTIMATES = {"daily_users": 20e6, "requests_per_user": 5, "read_write_ratio": 100, "payload_bytes": 500,
                    "peak_factor": 5, "my_read_qps": 5730, "my_write_qps": 57, "my_storage_per_year_gb": 181}
STRONG_SKETCH = design(
    "Users -> API gateway x2 (rate limit)",
    "API gateway x2 (rate limit) -> Shortener API x4",
    "Shortener API x4 -> Redis cache x3: read",
    "Shortener API x4 -> Cassandra x3: write",
    "Shortener API x4 -> ID generator x2: next id",
    "Shortener API x4 -> Kafka clicks x3: publish",
    "Kafka clicks x3 -> Click workers x2",
)


def _finding(rule: str, category: Category, severity: Severity, element: str) -> Finding:
    return Finding(rule, category, severity, (element,), f"{rule} fired on {element}.")


SPOF = _finding("SPOF001", Category.SINGLE_POINT_OF_FAILURE, Severity.HIGH, "shortener-api")
REPL = _finding("REPL001", Category.MISSING_REPLICATION, Severity.HIGH, "postgres")
CACHE = _finding("CACHE001", Category.MISSING_CACHE, Severity.MEDIUM, "postgres")
LB = _finding("LB001", Category.MISSING_LOAD_BALANCER, Severity.MEDIUM, "web-server")

HOLDS = AnswerRecord("What happens when the ID range service is down?",
                     "Each API server holds a range of 10000 ids, so an outage of ID range service is invisible "
                     "for minutes; ranges are leased in ZooKeeper.", Verdict.HOLDS, Severity.HIGH)
PARTIAL = AnswerRecord("A link goes viral before it is cached: what hits the database?",
                       "We use request coalescing in the cache layer.", Verdict.PARTIAL, Severity.HIGH)
WAVING = AnswerRecord("How do you keep counting clicks when Kafka is down?", "It should be fine.",
                      Verdict.HAND_WAVING, Severity.MEDIUM)

SENIOR_ROUND = RoundSignals(
    requirements=STRONG_REQUIREMENTS, approach=STRONG_APPROACH, estimates=STRONG_ESTIMATES, problem=PROBLEM,
    sketch=STRONG_SKETCH, first_findings=(SPOF, REPL, LB), last_findings=(LB,), first_version=1, last_version=3,
    answers=(HOLDS, PARTIAL, WAVING),
)
WEAK_SKETCH = design("Client -> Web server", "Web server -> Postgres")
WEAK_FINDINGS = (
    _finding("SPOF001", Category.SINGLE_POINT_OF_FAILURE, Severity.HIGH, "web-server"),
    _finding("REPL001", Category.MISSING_REPLICATION, Severity.HIGH, "postgres"),
    CACHE, LB,
)
WEAK_ROUND = RoundSignals(
    requirements="- shorten urls", approach="", estimates={}, problem=PROBLEM, sketch=WEAK_SKETCH,
    first_findings=WEAK_FINDINGS, last_findings=WEAK_FINDINGS, first_version=1, last_version=1,
)


def _scores(card: Scorecard) -> dict[RoundPhase, int]:
    return {r.phase: r.score for r in card.rows}


def test_a_round_that_clears_the_senior_bar():
    card = score_round(SENIOR_ROUND, Level.SENIOR)
    # Requirements: 7 of 7 checklist items + a number = 8/8. Estimates: 5 inputs (1) + 4 figures within (8) = 9/9.
    # High level: no high left 4/4, both first-version highs resolved 3/3, one medium 2/2 = 9/9.
    # Deep dive: all seven concerns show (2 + 2 + 1×5 = 9/9). Trade-offs: holds 2 + partial 1 + hand-waving 0 of 6,
    # approach 1, a trade-off named ("at the cost of") 1: 5/8 = 62.5, rounded half to even: 62.
    assert _scores(card) == {RoundPhase.REQUIREMENTS: 100, RoundPhase.ESTIMATES: 100, RoundPhase.HIGH_LEVEL: 100,
                             RoundPhase.DEEP_DIVE: 100, RoundPhase.TRADEOFFS: 62}
    assert card.meets is Level.SENIOR and card.next_level is Level.STAFF
    assert all(r.passed for r in card.rows) and all(r.bar == BARS[Level.SENIOR][r.phase] for r in card.rows)
    # Only trade-offs is below staff's 75: its two largest gains are the hand-waving (2 of 8) and partial (1 of 8) answers.
    assert [(c.phase, c.gain) for c in card.changes] == [(RoundPhase.TRADEOFFS, 25), (RoundPhase.TRADEOFFS, 12)]
    assert "“How do you keep counting clicks when Kafka is down?”" in card.changes[0].text
    assert "“A link goes viral before it is cached" in card.changes[1].text
    assert card.verdict.startswith("This round meets the senior bar. To reach staff: back your answer to")
    assert card.rules_first == ("LB001", "REPL001", "SPOF001") and card.rules_last == ("LB001",)


def test_every_point_of_the_senior_round_is_backed_by_evidence():
    card = score_round(SENIOR_ROUND, Level.SENIOR)
    texts = {r.phase: [p.text for p in r.points] for r in card.rows}
    assert ("Covers the functional requirement “Redirect a short link to its long URL” with "
            "“Redirect a short code to the long URL”.") in texts[RoundPhase.REQUIREMENTS]
    assert "A requirement carries a number: “Redirects p99 under 50 ms”." in texts[RoundPhase.REQUIREMENTS]
    assert "Peak reads: 5.7k reads/s, within ×2 of the reference's 5.7k reads/s." in texts[RoundPhase.ESTIMATES]
    assert "No high-severity finding in v3." in texts[RoundPhase.HIGH_LEVEL]
    assert any(t.startswith("Resolved between v1 and v3: SPOF001") for t in texts[RoundPhase.HIGH_LEVEL])
    assert "Addresses “Generating unique short codes” (ID generator x2)." in texts[RoundPhase.DEEP_DIVE]
    assert "Addresses “Expiring links” (in your notes or answers)." in texts[RoundPhase.DEEP_DIVE]
    assert any(t.startswith("Hand-waving: “How do you keep counting") for t in texts[RoundPhase.TRADEOFFS])
    assert any(t.startswith("Names a trade-off:") and "at the cost of" in t for t in texts[RoundPhase.TRADEOFFS])
    for row in card.rows:
        assert row.points and all(p.text for p in row.points)
        assert sum(p.earned for p in row.points) <= sum(p.possible for p in row.points)


def test_a_round_that_misses_the_mid_bar():
    card = score_round(WEAK_ROUND, Level.MID)
    # Requirements: "shorten" covers 1 of 7, no number: 1/8 = 12.5 → 12. Estimates: nothing written: 0/9.
    # High level: two highs left 0/4, both open since v1 0/3, two mediums 1/2: 1/9 = 11.
    # Deep dive: only "Store for billions of small rows" shows (Postgres is a database): 1/9 = 11.
    # Trade-offs: no answer 0/2, no approach 0/1, no trade-off 0/1: 0.
    assert _scores(card) == {RoundPhase.REQUIREMENTS: 12, RoundPhase.ESTIMATES: 0, RoundPhase.HIGH_LEVEL: 11,
                             RoundPhase.DEEP_DIVE: 11, RoundPhase.TRADEOFFS: 0}
    assert card.meets is None and card.next_level is Level.MID
    assert not any(r.passed for r in card.rows)
    # Widest gaps to mid's bars: estimates (40 short), then high level (39): the largest gain in each.
    assert [(c.phase, c.gain) for c in card.changes] == [(RoundPhase.ESTIMATES, 22), (RoundPhase.HIGH_LEVEL, 22)]
    assert card.changes[0].text == "work out your own daily users"
    assert card.changes[1].text.startswith("resolve SPOF001 (single point of failure on the request path) on Web server")
    assert card.verdict.startswith("This round does not yet meet the mid-level bar. To reach mid: work out your own")


def test_the_weak_rounds_gaps_each_say_what_to_do():
    card = score_round(WEAK_ROUND, Level.MID)
    gaps = [p for r in card.rows for p in r.points if p.earned < p.possible]
    assert gaps and all(p.fix for p in gaps)
    req = card.row(RoundPhase.REQUIREMENTS)
    assert "Does not cover the non-functional requirement “Links are kept for at least five years”." in [
        p.text for p in req.points]
    assert any(p.text == "No sign of “Viral links and the read path”." for p in card.row(RoundPhase.DEEP_DIVE).points)


@pytest.mark.parametrize("level", list(Level))
def test_the_level_sets_the_bar_but_not_the_scores(level):
    card = score_round(SENIOR_ROUND, level)
    assert _scores(card) == _scores(score_round(SENIOR_ROUND, Level.MID))
    assert [r.bar for r in card.rows] == [BARS[level][p] for p in RoundPhase]
    assert card.meets is Level.SENIOR  # the verdict does not depend on the level asked for
    assert [r.passed for r in card.rows] == [r.score >= BARS[level][r.phase] for r in card.rows]


def test_model_requirement_checks_count_in_the_high_level_row():
    met = RequirementCheck("Redirects p99 under 50 ms", True, "critical path 31 ms")
    missed = RequirementCheck("99.99% availability", False, "one database zone caps it at 99.9%")
    card = score_round(RoundSignals(**{**SENIOR_ROUND.__dict__, "requirement_checks": (met, missed)}))
    row = card.row(RoundPhase.HIGH_LEVEL)
    assert "The model says the design meets “Redirects p99 under 50 ms”: critical path 31 ms." in [p.text for p in row.points]
    assert row.score == round(100 * 10 / 11)  # 9/9 as before, plus one of two checks
    assert any(p.fix == "change the design until it meets “99.99% availability”" for p in row.points)


def test_the_card_round_trips_through_json():
    card = score_round(SENIOR_ROUND, Level.STAFF)
    again = Scorecard.from_json(card.to_json())
    assert again == card
    with pytest.raises(ValueError):
        Scorecard.from_json({**card.to_json(), "schema": 99})


def test_a_free_form_round_without_a_problem_is_scored_from_what_there_is():
    signals = RoundSignals(requirements="- upload photos\n- p99 under 200 ms", approach="Store photos in S3 and "
                           "metadata in Postgres, rather than blobs in the database.",
                           estimates={"daily_users": 1e6, "requests_per_user": 10, "my_read_qps": 58},
                           sketch=WEAK_SKETCH, first_findings=(SPOF,), last_findings=(), last_version=2,
                           answers=(HOLDS,))
    card = score_round(signals)
    texts = [p.text for r in card.rows for p in r.points]
    assert "2 requirement lines written (five or more earn full marks)." in texts
    assert "Your peak reads (58) follows from your inputs (58)." in texts
    assert "Revised the design after the critique." in texts
    assert card.row(RoundPhase.TRADEOFFS).score == 100


def test_answers_are_read_back_from_stored_critiques():
    """The verdicts come from a real follow-up round of the offline critic, stored as the app stores it."""
    doc = SketchDocument(canvas=to_canvas(STRONG_SKETCH), title="Shortener", problem=PROBLEM.id,
                         requirements=STRONG_REQUIREMENTS, approach=STRONG_APPROACH)
    critic = OfflineCritic()
    first = critic.critique(request_for(doc, Mode.STRESS, version=1, problems={PROBLEM.id: PROBLEM}))
    payload = to_payload(first)
    # The first probe asks where the time of the redirect path goes: the answer takes Cassandra off that path.
    good = ("Redirects read hot codes from Redis cache x3 in about 2 ms, so Cassandra x3 leaves the redirect path "
            "and only cache misses pay its 50 ms.")
    payload = with_answers(payload, {0: good, 1: "just scale it"})
    from critique.payload import previous_answers

    second = critic.critique(request_for(doc, Mode.FOLLOWUP, version=1, problems={PROBLEM.id: PROBLEM},
                                         previous=previous_answers(payload)))
    payload = add_round(payload, second)
    records = answers_from_payloads([payload, {"rounds": "garbage"}])
    verdicts = [r.verdict for r in records]
    assert verdicts[0] is Verdict.HOLDS and verdicts[1] is Verdict.HAND_WAVING
    assert all(r.verdict is Verdict.UNANSWERED for r in records[2:])
    assert records[0].question == first.probes[0].question and records[0].answer == good
    assert len(records) == len(first.probes)
