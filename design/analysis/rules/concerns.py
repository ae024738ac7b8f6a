"""Design-wide concerns: things the whole design lacks, reported with no element ids.

Nothing on the drawing is wrong, so no box gets a badge; the finding sits in
the legend only. Each concern counts as addressed by a component of the
matching kind, by any component whose label says it provides it (an "API
gateway (auth, rate limit)" authenticates and rate-limits), or by a flow
labelled with it ("verify token", "metrics"). They fire only on a design that
serves requests at all, so a half-drawn sketch is not lectured.
"""

from __future__ import annotations

from collections.abc import Iterator

from design.analysis.context import DATASTORE_KINDS, ENTRY_KINDS, MANAGED_KINDS, Context
from design.analysis.rules.registry import Hit, rule
from design.model.labels import says
from design.model.sketch import Category, Kind, Severity

OBSERVABILITY_WORDS = ("monitoring", "monitor", "metrics", "metric", "logging", "logs", "tracing", "traces",
                       "telemetry", "observability", "alerting", "alerts", "apm", "otel", "opentelemetry",
                       "prometheus", "grafana", "datadog", "statsd", "cloudwatch", "sentry")
AUTH_WORDS = ("auth", "authn", "authz", "authenticate", "authenticates", "authentication", "authorise", "authorize",
              "authorization", "authorisation", "jwt", "oauth", "oauth2", "oidc", "sso", "bearer", "login", "log in",
              "sign in", "signin", "api key", "api keys", "mtls", "identity", "iam", "session", "sessions",
              "verify token", "verifies token", "verify tokens", "access token", "id token", "credentials")
RATE_LIMIT_WORDS = ("rate limit", "rate limits", "rate limiting", "rate limited", "rate limiter", "ratelimit",
                    "ratelimiter", "throttle", "throttles", "throttling", "quota", "quotas", "token bucket",
                    "leaky bucket", "ddos", "waf", "shield")


#: Kinds that run our code: a design whose clients reach none of them is not a system to lecture yet.
_CODE_KINDS = frozenset({Kind.SERVICE, Kind.API_GATEWAY, Kind.LOAD_BALANCER, Kind.WORKER, Kind.AUTH})


def _serves_requests(ctx: Context) -> bool:
    """A client reaches at least one component that runs our code: there is a system to judge.

    A client wired straight to a database is left to DSA001, which already says
    that nothing stands in between to authenticate or limit anyone.
    """
    return bool(ctx.of_kind(*ENTRY_KINDS)) and any(ctx.kind(n) in _CODE_KINDS for n in ctx.reachable)


def _provided(ctx: Context, kinds: tuple[Kind, ...], words: tuple[str, ...]) -> bool:
    if ctx.has_kind(*kinds):
        return True
    # One search over every label at once: a word cannot match across the line breaks (no listed word
    # contains one), and a line break is a word boundary, so this is ``any(says(label, ...))`` per label.
    labels = [c.text for c in ctx.sketch.components] + [f.label for f in ctx.sketch.flows]
    return says("\n".join(labels), *words)


@rule(
    "OBS001",
    Category.MISSING_OBSERVABILITY,
    Severity.LOW,
    "Nothing watches the system",
    """With no metrics, logs or traces in the design, you learn about an outage from your
    users, and after it you cannot tell which component failed first or why. Every finding
    above assumes someone notices the failure: monitoring with alerts is how they do.
    Show where metrics and logs go, and what pages a human.""",
)
def missing_observability(ctx: Context) -> Iterator[Hit]:
    """A client reaches a service, gateway, load balancer, worker or auth component, the design has at
    least three components of its own, and there is no monitoring component and no component or flow
    whose label mentions metrics, logs, traces, alerting or a monitoring product."""
    own = [c for c in ctx.sketch.components if c.kind not in MANAGED_KINDS or c.kind is Kind.MONITORING]
    if len(own) < 3 or not _serves_requests(ctx):
        return
    if not _provided(ctx, (Kind.MONITORING,), OBSERVABILITY_WORDS):
        yield Hit((), "Nothing in the design collects metrics, logs or traces, so no one is alerted when it fails.")


@rule(
    "AUTH001",
    Category.MISSING_AUTH,
    Severity.MEDIUM,
    "No component authenticates callers",
    """Clients reach components that read and write data, and nothing in the design checks
    who they are. Without authentication any caller can read or change anyone's data, and
    without a place that does it once, every service ends up doing it differently (or not
    at all). Show where identity is checked: an auth service, an identity provider, or a
    gateway that verifies tokens.""",
)
def missing_auth(ctx: Context) -> Iterator[Hit]:
    """A client reaches a service, gateway, load balancer, worker or auth component and, through the
    design, a datastore; and there is no auth component and no component or flow whose label mentions
    authentication (auth, JWT, OAuth, login, session, verify token...). An API gateway counts only if
    its label says it authenticates. A client wired straight to a datastore is DSA001's finding."""
    if not _serves_requests(ctx):
        return
    stores = sorted(n for n in ctx.reachable if ctx.kind(n) in DATASTORE_KINDS - {Kind.QUEUE})
    if not stores or _provided(ctx, (Kind.AUTH,), AUTH_WORDS):
        return
    names = [ctx.name(n) for n in stores[:3]] + (["more"] if len(stores) > 3 else [])
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    yield Hit((), f"Requests reach {listed}, and nothing in the design checks who is calling.")


@rule(
    "RATE001",
    Category.MISSING_RATE_LIMITING,
    Severity.LOW,
    "No rate limiting at the edge",
    """Nothing limits how fast one caller may send requests. A buggy client retrying in a
    loop, a scraper or an attacker can take the whole capacity and every other user suffers;
    the first line of defence is a limit per caller at the edge. Show where requests are
    counted and refused: a rate limiter, a gateway that throttles, or a WAF.""",
)
def missing_rate_limiting(ctx: Context) -> Iterator[Hit]:
    """A client reaches a service, gateway or worker synchronously, and no component or flow label
    mentions rate limiting, throttling, quotas or a WAF. An API gateway counts only if its label says
    it rate-limits."""
    if not _serves_requests(ctx):
        return
    code = [n for n in ctx.sync_reachable if ctx.kind(n) in (Kind.SERVICE, Kind.API_GATEWAY, Kind.WORKER, Kind.AUTH)]
    if not code or _provided(ctx, (), RATE_LIMIT_WORDS):
        return
    yield Hit((), "Nothing limits how many requests one caller may send before they reach the services.")
