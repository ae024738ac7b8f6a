"""A critique's reply is read with bounded work and within a deadline, whatever the endpoint does (issue 14 item 5).

Through the real SDK against the loopback stub:

- an endpoint that ignores ``max_tokens`` and streams 20,000 probes is read
  up to the probe limit and no further, each character parsed once (the
  client's byte count and the SDK's partial-JSON parser calls are counted);
- one probe that never ends stops at the character budget;
- a server that trickles a byte at a time (body, or headers too), or stalls
  before answering, ends at the critique's own deadline (2 s here, against a
  60-s gap between bytes) with the offline critique and a note saying why.

Nothing here asserts a duration: a watchdog turns a hang into a failure, and
the checks are on counts and on the fallback's note. That the scanner reads
any split of any reply exactly as ``json.loads`` reads the whole is fuzzed in
tests/safety/test_fuzz.py.
"""

from __future__ import annotations

import json
import threading

import anthropic
import httpx2
import jiter
import pytest

from critique.claude import CHARS_PER_TOKEN, ClaudeCritic
from critique.fallback import FallbackCritic
from critique.models import MAX_PROBES
from critique.offline import OfflineCritic
from critique.select import build_client
from support.anthropic_stub import CountingTransport, Reply, StubAPI, good
from support.critique_designs import request
from support.watchdog import watchdog

KEY = "sk-ant-FAKE-stream-bounds-0123456789"
HANG = 120  # a hang detector, far beyond the 2-s deadline; never reached when the code is right


def probe(i: int, target: str = "postgres") -> dict:
    return {"question": f"Question {i}: what happens to writes when Postgres dies?",
            "why_it_matters": "It is the only copy of the orders.", "targets": [target],
            "category": "durability", "severity": "high"}


@pytest.fixture
def clients():
    made: list[anthropic.Anthropic] = []

    def make(url: str, transport: httpx2.BaseTransport | None = None) -> anthropic.Anthropic:
        if transport is None:
            client = build_client(KEY, url, timeout=anthropic.Timeout(60.0, connect=5.0), max_retries=0)
        else:
            client = anthropic.Anthropic(api_key=KEY, base_url=url, max_retries=0,
                                         http_client=httpx2.Client(transport=transport, timeout=60.0))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def parse_calls(monkeypatch):
    """Calls of jiter's partial-JSON parser (what re-reading the whole reply on every chunk used)."""
    calls = []
    real = jiter.from_json

    def counted(*args, **kwargs):
        calls.append(len(args[0]) if args else 0)
        return real(*args, **kwargs)

    monkeypatch.setattr(jiter, "from_json", counted)
    return calls


# --- the probe limit and the character budget ------------------------------------------------


def test_twenty_thousand_probes_are_read_up_to_the_limit_and_no_further(clients, parse_calls):
    reply = good([probe(i) for i in range(20_000)])
    total = len(reply.text)
    transport = CountingTransport()
    with StubAPI() as api, watchdog(HANG):
        api.push(reply)
        events = []
        result = ClaudeCritic(clients(api.url, transport)).critique(request("built:minimal"), events.append)
    assert result.critic == "claude" and len(result.probes) == MAX_PROBES
    assert result.notes[-1] == f"The reply went on past {MAX_PROBES} questions; reading stopped there."
    assert [e.probe for e in events if e.probe] == list(result.probes)
    assert api.messages[0]["client_closed"], "the client hung up instead of reading the rest"
    # The client read a few chunks past the eighth probe, not the reply: 20,000 probes are ~{total:,} characters.
    assert transport.received < 256 * 1024 < total // 10, f"read {transport.received:,} of ~{total:,} bytes"
    assert parse_calls == [], "no partial re-parse of the reply so far"


def test_a_probe_that_never_ends_stops_at_the_character_budget(clients):
    endless = json.dumps({"probes": [{"question": "Why " * 1_000_000, "why_it_matters": "x", "targets": ["postgres"],
                                      "category": "durability", "severity": "high"}]})
    transport = CountingTransport()
    with StubAPI() as api, watchdog(HANG):
        api.push(Reply(text=endless, chunk=400))
        critic = FallbackCritic(ClaudeCritic(clients(api.url, transport), max_tokens=1000), OfflineCritic())
        result = critic.critique(request("built:minimal"))
    budget = 1000 * CHARS_PER_TOKEN
    assert result.critic == "offline"
    assert result.notes[0] == (f"Claude was not used: the reply from claude-haiku-5-5 ran past {budget:,} characters "
                               "without a complete question. This is the offline critique.")
    assert transport.received < 20 * budget < len(endless), f"read {transport.received:,} bytes"


def test_probes_read_before_the_budget_are_kept(clients):
    long_tail = [probe(i) for i in range(3)] + [{**probe(3), "question": "Why " * 500_000}]
    with StubAPI() as api, watchdog(HANG):
        api.push(Reply(text=json.dumps({"probes": long_tail}), chunk=400))
        result = ClaudeCritic(clients(api.url), max_tokens=1000).critique(request("built:minimal"))
    assert [p.question for p in result.probes] == [p["question"] for p in long_tail[:3]]
    assert result.notes[-1].startswith(f"The reply ran past {1000 * CHARS_PER_TOKEN:,} characters")


# --- the overall deadline ----------------------------------------------------------------------

DEADLINE = 2.0
LATE = (f"Claude was not used: no complete reply from claude-haiku-5-5 within {DEADLINE:g} s, the limit for one "
        "critique. This is the offline critique.")


@pytest.mark.parametrize("reply", [
    Reply(text=json.dumps({"probes": [probe(1)]}), trickle=0.4),
    Reply(text=json.dumps({"probes": [probe(1)]}), trickle=0.4, trickle_headers=True),
    Reply(text=json.dumps({"probes": [probe(1)]}), stall=600.0),
], ids=["body a byte at a time", "headers a byte at a time", "silent before the headers"])
def test_a_slow_endpoint_ends_at_the_deadline_with_the_offline_critique(reply, clients):
    """Each byte comes well within the 60-s gap allowed between bytes: only the critique's own deadline ends it."""
    with StubAPI() as api, watchdog(HANG):
        api.push(reply)
        events = []
        req = request("built:minimal")
        result = FallbackCritic(ClaudeCritic(clients(api.url), deadline=DEADLINE), OfflineCritic()).critique(
            req, events.append)
    assert result.critic == "offline" and result.notes[0] == LATE
    assert result.probes == OfflineCritic().critique(req).probes
    assert any(e.restart for e in events)
    assert len(api.messages) == 1
    # The worker that read the reply does not outlive the stub (its socket was shut, or the stub hung up).
    for thread in threading.enumerate():
        if thread.name == "sketchfirst-critique":
            thread.join(HANG)
            assert not thread.is_alive()


def test_the_deadline_is_per_model_and_configurable():
    from critique.claude import DEADLINES, DEFAULT_DEADLINE
    from critique.select import choose_critic

    assert ClaudeCritic(None, "claude-sonnet-5-5").deadline == DEADLINES["claude-sonnet-5-5"] > DEFAULT_DEADLINE
    assert ClaudeCritic(None).deadline == DEFAULT_DEADLINE
    choice = choose_critic(api_key=KEY, client=object(), deadline=7.0)  # type: ignore[arg-type]
    assert choice.critic.primary.deadline == 7.0


def test_a_reply_holding_a_number_of_5000_digits_is_a_bad_reply_not_a_traceback():
    """json.loads raises a plain ValueError (not JSONDecodeError) past 4,300 digits; it is read as invalid JSON."""
    from critique.reply import ReplyError, read_reply

    with pytest.raises(ReplyError, match="not valid JSON"):
        read_reply('{"probes": [{"question": "q", "severity": ' + "9" * 5_000 + "}]}", request("built:minimal"))
