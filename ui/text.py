"""How the page words things that are not anyone's panel: severity marks, local times, element names.

User text shown as Markdown goes through :func:`design.exports.markdown.md_text`,
the one escaper (it covers Streamlit's colour, icon and maths directives too).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from design.model.sketch import Severity, Sketch
from design.picture.scene import SEVERITY_STYLE

__all__ = ["SEVERITIES", "SEVERITY_ICON", "joined_names", "local_time", "severity_legend"]

#: Most severe first, as findings are grouped on the page.
SEVERITIES = (Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)
#: A coloured square per severity, in the colours of the badges on the picture.
SEVERITY_ICON = {sev: f":{SEVERITY_STYLE[sev].streamlit}[■]" for sev in SEVERITIES}


def severity_legend() -> str:
    """``■ high ■ medium ■ low`` in the badges' colours."""
    return " ".join(f"{SEVERITY_ICON[s]} {s.value}" for s in SEVERITIES[:3])


def joined_names(sketch: Sketch, ids: Iterable[str], sep: str = " · ") -> str:
    """Elements by name, in order (ids the sketch does not know are shown as they are)."""
    names = sketch.names()
    return sep.join(names.get(i, i) for i in ids)


def local_time(moment: datetime | str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC moment (or its ISO text) shown in the browser's timezone when Streamlit knows it."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        zone = ZoneInfo(st.context.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).strftime(fmt)
