"""The Markdown report makes no link and pings nobody, on GitHub as in CommonMark (issue 14 item 12).

CommonMark alone misses two things GitHub does to text: its autolink
extension links bare URLs, ``www.`` hosts and e-mail addresses, and after
rendering it turns ``@name`` into a mention (which notifies that user or
team) and ``#12`` into a reference to issue 12 (which shows up on that
issue). The report is rendered here with markdown-it's ``gfm-like`` preset,
whose linkify (linkify-it) is stricter than GitHub's (it links bare domains
too), and with plain CommonMark; the rendered text is then searched the way
GitHub's mention and reference filters search it (support/markdown_check.py).
"""

from __future__ import annotations

import json
import re

import pytest

from critique.payload import views
from design.exports.markdown import markdown_report, md_paragraphs, report_text
from design.exports.subject import subject_for
from design.readers.dispatch import InputError, read_import
from support.markdown_check import GFM, link_problems, text_of
from support.subjects import SAVED_AT, hostile_subject

LINKY = [
    "https://evil.com/path?q=1",
    "http://10.0.0.1:8080/admin",
    "ftp://files.evil.com/x",
    "www.evil.com/landing",
    "WWW.EVIL.EXAMPLE",
    "evil.com and shop.evil.co.uk/path",
    "mailto:root@evil.com and xmpp:bot@evil.com",
    "write to root@evil.com or first.last+tag@mail.evil.io",
    "ping @octocat and @github/security-team, cc @dependabot",
    "see #1, #42 and octo/repo#7 and GH-12",
    "<https://evil.com> and <root@evil.com>",
    "[text](https://evil.com) and [ref][1]\n\n[1]: https://evil.com",
    "trailing dot: https://evil.com. and (https://evil.com)",
]

def assert_inert(md: str) -> None:
    assert link_problems(md) == []


@pytest.mark.parametrize("text", LINKY)
def test_report_text_neutralises_autolinks_mentions_and_references(text):
    assert_inert(report_text(text))
    assert_inert(md_paragraphs(text))
    # ... and the reader still sees the words: nothing is removed, only broken up invisibly.
    shown = text_of(GFM.render(md_paragraphs(text))).replace("\u200b", "")
    for word in re.findall(r"[A-Za-z0-9]{3,}", text):
        assert word in shown


def test_the_whole_report_is_inert_under_a_github_flavoured_renderer():
    subject = hostile_subject()
    doc = subject.document
    linky = "\n".join(LINKY)
    subject = subject_for(
        type(doc)(canvas=doc.canvas, title=LINKY[0] + " " + LINKY[8], requirements=linky, approach=linky,
                  problem="@octocat"),
        version=3, saved_at=SAVED_AT,
        critiques=views([{"critic": "claude", "model": "m", "mode": "stress", "version": 3,
                    "probes": [{"question": q, "why_it_matters": q, "targets": ["design"], "category": "general",
                                "severity": "high"} for q in LINKY[:8]],
                    "notes": LINKY, "answers": {str(i): a for i, a in enumerate(LINKY[:8])}, "rounds": []}]),
        decisions={}, problem_statement=linky)
    md = markdown_report(subject, image="design.png")
    assert_inert(md)
    assert md.count("![") == 1 and "](design.png)" in md


@pytest.mark.parametrize("saved_at", ["[x](//e.c)", "<a href=x>", "@octocat12", "2026-11-28T10:00:00+00:00 #1"])
def test_a_hostile_save_date_is_written_inert(saved_at):
    subject = subject_for(hostile_subject().document, version=2, saved_at=saved_at)
    md = markdown_report(subject)
    assert_inert(md)
    assert "<a href=x>" not in md


@pytest.mark.parametrize("saved_at", ["[x](//e.c)", "<a href=x>", "yesterday", "2026-13-45T99:00:00", "2026-11-28\n# x"])
def test_an_imported_export_must_carry_a_real_save_date(saved_at):
    export = {"type": "sketchfirst/export", "schema": 1, "design": {"version": 1, "saved_at": saved_at},
              "document": {"type": "sketchfirst/sketch", "schema": 1, "title": "x",
                           "canvas": {"version": "7.4.0", "objects": []}}}
    with pytest.raises(InputError, match=r"^design\.saved_at: expected an ISO date-time"):
        read_import("x.json", json.dumps(export))
    export["design"]["saved_at"] = "2026-11-28T10:00:00.123456+00:00"
    assert read_import("x.json", json.dumps(export)).meta.saved_at == "2026-11-28T10:00:00.123456+00:00"
