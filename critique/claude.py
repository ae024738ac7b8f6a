"""The Claude critic: the Anthropic SDK 2.x, structured output, streamed, and never trusted blindly.

One streamed ``messages.stream`` call with ``output_config.format`` set to a
schema built for this request (:mod:`critique.schema`). The system prompt is
static and cacheable; the design travels as escaped data (:mod:`critique.prompt`).
While the reply streams, each probe is reported as soon as it is complete, so
the page shows progress at once. The final reply is validated again
(:mod:`critique.reply`).

Every way this can fail — authentication, rate limits, overload, timeouts, a
connection cut mid-stream (which the SDK surfaces as a raw ``httpx2`` error,
not retried), truncated or invalid JSON, a refusal, a reply that cites only
unknown ids — raises :class:`~critique.base.CriticUnavailable` with a message
meant for the user and free of the API key; :class:`~critique.fallback.FallbackCritic`
then serves the offline critique. The client is injected: the shells build
it (with short timeouts and few retries, see :mod:`critique.select`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import anthropic
import httpx2

from critique.base import CriticUnavailable, Progress, ProgressEvent, ignore_progress
from critique.models import MAX_PROBES, Critique, CritiqueRequest, Usage
from critique.pricing import DEEP_MODEL, DEFAULT_MODEL, cost_usd
from critique.prompt import system_blocks, user_message
from critique.reply import ReplyError, read_probe, read_reply
from critique.schema import reply_schema

__all__ = ["DEEP_MODEL", "DEFAULT_MODEL", "EFFORT", "MAX_TOKENS", "ClaudeCritic"]

#: Effort per known model: quick and cheap by default, thorough when asked for depth.
#: Models not listed get no effort setting (older models may not accept one).
EFFORT: Mapping[str, str] = {"claude-haiku-5-5": "low", "claude-sonnet-5-5": "high", "claude-opus-5-5": "medium"}
#: Output budget; thinking counts against it, so deep models get more.
MAX_TOKENS: Mapping[str, int] = {"claude-sonnet-5-5": 12_000, "claude-opus-5-5": 12_000}
DEFAULT_MAX_TOKENS = 4_096


class ClaudeCritic:
    """A critic backed by a Claude model through an injected ``anthropic.Anthropic`` client."""

    name = "claude"

    def __init__(self, client: anthropic.Anthropic, model: str = DEFAULT_MODEL, *, max_tokens: int | None = None):
        self.client = client
        self.model = model
        self.max_tokens = max_tokens or MAX_TOKENS.get(model, DEFAULT_MAX_TOKENS)

    def critique(self, request: CritiqueRequest, progress: Progress = ignore_progress) -> Critique:
        started = time.perf_counter()
        progress(ProgressEvent(f"Asking {self.model}" + (f" about v{request.version}" if request.version else "") + "…"))
        output_config: dict[str, Any] = {"format": {"type": "json_schema", "schema": reply_schema(request)}}
        if self.model in EFFORT:
            output_config["effort"] = EFFORT[self.model]
        known = frozenset(request.target_ids)
        try:
            with self.client.messages.stream(
                model=self.model,
                max_tokens=self.max_tokens,
                system=system_blocks(),  # type: ignore[arg-type]
                messages=[{"role": "user", "content": user_message(request)}],
                output_config=output_config,  # type: ignore[arg-type]
            ) as stream:
                shown = 0
                thinking_noted = False
                for event in stream:
                    if event.type == "thinking" and not thinking_noted:
                        thinking_noted = True
                        progress(ProgressEvent(f"{self.model} is thinking…"))
                    elif event.type == "text" and "}" in event.text:
                        shown = _report_complete(event, shown, known, progress, self.model)
                final = stream.get_final_message()
        except CriticUnavailable:
            raise
        except Exception as exc:  # every failure becomes a message for the user; see _explain
            message = _explain(exc, self.client)
            if message is None:
                raise
            raise CriticUnavailable(message) from None

        if final.stop_reason == "refusal":
            raise CriticUnavailable(f"{self.model} declined to review this design (a refusal).")
        text = "".join(block.text for block in final.content if block.type == "text")
        if final.stop_reason == "max_tokens":
            raise CriticUnavailable(
                f"the reply from {self.model} was cut off at the {self.max_tokens}-token limit before it was complete."
            )
        try:
            probes, assessments, notes = read_reply(text, request)
        except ReplyError as exc:
            raise CriticUnavailable(f"{exc}.") from None
        usage = _usage(final.usage)
        return Critique(
            critic="claude",
            model=self.model,
            mode=request.mode,
            probes=tuple(probes),
            notes=tuple(notes),
            usage=usage,
            cost_usd=cost_usd(self.model, usage),
            seconds=round(time.perf_counter() - started, 3),
            version=request.version,
            assessments=tuple(assessments),
            level=request.level,
        )


def _report_complete(event: Any, shown: int, known: frozenset[str], progress: Progress, model: str) -> int:
    """Report probes that are complete in the partial JSON so far; returns how many have been reported.

    The last item of a partial array may still be growing, so only items
    followed by another one count as complete; the final reply settles the rest.
    """
    try:
        partial = event.parsed_snapshot()  # the SDK's partial-JSON reading of the text so far
    except ValueError:
        return shown
    items = partial.get("probes") if isinstance(partial, dict) else None
    if not isinstance(items, list):
        return shown
    complete = items[:-1][:MAX_PROBES]  # the final reply keeps only the first MAX_PROBES; so does the progress
    for i in range(shown, len(complete)):
        probe, _ = read_probe(complete[i], i, known)
        if probe is not None:
            progress(ProgressEvent(f"{model}: question {i + 1}", probe))
    return max(shown, len(complete))


def _usage(raw: Any) -> Usage | None:
    if raw is None:
        return None
    return Usage(
        input_tokens=int(getattr(raw, "input_tokens", 0) or 0),
        output_tokens=int(getattr(raw, "output_tokens", 0) or 0),
        cache_creation_input_tokens=int(getattr(raw, "cache_creation_input_tokens", 0) or 0),
        cache_read_input_tokens=int(getattr(raw, "cache_read_input_tokens", 0) or 0),
    )


def _explain(exc: BaseException, client: anthropic.Anthropic) -> str | None:
    """A user-facing reason for a failed call, or ``None`` for an error that is a bug of ours."""
    where = _redact(str(client.base_url), client)
    if isinstance(exc, anthropic.AuthenticationError):
        return "the API key was rejected (401). Check ANTHROPIC_API_KEY."
    if isinstance(exc, anthropic.PermissionDeniedError):
        return "the API key is not allowed to use this model (403)."
    if isinstance(exc, anthropic.RateLimitError):
        return "the API is rate-limiting this key (429). Try again in a minute."
    if isinstance(exc, anthropic.APIStatusError) and (exc.status_code == 529 or exc.type == "overloaded_error"):
        return "the API is overloaded (529). Try again in a few minutes."
    if isinstance(exc, anthropic.APITimeoutError):
        return f"the API did not answer in time ({where})."
    if isinstance(exc, anthropic.APIConnectionError):
        return f"could not reach the API at {where}."
    if isinstance(exc, anthropic.APIStatusError):
        detail = _redact(exc.type or exc.__class__.__name__, client)
        return f"the API returned an error ({exc.status_code} {detail})."
    if isinstance(exc, httpx2.TimeoutException):
        return f"the reply stopped arriving ({where} went quiet mid-stream)."
    if isinstance(exc, httpx2.HTTPError):
        return "the connection was cut while the reply was streaming."
    if isinstance(exc, anthropic.CredentialsError):
        return "no usable API credentials were found."
    if isinstance(exc, anthropic.AnthropicError):
        return f"the Anthropic SDK reported {exc.__class__.__name__}."
    if isinstance(exc, TypeError) and "authentication" in str(exc):
        return "no API key is set (ANTHROPIC_API_KEY)."
    return None


def _redact(text: str, client: anthropic.Anthropic) -> str:
    """Remove the key from text that may echo a request (URLs, error types)."""
    key = getattr(client, "api_key", None)
    return text.replace(key, "[key]") if isinstance(key, str) and key else text
