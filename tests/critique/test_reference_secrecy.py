"""The critic never shows the reference design before the reveal: over every problem and every mode.

The guarantee is structural (the critic is handed the problem without its reference) and this checks its
effect: no probe of the offline critic, in any mode or follow-up round, and nothing in the prompt the Claude
critic would be sent, names a reference component the user has not drawn, or repeats a line of the reference.
"""

from __future__ import annotations

import re

import pytest

from critique.models import Answered, Mode
from critique.offline import OfflineCritic
from critique.problems import load_problems
from critique.prompt import user_message
from critique.request import request_for
from design.canvas.emit import to_canvas
from design.model.document import SketchDocument
from design.model.kinds import KEYWORDS
from design.model.sketch import Kind, Sketch
from support.paths import ROOT
from support.sketch_dsl import design

BANK = load_problems(ROOT / "examples" / "problems")
_REPLICAS = re.compile(r"\s*(?:x|×)\s*\d+\b", re.I)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _quotable(label: str) -> set[str]:
    """The forms in which a label would be recognisable: as written, and without its replica count if it still
    names something specific (two words or more)."""
    forms = {_norm(label)}
    bare = _norm(_REPLICAS.sub("", label))
    if len(bare.split()) >= 2:
        forms.add(bare)
    return forms


def _user_designs(pid: str) -> dict[str, Sketch]:
    """A bare first draft, and one with the first half of the reference's parts (and the arrows among them)."""
    spec = BANK[pid].reference
    half = {c.label for c in spec.components[: len(spec.components) // 2]}
    arrows = [f"{f.source} -> {f.target}" + (f": {f.label}" if f.label else "") for f in spec.flows
              if f.source in half and f.target in half]
    lone = [label for label in half if not any(label in a for a in arrows)]
    return {"bare": design("Client -> Web server", "Web server -> Postgres: write"), "half": design(*arrows, *lone)}


#: Words that name a kind ("load balancer", "cdn"): saying one is vocabulary, not quoting a design.
VOCABULARY = frozenset(" ".join(words) for words, _, _ in KEYWORDS)


def _public(pid: str) -> str:
    """What the user is shown before the reveal: the problem's own words."""
    p = BANK[pid]
    return _norm(" ".join([p.title, p.prompt, *p.functional, *p.non_functional, *p.scale_notes]))


def _secrets(pid: str, sketch: Sketch) -> tuple[set[str], list[str]]:
    """Forms of the reference's labels the user has not drawn (and that the problem itself does not say), and
    its why-lines and summary."""
    spec = BANK[pid].reference
    drawn = {_norm(c.label) for c in sketch.components}
    public = _public(pid)
    labels = set()
    for c in spec.components:
        if c.kind is Kind.CLIENT or _norm(c.label) in drawn:
            continue
        labels |= {f for f in _quotable(c.label) if f not in VOCABULARY and f not in public}
    lines = [_norm(c.why) for c in spec.components] + [_norm(spec.summary)]
    return labels, lines


def _leaks(text: str, labels: set[str], lines: list[str]) -> list[str]:
    low = _norm(text)
    found = [label for label in labels if re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", low)]
    found += [line[:40] for line in lines if line in low]
    return found


CASES = [(pid, which) for pid in sorted(BANK) for which in ("bare", "half")]


@pytest.mark.parametrize(("pid", "which"), CASES)
def test_no_probe_in_any_mode_quotes_the_reference(pid, which):
    sketch = _user_designs(pid)[which]
    labels, lines = _secrets(pid, sketch)
    assert labels and lines, "nothing left to keep secret: the check would pass vacuously"
    problem = BANK[pid]
    doc = SketchDocument(canvas=to_canvas(sketch), title="My attempt", problem=pid,
                         requirements="- " + problem.functional[0], approach="A first draft of the main path.",
                         estimates={**problem.scale, "my_read_qps": 1.0})
    critic = OfflineCritic()
    for mode in Mode:
        request = request_for(doc, mode, version=1, problems=BANK)
        assert request.problem is not None and request.problem.reference is None
        first = critic.critique(request)
        for p in first.probes:
            assert not _leaks(p.question + " " + p.why_it_matters, labels, lines), (mode, p.question)
        # The follow-up round judges answers and asks again: still nothing from the reference.
        answered = tuple(Answered(p, "We would add a cache and retry with backoff, about 3 times.") for p in first.probes)
        followup = critic.critique(request_for(doc, Mode.FOLLOWUP, version=1, problems=BANK, previous=answered))
        for p in followup.probes:
            assert not _leaks(p.question + " " + p.why_it_matters, labels, lines), (mode, "follow-up", p.question)
        for a in followup.assessments:
            assert not _leaks(a.comment, labels, lines)
        # What the Claude critic would be sent holds none of it either.
        assert not _leaks(user_message(request), labels, lines), mode


def test_the_check_itself_would_catch_a_leak():
    pid = "video-streaming"
    sketch = _user_designs(pid)["bare"]
    labels, lines = _secrets(pid, sketch)
    ref = BANK[pid].reference
    queue = next(c for c in ref.components if c.kind is Kind.QUEUE)
    assert _leaks(f"Why not put {queue.label} between them?", labels, lines)
    assert _leaks(f"Because {ref.components[3].why}", labels, lines)
    assert not _leaks("Why not put a queue between them?", labels, lines)
