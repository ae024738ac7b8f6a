"""The rule catalogue as Markdown (``docs/RULES.md``), generated from the registry so it cannot drift.

A test compares the checked-in file with :func:`catalogue_markdown`; rerun
the tests with ``--update-golden`` to rewrite it after changing a rule.
"""

from __future__ import annotations

from design.analysis.context import OPTION_KEYS
from design.analysis.rules.registry import RULES, Rule
from design.model.sketch import Category

__all__ = ["catalogue_markdown", "ordered_rules"]

_INTRO = """\
# Rule catalogue

Every finding Sketchfirst reports comes from one of these rules. A rule has a
stable id (exports, golden files, accepted or disputed findings and CI scripts
refer to it), exactly one category, a default severity (a rule may report a
particular hit higher or lower, as its trigger says), a one-line message naming
the components involved, and the element ids it concerns. Design-wide concerns
(`missing_observability`, `missing_auth`, `missing_rate_limiting`) carry no
element ids: nothing on the drawing is wrong, so they appear in the legend only.

How the rules read a drawing:

- **Kinds** come from label words (`design/model/kinds.py`): Postgres is a database,
  Redis a cache, Kafka a queue; between equally strong words, those outside
  parentheses win ("API gateway (auth)" is a gateway). Corrections made in the
  app override the guess everywhere.
- **Redundancy**: more than one instance (`x3`), a label that says so (cluster,
  replica, standby, multi-AZ, or a plural such as "Web Servers"), a pool drawn as
  several boxes ("Web Server 1", "Web Server 2", or identical boxes behind one
  balancer), a replica drawn as its own box and fed from its primary, a
  replication flow or a datastore→datastore flow, or a managed service (SQS,
  DynamoDB, S3, an ALB, CloudFront, Pub/Sub...: "managed" in the components
  panel, where the user can correct it). Clients, DNS, CDNs, object storage,
  third parties and monitoring are never single points of failure.
- **Groups** (a subgraph, a frame, a box drawn around boxes) are boundaries, never
  a finding's component; an arrow to a group means its members. A group whose
  title names a host, zone or region is a failure domain (`common_mode_failure`).
- **Flows**: labels say read, write or replication; publish, enqueue and event
  words (and any flow into or out of a queue) are asynchronous. Chains and
  cycles count only synchronous calls; an arrow back from a datastore, or one
  labelled "response", is an answer, not a call; a two-way arrow (`<-->`, or heads
  at both ends) is one call and its answer; an arrow into a queue labelled
  consume, poll or subscribe is its consumer; when every client only receives
  arrows the drawing follows the data and reachability is read both ways.
- **Names**: the first line (or the head noun, before "/", "—" or ":") names a
  component; later lines are its note, read for the kind only when the name says nothing.
- **Numbers**: the targets written in the requirements ("p99 under 200 ms", "four
  nines", "10k QPS") are checked against a model of the drawing: hop latencies,
  per-instance availability and capacities from `design/sizing/data/capacity.json`
  (or your own `--capacity` file), added along each synchronous request path. A
  target the drawing misses is a finding; one at risk or that the model cannot
  judge stays in the checklist. The estimated peak is `capacity_exceeded`'s to
  report; `throughput_ceiling` reports stated targets.
- **One finding per problem**: a single datastore that holds the only copy of its
  data is `missing_replication` (REPL001), never also `single_point_of_failure`;
  SPOF001 covers the components whose fix is simply "run more of it".

This file is generated from `design/rules/` by `design/rules/catalogue.py`; a
test fails when they differ.

"""


def ordered_rules() -> list[Rule]:
    """Rules in catalogue order: by category (the vocabulary's order), then id."""
    order = {c: i for i, c in enumerate(Category)}
    return sorted(RULES.values(), key=lambda r: (order[r.category], r.id))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def catalogue_markdown() -> str:
    """``docs/RULES.md``: a summary table, one section per rule, and the analysis options."""
    rules = ordered_rules()
    lines = [_INTRO.rstrip("\n"), "", "| id | category | severity | title |", "|---|---|---|---|"]
    for r in rules:
        lines.append(f"| [{r.id}](#{r.id.lower()}) | `{r.category.value}` | {r.severity.value} | {_cell(r.title)} |")
    covered = {r.category for r in rules}
    missing = [c.value for c in Category if c not in covered]
    lines += ["", f"{len(rules)} rules; categories without a rule: {', '.join(missing) or 'none'}."]
    for r in rules:
        lines += [
            "",
            f"## {r.id}",
            "",
            f"**{r.title}** · `{r.category.value}` · default severity **{r.severity.value}**",
            "",
            f"*Fires when:* {r.trigger}",
            "",
            f"*Why it matters:* {r.why}",
        ]
    lines += ["", "## Analysis options", "",
              "Passed as `analyze(sketch, options)`; the app and the CLI pass a document's estimates and requirements for you.", ""]
    lines += [f"- `{key}`: {text}" for key, text in OPTION_KEYS.items()]
    return "\n".join(lines) + "\n"
