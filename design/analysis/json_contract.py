"""The ``analyze --format json`` contract: the shape scripts and CI depend on.

``{"components": [{"id","label","kind","replicas"}], "flows": [{"id","source","target","label"}],
"findings": [{"rule","category","severity","elements","message"}], "groups": [{"id","title","members","zone"}]}``.
Flows list only arrows attached at both ends. Changing this shape breaks users' pipelines: keys are
added, never renamed or removed. These are present only when they say something:

- ``components[i].members``: the labels of the boxes a pool was drawn as ("Web Server 1", "Web Server 2");
- ``components[i].note``: the description lines under the name;
- ``components[i].managed``: ``true`` for what a provider runs redundantly (SQS, S3, an ALB, a third party);
- ``flows[i].two_way``: ``true`` for one two-way conversation (``<-->``, an arrow with two heads).

``groups`` lists every boundary drawn around components (subgraphs, frames, boxes around boxes)
with the ids of the components inside it and the zone or region its title names (else ``null``).

With the numbers model, two keys are added: ``"model"`` (latency along each request path,
availability, the throughput ceiling and the monthly cost, each with its working; see
:meth:`design.analysis.numbers.DesignNumbers.to_json`) and ``"requirements"`` (each requirement
line with the targets it states, checked: ``met``, ``at_risk``, ``not_met`` or ``cannot_tell``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from design.analysis.numbers import DesignNumbers
from design.model.sketch import Component, Finding, Flow, Sketch

__all__ = ["analysis_json"]


def _component(c: Component) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "label": c.label, "kind": c.kind.value, "replicas": c.replicas}
    if c.members:
        out["members"] = [m.label for m in c.members]
    if c.note:
        out["note"] = c.note
    if c.managed:
        out["managed"] = True
    return out


def _flow(f: Flow) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.id, "source": f.source, "target": f.target, "label": f.label}
    if f.two_way:
        out["two_way"] = True
    return out


def analysis_json(sketch: Sketch, findings: Sequence[Finding], numbers: DesignNumbers | None = None) -> dict[str, Any]:
    """The contract object for a sketch and its findings (and, given, the numbers model and checklist)."""
    out: dict[str, Any] = {
        "components": [_component(c) for c in sketch.components],
        "flows": [_flow(f) for f in sketch.flows],
        "findings": [f.to_contract() for f in findings],
        "groups": [{"id": g.id, "title": g.title, "members": list(g.members), "zone": g.zone} for g in sketch.groups],
    }
    if numbers is not None:
        out["model"] = numbers.to_json()
        out["requirements"] = [r.to_json() for r in numbers.requirements]
    return out
