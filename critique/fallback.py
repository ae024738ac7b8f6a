"""Never nothing: if the preferred critic is unavailable, serve the offline critique and say why.

The reason is the first note of the critique, so the app, the CLI
(``notes`` in ``--format json``) and the stored payload all record why
Claude was not used. The saved version is never touched either way.
"""

from __future__ import annotations

import dataclasses

from critique.base import Critic, CriticUnavailable, Progress, ProgressEvent, ignore_progress
from critique.models import Critique, CritiqueRequest

__all__ = ["FallbackCritic"]


class FallbackCritic:
    """Ask ``primary``; on :class:`CriticUnavailable`, ask ``fallback`` and note the reason."""

    def __init__(self, primary: Critic, fallback: Critic, primary_name: str = "Claude"):
        self.primary = primary
        self.fallback = fallback
        self.primary_name = primary_name

    def critique(self, request: CritiqueRequest, progress: Progress = ignore_progress) -> Critique:
        try:
            return self.primary.critique(request, progress)
        except CriticUnavailable as exc:
            reason = str(exc).rstrip(".")
            note = f"{self.primary_name} was not used: {reason}. This is the offline critique."
            progress(ProgressEvent(note, restart=True))
            result = self.fallback.critique(request, progress)
            return dataclasses.replace(result, notes=(note, *result.notes))
