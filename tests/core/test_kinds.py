"""Kind inference on labels people really write: vendors, products, generic words, mixtures."""

from __future__ import annotations

import pytest

from design.model.kinds import KEYWORDS, infer_kind, is_managed_product, scales_writes
from design.model.sketch import Kind

C, DNS, CDN, LB, GW = Kind.CLIENT, Kind.DNS, Kind.CDN, Kind.LOAD_BALANCER, Kind.API_GATEWAY
SVC, WRK, CACHE, Q, DB = Kind.SERVICE, Kind.WORKER, Kind.CACHE, Kind.QUEUE, Kind.DATABASE
OBJ, SRCH, EXT, MON, AUTH, UNK = Kind.OBJECT_STORAGE, Kind.SEARCH, Kind.EXTERNAL, Kind.MONITORING, Kind.AUTH, Kind.UNKNOWN

LABELS = [
    # The vendors named in the issue, alone and in context.
    ("Postgres", DB), ("PostgreSQL primary", DB), ("Aurora", DB), ("Orders (DynamoDB)", DB), ("Cassandra cluster", DB),
    ("Redis", CACHE), ("Memcached", CACHE), ("Kafka", Q), ("SQS", Q), ("Order queue (RabbitMQ x3)", Q), ("S3", OBJ),
    ("GCS bucket", OBJ), ("CloudFront", CDN), ("Nginx", LB), ("HAProxy", LB), ("ELB", LB), ("Envoy sidecar", LB),
    ("Kong", GW), ("Elasticsearch", SRCH), ("Prometheus", MON), ("Grafana", MON), ("Datadog", MON), ("Auth0", AUTH),
    ("Keycloak", AUTH), ("Stripe", EXT), ("Twilio", EXT),
    # More products.
    ("MySQL", DB), ("MongoDB", DB), ("CockroachDB", DB), ("Spanner", DB), ("BigQuery", DB), ("Snowflake", DB),
    ("ClickHouse", DB), ("etcd", DB), ("ZooKeeper", DB), ("Valkey", CACHE), ("ElastiCache", CACHE), ("Varnish", CACHE),
    ("Kinesis", Q), ("Pulsar", Q), ("NATS", Q), ("Google Pub/Sub", Q), ("EventBridge", Q), ("Azure Service Bus", Q),
    ("MinIO", OBJ), ("Azure Blob Storage", OBJ), ("Cloudflare", CDN), ("Akamai", CDN), ("Fastly", CDN),
    ("Route 53", DNS), ("Traefik", LB), ("ALB", LB), ("Apigee", GW), ("OpenSearch", SRCH), ("Solr", SRCH),
    ("Algolia", SRCH), ("Sentry", MON), ("CloudWatch", MON), ("Jaeger", MON), ("Okta", AUTH), ("Cognito", AUTH),
    ("PayPal", EXT), ("SendGrid", EXT), ("Mailgun", EXT), ("APNs", EXT), ("Push (APNs/FCM)", EXT),
    ("Celery workers", WRK), ("Sidekiq", WRK), ("Spark", WRK), ("Airflow", WRK),
    # Generic words.
    ("Browser", C), ("Mobile app", C), ("iOS app", C), ("Users", C), ("Creators", C), ("Riders", C), ("Web app", C),
    ("DNS", DNS), ("CDN", CDN), ("Load balancer", LB), ("LB", LB), ("Reverse proxy", LB), ("Ingress", LB),
    ("API gateway", GW), ("Gateway", GW), ("WAF", GW), ("App server x3", SVC), ("Web server", SVC), ("UserService", SVC),
    ("User service", SVC), ("Backend", SVC), ("Microservices", SVC), ("ID generator x2", SVC), ("Rate limiter x2", SVC),
    ("Notification service", SVC), ("Matching engine", SVC), ("Worker", WRK), ("Transcoder", WRK),
    ("Fanout worker x2", WRK), ("Cron job", WRK), ("Scheduler", WRK), ("Crawler", WRK), ("Cache", CACHE),
    ("Session store", CACHE), ("Message queue", Q), ("Event bus", Q), ("Broker", Q), ("Outbox", Q), ("Database", DB),
    ("DB", DB), ("Read replica", DB), ("KV store", DB), ("Data warehouse", DB), ("Object storage", OBJ),
    ("Blob store", OBJ), ("Search index", SRCH), ("Search", SRCH), ("Payment provider", EXT), ("Third-party API", EXT),
    ("Monitoring", MON), ("Metrics", MON), ("Logging", MON), ("Auth", AUTH), ("Identity provider", AUTH),
    ("SSO", AUTH), ("Login service", AUTH),
    # Mixtures: the head noun, the stronger tier, words outside brackets.
    ("Redis queue", Q), ("Queue (Redis)", Q), ("Feed cache (Redis)", CACHE), ("Presence (Redis)", CACHE),
    ("Jobs (SQS)", Q), ("Media (S3)", OBJ), ("Rules config (etcd)", DB), ("Posts DB (MySQL)", DB),
    ("API gateway (auth, rate limit)", GW), ("Auth service (Keycloak)", AUTH), ("Cache service", CACHE), ("Cache DB", DB),
    ("User DB cache", CACHE), ("Kafka (cluster)", Q), ("Search service", SVC), ("Search index", SRCH), ("Shortener core", SVC), ("Elasticsearch cluster", SRCH),
    ("Payment gateway", EXT), ("Video store (S3)", OBJ), ("Thumbnail worker", WRK), ("OrderDB", DB),
    ("Postgres primary/replica", DB), ("WebSocket gateway x3", GW), ("Analytics (ClickHouse)", DB),
    # Nothing to go on: ask, do not guess.
    ("Frobnicator", UNK), ("web", UNK), ("Core", UNK), ("", UNK), ("x3", UNK),
]


@pytest.mark.parametrize(("label", "kind"), LABELS)
def test_label_reads_as_kind(label, kind):
    assert infer_kind(label)[0] is kind


def test_unknown_says_so_and_shape_only_decides_when_words_do_not():
    assert infer_kind("Frobnicator") == (UNK, "none")
    assert infer_kind("Orders", shape_hint=DB) == (DB, "shape")
    assert infer_kind("Redis", shape_hint=DB) == (CACHE, "label")


def test_the_table_has_no_term_listed_under_two_kinds():
    seen: dict[tuple[str, ...], Kind] = {}
    for words, kind, _tier in KEYWORDS:
        assert seen.setdefault(words, kind) is kind, (" ".join(words), seen[words], kind)


def test_every_kind_but_unknown_has_words():
    assert {kind for _w, kind, _t in KEYWORDS} == set(Kind) - {UNK}


@pytest.mark.parametrize(
    ("label", "managed"),
    [("Fanout queue (SQS)", True), ("Orders (DynamoDB)", True), ("Aurora Postgres", True), ("Media (S3)", True),
     ("Auth0", True), ("Redis", False), ("Postgres", False), ("Kafka", False), ("RDS MySQL", True)],
)
def test_managed_products(label, managed):
    assert is_managed_product(label) is managed


@pytest.mark.parametrize(
    ("label", "scales"),
    [("Cassandra cluster", True), ("DynamoDB", True), ("Postgres (sharded)", True), ("MySQL partitioned by user", True),
     ("Vitess", True), ("Postgres primary/replica", False), ("MySQL x3", False), ("Aurora", False)],
)
def test_write_scaling(label, scales):
    assert scales_writes(label) is scales
