"""Is a Markdown text inert on GitHub? Rendered with markdown-it's ``gfm-like`` preset (linkify on) and CommonMark.

GitHub does two things to text that CommonMark does not: its autolink
extension links bare URLs, ``www.`` hosts and e-mail addresses, and after
rendering its filters turn ``@name`` into a mention (notifying the user or
team) and ``#12`` or ``GH-12`` into an issue reference. linkify-it links more
than GitHub does (bare domains too), so passing it is the stricter test; the
mention and reference filters are searched for in the rendered text as GitHub
searches for them.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

GFM = MarkdownIt("gfm-like")
COMMONMARK = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
MENTION = re.compile(r"(?<![\w@/.])@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
REFERENCE = re.compile(r"(?<![\w&])#\d+\b|\bGH-\d+\b", re.I)


def text_of(rendered: str) -> str:
    """The text a reader sees in rendered HTML (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", rendered))


def link_problems(md: str) -> list[str]:
    """Links, mentions and issue references the text would make (empty when it is inert)."""
    problems = []
    for renderer in (GFM, COMMONMARK):
        rendered = renderer.render(md)
        problems += [f"link {a}" for a in re.findall(r"<a[ >][^>]*>[^<]*", rendered)[:3]]
        text = text_of(rendered)
        problems += [f"mention {m}" for m in MENTION.findall(text)[:3]]
        problems += [f"reference {r}" for r in REFERENCE.findall(text)[:3]]
    return problems
