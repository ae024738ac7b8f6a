"""The critic interface: one method, so the offline and Claude critics are interchangeable.

A critic may report progress while it works (a status line at once, then each
probe as it arrives) through an optional callback; the app turns these into
a status box and a growing list, the CLI ignores them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from critique.models import Critique, CritiqueRequest, Probe

__all__ = ["Critic", "CriticUnavailable", "Progress", "ProgressEvent", "ignore_progress"]


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """A status line, or a probe that has just arrived (then ``probe`` is set).

    ``restart`` says that probes reported so far are void (a critic failed
    mid-stream and another one takes over), so a display should clear them.
    """

    status: str
    probe: Probe | None = None
    restart: bool = False


Progress = Callable[[ProgressEvent], None]


def ignore_progress(event: ProgressEvent) -> None:
    """The default progress callback: nobody is watching."""


class CriticUnavailable(RuntimeError):
    """A critic could not produce a critique; the message is safe to show the user.

    :class:`~critique.fallback.FallbackCritic` turns it into the offline
    critique plus a note, so no caller ever ends up with nothing.
    """


class Critic(Protocol):
    """Anything that turns a request about a saved version into a critique."""

    def critique(self, request: CritiqueRequest, progress: Progress = ignore_progress) -> Critique: ...
