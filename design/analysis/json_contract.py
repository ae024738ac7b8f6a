"""The ``analyze --format json`` contract: the shape scripts and CI depend on.

``{"components": [{"id","label","kind","replicas"}], "flows": [{"id","source","target","label"}],
"findings": [{"rule","category","severity","elements","message"}]}``. Flows list only
arrows attached at both ends. Changing this shape breaks users' pipelines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from design.model.sketch import Finding, Sketch

__all__ = ["analysis_json"]


def analysis_json(sketch: Sketch, findings: Sequence[Finding]) -> dict[str, Any]:
    """The contract object for a sketch and its findings."""
    return {
        "components": [
            {"id": c.id, "label": c.label, "kind": c.kind.value, "replicas": c.replicas} for c in sketch.components
        ],
        "flows": [{"id": f.id, "source": f.source, "target": f.target, "label": f.label} for f in sketch.flows],
        "findings": [f.to_contract() for f in findings],
    }
