"""The numbers model, pinned to figures worked out by hand.

Every expected figure below comes from the packaged table
(``design/sizing/data/capacity.json``) and the rules stated in
``design/analysis/numbers.py``, worked out in the comments. The figures used:

    kind            p50/p99 ms   availability   $/month   capacity per node
    client            0 / 0        100%            0       -
    load_balancer     1 / 5        99.5%         124       80k requests/s
    api_gateway       2 / 10       99.5%          62       5k requests/s
    service          10 / 50       99.5%         140       1k requests/s
    auth              5 / 25       99.5%         140       1k requests/s
    worker           50 / 500      99.5%          70       100 requests/s
    cache             1 / 5        99.5%         150       100k requests/s
    queue             2 / 10       99.5%          70       10k requests/s
    database          5 / 50       99.5%         260       5k reads/s, 1k writes/s
    search           20 / 200      99.5%         122       200 requests/s
    object_storage   30 / 200      99.9%      per use      (managed)
    cdn               5 / 50       99.9%      per use      (managed)
    external          ? / ?        99.95%     per use      (managed)

n instances in parallel: 1 − (1 − a)ⁿ, so ×2 → 99.9975%, ×3 → 99.9999875%. "Replicated" without a
count, and managed products, count as two. With no estimated peak, the ceiling spreads a 1:1 mix
(500 reads + 500 writes per second) and scales it until the first instance is full.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from design.analysis.analyze import analyze_document, analyze_with_numbers
from design.analysis.numbers import DesignNumbers, Status
from design.model.document import SketchDocument
from design.readers.dispatch import read_import
from support.paths import ROOT
from support.sketch_dsl import design

EXAMPLES = ROOT / "examples"


def example(name: str, requirements: str = "", estimates: dict | None = None) -> DesignNumbers:
    path = EXAMPLES / f"{name}.canvas.json"
    doc = read_import(path.name, Path(path).read_bytes()).document
    doc = SketchDocument(doc.canvas, requirements=requirements, estimates=estimates or {})
    result = analyze_document(doc)
    assert result.numbers is not None
    return result.numbers


def numbers(*lines: str, **options) -> DesignNumbers:
    return analyze_with_numbers(design(*lines), options)[1]


def check(n: DesignNumbers, *, slowest: tuple[str, ...], p50: float, p99: float, least: tuple[str, ...],
          availability: float, ceiling: float, hop: str, cost: float, unpriced: tuple[str, ...] = ()) -> None:
    assert n.slowest is not None and n.least_available is not None
    assert n.slowest.nodes == slowest
    assert (n.slowest.p50_ms, n.slowest.p99_ms) == (p50, p99)
    assert n.least_available.nodes == least
    assert n.least_available.availability == pytest.approx(availability, abs=1e-9)
    assert n.ceiling.qps == pytest.approx(ceiling)
    assert n.ceiling.hop == hop
    assert n.cost.monthly_usd == pytest.approx(cost)
    assert tuple(i for i, _ in n.cost.unpriced) == unpriced


# --- the examples ----------------------------------------------------------------------------------


def test_url_shortener():
    # Users → Load balancer x2 → Shortener API x3 → {ID generator x2 (next id), Postgres primary/replica (write),
    # Redis cache cluster (read)}; Prometheus is off the path.
    # Slowest: to the ID generator, p99 0 + 5 + 50 + 50 = 105, p50 0 + 1 + 10 + 10 = 21 (Postgres is also 105 at
    # p99 but 16 at p50, so the ID generator wins the tie).
    # Availability: LB ×2 99.9975% × API ×3 99.9999875% × ID generator ×2 (or Postgres, replicated: two)
    # 99.9975% = 99.99499..%; the three paths tie at that or above (Redis cluster: two as well).
    # Ceiling: 500 reads + 500 writes/s; the writes (write, next id) reach Postgres's one write primary:
    # 500 of 1k → ×2 → 2,000 requests/s. API: 1,000 ÷ 3 = 333 of 1k (×3); ID generator 250 of 1k (×4).
    # Cost: LB 2 × 124 + API 3 × 140 + ID 2 × 140 + Postgres 2 × 260 + Redis 2 × 150 + Prometheus 70 = $1,838.
    n = example("url-shortener")
    a = 0.999975 * 0.999999875 * 0.999975
    check(n, slowest=("users", "load-balancer", "shortener-api", "id-generator"), p50=21, p99=105,
          least=("users", "load-balancer", "shortener-api", "id-generator"), availability=a,
          ceiling=2000, hop="postgres-primary-replica", cost=1838)
    redis = next(p for p in n.paths if p.end == "redis-cache-cluster")
    assert (redis.p50_ms, redis.p99_ms) == (12, 60)  # 0 + 1 + 10 + 1, 0 + 5 + 50 + 5


def test_chat():
    # Mobile app → WebSocket gateway x3 → {Auth service (verify token), Chat service x3 → {Cassandra cluster
    # (write), Kafka cluster (publish: the last hop waited on)}}; the fan-out worker is behind Kafka.
    # Slowest: to Cassandra, p99 0 + 10 + 50 + 50 = 110, p50 0 + 2 + 10 + 5 = 17.
    # Least available: to Auth, gateway ×3 99.9999875% × one Auth instance 99.5% = 99.4999875..%.
    # Ceiling: 500 + 500/s; "verify token" carries both to the one Auth instance: 1,000 of 1k → ×1 → 1,000/s.
    # Cost: Auth 140 + Cassandra 2 × 260 + Chat 3 × 140 + worker 2 × 70 + Kafka 2 × 70 + Redis 150
    # + gateway 3 × 62 = $1,696; Push (APNs/FCM) is a third party, not priced.
    n = example("chat")
    check(n, slowest=("mobile-app", "websocket-gateway", "chat-service", "cassandra-cluster"), p50=17, p99=110,
          least=("mobile-app", "websocket-gateway", "auth-service"), availability=0.999999875 * 0.995,
          ceiling=1000, hop="auth-service", cost=1696, unpriced=("push-apns-fcm",))


def test_news_feed():
    # Slowest: Users → CDN → Media (S3): the CDN 50 + S3 behind it 200 (20% of reads miss the CDN, more than
    # 1%, so the p99 waits on the origin) = 250 at p99; at p50 the median read is a hit: 5 + 0 = 5.
    # Least available: Users → API gateway (one, 99.5%) → Post service x2 (99.9975%) → Posts DB (one, 99.5%)
    # = 0.995 × 0.999975 × 0.995 = 99.0000249..%; via Feed service x3 it would be 99.00248..%.
    # Ceiling: 500 + 500/s; "new post" carries the writes to Posts DB's one primary: 500 of 1k → 2,000/s
    # (the gateway is 1,000 of 5k, Post service 250 of 1k).
    # Cost: gateway 62 + workers 4 × 70 + Redis 150 + Feed 3 × 140 + Post 2 × 140 + Posts DB 260 = $1,452;
    # CDN and S3 are priced per use, SQS is a managed product priced per use.
    n = example("news-feed")
    check(n, slowest=("users", "cdn", "media-s3"), p50=5, p99=250,
          least=("users", "api-gateway", "post-service", "posts-db-mysql"), availability=0.995 * 0.999975 * 0.995,
          ceiling=2000, hop="posts-db-mysql", cost=1452, unpriced=("cdn", "fanout-queue-sqs", "media-s3"))
    feed_db = n.paths[[p.end for p in n.paths].index("posts-db-mysql")]
    assert feed_db.nodes[2] == "post-service"  # the write path (110/17) is slower than the cached read (110/12)


def test_rate_limiter():
    # Slowest: Clients → API gateway x2 → Rate limiter x2 → Rules config (etcd): 0 + 10 + 50 + 50 = 110 at p99,
    # 2 + 10 + 5 = 17 at p50; the orders path ties at 110/17 and the later id wins. The counters Redis holds
    # state, caches nothing, so etcd is not behind a cache.
    # Least available: gateway ×2 99.9975% × limiter ×2 99.9975% × Redis counters (one) 99.5% = 99.49502..%
    # (etcd ties; "redis-counters" sorts first).
    # Ceiling: 500 + 500/s; Orders DB takes the 500 writes on one primary (×2), the limiter 1,000 ÷ 2 = 500 of
    # 1k (×2): a tie, the first component in id order (orders-db-postgres) is named. 2,000/s.
    # Cost: gateway 2 × 62 + backend 3 × 140 + Orders DB 260 + limiter 2 × 140 + Redis 150 + etcd 260 = $1,494.
    n = example("rate-limiter")
    check(n, slowest=("clients", "api-gateway", "rate-limiter", "rules-config-etcd"), p50=17, p99=110,
          least=("clients", "api-gateway", "rate-limiter", "redis-counters"), availability=0.999975 ** 2 * 0.995,
          ceiling=2000, hop="orders-db-postgres", cost=1494)


def test_video_upload():
    # Slowest: Creators → Nginx x2 → Upload API x3 → Transcoder (a worker, called synchronously) → Video store
    # (S3): 0 + 5 + 50 + 500 + 200 = 755 at p99, 0 + 1 + 10 + 50 + 30 = 91 at p50.
    # Least available, the same path: 99.9975% × 99.9999875% × 99.5% × 99.9% = 99.398..%.
    # Ceiling: 500 + 500/s enter, but "upload" carries writes only: 500 writes/s reach the one Transcoder, which
    # takes 100 → ×0.2 → 200 requests/s.
    # Cost: Nginx 2 × 124 + Transcoder 70 + API 3 × 140 + Videos DB 260 = $998; S3 per use.
    n = example("video-upload")
    path = ("creators", "nginx", "upload-api", "transcoder", "video-store-s3")
    check(n, slowest=path, p50=91, p99=755, least=path, availability=0.999975 * 0.999999875 * 0.995 * 0.999,
          ceiling=200, hop="transcoder", cost=998, unpriced=("video-store-s3",))


def test_sloppy_draft_names_what_it_cannot_time():
    # Browser → db directly (0 + 50 = 50 at p99, 5 at p50) and Browser → web → db, web → unlabeled box: web and
    # the unlabeled box have no kind, so no latency, availability or price. Only db is counted: 99.5%.
    # Ceiling: db gets 500 reads (query) + 500 reads and 500 writes (through web): writes 500 of 1k → 2,000/s.
    # Cost: cache 150 + db 260 = $410; web and the unlabeled box are not priced.
    n = example("sloppy")
    check(n, slowest=("browser", "db"), p50=5, p99=50, least=("browser", "db"), availability=0.995,
          ceiling=2000, hop="db", cost=410, unpriced=("unlabeled-box", "web"))
    box = next(p for p in n.paths if p.end == "unlabeled-box")
    assert box.unknown_latency == ("web", "unlabeled-box") and box.unknown_availability == ("web", "unlabeled-box")
    assert n.ceiling.unsized == ("unlabeled-box", "web")
    assert n.hops["web"].latency_missing == "no latency figure for web: pick its kind, or set one in Components"


# --- hand-checked designs ----------------------------------------------------------------------------


def test_single_instances_in_series():
    # Users → API → Postgres (write): p99 0 + 50 + 50 = 100, p50 0 + 10 + 5 = 15.
    # Availability 99.5% × 99.5% = 99.0025%. Ceiling: 1,000/s reach the one API, which takes 1k → 1,000/s.
    # Cost 140 + 260 = $400.
    n = numbers("Users -> API", "API -> Postgres: write")
    check(n, slowest=("users", "api", "postgres"), p50=15, p99=100, least=("users", "api", "postgres"),
          availability=0.990025, ceiling=1000, hop="api", cost=400)
    assert n.least_available.availability_working.endswith("99.5% (API) × 99.5% (Postgres) = 99.002%")


def test_cache_aside_read_path_counts_the_hit_ratio():
    # Users → LB x2 → API x3 → {Redis cache (read), Postgres primary/replica (read)}.
    # To Postgres: p99 0 + 5 + 50 + 50 = 105 (20% of reads miss, more than 1%); p50 0 + 1 + 10 + 0 = 11 (the
    # median read is a hit). To Redis: p99 60, p50 12.
    # Least available: to the one Redis, 99.9975% × 99.9999875% × 99.5% = 99.497..%.
    # Ceiling: 500 reads reach Redis and 500 × 20% = 100 reach Postgres (2 instances: 50 each of 5k); the API
    # takes 1,000 ÷ 3 = 333 of 1k (×3) → 3,000/s, the weakest hop.
    # Cost: LB 248 + API 420 + Redis 150 + Postgres 2 × 260 = $1,338.
    n = numbers("Users -> LB x2", "LB x2 -> API x3", "API x3 -> Redis cache: read",
                "API x3 -> Postgres primary/replica: read")
    check(n, slowest=("users", "lb", "api", "postgres-primary-replica"), p50=11, p99=105,
          least=("users", "lb", "api", "redis-cache"), availability=0.999975 * 0.999999875 * 0.995,
          ceiling=3000, hop="api", cost=1338)
    assert "the median read is a hit" in n.slowest.p50_working
    # With a hit ratio of 99.5%, fewer than 1% of reads miss: the p99 no longer waits on Postgres.
    n = numbers("Users -> LB x2", "LB x2 -> API x3", "API x3 -> Redis cache: read",
                "API x3 -> Postgres primary/replica: read", cache_hit_ratio=0.995)
    assert n.slowest.end == "redis-cache" and n.slowest.p99_ms == 60


def test_a_queue_ends_the_chain_and_managed_products_are_priced_by_use():
    # Users → API x2 → {Orders DB primary/replica (write), Order queue (SQS) (enqueue)}; the worker and SendGrid
    # sit behind the queue and are not on any request path.
    # To the DB: p99 0 + 50 + 50 = 100, p50 15; to the queue: 0 + 50 + 10 = 60, p50 12.
    # Availability: API ×2 99.9975% × DB (two) 99.9975% = 99.99500..%; SQS is a managed product, two
    # instances in parallel, the same: a tie, "order-queue-sqs" sorts first.
    # Ceiling: API 1,000 ÷ 2 = 500 of 1k and the DB's 500 writes of 1k: ×2 either way, API named first: 2,000/s.
    # Cost: API 280 + worker 70 + DB 520 = $870; SQS and SendGrid priced per use.
    n = numbers("Users -> API x2", "API x2 -> Orders DB primary/replica: write", "API x2 -> Order queue (SQS): enqueue",
                "Order queue (SQS) -> Email worker: consume", "Email worker -> SendGrid: send")
    check(n, slowest=("users", "api", "orders-db-primary-replica"), p50=15, p99=100,
          least=("users", "api", "order-queue-sqs"), availability=0.999975 ** 2,
          ceiling=2000, hop="api", cost=870, unpriced=("order-queue-sqs", "sendgrid"))
    assert {p.end for p in n.paths} == {"orders-db-primary-replica", "order-queue-sqs"}


def test_a_read_through_cache_in_front_of_search():
    # Users → Catalog API x3 → Product cache (Redis) (read) → Elasticsearch (read, on a miss).
    # To Elasticsearch: p99 0 + 50 + 5 + 200 = 255; p50 0 + 10 + 1 + 0 = 11.
    # Least available: 99.9999875% × 99.5% × 99.5% = 99.00248..%.
    # Ceiling: 500 reads reach the cache and 20% of them, 100, reach Elasticsearch, which takes 200 (×2); the
    # API takes 1,000 ÷ 3 = 333 of 1k (×3): Elasticsearch is the weakest hop, 2,000/s.
    # Cost: API 420 + cache 150 + Elasticsearch 122 = $692.
    n = numbers("Users -> Catalog API x3", "Catalog API x3 -> Product cache (Redis): read",
                "Product cache (Redis) -> Elasticsearch: read")
    path = ("users", "catalog-api", "product-cache-redis", "elasticsearch")
    check(n, slowest=path, p50=11, p99=255, least=path, availability=0.999999875 * 0.995 * 0.995,
          ceiling=2000, hop="elasticsearch", cost=692)


def test_a_third_party_with_no_latency_figure_cannot_be_timed():
    # Users → Checkout service x2 → {Stripe (charge), Orders DB primary/replica (write)}.
    # The table has no latency for a third party: the Stripe path is at least 0 + 50 = 50 at p99; the DB path
    # is 100. Availability: to Stripe 99.9975% × 99.95% = 99.9475..%, the least available.
    # Ceiling: Checkout 500 of 1k and the DB's 500 writes of 1k: ×2, Checkout first by id: 2,000/s.
    # Cost: Checkout 280 + DB 520 = $800; Stripe per use.
    n = numbers("Users -> Checkout service x2", "Checkout service x2 -> Stripe: charge",
                "Checkout service x2 -> Orders DB primary/replica: write",
                requirements="checkout p99 under 300 ms\ncheckout p99 under 60 ms")
    check(n, slowest=("users", "checkout-service", "orders-db-primary-replica"), p50=15, p99=100,
          least=("users", "checkout-service", "stripe"), availability=0.999975 * 0.9995,
          ceiling=2000, hop="checkout-service", cost=800, unpriced=("stripe",))
    loose, tight = n.checks
    # 300 ms: the DB path (100) fits, but Stripe's share is unknown: the model cannot tell, and says why.
    assert loose.status is Status.CANNOT_TELL
    assert loose.missing == "no latency figure for Stripe: set one in Components"
    assert loose.needs == ("stripe",)
    # 60 ms: the DB path alone is already 100 ms, whatever Stripe takes.
    assert tight.status is Status.NOT_MET and tight.hop == "orders-db-primary-replica"


def test_estimates_and_stated_targets_together():
    # 100M users × 10 requests = 1B a day, 9:1 → 900M reads and 100M writes a day, peak factor 2:
    # 20,833 reads/s and 2,315 writes/s at peak (23,148 in all).
    # Users → LB x2 → API x40 → Redis cache cluster (read) and → Cassandra x3 (reads and writes).
    # Spread: API 23,148 ÷ 40 = 579 of 1k (×1.73); Cassandra writes 2,315 ÷ 3 = 772 of 1k (×1.296; Cassandra
    # spreads writes over its nodes), reads 20,833 × 20% ÷ 3 = 1,389 of 5k. Ceiling: 23,148 × 1.296 = 30,000/s.
    # Latency: to Cassandra p99 0 + 5 + 50 + 50 = 105 (reads miss the cache 20% of the time; writes always
    # go), p50 0 + 1 + 10 + 0 = 11; to Redis 60/12.
    # Availability: LB ×2 99.9975% × API ×40 ≈ 100% × Redis cluster (two) 99.9975% = 99.99500..%: under 99.99%
    # by half the allowed downtime (5e-5 of 1e-4): met.
    # Cost: LB 248 + API 40 × 140 + Redis 300 + Cassandra 3 × 260 = $6,928.
    estimates = {"daily_users": 1e8, "requests_per_user": 10, "read_write_ratio": 9, "peak_factor": 2,
                 "payload_bytes": 500}
    requirements = "\n".join([
        "p99 under 100 ms for redirects",  # 105 > 100: not met, no path says "redirect"
        "99.99% availability",  # 99.995%: met
        "40k QPS at peak",  # 9:1 → 4,000 writes/s, 1,333 on each Cassandra node of 1k: ×0.75 → 30k: not met
        "25k QPS",  # ×1.2: at risk (under 25% headroom)
        "keep links 5 years",  # Cassandra has copies; 100M writes × 500 B × 365 = 18,250 GB/year × 5 = 91,250 GB
        "shorten a URL",  # text
    ])
    result = analyze_with_numbers(
        design("Users -> LB x2", "LB x2 -> API x40", "API x40 -> Redis cache cluster: read", "API x40 -> Cassandra x3"),
        {"estimates": estimates, "requirements": requirements},
    )
    findings, n = result
    check(n, slowest=("users", "lb", "api", "cassandra"), p50=11, p99=105, least=("users", "lb", "api", "redis-cache-cluster"),
          availability=0.999975 * (1 - 0.005**40) * 0.999975, ceiling=30000, hop="cassandra", cost=6928)
    assert n.ceiling.basis == "your estimates' peak"
    statuses = [[c.status for c in r.checks] for r in n.requirements]
    assert statuses == [[Status.NOT_MET], [Status.MET], [Status.NOT_MET], [Status.AT_RISK], [Status.MET], []]
    latency = n.requirements[0].checks[0]
    assert latency.detail == ("API x40 → Cassandra x3 takes 50 ms of the 100 ms p99 budget; Users → LB x2 → API x40 → "
                              "Cassandra x3 is 105 ms at p99 (no path is labelled 'redirect': checked against every "
                              "path).")
    assert "91.2k GB" in n.requirements[4].checks[0].detail
    rules = sorted(f.rule for f in findings if f.rule in ("LAT001", "AVAIL001", "THRU001", "CAP001"))
    assert rules == ["LAT001", "THRU001"]  # the estimated peak fits, so CAP001 stays silent
    thru = next(f for f in findings if f.rule == "THRU001")
    assert thru.elements == ("cassandra",)
    assert thru.message == ("You expect 40k requests/s; the design takes about 30k requests/s before each of the 3 "
                            "instances of Cassandra x3 saturates (about 1k writes/s per node).")
    availability = n.requirements[1].checks[0]
    assert availability.detail == ("Users → LB x2 → API x40 → Redis cache cluster is available 99.995% as drawn against "
                                   "the 99.99% asked for; LB x2 (2 instances, 99.9975%) costs most.")


def test_every_figure_carries_its_arithmetic():
    n = numbers("Users -> LB x2", "LB x2 -> API x3", "API x3 -> Postgres: write")
    s = n.slowest
    assert s.p99_working == "Users 0 ms + LB x2 5 ms + API x3 50 ms + Postgres 50 ms = 105 ms"
    assert s.p50_working == "Users 0 ms + LB x2 1 ms + API x3 10 ms + Postgres 5 ms = 16 ms"
    assert s.availability_working == (
        "LB x2: 1 − (1 − 99.5%)² = 99.9975% (2 instances in parallel); API x3: 1 − (1 − 99.5%)³ = 99.9999875% "
        "(3 instances in parallel); Postgres: 99.5%; in series: 99.9975% (LB x2) × 99.9999875% (API x3) × 99.5% "
        "(Postgres) = 99.497%")
    # 500 writes/s of the 1:1 mix land on Postgres's one primary, which takes 1k (the API, ×3, has more room).
    assert n.ceiling.working == (
        "1k requests/s entering (500 reads + 500 writes/s, no peak estimated: a 1:1 read:write mix assumed) put up to "
        "500 writes/s on Postgres (one instance), which takes about 1k writes/s per node",
        "1k × (1k ÷ 500) = 2k requests/s")
    assert n.cost.working == "API x3: 3 × $140 = $420; LB x2: 2 × $124 = $248; Postgres: $260; total $928 a month"
    model = n.to_json()
    assert model["slowest"]["working"]["p99"] == s.p99_working
    assert model["ceiling"]["requests_per_s"] == 2000 and model["cost"]["monthly_usd"] == 928


def test_the_model_reads_the_users_own_table():
    from design.sizing.capacity import load_capacity

    table = load_capacity("""{"schema": 2, "kinds": {
        "service": {"qps": 500, "source": "measured", "latency": {"p50_ms": 2, "p99_ms": 9, "source": "measured"},
                    "availability": {"instance": 0.999, "source": "measured"}, "cost": {"monthly_usd": 10, "source": "quote"}},
        "database": {"write_qps": 100, "source": "measured"}}}""")
    n = numbers("Users -> API x2", "API x2 -> Postgres: write", capacity=table)
    # The service's own figures; the database has a capacity but no latency, availability or price in this file.
    assert (n.slowest.p50_ms, n.slowest.p99_ms) == (2, 9) and n.slowest.unknown_latency == ("postgres",)
    assert n.hops["api"].availability == pytest.approx(1 - 0.001**2)
    assert n.cost.monthly_usd == 20 and n.cost.unpriced == (
        ("postgres", "no price for database in the capacity table: set one in Components"),)
    assert n.ceiling.hop == "postgres" and n.ceiling.qps == pytest.approx(200)  # 500 writes of 100 → ×0.2


def test_a_cycle_is_walked_once_and_nothing_hangs():
    n = numbers("Users -> A service", "A service -> B service", "B service -> A service", "B service -> Postgres: write")
    assert n.slowest.nodes == ("users", "a-service", "b-service", "postgres")
    assert n.slowest.p99_ms == 150


def test_no_entry_means_no_paths_and_the_checklist_says_why():
    n = numbers("Postgres", requirements="p99 under 100 ms\n99.9% uptime\n10k QPS")
    assert n.paths == () and n.slowest is None
    assert {c.status for c in n.checks} == {Status.CANNOT_TELL}
    assert all("client" in c.missing for c in n.checks)
