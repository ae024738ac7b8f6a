"""Readings of user text (replicas, replication, flow meaning, ids) and the graph built from them."""

from __future__ import annotations

import pytest

from design.analysis.graph import to_graph
from design.canvas.recognize import build_sketch
from design.canvas.restore import restore
from design.model.labels import flow_traits, parse_replicas, says_replicated, slugify
from support.paths import load_example


@pytest.mark.parametrize(
    ("label", "n"),
    [("App server x3", 3), ("App server ×3", 3), ("Order queue (RabbitMQ x3)", 3), ("3x web", 3),
     ("Postgres, 2 replicas", 2), ("nodes: 5", 5), ("Kafka 6 brokers", 6), ("web X 4", 4),
     ("S3", None), ("x86 build box", None), ("Redis", None), ("v2 API", None), ("10x traffic spike", 10)],
)
def test_replica_counts(label, n):
    assert parse_replicas(label) == n


@pytest.mark.parametrize(
    ("label", "replicated"),
    [("Postgres primary/replica", True), ("Redis (cluster)", True), ("MySQL + standby", True),
     ("Multi-AZ RDS", True), ("Postgres", False), ("Cache", False)],
)
def test_replication_words(label, replicated):
    assert says_replicated(label) is replicated


@pytest.mark.parametrize(
    ("label", "op", "asynchronous"),
    [("read", "read", False), ("GET /feed", "read", False), ("write", "write", False), ("insert order", "write", False),
     ("read/write", "readwrite", False), ("publish event", None, True), ("enqueue job", None, True),
     ("replication", "replicate", True), ("CDC", "replicate", True), ("", None, False)],
)
def test_flow_traits(label, op, asynchronous):
    traits = flow_traits(label)
    assert (traits.op, traits.asynchronous) == (op, asynchronous)


def test_slugs_are_ascii_and_bounded():
    assert slugify("Ünïcode  DB!!") == "unicode-db"
    assert len(slugify("a" * 300)) <= 40
    assert slugify("<script>") == "script"


def test_graph_carries_kinds_replicas_and_flow_meaning():
    G = to_graph(build_sketch(restore(load_example("chat.canvas.json"))))
    assert G.nodes["kafka-cluster"]["kind"] == "queue" and G.nodes["chat-service"]["replicas"] == 3
    assert G.edges["chat-service", "cassandra-cluster"]["op"] == "write"
    # Queues break synchronous chains: into and out of Kafka is asynchronous.
    assert G.edges["chat-service", "kafka-cluster"]["sync"] is False
    assert G.edges["kafka-cluster", "fanout-worker"]["sync"] is False
    assert G.edges["websocket-gateway", "chat-service"]["sync"] is True
    assert G.edges["chat-service", "cassandra-cluster"]["flows"] == ("chat-service->cassandra-cluster",)
