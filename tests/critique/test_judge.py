"""The offline follow-up judge: an answer holds only when it names a mechanism for the question's concern and
commits to something checkable (a number, a component of the user's design, a named technique).

Table-driven: each row is a probe as the offline critic words it, an answer a candidate might write, and the
verdict a coach would give. Generic answers must never hold, whatever probe they are pasted under.
"""

from __future__ import annotations

import pytest

from critique.bank import FINDING_QUESTIONS, INTERVIEW, KIND_QUESTIONS, TWISTS
from critique.facts import DesignFacts
from critique.judge import concerns_of, judge_answer
from critique.models import Probe, Verdict
from critique.offline import OfflineCritic
from design.model.sketch import Severity
from support.critique_designs import problems, request

FACTS = DesignFacts(request("built:shortener").sketch)  # Mobile app, Load balancer, API server x3, Redis cache, ...


def probe(question: str, category: str) -> Probe:
    return Probe(question, "why it matters", ("design",), category, Severity.HIGH)


SPOF = probe("Postgres is a single instance and requests depend on it. It dies at peak: what do users see, and how "
             "long until it is back?", "single_point_of_failure")
STAMPEDE = probe("A hot key in Redis cache expires and 5,000 requests miss in the same instant. What stops every one "
                 "of them from going to Postgres at once?", "bottleneck")
RETRIED_WRITE = probe("A client times out and retries a write to API server x3. What stops it from being applied "
                      "twice?", "consistency")
SLOW_CALL = probe("API server x3 calls Postgres synchronously. What is the timeout on each call, and what does API "
                  "server x3 return when Postgres is slow rather than down?", "latency")
BACKLOG = probe("API server x3 publish faster than Click worker can drain Kafka queue for an hour. How deep does the "
                "backlog get, how old is the oldest message, and who notices?", "bottleneck")
ABUSE = probe("One client sends the gateway 100× its usual traffic. Where are the limits kept, and are they counted "
              "per gateway instance or globally?", "missing_rate_limiting")
LOST_DATA = probe("Postgres holds the only copy of that data. What happens to the promise when its disk dies?",
                  "durability")
ALL = (SPOF, STAMPEDE, RETRIED_WRITE, SLOW_CALL, BACKLOG, ABUSE, LOST_DATA)

GENERIC = (
    "We would scale it.",
    "We would scale it horizontally and add more servers as the traffic grows over time.",
    "Use best practices and add redundancy, e.g. 3 of them.",
    "Follow industry best practices for reliability, with 99.99% availability as the target for everything.",
    "It depends on the load; monitoring will tell us.",
    "It depends on the traffic we see, but we would add a cache and replicas as needed.",
    "Kafka, Redis, Kubernetes, microservices, sharding, CDN and 99.99% uptime.",
    "Microservices, Kafka, Redis cache, consistent hashing, Kubernetes autoscaling, 3 regions.",
    "This should be fine because the cloud provider handles it for us somehow.",
)


@pytest.mark.parametrize("answer", GENERIC)
@pytest.mark.parametrize("asked", ALL, ids=lambda p: p.question[:30])
def test_generic_answers_never_hold_whatever_they_answer(asked: Probe, answer: str):
    judged = judge_answer(answer, FACTS, asked)
    assert judged.verdict is not Verdict.HOLDS, judged.comment


@pytest.mark.parametrize(("asked", "answer"), [
    (SPOF, "Postgres gets a synchronous standby in a second zone; automatic failover promotes it in about 30 s."),
    (SPOF, "Run Postgres as a primary with 2 replicas behind Patroni, so leader election promotes one when it dies."),
    (STAMPEDE, "Request coalescing in front of Postgres: only the first miss for a key reads the database, the rest wait."),
    (STAMPEDE, "Redis cache refreshes hot keys early with a 10% TTL jitter so they never all expire together."),
    (RETRIED_WRITE, "Clients send an idempotency key; API server x3 stores it with the result in Postgres for 24 h."),
    (RETRIED_WRITE, "Writes carry a request id and a unique constraint in Postgres rejects the second insert."),
    (SLOW_CALL, "Each Postgres call from API server x3 has a 200 ms timeout, and a circuit breaker opens at 50% errors."),
    (BACKLOG, "Kafka queue keeps 7 days of messages; we alert when consumer lag passes 10 minutes and add consumers."),
    (ABUSE, "A token bucket per API key in Redis cache, counted globally, returns 429 beyond 100 requests a second."),
    (LOST_DATA, "Nightly snapshots plus WAL archiving give point-in-time recovery with an RPO of 5 minutes."),
])
def test_specific_answers_for_the_concern_hold(asked: Probe, answer: str):
    judged = judge_answer(answer, FACTS, asked)
    assert judged.verdict is Verdict.HOLDS, judged.comment
    assert judged.comment.startswith("Holds: ")


@pytest.mark.parametrize(("asked", "answer"), [
    # A specific answer to another question: replicas do not stop a duplicate write, a cache does not stop a flood.
    (RETRIED_WRITE, "Postgres gets a synchronous standby in a second zone; automatic failover in about 30 s."),
    (ABUSE, "Redis cache holds hot links with a 60 s TTL and request coalescing on misses."),
    (LOST_DATA, "Each Postgres call has a 200 ms timeout and a circuit breaker opens at 50% errors."),
])
def test_a_specific_answer_to_another_question_does_not_hold(asked: Probe, answer: str):
    judged = judge_answer(answer, FACTS, asked)
    assert judged.verdict is Verdict.HAND_WAVING and judged.comment.startswith("Beside the point:"), judged.comment


@pytest.mark.parametrize(("asked", "answer", "why"), [
    (STAMPEDE, "Put a cache in front of the database with a short TTL for hot keys", "nothing says which component"),
    (SPOF, "We add replicas and it fails over, but the details depend on the load.", "“depend on the load”"),
    (SLOW_CALL, "Timeouts everywhere.", "too briefly"),
])
def test_the_right_kind_of_answer_without_a_commitment_is_partial(asked: Probe, answer: str, why: str):
    judged = judge_answer(answer, FACTS, asked)
    assert judged.verdict is Verdict.PARTIAL and why in judged.comment, judged.comment


def test_nothing_written_is_unanswered_and_a_shrug_is_hand_waving():
    assert judge_answer("   ", FACTS, SPOF).verdict is Verdict.UNANSWERED
    shrug = judge_answer("It is fine, we just add more servers.", FACTS, SPOF)
    assert shrug.verdict is Verdict.HAND_WAVING and "names no mechanism" in shrug.comment
    listed = judge_answer("Kafka, Redis, Kubernetes, microservices, sharding, CDN and 99.99% uptime.", FACTS, BACKLOG)
    assert listed.verdict is Verdict.HAND_WAVING and "a list of techniques" in listed.comment


def test_names_with_digits_are_not_numbers_and_the_client_is_not_a_worker():
    """"S3" and "2PC" are names, not figures; naming the user's phone app commits to nothing."""
    assert judge_answer("Replicate the database to S3 continuously and promote a standby when it dies.", FACTS,
                        SPOF).verdict is Verdict.PARTIAL
    assert judge_answer("The Mobile app retries and the standby takes over from the primary when it dies.", FACTS,
                        SPOF).verdict is Verdict.PARTIAL
    assert judge_answer("The Load balancer health checks send traffic to the standby when the primary dies.", FACTS,
                        SPOF).verdict is Verdict.HOLDS


def _every_question() -> list[tuple[str, str]]:
    """Every (question, category) the offline critic can ask, as templates (their words are what counts)."""
    out = [(q.text, q.category) for qs in KIND_QUESTIONS.values() for q in qs]
    out += [(t, c.value) for c, ts in FINDING_QUESTIONS.items() for t in ts]
    out += [(t, cat) for key, cat in (("ten_x", "scaling"), ("node_dies", "single_point_of_failure"),
                                      ("worst_case", "latency")) for t in INTERVIEW[key]]
    out += [(q, "variant") for tw in TWISTS for qs in tw.questions.values() for q in qs]
    out += [(c.missing, c.category) for p in problems().values() for c in p.concerns]
    return out


#: Categories that name no concern of their own: what is asked is read from the question's words, and where
#: they say nothing either (a product rule, a box without a name) any mechanism may answer it.
WORDS_ONLY = {"requirements", "variant", "orphan_component", "unreachable_component", "dangling_flow",
              "unlabeled_component"}


def test_every_question_is_judged_against_its_concern_unless_it_asks_about_the_product_or_the_drawing():
    vague = {category for q, category in _every_question() if not concerns_of(probe(q, category))}
    assert vague <= WORDS_ONLY
    asked = _every_question()
    assert sum(1 for q, c in asked if concerns_of(probe(q, c))) / len(asked) > 0.85


@pytest.mark.parametrize("answer", GENERIC)
def test_generic_answers_do_not_hold_where_the_concern_cannot_be_told_either(answer: str):
    tie = probe("Two players have the same score. Who ranks higher, and is it the same answer every time?",
                "requirements")
    assert concerns_of(tie) == frozenset()
    assert judge_answer(answer, FACTS, tie).verdict is not Verdict.HOLDS


def test_a_follow_up_round_pushes_on_an_answer_beside_the_point_with_the_original_concern():
    from critique.models import Answered, Mode

    first = OfflineCritic().critique(request("built:shortener"))
    answers = ["Redis cache holds hot links with a 60 s TTL and request coalescing on misses."] * len(first.probes)
    previous = tuple(Answered(p, a) for p, a in zip(first.probes, answers, strict=True))
    judged = OfflineCritic().critique(request("built:shortener", mode=Mode.FOLLOWUP, previous=previous))
    verdicts = {a.verdict for a in judged.assessments}
    # The same caching answer pasted under every question holds only where caching answers the concern.
    assert Verdict.HOLDS in verdicts and verdicts - {Verdict.HOLDS}
    for a, p in zip(judged.assessments, first.probes, strict=True):
        assert (a.verdict is Verdict.HOLDS) == bool(concerns_of(p) & {"load", "latency", "cost"}), (p.question, a)


def test_a_components_name_is_not_a_claim_about_a_mechanism():
    """"Redis cache" names the user's box: it does not make an answer about caching (or one beside the point)."""
    judged = judge_answer("Every write goes through Redis cache first and then to Postgres, 10 times a second.",
                          FACTS, RETRIED_WRITE)
    assert judged.verdict is Verdict.PARTIAL and judged.mechanisms == ()
    sticky = probe("Sticky sessions or not? If one user's requests land on different instances of API server x3, "
                   "what state breaks?", "consistency")
    assert judge_answer("No sticky sessions: API server x3 keeps no state, since every session lives in Redis cache.",
                        FACTS, sticky).verdict is Verdict.HOLDS
