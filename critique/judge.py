"""The offline follow-up round: judge the user's written answers, then push on them.

An answer holds when it names a mechanism *and* commits to something
checkable: a number, or a component of the design that does the work. It is
hand-waving when it hedges ("just scale it", "should be fine") without either.
Everything else is partial. The next probes go after the weakest answers
first, and escalate on the strong ones ("suppose that works: what fails
next?"), so a good answer earns a harder question rather than a pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from critique.facts import DesignFacts
from critique.models import Answered, Assessment, Probe, Verdict
from critique.seed import Seed
from design.model.labels import clean_label, says
from design.model.sketch import Severity

__all__ = ["MECHANISMS", "Judgement", "judge", "judge_answer"]

_HEDGES = ("just", "simply", "somehow", "should be fine", "probably", "maybe", "i think", "i guess", "hopefully",
           "scale horizontally", "add more", "etc", "handle it", "handles it", "it depends", "some kind of",
           "as needed", "obviously", "easy", "no problem", "not a problem", "won't happen", "never happens",
           "we'll see", "tbd")
_NUMBER = re.compile(r"\d")
_MIN_WORDS = 8


@dataclass(frozen=True, slots=True)
class Mechanism:
    """A technique an answer may invoke, and the question that tests whether it was thought through."""

    name: str
    words: tuple[str, ...]
    next_question: str


MECHANISMS: tuple[Mechanism, ...] = (
    Mechanism("idempotency", ("idempotent", "idempotency", "dedup", "deduplicate", "de-duplicate", "exactly once"),
              "Where are the idempotency keys stored, for how long, and what does a retry get while the first attempt is still running?"),
    Mechanism("retries", ("retry", "retries", "retried", "backoff", "back-off"),
              "How many attempts, with what backoff, and what makes the retried operation safe to repeat?"),
    Mechanism("replication", ("replica", "replicas", "replication", "replicate", "standby", "follower", "followers"),
              "Synchronous or asynchronous replication? What is lost when the primary dies before a write reaches a replica?"),
    Mechanism("failover", ("failover", "fail over", "fails over", "promote", "promotion", "leader election", "election"),
              "Who decides the primary is dead, how long does that take, and what stops two primaries at once?"),
    Mechanism("sharding", ("shard", "shards", "sharding", "partition", "partitions", "partitioning", "consistent hashing"),
              "What is the key, what happens to the hottest key, and how much data moves when you add a node?"),
    Mechanism("caching", ("cache", "caching", "cached", "ttl", "redis", "memcached", "cdn"),
              "What TTL, what happens when a hot entry expires under load, and how do updates reach the cache?"),
    Mechanism("queueing", ("queue", "queues", "kafka", "sqs", "rabbitmq", "async", "asynchronous", "buffer"),
              "What happens when the consumer falls an hour behind: how deep does it get, and what is dropped first?"),
    Mechanism("circuit breaking", ("circuit breaker", "circuit-breaker", "breaker", "bulkhead"),
              "What trips the breaker, and what does the caller return to users while it is open?"),
    Mechanism("rate limiting", ("rate limit", "rate-limit", "rate limiting", "throttle", "throttling", "quota"),
              "Counted where — per instance or globally — and what does a limited client see?"),
    Mechanism("timeouts", ("timeout", "timeouts", "deadline", "deadlines"),
              "What is the number, and how does it compare with the callee's p99 and the caller's own budget?"),
    Mechanism("backups", ("backup", "backups", "snapshot", "snapshots", "point-in-time", "restore"),
              "When was a restore last tested, and how long did it take for the full data set?"),
    Mechanism("monitoring", ("alert", "alerts", "alarm", "metric", "metrics", "monitor", "monitoring", "dashboard", "page", "paged"),
              "Which metric, what threshold, and who is paged at 3 am?"),
    Mechanism("autoscaling", ("autoscale", "autoscaling", "auto-scaling", "scale out", "scale up"),
              "How long does a new instance take to serve traffic, and what happens during those minutes?"),
    Mechanism("locking", ("lock", "locks", "lease", "leases", "mutex", "compare-and-set", "cas"),
              "What happens if the holder dies while holding it, and how long is the lease?"),
    Mechanism("transactions", ("transaction", "transactions", "atomic", "acid", "two-phase", "2pc", "saga"),
              "Which stores does it span? If more than one, what makes the whole thing atomic?"),
    Mechanism("load balancing", ("load balancer", "load balancing", "round robin", "health check", "health checks"),
              "How does it detect a dead instance, and what happens to requests already sent to it?"),
)


@dataclass(frozen=True, slots=True)
class Judgement:
    """An answer's verdict, and what made it so."""

    verdict: Verdict
    comment: str
    mechanisms: tuple[Mechanism, ...]


def _quote(text: str, limit: int = 90) -> str:
    text = clean_label(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def judge_answer(answer: str, facts: DesignFacts) -> Judgement:
    """Judge one written answer against the design it is about."""
    text = clean_label(answer)
    if not text:
        return Judgement(Verdict.UNANSWERED, "No answer yet: this probe is still open.", ())
    low = text.lower()
    words = len(text.split())
    mechanisms = tuple(m for m in MECHANISMS if says(low, *m.words))
    hedges = [h for h in _HEDGES if says(low, h)]
    has_number = bool(_NUMBER.search(text))
    named = [n.name for n in facts.nodes.values() if len(n.name) > 2 and n.name.lower() in low]
    concrete = has_number or bool(named)
    if mechanisms and concrete and words >= _MIN_WORDS:
        what = ", ".join(m.name for m in mechanisms[:2])
        anchor = f"names {named[0]}" if named else "commits to a number"
        return Judgement(Verdict.HOLDS, f"Holds: relies on {what} and {anchor}, which can be checked.", mechanisms)
    if not mechanisms and (hedges or words < _MIN_WORDS):
        why = f"“{hedges[0]}”" if hedges else "too short to say how"
        return Judgement(
            Verdict.HAND_WAVING,
            f"Hand-waving: “{_quote(text, 60)}” names no mechanism and no number ({why}).",
            (),
        )
    if mechanisms:
        return Judgement(
            Verdict.PARTIAL,
            f"Partial: {mechanisms[0].name} is the right kind of answer, but nothing says which component does it or how much.",
            mechanisms,
        )
    return Judgement(
        Verdict.PARTIAL,
        "Partial: it describes the outcome, not the mechanism that produces it.",
        (),
    )


def judge(previous: Sequence[Answered], facts: DesignFacts, seed: Seed) -> tuple[list[Assessment], list[Probe]]:
    """Assess every answer of the previous round and write the next probes, weakest answers first."""
    assessments: list[Assessment] = []
    weak: list[Probe] = []
    partial: list[Probe] = []
    strong: list[Probe] = []
    for i, item in enumerate(previous):
        j = judge_answer(item.answer, facts)
        assessments.append(Assessment(i, j.verdict, j.comment))
        p = item.probe
        if j.verdict is Verdict.UNANSWERED:
            weak.append(Probe(
                f"Still open from the last round: {p.question}",
                p.why_it_matters, p.targets, p.category, p.severity,
            ))
        elif j.verdict is Verdict.HAND_WAVING:
            weak.append(Probe(
                f"You answered “{_quote(item.answer)}”. Which component does that, by what mechanism, and what number "
                "tells you it is enough?",
                "An answer that restates the hope that it works cannot be checked, so it cannot be trusted in an incident.",
                p.targets, p.category, _raise(p.severity),
            ))
        elif j.verdict is Verdict.PARTIAL:
            m = j.mechanisms[0] if j.mechanisms else None
            question = (
                f"You lean on {m.name}. {m.next_question}" if m else
                "You describe what should happen. What mechanism makes it happen, in which component, and what does it cost?"
            )
            partial.append(Probe(question, p.why_it_matters, p.targets, p.category, p.severity))
        else:
            m = seed.pick(j.mechanisms, "escalate", str(i))
            strong.append(Probe(
                f"Suppose {m.name} works as you describe. {m.next_question} And at 10× the load, what fails next?",
                "A good answer moves the weak point; the interviewer's next question is where it moved to.",
                p.targets, p.category, p.severity,
            ))
    return assessments, weak + partial + strong


def _raise(severity: Severity) -> Severity:
    return Severity.MEDIUM if severity.rank < Severity.MEDIUM.rank else severity
