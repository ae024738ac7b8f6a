"""The ``analyze --format json`` contract: the shape scripts and CI depend on.

``{"components": [{"id","label","kind","replicas"}], "flows": [{"id","source","target","label"}],
"findings": [{"rule","category","severity","elements","message"}]}``. Flows list only
arrows attached at both ends. Changing this shape breaks users' pipelines: keys are added,
never renamed or removed.

With the numbers model, two keys are added: ``"model"`` (latency along each request path,
availability, the throughput ceiling and the monthly cost, each with its working; see
:meth:`design.analysis.numbers.DesignNumbers.to_json`) and ``"requirements"`` (each requirement
line with the targets it states, checked: ``met``, ``at_risk``, ``not_met`` or ``cannot_tell``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from design.analysis.numbers import DesignNumbers
from design.model.sketch import Finding, Sketch

__all__ = ["analysis_json"]


def analysis_json(sketch: Sketch, findings: Sequence[Finding], numbers: DesignNumbers | None = None) -> dict[str, Any]:
    """The contract object for a sketch and its findings (and, given, the numbers model and checklist)."""
    out: dict[str, Any] = {
        "components": [
            {"id": c.id, "label": c.label, "kind": c.kind.value, "replicas": c.replicas} for c in sketch.components
        ],
        "flows": [{"id": f.id, "source": f.source, "target": f.target, "label": f.label} for f in sketch.flows],
        "findings": [f.to_contract() for f in findings],
    }
    if numbers is not None:
        out["model"] = numbers.to_json()
        out["requirements"] = [r.to_json() for r in numbers.requirements]
    return out
