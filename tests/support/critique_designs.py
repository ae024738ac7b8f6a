"""Small designs for critique tests, drawn as canvas JSON, plus the recorded examples.

The recorded examples (``examples/*.canvas.json``) come from the real canvas;
these hand-built ones add kinds and shapes the examples do not cover
(external providers, search, object storage, workers off a queue).
"""

from __future__ import annotations

import json

from critique.models import CritiqueRequest, Mode
from critique.problems import Problem, load_problems
from critique.request import request_for
from design.model.document import SketchDocument
from support.canvas_builder import canvas
from support.paths import ROOT

EXAMPLES = ROOT / "examples"

DESIGNS = {
    "minimal": canvas(
        {"Client": (20, 20), "Web server": (220, 20), "Postgres": (420, 20)},
        [("Client", "Web server"), ("Web server", "Postgres", "write")],
    ),
    "shortener": canvas(
        {"Mobile app": (20, 20), "Load balancer": (220, 20), "API server x3": (420, 20), "Redis cache": (420, 160),
         "Postgres": (620, 160), "Kafka queue": (620, 20), "Click worker": (820, 20)},
        [("Mobile app", "Load balancer"), ("Load balancer", "API server x3"), ("API server x3", "Redis cache", "read"),
         ("API server x3", "Postgres", "write"), ("API server x3", "Kafka queue", "publish"),
         ("Kafka queue", "Click worker")],
    ),
    "upload": canvas(
        {"Browser": (20, 20), "CDN": (220, 160), "S3 bucket": (420, 160), "Upload API": (220, 20),
         "SQS queue": (420, 20), "Transcoder worker x4": (620, 20), "MySQL": (20, 300)},
        [("Browser", "CDN", "fetch"), ("CDN", "S3 bucket", "read"), ("Browser", "Upload API", "upload"),
         ("Upload API", "SQS queue", "enqueue"), ("SQS queue", "Transcoder worker x4"),
         ("Transcoder worker x4", "S3 bucket", "write"), ("Upload API", "MySQL", "write")],
    ),
    "ledger": canvas(
        {"Client": (20, 20), "API gateway": (220, 20), "Ledger service x2": (420, 20),
         "Postgres primary": (620, 20), "Postgres replica": (620, 160), "Stripe": (420, 160),
         "Reconciler worker": (820, 160)},
        [("Client", "API gateway"), ("API gateway", "Ledger service x2"), ("Ledger service x2", "Postgres primary", "write"),
         ("Postgres primary", "Postgres replica", "replication"), ("Ledger service x2", "Stripe", "charge"),
         ("Reconciler worker", "Postgres primary", "read")],
    ),
    "search": canvas(
        {"Browser": (20, 20), "Load balancer": (220, 20), "Suggest service x3": (420, 20),
         "Elasticsearch": (620, 20), "Memcached": (420, 160), "Auth service": (220, 160)},
        [("Browser", "Load balancer"), ("Load balancer", "Suggest service x3"),
         ("Suggest service x3", "Elasticsearch", "query"), ("Suggest service x3", "Memcached", "get"),
         ("Load balancer", "Auth service")],
    ),
}


def problems() -> dict[str, Problem]:
    return load_problems(EXAMPLES / "problems")


def recorded_examples() -> dict[str, SketchDocument]:
    """The lead's recorded examples, as documents with their problem ids (empty before they exist)."""
    index = EXAMPLES / "index.json"
    if not index.exists():
        return {}
    out = {}
    for entry in json.loads(index.read_text()):
        raw = json.loads((EXAMPLES / entry["file"]).read_text())
        out[entry["file"]] = SketchDocument(canvas=raw, title=entry["title"], problem=entry.get("problem"),
                                            source="example")
    return out


def all_documents() -> dict[str, SketchDocument]:
    docs = {f"built:{name}": SketchDocument(canvas=c, title=name) for name, c in DESIGNS.items()}
    docs.update(recorded_examples())
    return docs


def request(name: str, mode: Mode = Mode.STRESS, **overrides: object) -> CritiqueRequest:
    import dataclasses

    doc = all_documents()[name]
    req = request_for(doc, mode, version=1, problems=problems())
    return dataclasses.replace(req, **overrides) if overrides else req
