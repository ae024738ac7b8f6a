"""Compare with a reference: structural differences by role, each linked to the user's own component.

User designs are written with the sketch DSL (the same recognition path as a drawing); the references are the
bank's own, so these tests also pin what the bank's references contain.
"""

from __future__ import annotations

import pytest

from critique.compare import compare, match_components
from critique.problems import load_problems
from critique.reference import reference_design
from design.model.sketch import Kind
from support.paths import ROOT
from support.sketch_dsl import design

BANK = load_problems(ROOT / "examples" / "problems")


def _ref(pid: str):
    return reference_design(BANK[pid])


def _by_role(comparison, role):
    return [d for d in comparison.differences if d.role == role]


def test_a_queue_between_upload_and_transcoding_where_the_user_calls_synchronously():
    user = design(
        "Creators -> Upload API x3: upload",
        "Upload API x3 -> Transcoder: transcode",
        "Transcoder -> Video store (S3): write",
        "Upload API x3 -> Videos DB x2: write",
    )
    ref = _ref("video-streaming")
    result = compare(user, ref)
    queue = next(d for d in _by_role(result, "missing") if d.kind is Kind.QUEUE)
    assert queue.message == ("No queue between Upload API x3 and Transcoder where you call it synchronously: "
                             "the reference puts Encode jobs (SQS) there.")
    assert queue.yours == ("upload-api", "transcoder")
    assert queue.why == ref.why[queue.reference[0]]


def test_a_cache_in_front_of_the_store_and_no_cdn():
    user = design(
        "Users -> Load balancer x2",
        "Load balancer x2 -> Shortener API x4",
        "Shortener API x4 -> Links DB (Cassandra x3): read/write",
    )
    result = compare(user, _ref("url-shortener"))
    cache = next(d for d in _by_role(result, "missing") if d.kind is Kind.CACHE)
    assert cache.message == "No cache in front of Links DB (Cassandra x3): the reference reads through Link cache (Redis x3)."
    assert cache.yours == ("shortener-api", "links-db-cassandra")
    # The user's balancer stands where the reference has a gateway: matched as kindred, not reported missing.
    assert result.matches and not [d for d in _by_role(result, "missing") if d.kind is Kind.API_GATEWAY]


def test_no_cdn_in_front_of_the_origin():
    user = design(
        "Users -> Gateway x4 (auth)",
        "Gateway x4 (auth) -> Feed service x10: read feed",
        "Feed service x10 -> Posts (Cassandra x6): read",
        "Users -> Media (S3): images",
    )
    result = compare(user, _ref("news-feed"))
    cdn = next(d for d in _by_role(result, "missing") if d.kind is Kind.CDN)
    assert cdn.message == "No CDN in front of Media (S3): the reference serves it from CDN."
    assert cdn.yours == ("users", "media-s3")


def test_one_instance_where_the_reference_runs_several():
    user = design("Users -> API gateway (auth)", "API gateway (auth) -> Paste API", "Paste API -> Postgres: write")
    result = compare(user, _ref("pastebin"))
    single = _by_role(result, "redundancy")
    assert {d.yours[0] for d in single} >= {"paste-api", "postgres"}
    api = next(d for d in single if d.yours == ("paste-api",))
    assert api.message == "Paste API runs as one instance; the reference runs Paste API x3 as 3 instances."


def test_a_synchronous_call_where_the_reference_sends_an_event():
    user = design(
        "Users -> Gateway x3 (auth)",
        "Gateway x3 (auth) -> Shortener API x8",
        "Shortener API x8 -> Click log (Kafka x3): publish click",
        "Click log (Kafka x3) -> Click workers x3",
        "Click workers x3 -> ClickHouse x3: write",
    )
    # Same parts as the reference on the click path, so nothing there is reported missing or asynchronous.
    result = compare(user, _ref("url-shortener"))
    assert not _by_role(result, "async")
    assert {"click-log-kafka", "click-workers", "clickhouse"} <= set(result.matches.values())
    sync = design(
        "Users -> Gateway x3 (auth)",
        "Gateway x3 (auth) -> Delivery API x8",
        "Delivery API x8 -> Messages (Cassandra x60): write",
        "Delivery API x8 -> Delivery workers x30: hand off",
    )
    chat = compare(sync, _ref("chat"))
    assert any(d.kind is Kind.QUEUE for d in _by_role(chat, "missing"))


def test_parts_with_no_counterpart_are_listed_for_the_user_to_justify():
    user = design("Users -> Gateway x3 (auth)", "Gateway x3 (auth) -> Shortener API x8", "Shortener API x8 -> Elasticsearch x3: query")
    result = compare(user, _ref("url-shortener"))
    extra = _by_role(result, "extra")
    assert [d.yours for d in extra] == [("elasticsearch",)]
    assert result.for_component("elasticsearch") == tuple(extra)


def test_the_reference_compared_with_itself_has_no_differences():
    for pid in ("url-shortener", "video-streaming", "chat", "payment-ledger"):
        ref = _ref(pid)
        result = compare(ref.sketch, ref)
        assert result.differences == (), pid
        assert result.matches == {c.id: c.id for c in ref.sketch.components}


def test_matching_prefers_the_component_in_the_same_place_of_the_graph():
    # Two databases in the reference (links and click counts); the user's one store is read by the API.
    user = design("Users -> Shortener API x4", "Shortener API x4 -> Postgres: read/write")
    matches = match_components(user, _ref("url-shortener").sketch)
    assert matches.get("links-db-cassandra") == "postgres"


@pytest.mark.parametrize("pid", sorted(BANK))
def test_every_difference_links_to_components_that_exist(pid):
    user = design("Users -> Web server", "Web server -> Postgres: write")
    ref = _ref(pid)
    result = compare(user, ref)
    assert result.differences
    for d in result.differences:
        assert set(d.yours) <= {c.id for c in user.components}
        assert set(d.reference) <= {c.id for c in ref.sketch.components}
        assert d.message


def test_an_arrow_the_reference_makes_asynchronous():
    user = design(
        "Rider app -> Gateway x150 (auth)",
        "Gateway x150 (auth) -> Matching service x40: request ride",
        "Matching service x40 -> Push (APNs/FCM): offer",
    )
    ref = _ref("ride-matching")
    [diff] = _by_role(compare(user, ref), "async")
    assert diff.yours == ("matching-service", "push-apns-fcm")
    assert diff.message == ("Matching service x40 calls Push (APNs/FCM) synchronously; the reference sends it as an "
                            "event (“offer, async”), so Matching service x40 does not wait for it.")
