"""The failure points, grouped by severity and numbered like the badges, with accept/dispute; then the kill drill.

Returns the elements to highlight on the picture: the focused finding's, then
what dies with the killed component.
"""

from __future__ import annotations

import zlib

import streamlit as st

from design.analysis.analyze import Analysis
from design.analysis.kill import describe, kill
from design.exports.markdown import md_text
from design.model.sketch import Finding
from design.store import Right, StoreError
from ui import actions
from ui.resources import store
from ui.state import Keys, scoped
from ui.text import SEVERITIES, SEVERITY_ICON

Decisions = dict[str, tuple[str, str]]


def decisions_on_canvas(dirty: bool) -> Decisions | None:
    """Accepted/disputed findings of the saved version on the canvas; ``None`` when the canvas is not one."""
    ss = st.session_state
    if dirty or ss[Keys.design_id] is None or ss[Keys.loaded_version] is None:
        return None
    try:
        return store().decisions(ss[Keys.design_id], ss[Keys.loaded_version])
    except StoreError:
        return None


def accepted(decisions: Decisions | None) -> tuple[str, ...]:
    """The keys of accepted findings (drawn muted on the picture)."""
    return tuple(sorted(k for k, (status, _) in (decisions or {}).items() if status == "accepted"))


def highlight_from_state(result: Analysis) -> tuple[str, ...]:
    """What :func:`draw` will highlight, read before it is drawn (the canvas above paints it first):
    the focused finding's elements, then what dies with the killed component."""
    ss = st.session_state
    ids = _identities(result.findings)
    focused = ss.get(Keys.focus_finding)
    elements = result.findings[ids.index(focused)].elements if focused in ids else ()
    target = ss.get(Keys.kill_target)
    if target in {c.id for c in result.sketch.components}:
        elements += kill(result.sketch, target).elements
    return elements


def killed_from_state(result: Analysis) -> tuple[str, ...]:
    """The component the kill drill has taken down, when it is still on the canvas (drawn in its own style)."""
    target = st.session_state.get(Keys.kill_target)
    return (target,) if target in {c.id for c in result.sketch.components} else ()


def draw(result: Analysis, decisions: Decisions | None) -> tuple[str, ...]:
    """The findings, then the kill drill; returns the elements to highlight.

    ``decisions`` are the loaded saved version's; ``None`` means the canvas is
    not a saved version, so findings cannot be accepted or disputed yet.
    """
    highlight = _findings(result, decisions)
    return highlight + _kill_drill(result)


def _findings(result: Analysis, decisions: Decisions | None) -> tuple[str, ...]:
    findings = result.findings
    names = result.sketch.names()
    st.subheader(f"Failure points ({len(findings)})")
    if not result.sketch.components:
        st.info("Draw boxes for your components and arrows between them; findings appear as you draw.")
        return ()
    if not findings:
        st.success("No failure points found by the rules. The critic may still disagree.")
        return ()
    if decisions is None:
        st.caption("Save a version to accept or dispute findings: decisions are kept with the version they judge.")
    focus = _focus(findings)
    ids = _identities(findings)
    wanted = _wanted_open(ids)
    shown: dict[str, bool] = {}
    for sev in SEVERITIES:
        group = [(i, f) for i, f in enumerate(findings, 1) if f.severity is sev]
        if not group:
            continue
        st.markdown(f"**{SEVERITY_ICON[sev]} {sev.value.capitalize()}**")
        for i, f in group:
            ident = ids[i - 1]
            decision = (decisions or {}).get(f.key)
            mark = f" — {decision[0]}" if decision else ""
            panel = st.expander(f"{i}. {md_text(f.message)}{mark}", expanded=focus == i or ident in wanted,
                                key=scoped(Keys.finding_open, ident), on_change="rerun")
            shown[ident] = bool(panel.open)
            if panel.open:  # a closed finding sends its label only: two dozen bodies slowed the first load
                with panel:
                    where = ", ".join(names.get(e, e) for e in f.elements) or "whole design"
                    st.caption(f"`{f.rule}` · {f.category.value.replace('_', ' ')} · {md_text(where)}")
                    st.write(f.why)
                    if decisions is not None:
                        _decision(f, decision)
    st.session_state[Keys.findings_open] = (shown, wanted)
    return findings[focus - 1].elements if focus else ()


def _wanted_open(ids: list[str]) -> set[str]:
    """The findings (by identity) the user opened and has not closed since.

    An expander whose label or default changes (the finding renumbered after a
    stroke, marked "accepted", focused) is a new widget that starts from its
    default, so the user's own opening is kept here, apart from the widget: a
    finding whose expander now differs from how the last run drew it was opened
    or closed by the user.
    """
    ss = st.session_state
    shown, wanted = ss.get(Keys.findings_open) or ({}, set())
    for ident in ids:
        now = ss.get(scoped(Keys.finding_open, ident))
        if now is not None and now != shown.get(ident):
            (wanted.add if now else wanted.discard)(ident)
    return wanted & set(ids)


def _focus(findings: tuple[Finding, ...]) -> int | None:
    """The focus picker; returns the focused finding's number, or ``None``.

    The focus is kept as the finding's identity (:attr:`Finding.key`), never its
    number: when the findings change, the same finding stays focused under its
    new number, and a finding that is gone takes the focus with it. The picker
    itself is a new widget whenever the list changes, because the browser keeps
    a choice as its label, and an old label would name a finding that is gone
    (or, renumbered, another one).
    """
    ss = st.session_state
    ids = _identities(findings)
    number = {k: i for i, k in enumerate(ids, 1)}
    labels = {None: "— none —", **{k: f"{i}. {f.message}" for i, (k, f) in enumerate(zip(ids, findings, strict=True), 1)}}
    if ss.get(Keys.focus_finding) not in number:
        ss[Keys.focus_finding] = None
    widget = scoped(Keys.focus_finding, zlib.crc32("\n".join(map(str, labels.items())).encode()))
    if ss.get(widget) != ss[Keys.focus_finding]:
        ss[widget] = ss[Keys.focus_finding]  # a fresh picker, or the focus was cleared (a new drawing mounted)
    picked = st.selectbox("Focus on a finding", list(labels), format_func=labels.__getitem__, key=widget,
                          on_change=_keep_focus, args=(widget,))
    return number.get(picked)


def _identities(findings: tuple[Finding, ...]) -> list[str]:
    """Each finding's key, made unique (a rule may fire twice on the same elements)."""
    seen: dict[str, int] = {}
    ids = []
    for f in findings:
        seen[f.key] = seen.get(f.key, 0) + 1
        ids.append(f.key if seen[f.key] == 1 else f"{f.key}#{seen[f.key]}")
    return ids


def _keep_focus(widget: str) -> None:
    st.session_state[Keys.focus_finding] = st.session_state[widget]


def _decision(f: Finding, decision: tuple[str, str] | None) -> None:
    ss = st.session_state
    if decision is not None:
        icon = "✔" if decision[0] == "accepted" else "⚑"
        st.markdown(f"{icon} **{decision[0].capitalize()}** on v{ss[Keys.loaded_version]}: {md_text(decision[1])}")
    why = scoped(Keys.why, ss[Keys.design_id], ss[Keys.loaded_version], f.key)
    drafts = ss.setdefault(Keys.why_drafts, {})  # what was typed survives closing the finding (its field goes)
    st.text_input("Justification", value=drafts.get(why, decision[1] if decision else ""), key=why, max_chars=500,
                  placeholder="Why this is acceptable here, or why the rule is wrong", on_change=_keep_draft,
                  args=(why,))
    refused = actions.refusal(Right.CHANGE)  # a decision is its owner's: a coach reads it
    cols = st.columns(3)
    with cols[0]:
        st.button("Accept", key=scoped(Keys.accept, why), on_click=actions.record_decision,
                  args=(f.key, "accepted", why), width="stretch", disabled=refused is not None,
                  help=refused or "Keep it visible but drawn muted: you know, and you chose to live with it.")
    with cols[1]:
        st.button("Dispute", key=scoped(Keys.dispute, why), on_click=actions.record_decision,
                  args=(f.key, "disputed", why), width="stretch", disabled=refused is not None,
                  help=refused or "The rule got this design wrong; say why.")
    with cols[2]:
        st.button("Clear", key=scoped(Keys.clear, why), on_click=actions.record_decision, args=(f.key, None, why),
                  disabled=decision is None or refused is not None, width="stretch", help=refused)
    if refused is not None:
        st.caption(f"🔒 {refused}")


def _keep_draft(why: str) -> None:
    st.session_state.setdefault(Keys.why_drafts, {})[why] = st.session_state[why]


def _kill_drill(result: Analysis) -> tuple[str, ...]:
    """Pick a component, see what its death breaks; returns the elements to highlight."""
    ss = st.session_state
    sketch = result.sketch
    if not sketch.components:
        return ()
    ids = [c.id for c in sketch.components]
    names = sketch.names()
    if ss.get(Keys.kill_target) not in (None, *ids):
        ss[Keys.kill_target] = None  # the component was redrawn or deleted
    st.subheader("Kill a component")
    pick = st.selectbox("Component to kill", [None, *ids], key=Keys.kill_target,
                        format_func=lambda i: "— none —" if i is None else f"{names[i]} ({i})")
    if pick is None:
        st.caption("Pick a component to see, from the graph, which requests fail and what stops when it dies.")
        return ()
    report = kill(sketch, pick)
    lines = [f"- {md_text(line)}" if line.startswith("  ") else f"\n{md_text(line)}\n"
             for line in describe(report, sketch)]
    st.markdown("\n".join(lines))
    return report.elements
