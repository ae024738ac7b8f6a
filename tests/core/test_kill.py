"""The "kill this node" drill, in the core and through ``sketchfirst analyze --kill``."""

from __future__ import annotations

import json

import pytest

from cli import main
from design.analysis.kill import UnknownComponent, describe, kill
from design.canvas.recognize import build_sketch
from design.canvas.restore import restore
from support.paths import EXAMPLES, load_example
from support.sketch_dsl import design


def example(name: str):
    return build_sketch(restore(load_example(name)))


def test_killing_the_broker_stops_background_work_but_fails_no_request():
    report = kill(example("chat.canvas.json"), "kafka-cluster")
    assert report.redundant and not report.managed
    assert {(b.entry, b.sink) for b in report.broken} == {("mobile-app", "presence-redis"), ("mobile-app", "push-apns-fcm")}
    assert not any(b.synchronous for b in report.broken)
    assert report.cut_off == ("fanout-worker", "presence-redis", "push-apns-fcm")
    assert "publish (Chat service x3 → Kafka (cluster))" in report.capabilities
    assert "notify (Fanout worker x2 → Push (APNs/FCM))" in report.capabilities


def test_killing_the_gateway_fails_every_request():
    report = kill(example("news-feed.canvas.json"), "api-gateway")
    assert not report.redundant
    failing = {b.sink for b in report.broken if b.synchronous}
    assert failing == {"feed-cache-redis", "posts-db-mysql"}
    # Media still comes through the CDN: that route survives.
    assert "media-s3" not in {b.sink for b in report.broken}
    assert "post-service" in report.cut_off and "feed-service" in report.cut_off
    text = "\n".join(describe(report, example("news-feed.canvas.json")))
    assert "runs as one instance" in text and "Requests fail (" in text and "Users → Posts DB (MySQL)" in text


def test_a_replica_pair_survives_the_loss_of_the_primary_route_but_not_of_the_only_path():
    sketch = design("Users -> API x2", "API x2 -> Cache (Redis): get", "API x2 -> Postgres: read")
    cache = kill(sketch, "cache-redis")
    # Postgres is still reached; only the route to the cache itself breaks.
    assert [(b.entry, b.sink) for b in cache.broken] == [("users", "cache-redis")]
    assert cache.lost_flows == ("api->cache-redis",)


def test_nothing_breaks_when_a_leaf_that_nothing_needs_dies():
    sketch = design("Users -> API x2", "API x2 -> Postgres primary/replica: write", "Prometheus")
    report = kill(sketch, "prometheus")
    assert report.broken == () and report.cut_off == () and report.lost_flows == ()
    assert "Nothing breaks" in "\n".join(describe(report, sketch))


def test_killing_a_client_breaks_its_own_routes():
    report = kill(design("Users -> API x2", "API x2 -> Postgres primary/replica"), "users")
    assert {b.sink for b in report.broken} == {"postgres-primary-replica"}


def test_an_unknown_id_lists_the_valid_ones():
    with pytest.raises(UnknownComponent) as err:
        kill(design("Users -> API x2"), "apii")
    assert str(err.value) == "no component with id 'apii'; valid ids: api, users"
    assert isinstance(err.value, KeyError)


def test_elements_highlight_the_dead_component_what_it_cut_off_and_the_lost_flows():
    report = kill(example("video-upload.canvas.json"), "transcoder")
    assert report.elements[0] == "transcoder"
    assert set(report.elements) >= {"upload-api->transcoder", "transcoder->video-store-s3"}


# --- the command line ----------------------------------------------------------------------


def test_cli_kill_text(capsys):
    code = main(["analyze", str(EXAMPLES / "chat.canvas.json"), "--kill", "auth-service"])
    out = capsys.readouterr().out
    assert code == 0
    assert "kill auth-service:" in out and "Auth service runs as one instance" in out
    assert "verify token (WebSocket gateway x3 → Auth service)" in out


def test_cli_kill_json_adds_one_key_to_the_contract(capsys):
    assert main(["analyze", str(EXAMPLES / "chat.canvas.json"), "--kill", "kafka-cluster", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"components", "flows", "findings", "groups", "model", "requirements", "kill"}
    assert out["kill"]["component"] == "kafka-cluster" and out["kill"]["redundant"] is True
    assert {"entry": "mobile-app", "sink": "push-apns-fcm", "synchronous": False} in out["kill"]["broken"]


def test_cli_kill_unknown_id_exits_2_with_the_valid_ids(capsys):
    assert main(["analyze", str(EXAMPLES / "chat.canvas.json"), "--kill", "kafka", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("sketchfirst: --kill: no component with id 'kafka'; valid ids: auth-service, ")
    assert "kafka-cluster" in captured.err and "Traceback" not in captured.err


def test_cli_capacity_file(tmp_path, capsys):
    doc = {"type": "sketchfirst/sketch", "schema": 1, "title": "t", "canvas": load_example("url-shortener.canvas.json"),
           "notes": {"estimates": {"daily_users": 1e6, "requests_per_user": 10, "read_write_ratio": 10, "peak_factor": 2}}}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc))
    assert main(["analyze", str(path), "--format", "json"]) == 0
    assert not [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "CAP001"]
    tiny = tmp_path / "tiny.json"
    tiny.write_text(json.dumps({"schema": 1, "kinds": {"service": {"qps": 10, "source": "a very slow service"}}}))
    assert main(["analyze", str(path), "--format", "json", "--capacity", str(tiny)]) == 0
    caps = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "CAP001"]
    assert {tuple(f["elements"]) for f in caps} == {("shortener-api",), ("id-generator",)}
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": 1, "kinds": {"fridge": {}}}')
    assert main(["analyze", str(path), "--capacity", str(bad)]) == 2
    assert "bad.json: kinds.fridge: unknown kind" in capsys.readouterr().err
