"""The "kill this node" drill: what breaks, computed from the graph, when one component dies.

Structural chaos without a simulator: remove the component (all of its
instances: a bad deploy, a zone outage) and compare, for every entry, which
sinks it can still reach. A route that breaks is an entry→sink pair that was
connected before and is not after; it *fails* if the entry used to reach the
sink through synchronous calls (the user sees an error) and *stops* if only
through a queue or an asynchronous flow (work piles up instead). Components no
entry reaches any more are cut off, and every flow into, out of or behind the
dead component is a capability lost.

Cost: one breadth-first search per entry before and after, so
O(entries × (V + E)) — linear for any hand-drawn design, never all-pairs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from design.analysis.context import Context, reach
from design.analysis.graph import to_graph
from design.model.echo import echo
from design.model.sketch import Flow, Sketch

__all__ = ["BrokenRoute", "KillReport", "UnknownComponent", "describe", "kill"]


#: Messages here quote what the file holds the way Python does ('star'), through echo().
_Q = "'"


#: Valid ids an error lists before "and N more" (a design may have thousands).
_LISTED = 5


class UnknownComponent(KeyError):
    """The id names no component; the message lists the ids that do."""

    def __init__(self, component_id: str, valid: Iterable[str]):
        self.component_id = component_id
        self.valid = tuple(sorted(valid))
        listed = ", ".join(self.valid[:_LISTED]) if self.valid else "(the design has no components)"
        if len(self.valid) > _LISTED:
            listed += f" and {len(self.valid) - _LISTED} more"
        super().__init__(f"no component with id {echo(component_id, quote=_Q)}; valid ids: {listed}")

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class BrokenRoute:
    """An entry that can no longer reach a sink; ``synchronous`` when requests used to wait on it."""

    entry: str
    sink: str
    synchronous: bool


@dataclass(frozen=True, slots=True)
class KillReport:
    """What losing ``component`` does to the design."""

    component: str
    label: str
    instances: int
    redundant: bool
    managed: bool
    routes_before: int
    broken: tuple[BrokenRoute, ...]
    cut_off: tuple[str, ...]
    lost_flows: tuple[str, ...]
    capabilities: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "component": self.component,
            "label": self.label,
            "instances": self.instances,
            "redundant": self.redundant,
            "managed": self.managed,
            "routes_before": self.routes_before,
            "broken": [{"entry": b.entry, "sink": b.sink, "synchronous": b.synchronous} for b in self.broken],
            "cut_off": list(self.cut_off),
            "lost_flows": list(self.lost_flows),
            "capabilities": list(self.capabilities),
        }

    @property
    def elements(self) -> tuple[str, ...]:
        """Everything the drill touches, for highlighting: the dead component, what it cut off, lost flows."""
        return (self.component, *self.cut_off, *self.lost_flows)


def kill(sketch: Sketch, component_id: str, ctx: Context | None = None) -> KillReport:
    """Remove ``component_id`` from ``sketch`` and report what breaks.

    Raises :class:`UnknownComponent` (a ``KeyError``) for an id that names no component.
    """
    ctx = ctx if ctx is not None else Context(sketch, to_graph(sketch))
    if component_id not in ctx.by_id:
        raise UnknownComponent(component_id, ctx.by_id)
    dead = component_id
    G, calls = ctx.G, ctx.call_graph
    alive = nx.restricted_view(G, [dead], [])
    sinks = set(ctx.sinks)
    broken: list[BrokenRoute] = []
    routes_before = 0
    reached_after: set[str] = set()
    for e in ctx.entries:
        before = reach(G, [e])
        sync_before = reach(calls, [e])
        after = reach(alive, [e]) if e != dead else set()
        reached_after |= after
        for s in sorted((before & sinks) - {e}):
            routes_before += 1
            if s not in after:
                broken.append(BrokenRoute(e, s, s in sync_before))
    was_reached = ctx.reachable
    cut_off = tuple(sorted(n for n in was_reached if n not in reached_after and n != dead and n not in ctx.entries))
    gone = {dead, *cut_off}
    lost = sorted(f.id for f in sketch.flows if f.source in gone or f.target == dead)
    capabilities = tuple(_capability(ctx, ctx.flow_by_id[fid]) for fid in lost)
    c = ctx.by_id[dead]
    return KillReport(
        component=dead,
        label=c.label,
        instances=c.replicas,
        redundant=ctx.redundant(dead),
        managed=ctx.managed(dead),
        routes_before=routes_before,
        broken=tuple(broken),
        cut_off=cut_off,
        lost_flows=tuple(lost),
        capabilities=capabilities,
    )


def _capability(ctx: Context, flow: Flow) -> str:
    arrow = f"{ctx.name(flow.source)} → {ctx.name(flow.target)}"
    return f"{flow.label} ({arrow})" if flow.label else arrow


def describe(report: KillReport, ctx_or_sketch: Context | Sketch) -> list[str]:
    """The report in plain sentences, for the terminal and the app."""
    ctx = ctx_or_sketch if isinstance(ctx_or_sketch, Context) else Context(ctx_or_sketch, to_graph(ctx_or_sketch))
    name = report.label or report.component
    lines: list[str] = []
    if report.managed:
        lines.append(f"{name} is run redundantly by its provider; below is what a full outage of it would mean.")
    elif report.redundant:
        n = f"{report.instances} instances" if report.instances > 1 else "replicas"
        lines.append(f"{name} has {n}: losing one leaves the rest serving and nothing breaks. "
                     "Below is what losing all of them (a bad deploy, a zone outage) would mean.")
    else:
        lines.append(f"{name} runs as one instance: this is what its failure means.")
    if not report.broken and not report.cut_off:
        lines.append(f"Nothing breaks: every entry still reaches every sink it reached before ({report.routes_before} routes).")
    else:
        fails = [b for b in report.broken if b.synchronous]
        stops = [b for b in report.broken if not b.synchronous]
        if fails:
            lines.append(f"Requests fail ({len(fails)} of {report.routes_before} routes):")
            lines.extend(f"  {ctx.name(b.entry)} → {ctx.name(b.sink)}" for b in fails)
        if stops:
            lines.append(f"Background work stops ({len(stops)} routes through queues or asynchronous flows):")
            lines.extend(f"  {ctx.name(b.entry)} → {ctx.name(b.sink)}" for b in stops)
        if report.cut_off:
            lines.append("Cut off from every client: " + ", ".join(ctx.name(n) for n in report.cut_off) + ".")
    if report.capabilities:
        lines.append("Capabilities lost:")
        lines.extend(f"  {c}" for c in report.capabilities)
    return lines
