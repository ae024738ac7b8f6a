"""What the app keeps across reruns and sessions, and the one place besides ``cli.py`` that reads the environment.

Every ``st.cache_resource`` (the store, the Anthropic client, the problem bank)
and ``st.cache_data`` (analysis, pictures, the example index) lives here, so a
rerun after a stroke that changed nothing costs nothing, and what is shared
between sessions is visible in one file.

The environment: ``SKETCHFIRST_DB`` (a file, or a Postgres URL: :func:`database_url`),
``ANTHROPIC_API_KEY``, ``ANTHROPIC_BASE_URL`` and ``SKETCHFIRST_MODEL``. The
Anthropic SDK itself is imported only when a critique runs with a key
(:func:`critic_choice`); pages name the critic with :func:`critic_label`.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from critique.problems import Problem, ProblemError, load_problems
from critique.reference import ReferenceDesign, ReferenceMissing, reference_design
from critique.select import CriticChoice, build_client, choose_critic
from critique.select import critic_label as _critic_label
from critique.weakspots import exercised_rules
from design.analysis.analyze import Analysis, analyze_document, fingerprint
from design.canvas.work import LayoutTooDense
from design.model.document import loads
from design.model.sketch import Finding, Sketch
from design.picture.overlay import canvas_overlay
from design.picture.png import screen_png
from design.picture.scene import build_scene
from design.store import EVERYONE, SIGNED_OUT, Store, Viewer, database_url, open_store

if TYPE_CHECKING:
    import anthropic

__all__ = [
    "EXAMPLES",
    "MAX_IMAGE_WIDTH",
    "analyze_text",
    "annotated_png",
    "anthropic_client",
    "canvas_backdrop",
    "claude_key_set",
    "critic_choice",
    "critic_label",
    "example_canvas",
    "fingerprint_text",
    "list_examples",
    "presenter_png",
    "problem_bank",
    "remember_viewer",
    "store",
    "too_dense",
    "viewer",
]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: st.image decodes, resizes and re-encodes (on every rerun) any picture wider than this; ours never is.
MAX_IMAGE_WIDTH = 1460


# --- storage ----------------------------------------------------------------------------------


def _release_store(store: Store) -> None:
    """A store dropped from the cache closes what it keeps open (SQLite's idle WAL keeper, Postgres's pool)."""
    store.close()


@st.cache_resource(show_spinner=False, on_release=_release_store)
def _store_at(url: str) -> Store:
    return open_store(url)


def store() -> Store:
    """The one store of this server (``SKETCHFIRST_DB``: a file or ``postgresql://…``, or the user's data
    folder), as this session's viewer sees it: with sign-in, every listing and opening is theirs
    (:mod:`ui.identity`).

    Opening fails with a :class:`~design.store.StoreError` (not cached, so the next run tries again);
    the router shows it as one line.
    """
    shared = _store_at(database_url(os.environ))
    who = viewer()
    return shared if who.everyone else shared.as_viewer(who)


#: The session key of this run's viewer (``Keys.viewer``; spelled here because ui.state sits beside this module).
_VIEWER = "viewer"


def remember_viewer(who: Viewer | None) -> None:
    """Keep this run's viewer for every :func:`store` call (``None``: sign-in is on and nobody signed in yet)."""
    st.session_state[_VIEWER] = who


def viewer() -> Viewer:
    """This session's viewer: everyone (no sign-in, or before a run decided), a person, or signed out."""
    if _VIEWER not in st.session_state:
        return EVERYONE
    return st.session_state[_VIEWER] or SIGNED_OUT


# --- cached pure work -------------------------------------------------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def analyze_text(document_text: str) -> tuple[Analysis, str]:
    """Analysis and fingerprint of a document (cached: reruns without a change cost nothing)."""
    doc = loads(document_text)
    result = analyze_document(doc)
    return result, fingerprint(doc, result.sketch)


def fingerprint_text(document_text: str) -> str:
    """The fingerprint of a document for "is this what was saved?": a drawing too dense to analyse
    (:class:`LayoutTooDense`) gets one made of its text, stable and never equal to an analysed one's."""
    try:
        return analyze_text(document_text)[1]
    except LayoutTooDense:
        return "unread:" + hashlib.sha256(document_text.encode()).hexdigest()


def too_dense(exc: LayoutTooDense, what: str = "This drawing") -> str:
    """The one line that says a drawing was not analysed, why, and what to do (the budget's own words)."""
    return f"{what} is not analysed: {exc}."


# Hashing a Sketch through Streamlit's generic (pickle-based) hasher took ~16 ms per rerun at 50
# components; repr() of these frozen records is complete, exact and ~10x cheaper.
@st.cache_data(max_entries=32, show_spinner=False, hash_funcs={Sketch: repr, Finding: repr})
def annotated_png(sketch: Sketch, findings: tuple[Finding, ...], highlight: tuple[str, ...], title: str,
                  muted: tuple[str, ...] = (), marks: tuple[tuple[str, str, str], ...] = ()) -> bytes:
    """The annotated sketch as PNG, at most MAX_IMAGE_WIDTH wide so st.image shows the bytes as they are;
    ``marks`` are the numbers model's badges (``DesignNumbers.marks()``: the slowest path, the weakest hop)."""
    scene = build_scene(sketch, findings, highlight=highlight, title=title, muted=muted, marks=marks)
    return screen_png(scene, MAX_IMAGE_WIDTH)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs={Sketch: repr, Finding: repr})
def canvas_backdrop(sketch: Sketch, findings: tuple[Finding, ...], width: int, height: int,
                    highlight: tuple[str, ...], muted: tuple[str, ...], dead: tuple[str, ...] = ()) -> bytes:
    """The live canvas's background: direction and findings in canvas pixels (see design/picture/overlay.py)."""
    return canvas_overlay(sketch, findings, width, height, highlight=highlight, muted=muted, dead=dead)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs={Sketch: repr, Finding: repr})
def presenter_png(sketch: Sketch, findings: tuple[Finding, ...], probes: tuple[tuple[str, tuple[str, ...]], ...],
                  highlight: tuple[str, ...], focus: str | None) -> bytes:
    """The sketch for a shared screen, drawn at twice the size for a large display.

    Only the finding on screen (``focus``, a finding key) keeps its colour; the
    others are greyed, and the elements of the current step get a halo. No
    legend: the step card beside it says what the badge means.
    """
    muted = [f.key for f in findings if f.key != focus]
    scene = build_scene(sketch, findings, probes=probes, highlight=highlight, muted=muted, legend=False)
    return screen_png(scene, MAX_IMAGE_WIDTH, scale=2.0)  # twice the size, within what st.image passes through


# --- files shipped with the app ---------------------------------------------------------------


@st.cache_data(show_spinner=False)
def list_examples() -> list[dict[str, Any]]:
    """The example sketches' index (title, file, description); empty when it cannot be read."""
    try:
        return json.loads((EXAMPLES / "index.json").read_text())
    except (OSError, ValueError):
        return []


def example_canvas(entry: dict[str, Any]) -> dict[str, Any]:
    """An example's canvas JSON (raises ``OSError``, ``ValueError`` or ``KeyError`` when it cannot be read)."""
    return json.loads((EXAMPLES / entry["file"]).read_text())


@st.cache_resource(show_spinner=False)
def problem_bank() -> dict[str, Problem]:
    """The practice problems by id; empty when the bank cannot be read."""
    try:
        return load_problems(EXAMPLES / "problems")
    except ProblemError:
        return {}


@st.cache_resource(show_spinner="Working out which rules each problem exercises…")
def exercised_by_problem() -> dict[str, frozenset[str]]:
    """For each problem of the bank, the rules its reference exercises (a few seconds, once per server)."""
    return {pid: exercised_rules(problem) for pid, problem in problem_bank().items()}


@st.cache_resource(show_spinner=False)
def reference_of(problem_id: str) -> ReferenceDesign | None:
    """The problem's reference design, analysed (``None`` without one)."""
    problem = problem_bank().get(problem_id)
    if problem is None:
        return None
    try:
        return reference_design(problem)
    except ReferenceMissing:
        return None


# --- the critic ---------------------------------------------------------------------------------


def claude_key_set() -> bool:
    """Whether ``ANTHROPIC_API_KEY`` is set (the deep critique and Claude need it)."""
    return bool(os.environ.get("ANTHROPIC_API_KEY"))


@st.cache_resource(show_spinner=False)
def anthropic_client(api_key: str, base_url: str | None) -> anthropic.Anthropic:
    """One SDK client per key and endpoint for the whole server (sync client: see notes/anthropic-sdk.md)."""
    return build_client(api_key, base_url)


def critic_label(deep: bool) -> str:
    """Which critic would run, in words, without building it (so a page load never imports the SDK)."""
    return _critic_label(api_key=os.environ.get("ANTHROPIC_API_KEY") or None,
                         model=os.environ.get("SKETCHFIRST_MODEL") or None, deep=deep)


def critic_choice(deep: bool) -> CriticChoice:
    """The critic the environment allows, ready to run: Claude when ANTHROPIC_API_KEY is set, else offline.

    Call it when a critique runs: with a key, it builds the SDK client (and imports the SDK).
    """
    key = os.environ.get("ANTHROPIC_API_KEY") or None
    base_url = os.environ.get("ANTHROPIC_BASE_URL") or None
    return choose_critic(
        api_key=key,
        base_url=base_url,
        model=os.environ.get("SKETCHFIRST_MODEL") or None,
        deep=deep,
        client=anthropic_client(key, base_url) if key else None,
    )
