"""Issue 12's habits drawn with a real mouse in Chromium: a box drawn around two numbered servers.

The canvas writes real Fabric JSON for overlapping boxes (a group drawn last, on top
of its members); the app must read the outer box as a group, the two servers as one
pool, and find that both replicas share one zone.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from support.browser import draw_component, draw_flow

pytestmark = pytest.mark.browser

SLOW = 20_000


def test_a_box_drawn_around_two_numbered_servers_is_a_zone_holding_one_pool(page):
    draw_component(page, "Load balancer x2", 30, 150, 180, 230)
    draw_component(page, "Web Server 1", 300, 70, 450, 140)
    draw_component(page, "Web Server 2", 300, 240, 450, 310)
    draw_component(page, "us-east-1a", 260, 30, 500, 350)  # drawn last, around the two servers
    draw_flow(page, 120, 170, 360, 105)
    draw_flow(page, 120, 210, 360, 275)
    expect(page.get_by_text(re.compile(r"Both replicas of Web Server sit in us-east-1a"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"^Components \(2\)"))).to_be_visible(timeout=SLOW)
    expect(page.get_by_text(re.compile(r"us-east-1a is a single instance"))).to_have_count(0)
