"""The Markdown report: a practice result or design review that reads well on GitHub.

Title and version, the problem, the user's notes and estimates, the annotated
image, the findings table (numbers match the badges), the numbers of the
drawing with the requirements checked against them, the critique with the
user's answers, and the components. Every piece of user text (labels, notes,
answers, the critic's questions) goes through :func:`md_text` or
:func:`md_paragraphs`, so a label cannot open a link, start a heading, break
a table, inject HTML or reorder text with a bidi override.

:func:`md_text` is also the browser app's escaper: it covers Streamlit's own
Markdown extensions (``:red[...]`` colours, ``:material/icon:`` icons,
``:smile:`` emoji and ``$...$`` maths) besides CommonMark and GitHub's.
"""

from __future__ import annotations

import re

from design.analysis.numbers import DesignNumbers, Status
from design.exports.subject import ExportSubject
from design.model.estimates import ESTIMATES
from design.model.labels import clean_label
from design.model.scorecard_view import ScorecardView
from design.picture.scene import SEVERITY_STYLE

__all__ = ["markdown_report", "md_paragraphs", "md_text", "numbers_section", "report_text", "scorecard_section"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~$#])")
#: Where GitHub (and linkify) would start a link, a mention or an issue reference: broken by a zero-width space.
_LINKY = re.compile(
    r"(?P<at>@)(?=\w)"                        # @mention, user@host
    r"|(?P<colon>:)(?=//)"                     # scheme://
    r"|(?<![\w.])(?P<www>www)(?=\.)"           # www.host
    r"|(?<=\w)(?P<dot>\.)(?=[^\W\d_])"        # host.tld, user.name@, пример.рф
    r"|(?P<ref>\\#|\bGH-)(?=\d)",             # #12, GH-12 (the # is already escaped here)
    re.I,
)
_ZWSP = "&#8203;"
#: A colon that could open a Streamlit directive: ``:red[``, ``:material/x:``, ``:smile:``, ``:+1:``.
_DIRECTIVE = re.compile(r":(?=[A-Za-z+-]|\w+:)")


def _break(m: re.Match[str]) -> str:
    return m.group() + _ZWSP


_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md_text(text: str) -> str:
    """One line of user text, inert in Markdown and HTML (also safe inside a table cell).

    HTML's ``&``, ``<`` and ``>`` become entities; every character that could
    open a link, an image, emphasis, code, a table cell or a heading is
    backslash-escaped, and so is a colon that could open one of Streamlit's
    directives. CommonMark, GitHub and Streamlit all show the text as typed.
    Whitespace is collapsed and invisible characters dropped
    (:func:`~design.model.labels.clean_label`). The app shows text through
    this; the Markdown report goes further (:func:`report_text`).

    >>> md_text("<img src=x onerror=alert(1)> [x](javascript:y) | *a* `b` \\u202e#1")
    '&lt;img src=x onerror=alert(1)&gt; \\\\[x\\\\](javascript\\\\:y) \\\\| \\\\*a\\\\* \\\\`b\\\\` \\\\#1'
    >>> print(md_text(":red[pwned] :material/warning: $x^2$ at 10:30"))
    \\:red\\[pwned\\] \\:material/warning: \\$x^2\\$ at 10:30
    """
    text = clean_label(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    text = _DIRECTIVE.sub(r"\\:", text)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_start(m.group(2)), text, count=1)


def report_text(text: str) -> str:
    """:func:`md_text`, and inert on GitHub too: the Markdown report's escaper (a report is pasted into issues and
    pull requests, read by people who did not write it).

    Escaping stops Markdown syntax, but GitHub does more to text: its
    autolink extension links bare URLs, ``www.`` hosts and e-mail addresses,
    and after rendering it turns ``@name`` into a mention (notifying that
    user) and ``#12`` into a reference to issue 12; other renderers link bare
    domains too. Those are broken up with an invisible zero-width space
    (``&#8203;``) after ``@``, after ``:`` before ``//``, inside ``www.``,
    after a dot between a letter or digit and a letter, and after ``#`` or
    ``GH-`` before a digit. The reader sees the same text.

    >>> report_text("@octocat: https://evil.com #1")
    '@&#8203;octocat: https:&#8203;//evil.&#8203;com \\\\#&#8203;1'
    """
    return _LINKY.sub(_break, md_text(text))


def _escape_start(token: str) -> str:
    if token[0].isdigit():
        return token[:-1] + "\\" + token[-1]
    return "\\" + token


def md_paragraphs(text: str) -> str:
    """Multi-line user text (notes, answers) as escaped paragraphs with its line breaks kept."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for p in paragraphs:
        lines = [report_text(line) for line in p.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            out.append("  \n".join(lines))
    return "\n\n".join(out)


def _number(value: float) -> str:
    """``100,000,000``, ``115,740.7``, ``0.25``: grouped, at most two decimals, never an exponent."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _cell(text: str) -> str:
    return report_text(text) or " "


_STATUS_MARK = {Status.MET: "✅ met", Status.AT_RISK: "🟠 at risk", Status.NOT_MET: "❌ not met",
                Status.CANNOT_TELL: "❔ cannot tell"}


def numbers_section(numbers: DesignNumbers) -> list[str]:
    """The requirements checked against the model, the model's four figures, and the arithmetic behind them."""
    out = ["## Numbers", "",
           "A back-of-the-envelope model of the drawing: typical figures per kind from the capacity table, added "
           "along each synchronous request path. Targets within 20% of their limit are at risk.", ""]
    checked = [(r.line, c) for r in numbers.requirements for c in r.checks]
    if checked:
        out += ["| Requirement | Target | Model | Status |", "|---|---|---|---|"]
        for line, c in checked:
            status = _STATUS_MARK[c.status] + (f": {report_text(c.missing)}" if c.missing else "")
            out.append(f"| {_cell(line)} | {_cell(c.target.describe())} | {_cell(c.model)} | {status} |")
        out.append("")
        out += [f"- {report_text(c.detail)}" for _, c in checked]
        out.append("")
    text_only = sum(1 for r in numbers.requirements if not r.checks)
    if text_only:
        out += [f"{text_only} requirement line{'s' if text_only != 1 else ''} (see Notes) state{'s' if text_only == 1 else ''}"
                " no number the model can check; the critic may still ask about them.", ""]
    out += [f"- {report_text(line)}" for line in numbers.headline()]
    out += ["", "### Working", ""]
    s, a = numbers.slowest, numbers.least_available
    if s is not None:
        out += [f"- Slowest path, p99: {report_text(s.p99_working)}", f"- Slowest path, p50: {report_text(s.p50_working)}"]
    if a is not None:
        out.append(f"- Least available path: {report_text(a.availability_working)}")
    out += [f"- Throughput ceiling: {report_text(line)}" for line in numbers.ceiling.working]
    out.append(f"- Monthly cost: {report_text(numbers.cost.working)}")
    for node, why in numbers.cost.unpriced:
        out.append(f"  - not priced: {report_text(numbers.name(node))} ({report_text(why)})")
    out.append("")
    return out


def _points(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def scorecard_section(card: ScorecardView, heading: str = "##") -> list[str]:
    """The scorecard as Markdown: the verdict, a row per phase against its bar, then every row's evidence."""
    title = f"{heading} Scorecard ({card.level} bar)" + (f" · {md_text(card.round_label)}" if card.round_label else "")
    out = [title, "", f"**{md_text(card.verdict)}**", "", "| Phase | Score | Bar | |", "|---|--:|--:|---|"]
    for row in card.rows:
        out.append(f"| {row.title} | {row.score} | {row.bar} | {'✅ meets' if row.passed else '❌ below'} |")
    out.append("")
    for row in card.rows:
        out += [f"{heading}# {row.title}: {row.score}/100 (bar {row.bar})", ""]
        for e in row.evidence:
            line = f"- {md_text(e.text)}"
            if e.possible:
                line += f" *({_points(e.earned)}/{_points(e.possible)})*"
            if e.fix and e.earned < e.possible:
                line += f" → {md_text(e.fix)}"
            out.append(line)
        out.append("")
    return out


def markdown_report(subject: ExportSubject, image: str | None = None) -> str:
    """The report as Markdown text; ``image`` is the relative path of the annotated PNG beside it."""
    doc = subject.document
    names = subject.names()
    out = [f"# {report_text(subject.title)}", ""]
    status = f"**Version {subject.version}**" + (f" · saved {report_text(subject.date)}" if subject.date else "") \
        if subject.version is not None else "**Unsaved draft**"
    out += [f"{status} · exported from Sketchfirst", ""]
    if subject.problem_statement:
        out += ["## Problem", "", md_paragraphs(subject.problem_statement), ""]
    elif doc.problem:
        out += [f"**Problem:** {report_text(doc.problem)}", ""]

    if doc.requirements.strip() or doc.approach.strip() or doc.estimates:
        out += ["## Notes", ""]
        for heading, body in (("Requirements", doc.requirements), ("Approach", doc.approach)):
            if body.strip():
                out += [f"### {heading}", "", md_paragraphs(body), ""]
        if doc.estimates:
            out += ["### Estimates", "", "| Estimate | Value |", "|---|--:|"]
            for e in ESTIMATES:
                if e.key in doc.estimates:
                    out.append(f"| {e.label} | {_number(doc.estimates[e.key])} |")
            out.append("")

    out += ["## The sketch", ""]
    if image:
        out += [f"![Annotated sketch of {report_text(subject.title)}]({image})", "",
                "Badge numbers on the picture are the finding numbers below; Q badges are the critic's questions.", ""]
    counts = f"{len(subject.sketch.components)} components, {len(subject.sketch.flows)} flows"
    if subject.sketch.dangling:
        counts += f", {len(subject.sketch.dangling)} loose arrows"
    out += [counts + ".", ""]

    out += [f"## Failure points ({len(subject.findings)})", ""]
    if subject.findings:
        out += ["| # | Severity | Rule | Where | Finding |", "|--:|---|---|---|---|"]
        for i, f in enumerate(subject.findings, 1):
            where = ", ".join(names.get(e, e) for e in f.elements) or "whole design"
            decision = subject.decisions.get(f.key)
            message = report_text(f.message)
            if decision:
                message += f" — *{decision[0]}*" + (f": {report_text(decision[1])}" if decision[1].strip() else "")
            out.append(f"| {i} | {SEVERITY_STYLE[f.severity].mark} | `{f.rule}` | {_cell(where)} | {message} |")
        out += ["", "### Why these matter", ""]
        numbers: dict[str, list[str]] = {}
        for i, f in enumerate(subject.findings, 1):
            if f.why:
                numbers.setdefault(f.why, []).append(str(i))
        for why, ns in numbers.items():  # one explanation per rule, however many findings it made
            out += [f"**{', '.join(ns)}.** {report_text(why)}", ""]
    else:
        out += ["No failure points found by the rules. The critic may still disagree.", ""]

    if subject.sketch.components:
        out += numbers_section(subject.model)

    if subject.critiques:
        out += ["## Critique", ""]
        for view in subject.critiques:
            out += [f"### {report_text(view.title)}", ""]
            for note in view.notes:
                out += [f"> {report_text(note)}", ""]
            for r, rnd in enumerate(view.rounds, 1):
                if len(view.rounds) > 1:
                    out += [f"#### Round {r}", ""]
                if rnd.assessments:
                    out += ["Verdicts on the previous round's answers:", ""]
                    for probe, verdict, comment in rnd.assessments:
                        out.append(f"- Q{probe + 1}: **{report_text(verdict.replace('_', ' '))}**"
                                   + (f" — {report_text(comment)}" if comment else ""))
                    out.append("")
                for j, p in enumerate(rnd.probes):
                    about = ", ".join(names.get(t, t) for t in p.targets) or "the whole design"
                    out += [f"**Q{j + 1}. {report_text(p.question)}**", ""]
                    if p.why_it_matters:
                        out += [f"*Why it matters:* {report_text(p.why_it_matters)}", ""]
                    sev = f" · {p.severity.value}" if p.severity else ""
                    out += [f"*About:* {report_text(about)}{sev}", ""]
                    answer = rnd.answers.get(j)
                    out += ["*Your answer:*", "", md_paragraphs(answer) if answer else "_Not answered._", ""]
                for note in rnd.notes:
                    out += [f"> {report_text(note)}", ""]

    if subject.scorecard is not None:
        out += scorecard_section(subject.scorecard)

    out += ["## Components", "", "| Id | Label | Kind | Replicas | About |", "|---|---|---|--:|---|"]
    for c in subject.sketch.components:
        about = "; ".join(x for x in (c.pool_text, "managed" if c.managed else "", c.note.replace("\n", "; ")) if x)
        out.append(f"| `{c.id}` | {_cell(c.label)} | {c.kind.value.replace('_', ' ')} | {c.replicas} | {_cell(about)} |")
    out.append("")
    if subject.sketch.groups:
        out += ["| Group | Zone | Holds |", "|---|---|---|"]
        for g in subject.sketch.groups:
            holds = ", ".join(names.get(m, m) for m in g.members)
            out.append(f"| {_cell(g.title)} | {_cell(g.zone or '')} | {_cell(holds)} |")
        out.append("")
    if subject.sketch.flows:
        out += ["| Flow | Label |", "|---|---|"]
        for fl in subject.sketch.flows:
            out.append(f"| {_cell(names[fl.id])} | {_cell(fl.label)} |")
        out.append("")
    if subject.sketch.texts:
        out += ["Notes on the sketch:", ""] + [f"- {report_text(t.text)}" for t in subject.sketch.texts] + [""]
    out += ["---", "", f"*{report_text(subject.heading)} · exported by Sketchfirst*", ""]
    return "\n".join(out)
