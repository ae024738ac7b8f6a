"""The offline critic: specific, cited, varied across designs and modes, and deterministic."""

from __future__ import annotations

import dataclasses
import itertools
import string

import pytest

from critique.bank import CONDITIONS, FINDING_QUESTIONS, GENERIC_FINDING_QUESTIONS, INTERVIEW, KIND_QUESTIONS, TWISTS
from critique.facts import DesignFacts
from critique.judge import judge_answer
from critique.models import DESIGN, MAX_PROBES, PROBE_CATEGORIES, Answered, Mode, Verdict
from critique.offline import OfflineCritic
from critique.payload import StaleAnswers, add_round, answer_round, asked, previous_answers, to_payload
from critique.request import request_for
from design.model.document import SketchDocument
from design.model.sketch import Category, Kind, Severity, Sketch
from support.critique_designs import DESIGNS, all_documents, problems, request
from support.paths import ROOT

NAMES = sorted(all_documents())
CRITIC = OfflineCritic()


def questions(name: str, mode: Mode, **overrides: object) -> list[str]:
    return [p.question for p in CRITIC.critique(request(name, mode, **overrides)).probes]


def test_the_recorded_examples_are_included():
    # The examples recorded from the real canvas are on main; this suite must run over them, not only our own.
    assert any(n.endswith(".canvas.json") for n in NAMES), NAMES


@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("name", NAMES)
def test_every_probe_cites_existing_targets_and_is_well_formed(name, mode):
    req = request(name, mode)
    result = CRITIC.critique(req)
    assert result.critic == "offline" and result.model is None and result.mode is mode and result.version == 1
    assert 3 <= len(result.probes) <= MAX_PROBES
    valid = req.sketch.ids | {DESIGN}
    for p in result.probes:
        assert p.targets and set(p.targets) <= valid, (p.question, p.targets)
        assert p.category in PROBE_CATEGORIES
        assert p.question.strip() and p.why_it_matters.strip()
        assert "{" not in p.question and "}" not in p.question, p.question  # every placeholder filled
    assert len({p.question for p in result.probes}) == len(result.probes)


@pytest.mark.parametrize("name", NAMES)
def test_most_probes_name_a_component_of_this_design(name):
    req = request(name, Mode.STRESS)
    labels = [c.label for c in req.sketch.components if c.label]
    probes = CRITIC.critique(req).probes
    naming = [p for p in probes if any(label in p.question for label in labels)]
    assert len(naming) >= len(probes) // 2, [p.question for p in probes]


@pytest.mark.parametrize("mode", list(Mode))
def test_probes_differ_across_designs(mode):
    sets = {name: frozenset(questions(name, mode)) for name in NAMES}
    for a, b in itertools.combinations(NAMES, 2):
        assert sets[a] != sets[b], (a, b)
        # Not just a reordering or a one-question change: most of the questions differ.
        assert len(sets[a] & sets[b]) <= max(len(sets[a]), len(sets[b])) // 2, (a, b, sets[a] & sets[b])


@pytest.mark.parametrize("name", NAMES)
def test_probes_differ_across_modes(name):
    by_mode = {m: questions(name, m) for m in Mode}
    for a, b in itertools.combinations(Mode, 2):
        assert by_mode[a] != by_mode[b], (name, a, b)
        assert len(set(by_mode[a]) & set(by_mode[b])) < len(by_mode[a]), (name, a, b)


@pytest.mark.parametrize("name", NAMES)
def test_deterministic(name):
    assert CRITIC.critique(request(name)).probes == CRITIC.critique(request(name)).probes


def test_seeded_by_content_not_by_version_or_object_order():
    base = request("built:shortener")
    assert CRITIC.critique(base).probes == CRITIC.critique(dataclasses.replace(base, version=7)).probes
    doc = all_documents()["built:shortener"]
    shuffled = dataclasses.replace(doc, canvas={**doc.canvas, "objects": list(reversed(doc.canvas["objects"]))})
    assert CRITIC.critique(request_for(shuffled, Mode.STRESS, version=1)).probes == CRITIC.critique(base).probes


def test_no_unseeded_randomness_in_critique():
    for path in (ROOT / "critique").glob("*.py"):
        text = path.read_text()
        assert "import random" not in text and "from random" not in text, path.name
        assert "uuid4" not in text and "time.time()" not in text, path.name


# --- the sources -------------------------------------------------------------------


def test_findings_become_questions_that_name_the_component():
    req = request("sloppy.canvas.json")
    probes = CRITIC.critique(req).probes
    dsa = [p for p in probes if p.category == Category.DIRECT_DATASTORE_ACCESS.value]
    assert dsa and "db" in dsa[0].question and "db" in dsa[0].targets


def test_missing_problem_concern_is_asked_and_present_concern_is_probed_deeper():
    doc = all_documents()["built:shortener"]
    bank = problems()
    missing = request_for(dataclasses.replace(doc, problem="url-shortener"), Mode.STRESS, problems=bank)
    concern = next(c for c in bank["url-shortener"].concerns if c.id == "code-generation")
    assert concern.missing in [p.question for p in CRITIC.critique(missing).probes]

    # Say how codes are made (in the approach), and draw a key generation service: the concern is addressed.
    drawn = DESIGNS["shortener"]
    objects = [*drawn["objects"], {**drawn["objects"][0], "label": "Key generation service", "left": 20, "top": 300}]
    doc2 = SketchDocument(canvas={"version": "7.4.0", "objects": objects}, problem="url-shortener",
                          approach="Codes are base62 counters handed out in ranges.")
    present = CRITIC.critique(request_for(doc2, Mode.FOLLOWUP, problems=bank)).probes
    texts = [p.question for p in present]
    assert concern.missing not in texts
    assert any(t.startswith("Codes come from Key generation service") for t in texts), texts


def test_kind_bank_reaches_queues_caches_and_databases():
    seen: dict[Kind, set[str]] = {}
    for name in NAMES:
        for mode in (Mode.STRESS, Mode.FOLLOWUP):
            req = request(name, mode)
            kinds = {c.id: c.kind for c in req.sketch.components}
            for p in CRITIC.critique(req).probes:
                for t in p.targets:
                    if t in kinds:
                        seen.setdefault(kinds[t], set()).add(p.question)
    for kind in (Kind.CACHE, Kind.QUEUE, Kind.DATABASE, Kind.SERVICE):
        assert len(seen.get(kind, ())) >= 3, kind


def test_harder_mode_states_one_twist_first():
    for name in NAMES:
        probes = CRITIC.critique(request(name, Mode.HARDER)).probes
        assert probes[0].question.startswith("New constraint — ") and probes[0].targets == (DESIGN,)
        assert sum(p.question.startswith("New constraint") for p in probes) == 1
        assert sum(p.category == "variant" for p in probes) >= 2


def test_harder_mode_uses_the_problems_twist_when_there_is_one():
    req = request("url-shortener.canvas.json", Mode.HARDER)
    titles = [v.title for v in req.problem.variants]
    assert any(t in CRITIC.critique(req).probes[0].question for t in titles)
    without = CRITIC.critique(dataclasses.replace(req, problem=None)).probes[0].question
    assert any(t.title in without for t in TWISTS)


def test_estimates_mode_asks_for_numbers_before_computing_any():
    probes = CRITIC.critique(request("built:minimal", Mode.ESTIMATES)).probes
    assert "not written down any estimates" in probes[0].question
    inputs = {"daily_users": 1e6, "requests_per_user": 10, "read_write_ratio": 9, "peak_factor": 2, "payload_bytes": 1000}
    probes = CRITIC.critique(request("built:minimal", Mode.ESTIMATES, estimates=inputs)).probes
    text = " ".join(p.question for p in probes)
    assert "You have the inputs but not your own" in text
    assert "208" not in text and "23/s" not in text  # derived figures stay hidden until the user writes theirs


def test_estimates_mode_recomputes_and_challenges_a_wrong_figure():
    inputs = {"daily_users": 1e6, "requests_per_user": 10, "read_write_ratio": 9, "peak_factor": 2,
              "payload_bytes": 1000, "my_read_qps": 20_000, "my_write_qps": 25}
    probes = CRITIC.critique(request("built:minimal", Mode.ESTIMATES, estimates=inputs)).probes
    wrong = [p for p in probes if "You wrote 20k for peak read QPS" in p.question]
    assert wrong and "your own inputs give about 208" in wrong[0].question and wrong[0].severity is Severity.HIGH
    assert not any("peak write QPS" in p.question and "You wrote" in p.question for p in probes)  # 25 ≈ 23 agrees
    assert any(p.targets == ("postgres",) and "25 writes/s" in p.question for p in probes)


def test_estimates_against_the_problems_scale():
    req = request("url-shortener.canvas.json", Mode.ESTIMATES, estimates={"daily_users": 1000, "requests_per_user": 5})
    text = " ".join(p.question for p in CRITIC.critique(req).probes)
    assert "The problem states daily users of about 20M; you wrote 1k" in text


def test_empty_design_gets_one_honest_probe():
    req = request_for(SketchDocument(canvas={"version": "", "objects": []}), Mode.STRESS)
    result = CRITIC.critique(req)
    assert len(result.probes) == 1 and "no components" in result.probes[0].question


def test_progress_reports_a_status_then_each_probe():
    events = []
    result = CRITIC.critique(request("built:minimal"), events.append)
    assert events[0].probe is None and "v1" in events[0].status
    assert [e.probe for e in events[1:]] == list(result.probes)


# --- the follow-up round -------------------------------------------------------------


def test_followup_round_judges_answers_and_pushes_on_the_weakest():
    first = CRITIC.critique(request("built:shortener")).probes
    answers = [
        "",
        "We'll just scale it, should be fine.",
        "Postgres has a synchronous replica in another zone; failover is automatic in about 30 seconds and the "
        "API retries with an idempotency key.",
        "Retries with backoff.",
    ]
    previous = tuple(Answered(p, a) for p, a in zip(first, answers, strict=False))
    result = CRITIC.critique(request("built:shortener", previous=previous))
    verdicts = [a.verdict for a in result.assessments]
    assert verdicts == [Verdict.UNANSWERED, Verdict.HAND_WAVING, Verdict.HOLDS, Verdict.PARTIAL]
    assert result.probes[0].question.startswith("Still open from the last round")
    assert "We'll just scale it" in result.probes[1].question
    assert any(p.question.startswith("Suppose ") for p in result.probes)
    for p, old in ((result.probes[0], first[0]), (result.probes[1], first[1])):
        assert p.targets == old.targets


def test_answers_are_filed_only_under_the_round_and_questions_the_user_saw():
    first = CRITIC.critique(request("built:shortener"))
    payload = to_payload(first)
    position, questions = asked(payload)
    assert position == 0 and questions == tuple(p.question for p in first.probes)
    answered = answer_round(payload, 0, questions, {0: " A queue with idempotency keys. ", 1: "  "})
    assert answered["answers"] == {"0": "A queue with idempotency keys."}
    second = CRITIC.critique(request("built:shortener", previous=previous_answers(answered)))
    moved_on = add_round(answered, second)
    assert asked(moved_on) == (1, tuple(p.question for p in second.probes))
    # A page still showing round 0 (another tab asked for the follow-up) cannot file its answers.
    with pytest.raises(StaleAnswers, match="questions of the critique, but this critique is at follow-up round 1"):
        answer_round(moved_on, 0, questions, {0: "meant for round 0"})
    # Nor can a page that shows round 1 with other questions (a fresh follow-up replaced it).
    with pytest.raises(StaleAnswers):
        answer_round(moved_on, 1, questions, {0: "meant for other questions"})
    filed = answer_round(moved_on, 1, asked(moved_on)[1], {0: "Redis holds hot links for 60 s."})
    assert filed["answers"] == answered["answers"] and filed["rounds"][0]["answers"] == {
        "0": "Redis holds hot links for 60 s."}


def test_judge_answer_needs_a_mechanism_and_something_checkable():
    facts = DesignFacts(request("built:shortener").sketch)
    stampede = next(p for p in CRITIC.critique(request("built:shortener")).probes if p.category == "bottleneck")
    assert judge_answer("   ", facts, stampede).verdict is Verdict.UNANSWERED
    assert judge_answer("It is fine, we just add more servers.", facts, stampede).verdict is Verdict.HAND_WAVING
    assert judge_answer("Put a cache in front of the database with a short TTL for hot keys", facts,
                        stampede).verdict is Verdict.PARTIAL
    assert judge_answer("Redis cache holds hot links with a 60 s TTL and request coalescing on misses", facts,
                        stampede).verdict is Verdict.HOLDS


# --- the bank itself -------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_kind_has_questions_and_every_template_fills():
    facts = DesignFacts(request("built:shortener").sketch)
    words = facts.placeholders(next(iter(facts.nodes.values())))
    for kind in Kind:
        assert KIND_QUESTIONS.get(kind), f"no questions for {kind}"
        for q in KIND_QUESTIONS[kind]:
            assert q.when in CONDITIONS and q.category in PROBE_CATEGORIES
            q.text.format(**words)
    finding_words = {"name": "x", "names": "x", "upstream": "x", "message": "x."}
    for category in Category:
        assert len(FINDING_QUESTIONS[category]) >= 2, category
        for t in FINDING_QUESTIONS[category]:
            assert _fields(t) <= set(finding_words), t
    for t in GENERIC_FINDING_QUESTIONS:
        t.format(**finding_words)
    for twist in TWISTS:
        for texts in twist.questions.values():
            for t in texts:
                t.format(**words)
    for texts in INTERVIEW.values():
        for t in texts:
            assert _fields(t) <= {"name", "path"}


def test_cache_queue_and_database_banks_cover_the_classic_topics():
    topics = {k: {q.topic for q in KIND_QUESTIONS[k]} for k in (Kind.CACHE, Kind.QUEUE, Kind.DATABASE)}
    assert {"invalidation", "stampede", "hot-keys", "eviction"} <= topics[Kind.CACHE]
    assert {"ordering", "retries", "poison", "backpressure"} <= topics[Kind.QUEUE]
    assert {"shard-key", "hot-partition", "failover", "backups"} <= topics[Kind.DATABASE]


def test_facts_name_flows_and_skip_monitoring_as_a_dependency():
    facts = DesignFacts(request("url-shortener.canvas.json").sketch)
    api = facts.nodes["shortener-api"]
    assert "prometheus" not in api.callees
    flow = next(iter(facts.ctx.flow_by_id))
    assert "→" in facts.name(flow)


def test_large_generated_design_is_bounded():
    from design.canvas.recognize import make_component
    from design.model.geometry import Box, Point
    from design.model.sketch import Flow

    comps = tuple(make_component(f"svc-{i}", f"Service {i}", Box(i * 10, 0, 5, 5)) for i in range(60))
    flows = tuple(Flow(f"svc-{i}->svc-{j}", f"svc-{i}", f"svc-{j}", "", Point(0, 0), Point(1, 1))
                  for i in range(60) for j in range(i + 1, min(i + 6, 60)))
    client = make_component("client", "Client", Box(0, 100, 5, 5))
    sketch = Sketch((client, *comps), (Flow("client->svc-0", "client", "svc-0", "", Point(0, 0), Point(1, 1)), *flows))
    facts = DesignFacts(sketch)
    assert 2 <= len(facts.longest_sync_path) <= 12


def test_a_cache_used_as_the_store_is_asked_about_its_state_not_about_misses():
    counters = DesignFacts(request("rate-limiter.canvas.json").sketch).nodes["redis-counters"]
    cache = DesignFacts(request("built:shortener").sketch).nodes["redis-cache"]
    topics = {q.topic: q.when for q in KIND_QUESTIONS[Kind.CACHE]}
    assert CONDITIONS[topics["state-loss"]](counters) and not CONDITIONS[topics["stampede"]](counters)
    assert CONDITIONS[topics["stampede"]](cache) and not CONDITIONS[topics["state-loss"]](cache)
    facts = DesignFacts(request("rate-limiter.canvas.json").sketch)
    assert facts.source_behind(counters) is None  # incremented, never read through: it fronts nothing
    shortener = DesignFacts(request("built:shortener").sketch)
    assert shortener.source_behind(cache) == "postgres"


@pytest.mark.parametrize("mode", list(Mode))
def test_the_offline_critic_asks_and_never_hands_over_a_design(mode):
    """The guard that drops Claude's prescriptions would pass every offline probe, first and follow-up rounds."""
    from critique.guard import prescription

    for name in NAMES:
        first = CRITIC.critique(request(name, mode)).probes
        for answer in ("We'll just scale it.", "Postgres keeps 3 replicas with synchronous commit; failover in 30 s."):
            prev = tuple(Answered(p, answer) for p in first[:3])
            for p in (*first, *CRITIC.critique(request(name, mode, previous=prev)).probes):
                assert prescription(p.question, p.why_it_matters) is None, (name, p.question)


@pytest.mark.parametrize("name", NAMES)
def test_a_design_wide_finding_is_asked_about_the_system_in_plain_words(name):
    # A design-wide finding (no auth, no rate limit) has no component to name: the question names
    # "this system", never the tool's word for the document ("Who is allowed to call the design?").
    for mode in Mode:
        for q in questions(name, mode):
            assert "the design," not in q and not q.rstrip("?").endswith("the design"), q
