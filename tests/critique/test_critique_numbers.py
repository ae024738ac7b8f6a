"""The critic presses on the gap between the targets the user wrote and the numbers of the drawing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from critique.models import DESIGN, CritiqueRequest, Mode
from critique.offline import OfflineCritic
from critique.prompt import SYSTEM_PROMPT, user_message
from critique.request import request_for
from design.analysis.analyze import analyze_with_numbers
from design.model.document import SketchDocument
from design.readers.dispatch import read_import
from support.paths import EXAMPLES
from support.sketch_dsl import design

CRITIC = OfflineCritic()


def shortener(requirements: str) -> SketchDocument:
    doc = read_import("u.canvas.json", (EXAMPLES / "url-shortener.canvas.json").read_bytes()).document
    return SketchDocument(doc.canvas, title="URL shortener", requirements=requirements,
                          approach="Cache the redirects in Redis and keep the links in Postgres.")


def numbers_block(text: str) -> ET.Element:
    start, end = text.index("<numbers"), text.index("</numbers>") + len("</numbers>")
    return ET.fromstring(text[start:end])


def test_the_request_carries_the_model_and_the_checklist():
    request = request_for(shortener("redirect in < 50 ms\nfour nines"), Mode.STRESS, version=1)
    assert request.numbers is not None and request.numbers.slowest.p99_ms == 105
    block = numbers_block(user_message(request))
    targets = block.find("checklist").findall("target")
    assert [(t.get("status"), t.get("kind"), t.get("target"), t.get("model")) for t in targets] == [
        ("not_met", "latency", "p99 ≤ 50 ms", "60 ms at p99"),
        ("met", "availability", "≥ 99.99% available", "99.99498%"),
    ]
    assert targets[0].text == "redirect in < 50 ms"  # parsed back from "&lt;": escaped in the prompt
    assert targets[0].get("path") == "users load-balancer shortener-api redis-cache-cluster"
    assert block.find("slowest_path").get("p99_ms") == "105"
    assert block.find("ceiling").get("hop") == "postgres-primary-replica"
    assert block.find("cost").get("monthly_usd") == "1838"
    assert "<numbers>" in SYSTEM_PROMPT and "not_met" in SYSTEM_PROMPT


def test_saved_findings_still_get_fresh_numbers():
    request = request_for(shortener("redirect in < 50 ms"), Mode.STRESS, version=1, findings=())
    assert request.findings == () and request.numbers.checks[0].status.value == "not_met"


def test_the_offline_critic_asks_where_the_time_goes_in_the_users_own_words():
    request = request_for(shortener("redirect in < 50 ms"), Mode.STRESS, version=1)
    probes = CRITIC.critique(request).probes
    gap = probes[0]
    assert gap.category == "latency_budget_exceeded" and gap.severity.value == "high"
    assert gap.question == (
        "You wrote “redirect in < 50 ms”; by typical figures Users → Load balancer x2 → Shortener API x3 → Redis "
        "cache (cluster) is 60 ms at p99, and Shortener API x3 alone takes 50 ms of it. Where does the time go, "
        "and which hop would you take off the path?")
    assert gap.targets[0] == "shortener-api" and set(gap.targets) <= request.sketch.ids
    # The LAT001 finding is not asked a second time in the rule's words.
    assert sum(p.category == "latency_budget_exceeded" for p in probes) == 1


@pytest.mark.parametrize("mode", list(Mode))
def test_every_mode_keeps_gap_probes_well_formed(mode):
    request = request_for(shortener("redirect in < 50 ms\nsix nines\n10k QPS\nkeep links 5 years\np99 under 120 ms"),
                          mode, version=1)
    for p in CRITIC.critique(request).probes:
        assert p.targets and set(p.targets) <= request.sketch.ids | {DESIGN}
        assert "{" not in p.question


def test_a_missed_availability_target_names_the_weakest_component():
    doc = read_import("c.canvas.json", (EXAMPLES / "chat.canvas.json").read_bytes()).document
    doc = SketchDocument(doc.canvas, title="Chat", requirements="push notifications arrive within 300 ms")
    request = request_for(doc, Mode.STRESS, version=1)
    (check,) = request.numbers.checks
    # The push provider sits behind Kafka: not on a request path. The paths the model can time are all under 300 ms
    # (110 ms at most), so the target is met; no question presses on it.
    assert check.status.value == "met"
    doc = SketchDocument(doc.canvas, title="Chat", requirements="99.99% uptime")
    request = request_for(doc, Mode.STRESS, version=1)
    (check,) = request.numbers.checks
    assert check.status.value == "not_met" and check.hop == "auth-service"
    questions = [p.question for p in CRITIC.critique(request).probes]
    assert any(q.startswith("You wrote “99.99% uptime”; as drawn, Mobile app → WebSocket gateway x3 → Auth service "
                            "is available 99.499%, and Auth service costs most.") for q in questions), questions


def test_a_figure_the_model_lacks_becomes_a_question_about_the_assumption():
    sketch = design("Users -> Checkout service x2", "Checkout service x2 -> Stripe: charge",
                    "Checkout service x2 -> Orders DB primary/replica: write")
    findings, numbers = analyze_with_numbers(sketch, {"requirements": "checkout p99 under 300 ms"})
    request = CritiqueRequest(sketch, findings, Mode.STRESS, version=1, requirements="checkout p99 under 300 ms",
                              numbers=numbers)
    probe = next(p for p in CRITIC.critique(request).probes if p.question.startswith("You wrote"))
    assert probe.question == (
        "You wrote “checkout p99 under 300 ms”, but the model cannot tell (no latency figure for Stripe: set one in "
        "Components). What figure do you assume there, and why?")
    assert probe.severity.value == "low" and "stripe" in probe.targets
