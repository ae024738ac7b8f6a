"""Back-of-the-envelope arithmetic, the capacity table, and how peak load spreads over a design."""

from __future__ import annotations

import json

import pytest

from design.analysis.context import Context
from design.analysis.graph import to_graph
from design.analysis.traffic import spread_load
from design.model.document import ESTIMATE_KEYS
from design.model.estimates import ESTIMATES
from design.model.sketch import Kind
from design.sizing.capacity import CapacityError, default_capacity, load_capacity
from design.sizing.estimates import INPUT_KEYS, OWN_FIGURES, Estimate, derive, human, peak_load
from support.paths import ROOT
from support.sketch_dsl import design

DATA = ROOT / "design" / "sizing" / "data" / "capacity.json"


# --- arithmetic -------------------------------------------------------------------------


def test_peak_qps_storage_and_bandwidth_by_hand():
    # 10M users × 20 requests = 200M/day; 4:1 reads → 40M writes, 160M reads per day.
    e = derive({"daily_users": 10_000_000, "requests_per_user": 20, "read_write_ratio": 4, "payload_bytes": 2_000,
                "peak_factor": 3, "retention_years": 5})
    assert e is not None and e.assumed == ()
    assert e.requests_per_day == 200_000_000
    assert e.average_qps == pytest.approx(200e6 / 86_400)  # ≈ 2,315/s
    assert e.peak_read_qps == pytest.approx(160e6 / 86_400 * 3)  # ≈ 5,556/s
    assert e.peak_write_qps == pytest.approx(40e6 / 86_400 * 3)  # ≈ 1,389/s
    assert e.storage_gb_per_year == pytest.approx(40e6 * 2_000 * 365 / 1e9)  # 29,200 GB
    assert e.storage_gb_total == pytest.approx(29_200 * 5)
    assert e.ingress_mbps == pytest.approx(e.peak_write_qps * 2_000 * 8 / 1e6)
    assert e.egress_mbps == pytest.approx(e.peak_read_qps * 2_000 * 8 / 1e6)
    assert e.bandwidth_mbps == pytest.approx(e.ingress_mbps + e.egress_mbps)
    assert e.peak_qps == pytest.approx(e.peak_read_qps + e.peak_write_qps)


def test_the_working_is_shown_step_by_step():
    e = derive({"daily_users": 1e6, "requests_per_user": 10, "read_write_ratio": 9, "payload_bytes": 500,
                "peak_factor": 2})
    lines = e.working()
    assert lines[0] == "requests per day: 1M users × 10 requests each = 10M requests/day"
    assert "1M writes/day" in lines[2] and "9:1" in lines[2]
    assert any(line.startswith("peak reads: 9M ÷ 86,400 s × peak factor 2 = 208 reads/s") for line in lines)
    assert any(line.startswith("storage per year:") and "182 GB/year" in line for line in lines)
    assert not any(line.startswith("storage kept") for line in lines)  # no retention given


def test_missing_ratio_and_peak_are_assumed_out_loud():
    e = derive({"daily_users": 86_400, "requests_per_user": 2})
    assert e.assumed == ("read_write_ratio", "peak_factor")
    assert e.peak_read_qps == pytest.approx(1) and e.peak_write_qps == pytest.approx(1)
    assert "assumed 1:1" in e.working()[2] and "peaks are never average" in e.working()[4]
    assert e.storage_gb_per_year is None and e.bandwidth_mbps is None


@pytest.mark.parametrize("inputs", [{}, {"daily_users": 1e6}, {"requests_per_user": 5}, {"daily_users": 0, "requests_per_user": 5}])
def test_no_traffic_means_nothing_derived(inputs):
    assert derive(inputs) is None


def test_peak_load_falls_back_to_the_users_own_figures():
    assert peak_load({"daily_users": 86_400, "requests_per_user": 2, "read_write_ratio": 1}) == (1.0, 1.0)
    assert peak_load({"my_read_qps": 500}) == (500.0, 0.0)
    assert peak_load({"payload_bytes": 10}) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (7, "7"), (0.42, "0.42"), (12.4, "12"), (999, "999"), (1234, "1.2k"), (999_999, "1M"), (35e6, "35M"),
     (2.5e9, "2.5G"), (123e12, "123T"), (float("inf"), "∞")],
)
def test_human_numbers(value, text):
    assert human(value) == text


# --- the capacity table -----------------------------------------------------------------


def test_the_packaged_table_covers_every_kind_and_sources_every_figure():
    table = default_capacity()
    raw = json.loads(DATA.read_text())
    assert set(raw["kinds"]) == {k.value for k in Kind}
    for kind in Kind:
        cap = table.get(kind)
        assert cap.source.strip(), kind
        if cap.sized:
            assert cap.rationale.strip(), kind
    assert table.get(Kind.DATABASE).write_qps < table.get(Kind.DATABASE).read_qps
    assert not table.get(Kind.EXTERNAL).sized and not table.get(Kind.UNKNOWN).sized
    # Schema 2: every kind says its hop latency, availability and price, or why it has none.
    for kind in Kind:
        cap = table.get(kind)
        for figure in (cap.latency, cap.availability, cap.cost):
            assert figure is not None and figure.source.strip(), kind
        assert cap.latency.p50_ms is None or cap.latency.p50_ms <= cap.latency.p99_ms
    assert table.get(Kind.SERVICE).availability.value == 0.995 and table.get(Kind.SERVICE).cost.value == 140
    assert table.get(Kind.EXTERNAL).latency.p50_ms is None and table.get(Kind.UNKNOWN).availability.value is None
    assert set(table.domains) == {"host", "zone", "region"}
    assert table.domains["host"].value < table.domains["zone"].value < table.domains["region"].value


def test_a_schema_1_file_still_loads_with_capacities_only():
    table = load_capacity('{"schema": 1, "kinds": {"service": {"qps": 50, "source": "measured"}}}')
    cap = table.get(Kind.SERVICE)
    assert cap.qps == 50 and cap.latency is None and cap.availability is None and cap.cost is None
    assert table.domains == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "line 1: not valid JSON"),
        ('{"schema": 3, "kinds": {}}', "schema: expected 1 or 2"),
        ('{"schema": 1, "kinds": {}, "domains": {}}', "domains: unknown field"),
        ('{"schema": 1, "kinds": {"cache": {"qps": 5, "source": "x", "latency": {}}}}', "kinds.cache.latency: unknown field"),
        ('{"schema": 2, "kinds": {"cache": {"latency": {"p50_ms": 1, "source": "x"}}}}',
         "kinds.cache.latency: give both p50_ms and p99_ms"),
        ('{"schema": 2, "kinds": {"cache": {"latency": {"p50_ms": 9, "p99_ms": 2, "source": "x"}}}}',
         "kinds.cache.latency.p99_ms: the 99th percentile cannot be below the median"),
        ('{"schema": 2, "kinds": {"cache": {"latency": {"p50_ms": 1, "p99_ms": 2}}}}', "kinds.cache.latency.source"),
        ('{"schema": 2, "kinds": {"cache": {"latency": {"p50_ms": null, "p99_ms": null}}}}',
         "kinds.cache.latency.source: say where the figure comes from, or why there is none"),
        ('{"schema": 2, "kinds": {"cache": {"availability": {"instance": 99.5, "source": "x"}}}}',
         "kinds.cache.availability.instance: expected a number from 0 to 1, got 99.5 (a fraction: 0.995 for 99.5%"),
        ('{"schema": 2, "kinds": {"cache": {"cost": {"monthly_usd": -1, "source": "x"}}}}',
         "kinds.cache.cost.monthly_usd: expected a non-negative number, got -1 (US dollars a month"),
        ('{"schema": 2, "kinds": {"cache": {"cost": 5}}}', "kinds.cache.cost: expected an object"),
        ('{"schema": 2, "kinds": {}, "domains": {"rack": {"availability": 0.9, "source": "x"}}}',
         "domains.rack: unknown domain"),
        ('{"schema": 1, "kinds": []}', "kinds: expected an object"),
        ('{"schema": 1, "kinds": {"fridge": {}}}', "kinds.fridge: unknown kind"),
        ('{"schema": 1, "kinds": {"cache": {"qps": -5, "source": "x"}}}', "kinds.cache.qps: expected a positive number"),
        ('{"schema": 1, "kinds": {"cache": {"qps": true, "source": "x"}}}', "kinds.cache.qps: expected a positive"),
        ('{"schema": 1, "kinds": {"cache": {"qps": 5}}}', "kinds.cache.source: every figure needs a source"),
        ('{"schema": 1, "kinds": {"cache": {"qps": 5, "source": "x", "burst": 9}}}', "kinds.cache.burst: unknown field"),
        ('{"schema": 1, "kinds": {}, "extra": 1}', "extra: unknown field"),
    ],
)
def test_a_bad_capacity_file_is_refused_with_the_path(text, message):
    with pytest.raises(CapacityError) as err:
        load_capacity(text)
    assert str(err.value).startswith(message)


# --- spreading the peak over the graph ----------------------------------------------------


def loads(*lines: str, reads: float = 1000, writes: float = 100, **kw):
    sketch = design(*lines)
    return spread_load(Context(sketch, to_graph(sketch)), reads, writes, **kw)


def test_reads_and_writes_follow_the_flow_labels():
    got = loads("Users -> Gateway x2", "Gateway x2 -> Feed service x3: get feed", "Gateway x2 -> Post service x2: new post",
                "Feed service x3 -> Posts DB: read", "Post service x2 -> Posts DB: write")
    assert got["gateway"].total == 1100
    # Unlabelled "get feed"/"new post" carry both; the DB sees reads via one, writes via the other.
    assert (got["posts-db"].reads, got["posts-db"].writes) == (1000, 100)


def test_a_cache_in_front_takes_the_hits():
    got = loads("Users -> API x2", "API x2 -> Redis cache: get", "API x2 -> Postgres: read", cache_hit_ratio=0.9)
    assert got["redis-cache"].reads == 1000
    assert got["postgres"].reads == pytest.approx(100)


def test_a_queue_absorbs_the_peak_and_replication_carries_nothing():
    got = loads("Users -> API x2", "API x2 -> Jobs (SQS): enqueue", "Jobs (SQS) -> Worker x2", "API x2 -> Postgres: write",
                "Postgres -> Postgres replica: replication")
    assert got["jobs-sqs"].total == 1100 and got["worker"].total == 0
    assert got["postgres"].writes == 100 and got["postgres-replica"].total == 0


def test_several_paths_to_one_node_do_not_multiply_the_requests():
    got = loads("Users -> A service x2", "Users -> B service x2", "A service x2 -> C service x2", "B service x2 -> C service x2")
    assert got["c-service"].total == 1100
    # Without labels to tell the two calls apart, each may carry every request: an upper bound.
    assert got["a-service"].total == 1100


def test_peak_load_is_split_between_entries():
    got = loads("Web -> API x2", "Mobile app -> API x2", "Browser -> Static service x2")
    assert got["mobile-app"].total == 550 and got["browser"].total == 550 and got["api"].total == 550


def test_every_estimate_has_one_label_and_every_own_figure_names_a_derived_one():
    assert [e.key for e in ESTIMATES] == list(ESTIMATE_KEYS) == [*INPUT_KEYS, *OWN_FIGURES]
    assert all(e.label and e.help for e in ESTIMATES)
    assert len({e.label for e in ESTIMATES}) == len(ESTIMATES)
    assert set(OWN_FIGURES.values()) <= set(Estimate.__dataclass_fields__)
