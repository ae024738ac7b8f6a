"""A component's own latency, availability and price (corrections) replace the capacity table's in the model.

The figures used from the packaged table (see ``test_numbers_model.py``): client 0 ms and 100%; service
p50/p99 10/50 ms, 99.5% a node, $140 a month; database 5/50 ms, 99.5%, $260; external (a third party) no
latency, 99.95% for the provider's fleet, priced per use.
"""

from __future__ import annotations

import json

import pytest

from design.analysis.analyze import analyze_document
from design.analysis.numbers import Status
from design.canvas.emit import to_canvas
from design.model.corrections import Correction
from design.model.document import SCHEMA, DocumentError, SketchDocument, dumps, from_json, loads
from design.model.sketch import Kind
from support.sketch_dsl import design


def model(*lines: str, requirements: str = "", **fixes: Correction):
    doc = SketchDocument(canvas=to_canvas(design(*lines)), requirements=requirements, corrections=fixes)
    result = analyze_document(doc)
    assert result.numbers is not None
    return result.numbers


# --- the model ----------------------------------------------------------------------------------------


def test_a_third_party_the_table_cannot_time_is_timed_by_the_users_figure():
    lines = ("Users -> Checkout service", "Checkout service -> Stripe")
    before = model(*lines, requirements="checkout p99 under 300 ms")
    (check,) = before.checks
    # Users 0 + Checkout 50 + Stripe ? : the model cannot tell, names Stripe and where to set it.
    assert check.status is Status.CANNOT_TELL and check.needs == ("stripe",)
    assert check.missing == "no latency figure for Stripe: set one in Components"
    after = model(*lines, requirements="checkout p99 under 300 ms", stripe=Correction(p50_ms=120, p99_ms=400))
    (check,) = after.checks
    # 0 + 50 + 400 = 450 ms at p99 > 300: not met, and Stripe is the hop that costs most; p50 0 + 10 + 120 = 130.
    assert (after.slowest.p99_ms, after.slowest.p50_ms) == (450, 130)
    assert check.status is Status.NOT_MET and check.hop == "stripe" and check.needs == ()
    assert after.hops["stripe"].yours == ("latency",)
    assert "Stripe 400 ms (your figure)" in after.slowest.p99_working


def test_one_latency_figure_keeps_the_tables_other_where_it_agrees():
    lines = ("Users -> Feed service", "Feed service -> Stripe")
    # A p99 below the table's median: the median cannot be slower than it, so it drops to the p99 (8 ms).
    fast = model(*lines, **{"feed-service": Correction(p99_ms=8)}).hops["feed-service"]
    assert (fast.p50_ms, fast.p99_ms) == (8, 8)
    # A median above the table's p99: the p99 rises to it (80 ms); otherwise the table's p99 stays.
    slow = model(*lines, **{"feed-service": Correction(p50_ms=80)}).hops["feed-service"]
    assert (slow.p50_ms, slow.p99_ms) == (80, 80)
    mild = model(*lines, **{"feed-service": Correction(p50_ms=20)}).hops["feed-service"]
    assert (mild.p50_ms, mild.p99_ms) == (20, 50)
    # No table figure at all: a p99 alone bounds the median too; a median alone leaves the p99 unknown.
    stripe = model(*lines, stripe=Correction(p99_ms=300)).hops["stripe"]
    assert (stripe.p50_ms, stripe.p99_ms) == (300, 300)
    half = model(*lines, stripe=Correction(p50_ms=100)).hops["stripe"]
    assert (half.p50_ms, half.p99_ms) == (100, None)
    assert half.latency_missing == "no p99 latency figure for Stripe: set one in Components"


def test_an_availability_figure_is_per_instance_and_replicas_stay_in_parallel():
    lines = ("Users -> API x2", "API x2 -> Orders DB: write")
    n = model(*lines, requirements="99.9% available", api=Correction(availability=0.99))
    api = n.hops["api"]
    # Two instances at 99% each: 1 − 0.01² = 99.99%; the database alone at 99.5% is the weakest.
    assert api.availability == pytest.approx(0.9999) and api.yours == ("availability",)
    assert n.least_available.availability == pytest.approx(0.9999 * 0.995)
    assert "API x2: 1 − (1 − 99% (your figure))² = 99.99%" in n.least_available.availability_working
    (check,) = n.checks
    assert check.status is Status.NOT_MET and check.hop == "orders-db"
    # The user says their database (a managed cluster, say) is 99.99%: the path is 99.99% × 99.99% = 99.98%.
    better = model(*lines, requirements="99.9% available", api=Correction(availability=0.99),
                   **{"orders-db": Correction(availability=0.9999)})
    assert better.least_available.availability == pytest.approx(0.9999 * 0.9999)
    assert better.checks[0].status is Status.MET


def test_a_price_is_per_instance_for_what_the_user_runs_and_whole_for_what_a_provider_runs():
    lines = ("Users -> API x3", "API x3 -> Orders (DynamoDB)", "API x3 -> Stripe")
    n = model(*lines)
    # API 3 × $140 = $420; DynamoDB is a managed product and Stripe a third party: both priced by use.
    assert n.cost.monthly_usd == 420
    assert {i for i, _ in n.cost.unpriced} == {"orders-dynamodb", "stripe"}
    priced = model(*lines, api=Correction(monthly_usd=90), stripe=Correction(monthly_usd=250),
                   **{"orders-dynamodb": Correction(monthly_usd=400)})
    # API 3 × $90 = $270, the DynamoDB bill $400, Stripe's $250: $920, nothing left unpriced.
    assert priced.cost.monthly_usd == 920 and priced.cost.unpriced == ()
    assert "API x3: 3 × $90 (your figure) = $270" in priced.cost.working


def test_a_throughput_makes_an_unknown_box_count_in_the_ceiling():
    lines = ("Users -> Thing", "Thing -> Postgres: write")
    (before,) = model(*lines, requirements="500 QPS").checks
    assert before.status is Status.CANNOT_TELL and before.needs == ("thing",)
    assert before.missing == "no capacity figure for Thing: pick its kind, or set its requests/s in Components"
    # 250 reads + 250 writes/s reach Thing (one instance, 300 requests/s as set): 500 × 300 ÷ 500 = 300 < 500.
    (after,) = model(*lines, requirements="500 QPS", thing=Correction(throughput=300)).checks
    assert after.status is Status.NOT_MET and after.hop == "thing"
    assert after.working[-1] == "500 × (300 ÷ 500) = 300 requests/s"


def test_the_json_model_says_which_figures_are_the_users():
    n = model("Users -> API", "API -> Postgres", api=Correction(p99_ms=30, monthly_usd=50))
    api = next(c for c in n.to_json()["components"] if c["id"] == "api")
    assert api["yours"] == ["latency", "cost"] and api["p99_ms"] == 30 and api["monthly_usd"] == 50
    db = next(c for c in n.to_json()["components"] if c["id"] == "postgres")
    assert "yours" not in db


# --- saved with the sketch -----------------------------------------------------------------------------


def doc(**fix: float) -> SketchDocument:
    return SketchDocument(canvas=to_canvas(design("Users -> API")), corrections={"api": Correction(**fix)})


def test_figures_round_trip_through_a_saved_document():
    d = doc(p50_ms=4, p99_ms=20, availability=0.999, monthly_usd=75)
    text = dumps(d)
    assert json.loads(text)["corrections"]["api"] == {"p50_ms": 4, "p99_ms": 20, "availability": 0.999,
                                                      "monthly_usd": 75}
    assert loads(text) == d and SCHEMA == 2


@pytest.mark.parametrize(
    ("fix", "error"),
    [
        ({"p99_ms": -1}, "corrections.api.p99_ms: expected a number from 0 to 3.6e+06, got -1 (milliseconds)"),
        ({"p50_ms": "fast"}, "corrections.api.p50_ms: expected a number from 0 to 3.6e+06"),
        ({"p50_ms": 90, "p99_ms": 20}, "corrections.api.p99_ms: the 99th percentile cannot be below the median"),
        ({"availability": 0}, "corrections.api.availability: expected a number from 0 to 1, got 0 (a fraction"),
        ({"availability": 99.9}, "corrections.api.availability: expected a number from 0 to 1, got 99.9"),
        ({"monthly_usd": True}, "corrections.api.monthly_usd: expected a number from 0 to 1e+09, got true"),
        ({"latency": 5}, "corrections.api.latency: unknown field"),
    ],
)
def test_bad_figures_are_refused_with_the_path(fix, error):
    data = json.loads(dumps(doc()))
    data["corrections"]["api"] = fix
    with pytest.raises(DocumentError) as exc:
        from_json(data)
    assert str(exc.value).startswith(error)


def test_a_schema_1_document_reads_as_it_was_and_saves_as_schema_2():
    data = json.loads(dumps(SketchDocument(canvas=to_canvas(design("Users -> API")),
                                           corrections={"api": Correction(Kind.SERVICE, 2, 500.0)})))
    data["schema"] = 1
    old = from_json(data)
    assert old.corrections == {"api": Correction(Kind.SERVICE, 2, 500.0)}
    assert json.loads(dumps(old))["schema"] == 2
