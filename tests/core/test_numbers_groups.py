"""Failure domains: a zone, host or region drawn around every replica of a component is counted once per path.

Groups are ``Sketch.groups`` (a Mermaid subgraph, an Excalidraw frame, a box drawn around boxes), whose
``domain`` says whether the group is a host, a zone or a region.
"""

from __future__ import annotations

import dataclasses

import pytest

from design.analysis.analyze import analyze_with_numbers
from design.analysis.numbers import Status
from design.model.geometry import Box
from design.model.sketch import Group, Sketch
from support.sketch_dsl import design


def grouped(sketch: Sketch, *groups: Group) -> Sketch:
    return dataclasses.replace(sketch, groups=groups)


BOX = Box(0, 0, 400, 300)
SOUND = design("Users -> LB x2", "LB x2 -> API x3", "API x3 -> Postgres primary/replica: write")


def zone(name: str, *members: str, domain: str = "zone") -> Group:
    return Group(name, name, members, BOX, zone=name, domain=domain)


def least(sketch: Sketch, requirements: str = "") -> tuple[float, object]:
    _, numbers = analyze_with_numbers(sketch, {"requirements": requirements} if requirements else None)
    return numbers.least_available.availability, numbers


def test_a_zone_shared_by_every_replica_is_counted_once_per_path():
    # Without groups: LB ×2 99.9975% × API ×3 99.9999875% × Postgres ×2 99.9975% = 99.99498..%.
    bare, _ = least(SOUND)
    assert bare == pytest.approx(0.999975 * 0.999999875 * 0.999975)
    # Everything in one zone: the same, times the zone's 99.95% once (not once per component): 99.94499..%.
    one, numbers = least(grouped(SOUND, zone("us-east-1a", "lb", "api", "postgres-primary-replica")),
                         "99.99% availability")
    assert one == pytest.approx(bare * 0.9995)
    (check,) = numbers.checks
    assert check.status is Status.NOT_MET
    assert check.detail.endswith("zone us-east-1a (99.95%, shared by every replica) costs most.")
    assert "99.95% (zone us-east-1a, shared by its replicas: counted once)" in numbers.least_available.availability_working


def test_two_zones_on_one_path_both_count_and_a_pool_spread_over_zones_shares_neither():
    # The LB in zone a and Postgres in zone b: a request needs both zones up, 99.95% twice.
    two, _ = least(grouped(SOUND, zone("a", "lb"), zone("b", "postgres-primary-replica")))
    bare, _ = least(SOUND)
    assert two == pytest.approx(bare * 0.9995 * 0.9995)
    # The API's replicas drawn in two zones: no one zone holds all of them, so the API shares neither.
    spread, numbers = least(grouped(SOUND, zone("a", "api"), zone("b", "api")))
    assert spread == pytest.approx(bare) and numbers.hops["api"].domain is None


def test_the_tightest_domain_counts_and_a_plain_group_is_no_domain():
    # A host inside a zone inside a region: the host (one machine, 99.5%) is the replicas' shared fate.
    nested, numbers = least(grouped(SOUND, zone("us-east-1", "api", domain="region"), zone("us-east-1a", "api"),
                                    zone("host 1", "api", domain="host")))
    bare, _ = least(SOUND)
    assert numbers.hops["api"].domain == ("host 1", "host 1", 0.995)
    assert nested == pytest.approx(bare * 0.995)
    backend, _ = least(grouped(SOUND, Group("backend", "Backend", ("api", "lb"), BOX)))
    assert backend == pytest.approx(bare)
