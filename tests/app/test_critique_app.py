"""The critique gate and the answer loop in the app, through AppTest (and a stub API for Claude)."""

from __future__ import annotations

import json

import pytest

from critique.models import Mode
from design.analysis.analyze import sketch_of
from design.store import Store, open_store
from support.anthropic_stub import Reply, StubAPI, good, status
from support.apptest import Keys, draw, explain, load_example, opened, saved_chat, scoped, texts
from support.paths import load_example as example_canvas

FAKE_KEY = "sk-ant-FAKE-app-5566778899aabbcc"


def store(tmp_path) -> Store:
    return open_store(tmp_path / "sketchfirst.db")


def test_gate_closed_before_save_open_after_closed_again_after_an_edit():
    at = opened()
    assert at.button(key=Keys.critique_run).disabled
    assert "Save a version first. The critic only judges a saved sketch" in texts(at)

    load_example(at, "Chat system")
    assert at.button(key=Keys.critique_run).disabled  # loaded, but not saved

    at.button(key=Keys.save).click().run()
    assert at.button(key=Keys.critique_run).disabled  # saved, but not explained yet
    assert "Explain before you prompt" in texts(at)

    explain(at)
    at.button(key=Keys.save).click().run()
    run = at.button(key=Keys.critique_run)
    assert not run.disabled and run.label == "Critique v2"
    assert "Critic: Offline critic (no ANTHROPIC_API_KEY)" in texts(at)

    canvas = example_canvas("chat.canvas.json")
    canvas["objects"].append({"type": "LabeledRect", "label": "Audit log (S3)", "left": 20, "top": 420,
                              "width": 120, "height": 60, "originX": "left", "originY": "top"})
    draw(at, canvas)
    assert at.button(key=Keys.critique_run).disabled
    assert "The canvas has unsaved changes since v2" in texts(at)

    at.button(key=Keys.save).click().run()
    assert not at.button(key=Keys.critique_run).disabled and at.button(key=Keys.critique_run).label == "Critique v3"


def test_offline_critique_names_its_version_is_stored_per_mode_and_reused(tmp_path):
    at = saved_chat()
    at.button(key=Keys.critique_run).click().run()
    assert not at.exception
    body = texts(at)
    assert "Critique of v1 · Stress test · by the offline critic" in body
    assert "Q1." in body
    db = store(tmp_path)
    (design,) = db.list_designs()
    (only,) = db.list_critiques(design.id)
    assert only[1:3] == (1, "stress") and only[4]["version"] == 1 and only[4]["critic"] == "offline"
    valid = sketch_of(db.latest_version(design.id).document).ids | {"design"}
    assert all(set(p["targets"]) <= valid for p in only[4]["probes"])

    at.radio(key=Keys.critique_mode_widget).set_value(Mode.HARDER).run()
    assert "No critique of this version in this mode yet." in texts(at)
    at.button(key=Keys.critique_run).click().run()
    assert "Critique of v1 · Harder variant" in texts(at) and "New constraint — " in texts(at)

    at.radio(key=Keys.critique_mode_widget).set_value(Mode.STRESS).run()
    assert "Critique of v1 · Stress test" in texts(at)  # shown from the store, no click needed
    at.button(key=Keys.critique_run).click().run()
    assert "Reused the stored stress test critique of v1 (no new call)" in texts(at)
    assert [(v, m) for _, v, m, _, _ in db.list_critiques(design.id)] == [(1, "stress"), (1, "harder")]


@pytest.fixture
def claude_env(monkeypatch):
    with StubAPI() as api:
        monkeypatch.setenv("ANTHROPIC_API_KEY", FAKE_KEY)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
        yield api


CHAT_PROBES = [
    {"question": "Kafka (cluster) lags an hour: which chats are stale?", "why_it_matters": "Ordering.",
     "targets": ["kafka-cluster"], "category": "bottleneck", "severity": "high"},
    {"question": "What does the WebSocket gateway do with half a million sockets when it restarts?",
     "why_it_matters": "Reconnect storms.", "targets": ["websocket-gateway", "made-up"], "category": "scaling",
     "severity": "medium"},
]


def test_claude_streams_stores_and_is_reused_without_a_second_request(claude_env, tmp_path):
    claude_env.default = good(CHAT_PROBES)
    at = saved_chat()
    assert "Critic: Claude (claude-haiku-5-5)" in texts(at)
    assert not claude_env.messages  # nothing is sent before the user asks

    at.button(key=Keys.critique_run).click().run()
    assert not at.exception
    assert len(claude_env.messages) == 1
    assert not at.button(key=Keys.critique_fresh).disabled  # usable at once, not only after another rerun
    body = texts(at)
    assert "Critique of v1 · Stress test · by the Claude (claude-haiku-5-5)" in body
    assert "1,200 input tokens (+900 cache write, 0 cache read) · 400 output tokens · ≈ $0.0004" in body
    assert "Dropped unknown target 'made-up' from probe 2." in body
    assert "Kafka (cluster) lags an hour" in body

    at.button(key=Keys.critique_run).click().run()
    assert len(claude_env.messages) == 1
    assert "Reused the stored stress test critique of v1 (no new call)" in texts(at)

    # A reload (new session) shows the stored critique without asking again.
    db = store(tmp_path)
    (design,) = db.list_designs()
    again = opened({"design": str(design.id)})
    assert "Kafka (cluster) lags an hour" in texts(again) and len(claude_env.messages) == 1

    again.button(key=Keys.critique_fresh).click().run()
    assert len(claude_env.messages) == 2
    assert len(db.list_critiques(design.id)) == 2
    for path in tmp_path.iterdir():
        if path.is_file():
            assert FAKE_KEY.encode() not in path.read_bytes(), path.name


BIG = json.dumps({"probes": CHAT_PROBES * 4})

#: Every failure path the app can meet with the production client (one retry, then the fallback).
#: The timeout path is covered in test_critique_claude.py with a short client timeout; the app's is 60 s.
APP_FAILURES = {
    "401": (status(401, "authentication_error"), "the API key was rejected (401)", 1),
    "429": (status(429, "rate_limit_error"), "the API is rate-limiting this key (429)", 2),
    "529": (status(529, "overloaded_error"), "the API is overloaded (529)", 2),
    "cut mid-stream": (Reply(text=BIG, cut_after=900), "the connection was cut while the reply was streaming", 1),
    "truncated": (Reply(text=BIG[:300], stop_reason="max_tokens"), "was cut off at the 4096-token limit", 1),
    "invalid json": (Reply(text="Looks fine to me."), "the reply was not valid JSON", 1),
    "refusal": (Reply(text=None, stop_reason="refusal"), "declined to review this design (a refusal)", 1),
    "only unknown ids": (good([{**CHAT_PROBES[0], "targets": ["ghost"]}]),
                         "the reply cited only components that are not in this design", 1),
    "hands over a design": (good([{**CHAT_PROBES[0], "question": "You should shard Kafka by chat id."}]),
                            "the reply handed over answers instead of asking questions", 1),
}


@pytest.mark.parametrize("case", list(APP_FAILURES))
def test_claude_failure_in_the_app_falls_back_and_says_why(claude_env, tmp_path, case):
    reply, phrase, calls = APP_FAILURES[case]
    claude_env.default = reply
    at = saved_chat()
    db = store(tmp_path)
    (design,) = db.list_designs()
    before = db.latest_version(design.id)
    at.button(key=Keys.critique_run).click().run()
    assert not at.exception and len(claude_env.messages) == calls
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any(w.startswith("Claude was not used: ") and phrase in w for w in warnings), warnings
    assert "by the offline critic" in texts(at) and "Q1." in texts(at)
    (row,) = db.list_critiques(design.id)
    assert row[4]["critic"] == "offline" and phrase in row[4]["notes"][0]
    after = db.latest_version(design.id)  # the saved version is untouched
    assert (after.number, after.document, after.findings) == (1, before.document, before.findings)
    assert not at.button(key=Keys.critique_run).disabled  # and it can still be critiqued


def test_answer_loop_judges_answers_and_stores_the_whole_exchange(tmp_path):
    at = saved_chat()
    at.button(key=Keys.critique_run).click().run()
    db = store(tmp_path)
    (design,) = db.list_designs()
    ((cid, *_),) = db.list_critiques(design.id)
    boxes = [t for t in at.text_area if t.key and t.key.startswith(scoped(Keys.answer, cid, 0, ""))]
    assert len(boxes) >= 3
    boxes[0].input("We'll just scale it, should be fine.")
    boxes[1].input("Kafka cluster keeps 3 replicas with acks=all, and consumers use idempotency keys per message id.")
    at.button(key=scoped(Keys.save_answers, cid)).click().run()
    assert "Answers saved with the critique." in texts(at)
    payload = db.find_critique(design.id, 1, "stress")[1]
    assert payload["answers"]["0"].startswith("We'll just scale it") and "2" not in payload["answers"]

    at.button(key=scoped(Keys.followup, cid)).click().run()
    assert not at.exception
    payload = db.find_critique(design.id, 1, "stress")[1]
    assert len(payload["rounds"]) == 1
    verdicts = [a["verdict"] for a in payload["rounds"][0]["assessments"]]
    assert verdicts[:3] == ["hand_waving", "holds", "unanswered"]
    body = texts(at)
    assert "Answering round 1 · " in body and "How your answers held up" in body and "Answer 1: hand waving" in body
    assert "The critique: 7 questions, 2 answered" in body  # round 0, folded away with its answers
    assert any(t.key.startswith(scoped(Keys.answer, cid, 1, "")) for t in at.text_area)  # the next round can be answered
