"""Golden recognition of every recorded example: ids, kinds, replicas and flows must not drift.

Findings have golden files of their own (owned by the rule catalogue's tests);
this file pins what the drawing *is*, so a change to restore or recognition
shows up here as a readable diff.
"""

from __future__ import annotations

import json

import pytest

from design.canvas.recognize import build_sketch
from design.canvas.restore import restore
from support.paths import check_golden, example_names, load_example


def recognised(name: str) -> str:
    s = build_sketch(restore(load_example(name)))
    data = {
        "components": [
            {"id": c.id, "label": c.label, "kind": c.kind.value, "kind_source": c.kind_source,
             "replicas": c.replicas, "replicated": c.replicated}
            for c in s.components
        ],
        "flows": [{"id": f.id, "source": f.source, "target": f.target, "label": f.label} for f in s.flows],
        "dangling": [{"id": d.id, "source": d.source, "target": d.target} for d in s.dangling],
        "texts": [t.text for t in s.texts],
        "notes": [str(n) for n in s.notes],
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("name", example_names())
def test_recognition_matches_the_golden_file(name, update_golden):
    check_golden(name.replace(".canvas.json", ".graph.json"), recognised(name), update_golden)
