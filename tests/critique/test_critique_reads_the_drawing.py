"""The critic reads the same corrected model as the rules: what the drawing shows replicated, pooled or
managed is never asked about as one instance, and groups, pools and notes reach Claude."""

from __future__ import annotations

import re

import pytest

from critique.claude import ClaudeCritic
from critique.models import Mode
from critique.offline import OfflineCritic
from critique.prompt import user_message
from critique.request import request_for
from critique.select import build_client
from design.readers.dispatch import read_import
from support.anthropic_stub import StubAPI, good

#: A primary with two replicas drawn as boxes, fed by "async copy" (the habit of issue 12, item 5).
REPLICA_SET = """flowchart LR
    users[Mobile app] --> lb[Load balancer x2] --> api[Orders API x3]
    api -->|write| primary[(Orders DB)]
    primary -->|async copy| r1[Replica 1]
    primary -->|async copy| r2[Replica 2]
    api -->|read| r1 & r2
"""
_CLAIMS_ONE = re.compile(r"(?i)\bno replica\b|\bis one instance\b|\bis a single (?:instance|database|broker)\b|"
                         r"\bsingle instance\b")


def _request(text: str, mode: Mode):
    return request_for(read_import("d.mmd", text).document, mode, version=1)


@pytest.mark.parametrize("mode", list(Mode))
def test_no_question_claims_a_drawn_replica_set_has_no_replica(mode):
    req = _request(REPLICA_SET, mode)
    ids = {c.id for c in req.sketch.components if c.label in ("Orders DB", "Replica")}
    assert ids == {"orders-db", "replica"}, "the replicas are one pool of copies of Orders DB"
    critique = OfflineCritic().critique(req)
    about = [p.question for p in critique.probes if set(p.targets) & ids]
    assert not [q for q in about if _CLAIMS_ONE.search(q)], about
    assert '<component id="orders-db" kind="database" replicas="1" replicated="true">' in user_message(req), \
        "Claude is told the primary is replicated, so it has no reason to ask about its only copy"


def test_the_same_design_drawn_without_its_replicas_is_asked_about_its_only_copy():
    """The test above can fail: without the replica boxes the critic does ask about the lone copy."""
    lone = "\n".join(line for line in REPLICA_SET.splitlines() if "r1" not in line and "r2" not in line)
    critique = OfflineCritic().critique(_request(lone, Mode.STRESS))
    assert any(_CLAIMS_ONE.search(p.question) or "disk" in p.question
               for p in critique.probes if "orders-db" in p.targets)


def test_groups_pools_notes_managed_and_two_way_flows_reach_the_claude_request():
    text = """flowchart LR
        users[Mobile app] --> alb[AWS ALB]
        subgraph az [us-east-1a]
          ws1[Web Server 1]
          ws2[Web Server 2]
        end
        alb --> ws1 & ws2
        ws1 & ws2 --> db[("Orders DB<br>Postgres 16")]
        ws1 <--> cache[Sessions cache x2]
    """
    req = _request(text, Mode.STRESS)
    message = user_message(req)
    assert ('<component id="web-server" kind="service" replicas="2" replicated="true">Web Server'
            "<drawn_as>Web Server 1</drawn_as><drawn_as>Web Server 2</drawn_as></component>") in message
    assert '<component id="aws-alb" kind="load_balancer" replicas="1" managed="true">AWS ALB</component>' in message
    assert "Orders DB<note>Postgres 16</note>" in message
    assert '<group id="us-east-1a" zone="us-east-1a" members="web-server">us-east-1a</group>' in message
    assert re.search(r'<flow id="web-server-&gt;sessions-cache" [^>]*two_way="true"', message)
    with StubAPI() as api:
        api.push(good([{"question": "What happens when us-east-1a goes down?", "why_it_matters": "Both replicas.",
                        "targets": ["web-server"], "category": "single_point_of_failure", "severity": "high"}]))
        with build_client("sk-ant-test-key", api.url, max_retries=0) as client:
            ClaudeCritic(client).critique(req)
        sent = api.messages[0]["body"]
    assert sent["messages"][0]["content"] == message, "the request carries exactly this model"
    enum = sent["output_config"]["format"]["schema"]["properties"]["probes"]["items"]["properties"]["targets"]["items"]
    assert "us-east-1a" not in enum["enum"], "a group is never a probe's target"
