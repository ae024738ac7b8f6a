"""The rule catalogue, one module per theme. Importing this package registers every rule.

Themes: ``structure`` (the drawing itself: fix your sketch), ``redundancy``
(single points of failure, replication, load balancing), ``access``
(who talks to datastores), ``latency`` (synchronous chains and cycles, slow
work inline), ``dataflow`` (queues nobody drains, caches with nothing
behind), ``scaling`` (hot spots, caches, CDNs, capacity) and ``concerns``
(design-wide: observability, auth, rate limiting) and ``targets`` (the user's own latency, availability
and throughput targets against the numbers of the drawing).
"""

from design.analysis.rules import (  # noqa: F401  (registration side effects)
    access,
    concerns,
    dataflow,
    latency,
    redundancy,
    scaling,
    structure,
    targets,
)
from design.analysis.rules.registry import RULES, Hit, Rule, rule

__all__ = ["RULES", "Hit", "Rule", "rule"]
