"""At most MAX_PROBES questions per critique: from Claude through the stub, stored, shown, and read back.

A reply with far more probes than the limit is cut to the limit with a note,
stored that way in the real SQLite store, and shown that way on the page. A
stored critique edited outside the app to hold more is read back with the
same limit and a note, so the page never grows past it.
"""

from __future__ import annotations

import json
import sqlite3

from cli import main
from critique.models import MAX_PROBES
from critique.payload import from_payload, previous_answers, view
from design.analysis.analyze import analyze_document
from design.practice.diff import probe_records
from design.store import open_store
from support.anthropic_stub import StubAPI, good
from support.apptest import Keys, opened, saved_chat, scoped, texts

MANY = 40


def probes(n: int, target: str = "kafka-cluster") -> list[dict]:
    return [{"question": f"Question number {i + 1} about the Kafka cluster?", "why_it_matters": "It matters.",
             "targets": [target], "category": "bottleneck", "severity": "high"} for i in range(n)]


def test_limit_is_eight():
    assert MAX_PROBES == 8


def test_a_reply_with_forty_probes_is_cut_stored_and_shown_at_the_limit(monkeypatch, tmp_path):
    with StubAPI(good(probes(MANY))) as api:
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test-limit")
        monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
        at = saved_chat()
        at.button(key=Keys.critique_run).click().run()
        assert not at.exception and len(api.messages) == 1
    text = texts(at)
    # Reading stops at the limit (the rest of the reply is never read, so its length is never known).
    stopped = f"The reply went on past {MAX_PROBES} questions; reading stopped there."
    assert stopped in text
    assert f"Q{MAX_PROBES}. Question number {MAX_PROBES} about" in text
    assert f"Q{MAX_PROBES + 1}." not in text and f"Question number {MAX_PROBES + 1} " not in text
    db = open_store(tmp_path / "sketchfirst.db")
    (design,) = db.list_designs()
    ((_, _, _, _, payload),) = db.list_critiques(design.id)
    assert payload["critic"] == "claude" and len(payload["probes"]) == MAX_PROBES
    assert stopped in payload["notes"]
    answers = [t for t in at.text_area if t.key and t.key.startswith(scoped(Keys.answer, ""))]
    assert len(answers) == MAX_PROBES  # one answer box per kept question


def test_a_hand_edited_stored_critique_is_read_and_shown_at_the_limit(tmp_path):
    at = saved_chat()
    at.button(key=Keys.critique_run).click().run()  # the offline critic, stored
    path = tmp_path / "sketchfirst.db"
    db = open_store(path)
    (design,) = db.list_designs()
    ((cid, _, _, _, payload),) = db.list_critiques(design.id)
    edited = {**payload, "probes": probes(MANY), "answers": {str(i): f"answer {i}" for i in range(MANY)}}

    with sqlite3.connect(path) as raw:  # edited outside the app, as a user with the sqlite3 shell would
        raw.execute("UPDATE critiques SET payload = ? WHERE id = ?", (json.dumps(edited), cid))
    critique = from_payload(edited)
    assert len(critique.probes) == MAX_PROBES
    assert critique.notes[-1] == f"The stored critique holds {MANY} questions; showing the first {MAX_PROBES}."
    assert len(previous_answers(edited)) == MAX_PROBES

    again = opened({"design": str(design.id)})
    text = texts(again)
    assert f"The stored critique holds {MANY} questions; showing the first {MAX_PROBES}." in text
    assert f"Q{MAX_PROBES}. Question number {MAX_PROBES} about" in text and f"Q{MAX_PROBES + 1}." not in text
    # A follow-up round built from it sends only the questions that were shown.
    again.button(key=scoped(Keys.followup, cid)).click().run()
    assert not again.exception
    stored = db.find_critique(design.id, 1, "stress")[1]
    assert len(stored["rounds"]) == 1 and len(stored["rounds"][0]["probes"]) <= MAX_PROBES


def test_exports_history_and_presenter_read_at_most_the_limit_from_a_hand_edited_row(tmp_path):
    """The readers in design/ (exports, history, presenter steps) hold the same limit."""
    at = saved_chat()
    at.button(key=Keys.critique_run).click().run()
    path = tmp_path / "sketchfirst.db"
    db = open_store(path)
    (design,) = db.list_designs()
    ((cid, _, _, _, payload),) = db.list_critiques(design.id)
    edited = {**payload, "probes": probes(MANY), "answers": {str(i): f"answer {i}" for i in range(MANY)}}
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE critiques SET payload = ? WHERE id = ?", (json.dumps(edited), cid))
    report = tmp_path / "report.md"
    assert main(["export", "--design", str(design.id), "--to", "md", "-o", str(report)]) == 0
    text = report.read_text()
    assert f"**Q{MAX_PROBES}. Question number {MAX_PROBES} about" in text and f"**Q{MAX_PROBES + 1}." not in text
    assert f"The stored critique holds {MANY} questions; showing the first {MAX_PROBES}." in text
    assert len(probe_records(1, "stress", view(edited))) == MAX_PROBES  # history's "probes answered" and the presenter
    steps = opened({"design": str(design.id)})
    steps.button(key=Keys.enter_presenter).click().run()
    assert not steps.exception
    caption = next(c.value for c in steps.caption if c.value.startswith("Step 1 of "))
    total = int(caption.split(" of ", 1)[1].split(":", 1)[0])
    findings = len(analyze_document(db.latest_version(design.id).document).findings)
    assert total <= findings + MAX_PROBES
