"""The analysis in the app, through AppTest and the canvas seam: estimates, the kill drill, accept/dispute."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from design.store import open_store
from support.apptest import Keys, draw, fresh, open_findings, scoped, texts
from support.paths import load_example


def with_canvas(name: str) -> AppTest:
    """A fresh session whose canvas holds a recorded example, injected the way the browser sends it."""
    return draw(fresh(), load_example(name))


def estimate(at: AppTest, key: str, value: float | None) -> AppTest:
    return at.number_input(key=scoped(Keys.estimate, at.session_state[Keys.canvas_gen], key)).set_value(value).run()


def test_estimates_are_part_of_the_document_count_as_changes_and_drive_capacity(tmp_path):
    at = with_canvas("url-shortener.canvas.json")
    assert not at.exception
    at.button(key=Keys.save).click().run()
    assert "Saved as v1" in texts(at) and at.button(key=Keys.save).disabled

    estimate(at, "daily_users", 100_000_000)
    assert "Unsaved changes since v1" in texts(at), "a typed estimate is a change to the design"
    estimate(at, "requests_per_user", 100)
    estimate(at, "read_write_ratio", 100)
    estimate(at, "peak_factor", 2)
    body = texts(at)
    # 100M × 100 = 10G requests/day ≈ 115.7k/s; ×2 at peak ≈ 229k reads/s on three API servers.
    assert "At peak, up to" in body and "Shortener API x3" in body and "one service node takes about 1k/s" in body
    assert "The arithmetic" not in body, "derived figures stay hidden until asked for"
    assert at.toggle(key=Keys.reveal_estimates).disabled, "and until the user has written a figure of their own"

    estimate(at, "my_read_qps", 200_000)
    at.toggle(key=Keys.reveal_estimates).set_value(True).run()
    body = texts(at)
    assert "The arithmetic" in body
    assert "requests per day: 100M users × 100 requests each = 10G requests/day" in body
    assert "| Peak reads/s | 200k | 229k |" in body

    at.button(key=Keys.save).click().run()
    assert "Saved as v2" in texts(at)
    (design,) = open_store(tmp_path / "sketchfirst.db").list_designs()
    saved = open_store(tmp_path / "sketchfirst.db").load_version(design.id, 2)
    assert saved.document.estimates == {"daily_users": 1e8, "requests_per_user": 100.0, "read_write_ratio": 100.0,
                                        "peak_factor": 2.0, "my_read_qps": 200_000.0}
    assert any(f.rule == "CAP001" for f in saved.findings)

    # Reopening v1 brings back v1's (empty) estimates, and the canvas is the saved version again.
    at.sidebar.radio(key=scoped(Keys.pick_version, design.id)).set_value(1).run()
    at.sidebar.button(key=Keys.open_version).click().run()
    assert "Saved as v1" in texts(at)
    # No capacity finding on v1 (the history below may still quote v2's, in its diff).
    assert not any("At peak, up to" in e.label for e in at.expander)
    gen = at.session_state[Keys.canvas_gen]
    assert at.number_input(key=scoped(Keys.estimate, gen, "daily_users")).value is None


def test_kill_drill_shows_what_breaks():
    at = with_canvas("chat.canvas.json")
    at.selectbox(key=Keys.kill_target).select("kafka-cluster").run()
    assert not at.exception
    body = texts(at)
    assert "Kafka (cluster) has replicas" in body
    assert "Background work stops (2 routes through queues or asynchronous flows):" in body
    assert "notify (Fanout worker x2 → Push (APNs/FCM))" in body

    at.selectbox(key=Keys.kill_target).select("auth-service").run()
    body = texts(at)
    assert "Auth service runs as one instance" in body and "Requests fail (1 of 4 routes):" in body


def test_kill_drill_forgets_a_component_that_was_redrawn_away():
    at = with_canvas("chat.canvas.json")
    at.selectbox(key=Keys.kill_target).select("auth-service").run()
    canvas = load_example("chat.canvas.json")
    canvas["objects"] = [o for o in canvas["objects"] if o.get("label") != "Auth service"]
    draw(at, canvas)
    assert not at.exception
    assert at.selectbox(key=Keys.kill_target).value is None


def picture_url(at: AppTest) -> str:
    """The annotated picture's media URL, which is named after a hash of its bytes."""
    (image,) = at.get("image")
    return image.proto.imgs[0].url


def _finding_key(at: AppTest, prefix: str) -> str:
    """The justification field's key of the finding ``prefix`` names, opened as a user would."""
    open_findings(at, prefix)
    return next(t.key for t in at.text_input if (t.key or "").startswith(scoped(Keys.why, "")) and prefix in t.key)


def test_accept_and_dispute_findings_of_the_saved_version(tmp_path):
    at = with_canvas("rate-limiter.canvas.json")
    assert "Save a version to accept or dispute findings" in texts(at)
    at.button(key=Keys.save).click().run()
    assert "Save a version to accept or dispute" not in texts(at)

    picture = picture_url(at)
    why_counters = _finding_key(at, "REPL001:redis-counters")
    # No justification, no decision.
    at.button(key=scoped(Keys.accept, why_counters)).click().run()
    assert "Write a short justification first" in texts(at)
    at.text_input(key=why_counters).input("Counters are rebuilt from the window in 60 s; we fail open.").run()
    at.button(key=scoped(Keys.accept, why_counters)).click().run()
    assert picture_url(at) != picture, "an accepted finding is drawn muted"

    why_etcd = _finding_key(at, "CACHE001:rules-config-etcd")
    at.text_input(key=why_etcd).input("The limiter caches rules in memory and watches etcd.").run()
    at.button(key=scoped(Keys.dispute, why_etcd)).click().run()
    assert not at.exception

    db = open_store(tmp_path / "sketchfirst.db")
    (design,) = db.list_designs()
    decisions = db.decisions(design.id, 1)
    assert decisions == {
        "REPL001:redis-counters": ("accepted", "Counters are rebuilt from the window in 60 s; we fail open."),
        "CACHE001:rules-config-etcd,rate-limiter->rules-config-etcd":
            ("disputed", "The limiter caches rules in memory and watches etcd."),
    }
    body = texts(at)
    assert "Redis counters is the only store of its state" in body and "— accepted" in body
    assert "✔ Accepted on v1: Counters are rebuilt" in body and "⚑ Disputed on v1: The limiter caches rules" in body

    at.button(key=scoped(Keys.clear, why_etcd)).click().run()
    assert "CACHE001:rules-config-etcd,rate-limiter->rules-config-etcd" not in db.decisions(design.id, 1)
    at.button(key=scoped(Keys.clear, why_counters)).click().run()
    assert db.decisions(design.id, 1) == {} and picture_url(at) == picture


def test_decisions_are_only_offered_for_a_saved_unchanged_version():
    at = with_canvas("rate-limiter.canvas.json")
    at.button(key=Keys.save).click().run()
    open_findings(at)
    assert any((t.key or "").startswith(scoped(Keys.why, "")) for t in at.text_input)
    estimate(at, "daily_users", 1000)
    assert "Unsaved changes since v1" in texts(at)
    assert "Save a version to accept or dispute findings" in texts(at)
    assert not [b for b in at.button if (b.key or "").startswith(scoped(Keys.accept, ""))]


def test_a_components_throughput_is_a_correction_the_capacity_rule_uses():
    at = with_canvas("url-shortener.canvas.json")
    for key, value in (("daily_users", 1e6), ("requests_per_user", 20), ("read_write_ratio", 10), ("peak_factor", 3)):
        estimate(at, key, value)
    assert "At peak, up to" not in texts(at)  # about 694 requests/s: three API servers at 1k/s each cope
    gen = at.session_state[Keys.canvas_gen]
    at.number_input(key=scoped(Keys.throughput, gen, "shortener-api")).set_value(100).run()
    assert not at.exception
    assert at.session_state[Keys.corrections]["shortener-api"] == {"throughput": 100.0}
    assert "you gave it a throughput of 100/s" in texts(at)


def test_findings_are_grouped_by_severity_and_numbered_like_the_badges_on_the_drawing():
    from design.exports.subject import scene_for, subject_for
    from design.model.document import SketchDocument
    from design.model.sketch import Severity

    at = with_canvas("news-feed.canvas.json")
    result = subject_for(SketchDocument(canvas=load_example("news-feed.canvas.json")))
    headers = [m.value for m in at.markdown if m.value.startswith("**:") and "[■]" in m.value]
    order = [sev for sev in ("High", "Medium", "Low", "Info") if any(h.endswith(f"{sev}**") for h in headers)]
    assert [h.rsplit("] ", 1)[1].rstrip("*") for h in headers] == order, "severity groups, most severe first"
    numbered = [e.label for e in at.expander if e.label[:1].isdigit()]
    assert len(numbered) == len(result.findings) >= 4
    for label in numbered:
        number, message = label.split(". ", 1)
        assert result.findings[int(number) - 1].message == message.replace("\\", "")  # shown Markdown-escaped
    ranks = [result.findings[int(label.split(".")[0]) - 1].severity.rank for label in numbered]
    assert ranks == sorted(ranks, reverse=True) and Severity.HIGH.rank == ranks[0]
    # The drawing's badge N sits on finding N's elements (design-wide findings go to the legend).
    scene = scene_for(result)
    badges = {b.text for b in scene.badges}
    for i, f in enumerate(result.findings, 1):
        assert (str(i) in badges) == bool(f.elements), (i, f.rule)
        assert scene.legend[i - 1].badge == str(i)


def focus_picker(at):
    (picker,) = [s for s in at.selectbox if s.label == "Focus on a finding"]
    return picker


def test_focusing_a_finding_opens_its_why_and_highlights_it_on_the_drawing():
    at = with_canvas("news-feed.canvas.json")
    plain = picture_url(at)
    assert not any(e.proto.expanded for e in at.expander if e.label[:1].isdigit())
    focus_picker(at).select_index(2).run()
    assert not at.exception
    (opened,) = [e for e in at.expander if e.label[:1].isdigit() and e.proto.expanded]
    assert opened.label.startswith("2. API gateway is a single instance")
    assert any("takes the whole flow down with it" in m.value for m in opened.markdown), "its why it matters"
    focused = picture_url(at)
    assert focused != plain, "the finding's elements are highlighted on the picture"
    focus_picker(at).select(None).run()
    assert picture_url(at) == plain


def _finding_open_key(at: AppTest, contains: str) -> str:
    prefix = scoped(Keys.finding_open, "")
    return next(k for k in at.session_state if k.startswith(prefix) and contains in k)


def test_a_closed_finding_draws_its_label_only_and_opening_it_shows_its_why_and_decision(tmp_path):
    at = with_canvas("rate-limiter.canvas.json")
    at.button(key=Keys.save).click().run()
    counters = next(f for f in at.expander if "Redis counters is the only store of its state" in f.label)
    assert not counters.children, "closed: nothing but its label is sent to the browser"
    assert not [t for t in at.text_input if (t.key or "").startswith(scoped(Keys.why, ""))]
    assert "We fail open" not in texts(at)

    open_findings(at, "REPL001:redis-counters")
    counters = next(f for f in at.expander if "Redis counters is the only store of its state" in f.label)
    assert any(c.value.startswith("`REPL001`") for c in counters.caption), "its rule, category and elements"
    assert [t.label for t in counters.text_input] == ["Justification"]
    assert [b.label for b in counters.button] == ["Accept", "Dispute", "Clear"]
    others = [f for f in at.expander if f.label[:1].isdigit() and f is not counters]
    assert others and not any(f.children for f in others), "only the opened finding draws its body"


def test_an_opened_finding_stays_open_when_its_label_changes_and_keeps_what_was_typed(tmp_path):
    at = with_canvas("rate-limiter.canvas.json")
    at.button(key=Keys.save).click().run()
    why = _finding_key(at, "REPL001:redis-counters")
    at.text_input(key=why).input("Counters are rebuilt from the window.").run()
    at.button(key=scoped(Keys.accept, why)).click().run()
    (counters,) = [f for f in at.expander if f.label.endswith("— accepted")]
    assert counters.children, "marked accepted (a new label), it is still open"
    assert "✔ Accepted on v1: Counters are rebuilt from the window." in texts(at)

    # Closed, a justification being typed is not lost: opening the finding again brings it back.
    why_etcd = _finding_key(at, "CACHE001:rules-config-etcd")
    at.text_input(key=why_etcd).input("The limiter caches rules in memory.").run()
    at.session_state[_finding_open_key(at, "CACHE001:rules-config-etcd")] = False
    at.run()
    assert why_etcd not in [t.key for t in at.text_input]
    open_findings(at, "CACHE001:rules-config-etcd")
    assert at.text_input(key=why_etcd).value == "The limiter caches rules in memory."


def test_a_focused_finding_opens_and_the_user_can_close_it():
    at = with_canvas("news-feed.canvas.json")
    focus_picker(at).select_index(2).run()
    (opened,) = [e for e in at.expander if e.label[:1].isdigit() and e.children]
    assert opened.label.startswith("2. ")
    prefix = scoped(Keys.finding_open, "")
    (key,) = [k for k in at.session_state if k.startswith(prefix) and at.session_state[k]]
    at.session_state[key] = False
    at.run()
    assert not [e for e in at.expander if e.label[:1].isdigit() and e.children], "closed while still focused"
    assert focus_picker(at).value is not None
