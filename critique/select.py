"""Which critic to use, decided from values the shells pass in (never from the environment).

``app.py`` and ``cli.py`` read ``ANTHROPIC_API_KEY``, ``ANTHROPIC_BASE_URL``
and ``SKETCHFIRST_MODEL`` and hand them here. With a key, the critic is
Claude with the offline critic behind it; without one (or when the user
asks for offline), the offline critic, with a note saying why.

The client gets short timeouts and one retry: a critique is interactive, and
a user waiting a minute for a retry storm is worse off than one who gets the
offline critique in a second with a clear reason.

The Anthropic SDK takes over a second to import, so it is imported only when
Claude will be called (a key is given and offline is not asked for): the
offline critic, ``sketchfirst analyze`` and ``export`` never pay for it. The
critics' own modules wait for :func:`choose_critic` too, so naming the critic
on a page (:func:`critic_label`) costs a first page load nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from critique.base import Critic, Progress, ignore_progress
from critique.models import Critique, CritiqueRequest
from critique.pricing import DEEP_MODEL, DEFAULT_MODEL

if TYPE_CHECKING:  # pragma: no cover - typing only; the SDK is imported when Claude is called
    import anthropic

__all__ = [
    "DEFAULT_BASE_URL",
    "CONNECT_TIMEOUT",
    "MAX_RETRIES",
    "READ_TIMEOUT",
    "CriticChoice",
    "build_client",
    "choose_critic",
    "critic_label",
    "resolve_model",
]

DEFAULT_BASE_URL = "https://api.anthropic.com"
#: Seconds between bytes of the streamed reply (a thinking phase can be quiet), and to connect.
READ_TIMEOUT, CONNECT_TIMEOUT = 60.0, 5.0
MAX_RETRIES = 1
_ALIASES = {"fast": DEFAULT_MODEL, "quick": DEFAULT_MODEL, "deep": DEEP_MODEL}


@dataclass(frozen=True)
class CriticChoice:
    """The critic to call, a short description for the page, and notes for the critique."""

    critic: Critic
    label: str
    model: str | None
    notes: tuple[str, ...] = ()

    def run(self, request: CritiqueRequest, progress: Progress = ignore_progress) -> Critique:
        """Run the critic; the choice's own notes (why it is offline) come first."""
        result = self.critic.critique(request, progress)
        return dataclasses.replace(result, notes=(*self.notes, *result.notes)) if self.notes else result


def resolve_model(configured: str | None, deep: bool = False) -> str:
    """The model id: the deep model when asked for depth, else ``SKETCHFIRST_MODEL``, else the fast default.

    >>> resolve_model(None), resolve_model("claude-opus-5-5"), resolve_model("x", deep=True), resolve_model("deep")
    ('claude-haiku-5-5', 'claude-opus-5-5', 'claude-sonnet-5-5', 'claude-sonnet-5-5')
    """
    if deep:
        return DEEP_MODEL
    value = (configured or "").strip()
    return _ALIASES.get(value.lower(), value) or DEFAULT_MODEL


def build_client(api_key: str, base_url: str | None = None, *, timeout: anthropic.Timeout | None = None,
                 max_retries: int = MAX_RETRIES) -> anthropic.Anthropic:
    """An SDK client with explicit settings (so the SDK does not go looking in the environment for them)."""
    import anthropic  # here, not at the top: see the module docstring

    if timeout is None:
        timeout = anthropic.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
    return anthropic.Anthropic(
        api_key=api_key,
        base_url=(base_url or "").strip() or DEFAULT_BASE_URL,
        timeout=timeout,
        max_retries=max_retries,
    )


def critic_label(*, api_key: str | None, model: str | None = None, deep: bool = False, offline: bool = False) -> str:
    """What :func:`choose_critic` would pick, in words, without building anything (no SDK import).

    A page that names the critic before anyone asks for a critique uses this.

    >>> critic_label(api_key=None), critic_label(api_key="k", deep=True), critic_label(api_key="k", offline=True)
    ('Offline critic (no ANTHROPIC_API_KEY)', 'Claude (claude-sonnet-5-5)', 'Offline critic')
    """
    if offline:
        return "Offline critic"
    if not (api_key or "").strip():
        return "Offline critic (no ANTHROPIC_API_KEY)"
    return f"Claude ({resolve_model(model, deep)})"


def choose_critic(
    *,
    api_key: str | None,
    base_url: str | None = None,
    model: str | None = None,
    deep: bool = False,
    offline: bool = False,
    client: anthropic.Anthropic | None = None,
    make_client: Callable[[str, str | None], anthropic.Anthropic] = build_client,
    deadline: float | None = None,
) -> CriticChoice:
    """Claude (falling back to offline) when a key is given and offline is not asked for; else offline.

    ``client`` lets a shell pass a cached client; otherwise ``make_client`` builds one. ``deadline`` (seconds
    for the whole critique) defaults to the model's (see :data:`critique.claude.DEADLINES`).
    """
    # The critics themselves (the offline critic's rules, answer grading and estimate checks) are imported when
    # one is chosen: a page that only names the critic with :func:`critic_label` loads none of them.
    from critique.fallback import FallbackCritic
    from critique.offline import OfflineCritic

    label = critic_label(api_key=api_key, model=model, deep=deep, offline=offline)
    if offline:
        return CriticChoice(OfflineCritic(), label, None)
    key = (api_key or "").strip()
    if not key:
        return CriticChoice(OfflineCritic(), label, None, ("No ANTHROPIC_API_KEY is set, so this is the offline critique.",))
    from critique.claude import ClaudeCritic  # imports the SDK: only now is Claude going to be called

    chosen = resolve_model(model, deep)
    claude = ClaudeCritic(client if client is not None else make_client(key, base_url), chosen, deadline=deadline)
    return CriticChoice(FallbackCritic(claude, OfflineCritic()), label, chosen)
