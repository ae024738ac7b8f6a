"""Properties of the analysis that must hold for any design, not only the ones in the rule table.

- Adding a replica to a component never creates a new finding on it.
- The analysis is deterministic and does not depend on the order of objects in the canvas JSON.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from design.analysis.analyze import analyze
from design.canvas.recognize import build_sketch
from design.canvas.restore import restore
from design.model.corrections import Correction, apply_corrections
from design.model.sketch import Finding, Sketch
from support.paths import example_names, load_example
from support.sketch_dsl import design

# Labels covering every kind, redundant and not, managed and not, with words that rules read.
LABELS = [
    "Users", "Mobile app", "DNS", "CDN", "Load balancer", "Nginx x2", "API gateway", "Gateway (auth, rate limit)",
    "API", "Orders service", "Billing service x2", "Upload API", "Worker", "Transcoder", "Email worker x3",
    "Redis cache", "Sessions (Redis)", "Memcached cluster", "Job queue", "Kafka cluster", "Jobs (SQS)", "Postgres",
    "MySQL primary/replica", "Cassandra", "Orders (DynamoDB)", "Photos (S3)", "Elasticsearch", "Stripe", "SendGrid",
    "Prometheus", "Auth service", "Frobnicator", "",
]
FLOW_LABELS = ["", "read", "write", "publish", "enqueue", "replication", "transcode", "send email", "consume",
               "response", "get", "query", "metrics"]
ESTIMATES = st.one_of(
    st.just({}),
    st.fixed_dictionaries({
        "daily_users": st.sampled_from([1e3, 1e6, 1e8]),
        "requests_per_user": st.sampled_from([1, 10, 50]),
        "read_write_ratio": st.sampled_from([0, 1, 10, 100]),
        "peak_factor": st.sampled_from([1, 3]),
    }),
)


@st.composite
def design_lines(draw) -> tuple[list[str], list[str]]:
    """Box labels (their order fixes the layout) and arrows between them."""
    labels = draw(st.lists(st.sampled_from(LABELS), min_size=2, max_size=9, unique=True))
    n = len(labels)
    arrows = draw(st.lists(
        st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(FLOW_LABELS)),
        max_size=14,
    ))
    lines = [f"{labels[a]} -> {labels[b]}: {flow}" for a, b, flow in arrows if a != b]
    if draw(st.booleans()):
        lines.append(f"{labels[0]} -> ?")
    return labels, lines


def designs() -> st.SearchStrategy[Sketch]:
    return design_lines().map(lambda parts: design(*parts[0], *parts[1]))


def keys_on(found: tuple[Finding, ...], component: str) -> set[str]:
    return {f.key for f in found if component in f.elements}


@settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sketch=designs(), data=st.data(), estimates=ESTIMATES)
def test_adding_a_replica_never_creates_a_finding_on_that_component(sketch, data, estimates):
    target = data.draw(st.sampled_from(sketch.components))
    extra = data.draw(st.integers(1, 5))
    options = {"estimates": estimates} if estimates else None
    before = keys_on(analyze(sketch, options), target.id)
    more = apply_corrections(sketch, {target.id: Correction(replicas=target.replicas + extra)})
    after = keys_on(analyze(more, options), target.id)
    assert after <= before, (target.label, after - before)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(name=st.sampled_from(example_names()), order=st.randoms(use_true_random=False))
def test_recorded_examples_analyse_the_same_in_any_object_order(name, order):
    canvas = load_example(name)
    expected = analyze(build_sketch(restore(canvas)))
    shuffled = dict(canvas, objects=list(canvas["objects"]))
    order.shuffle(shuffled["objects"])
    got = analyze(build_sketch(restore(json.loads(json.dumps(shuffled)))))
    assert [f.to_json() for f in got] == [f.to_json() for f in expected]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(parts=design_lines(), order=st.randoms(use_true_random=False), estimates=ESTIMATES)
def test_any_design_analyses_the_same_whatever_the_order_its_arrows_were_drawn_in(parts, order, estimates):
    labels, arrows = parts
    options = {"estimates": estimates} if estimates else None
    expected = analyze(design(*labels, *arrows), options)
    assert analyze(design(*labels, *arrows), options) == expected  # deterministic run to run
    shuffled = list(arrows)
    order.shuffle(shuffled)
    got = analyze(design(*labels, *shuffled), options)
    assert [f.to_json() for f in got] == [f.to_json() for f in expected]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(sketch=designs(), estimates=ESTIMATES)
def test_every_finding_is_well_formed(sketch, estimates):
    for f in analyze(sketch, {"estimates": estimates} if estimates else None):
        assert set(f.elements) <= sketch.ids, f
        assert f.message and "{" not in f.message and f.message.endswith("."), f
        assert f.why


def test_analysis_does_not_depend_on_the_hash_seed():
    """Set and dict orders of strings change with PYTHONHASHSEED; findings, kill drills and load must not."""
    import subprocess
    import sys

    from support.paths import ROOT

    script = (
        "import json, sys\n"
        "sys.path.insert(0, 'tests')\n"
        "from support.paths import example_names, load_example\n"
        "from design.analysis.analyze import analyze\n"
        "from design.canvas.restore import restore\n"
        "from design.analysis.kill import kill\n"
        "from design.canvas.recognize import build_sketch\n"
        "out = []\n"
        "for name in example_names():\n"
        "    s = build_sketch(restore(load_example(name)))\n"
        "    est = {'estimates': {'daily_users': 1e8, 'requests_per_user': 20, 'read_write_ratio': 10}}\n"
        "    out.append([f.to_json() for f in analyze(s, est)])\n"
        "    out.append([kill(s, c.id).to_json() for c in s.components])\n"
        "print(json.dumps(out, sort_keys=True))\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout
        for seed in ("1", "2", "3")
    ]
    assert runs[0] and runs[0] == runs[1] == runs[2]
