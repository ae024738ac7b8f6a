"""The Claude critic: the Anthropic SDK 2.x, structured output, streamed, and never trusted blindly.

One streamed ``messages.stream`` call with ``output_config.format`` set to a
schema built for this request (:mod:`critique.schema`). The system prompt is
static and cacheable; the design travels as escaped data (:mod:`critique.prompt`).
While the reply streams, each probe is reported as soon as its JSON closes
(:mod:`critique.stream` reads every character once), so the page shows
progress at once. The final reply is validated again (:mod:`critique.reply`).

Every way this can fail — authentication, rate limits, overload, timeouts, a
connection cut mid-stream (never retried; SDK 2.16 raises a raw ``httpx2``
error there, 2.17 an ``APIConnectionError``, so a failure is told apart by
*when* it happened, not by its class), truncated or invalid JSON, a refusal, a reply that cites only
unknown ids — raises :class:`~critique.base.CriticUnavailable` with a message
meant for the user and free of the API key; :class:`~critique.fallback.FallbackCritic`
then serves the offline critique. The client is injected: the shells build
it (with short timeouts and few retries, see :mod:`critique.select`).

The work is bounded whatever the endpoint does. Reading stops once the reply
goes past :data:`~critique.models.MAX_PROBES` questions (an endpoint may
ignore ``max_tokens``) or past :data:`CHARS_PER_TOKEN` characters per token
of the budget. And a critique has an overall deadline besides the gap allowed
between bytes: the SDK call runs on a worker thread, the caller waits for it
(and relays its progress, so Streamlit calls stay on the script thread) until
the deadline, then falls back and shuts the worker's socket
(:mod:`critique.deadline`).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import anthropic
import httpx2

from critique.base import CriticUnavailable, Progress, ProgressEvent, ignore_progress
from critique.deadline import Deadline, socket_of
from critique.models import MAX_PROBES, Critique, CritiqueRequest, Usage
from critique.pricing import DEEP_MODEL, DEFAULT_MODEL, cost_usd
from critique.prompt import system_blocks, user_message
from critique.reply import ReplyError, read_data, read_probe, read_reply
from critique.schema import reply_schema
from critique.stream import ReplyScanner

__all__ = ["CHARS_PER_TOKEN", "DEADLINES", "DEEP_MODEL", "DEFAULT_DEADLINE", "DEFAULT_MODEL", "EFFORT", "MAX_TOKENS",
           "ClaudeCritic"]

#: Effort per known model: quick and cheap by default, thorough when asked for depth.
#: Models not listed get no effort setting (older models may not accept one).
EFFORT: Mapping[str, str] = {"claude-haiku-5-5": "low", "claude-sonnet-5-5": "high", "claude-opus-5-5": "medium"}
#: Output budget; thinking counts against it, so deep models get more.
MAX_TOKENS: Mapping[str, int] = {"claude-sonnet-5-5": 12_000, "claude-opus-5-5": 12_000}
DEFAULT_MAX_TOKENS = 4_096
#: Seconds one critique may take in all (the SDK's read timeout bounds each gap between bytes, not the whole).
DEADLINES: Mapping[str, float] = {"claude-sonnet-5-5": 300.0, "claude-opus-5-5": 300.0}
DEFAULT_DEADLINE = 150.0
#: Reply characters (text and thinking) allowed per token of ``max_tokens`` before reading stops.
#: A token is rarely more than a few characters; only an endpoint that ignores ``max_tokens`` gets near this.
CHARS_PER_TOKEN = 16


@dataclass
class _Streamed:
    """What the worker read: the whole text, or (``text`` is ``None``) the probes read before it stopped, and why."""

    text: str | None
    usage: Any = None
    items: list[Any] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    stopped: str = ""


class ClaudeCritic:
    """A critic backed by a Claude model through an injected ``anthropic.Anthropic`` client."""

    name = "claude"

    def __init__(self, client: anthropic.Anthropic, model: str = DEFAULT_MODEL, *, max_tokens: int | None = None,
                 deadline: float | None = None):
        self.client = client
        self.model = model
        self.max_tokens = max_tokens or MAX_TOKENS.get(model, DEFAULT_MAX_TOKENS)
        self.deadline = deadline or DEADLINES.get(model, DEFAULT_DEADLINE)

    def critique(self, request: CritiqueRequest, progress: Progress = ignore_progress) -> Critique:
        started = time.perf_counter()
        progress(ProgressEvent(f"Asking {self.model}" + (f" about v{request.version}" if request.version else "") + "…"))
        clock = Deadline(self.deadline)
        inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        worker = threading.Thread(target=self._work, args=(request, clock, inbox), name="sketchfirst-critique",
                                  daemon=True)
        worker.start()
        finished = False
        try:
            while True:
                left = clock.left()
                try:
                    if left <= 0:
                        raise queue.Empty
                    kind, value = inbox.get(timeout=left)
                except queue.Empty:
                    raise CriticUnavailable(
                        f"no complete reply from {self.model} within {self.deadline:g} s, the limit for one critique"
                    ) from None
                if kind == "progress":
                    progress(value)
                    continue
                finished = True
                if kind == "error":
                    raise value
                streamed: _Streamed = value
                break
        finally:
            if finished:
                worker.join()
            else:  # late (or interrupted): the worker's socket is shut, so its read returns and the thread ends
                clock.expire()
        return self._critique(streamed, request, started)

    # --- the worker thread ------------------------------------------------------------------

    def _work(self, request: CritiqueRequest, clock: Deadline, inbox: queue.SimpleQueue[tuple[str, Any]]) -> None:
        """Run the call and hand back its result, or the reason it failed (as a user-facing message if it is one)."""
        try:
            inbox.put(("done", self._stream(request, clock, lambda event: inbox.put(("progress", event)))))
        except CriticUnavailable as exc:
            inbox.put(("error", exc))
        except Exception as exc:  # every failure becomes a message for the user; see _explain
            message = _explain(exc, self.client)
            inbox.put(("error", exc if message is None else CriticUnavailable(message)))

    def _stream(self, request: CritiqueRequest, clock: Deadline, emit: Callable[[ProgressEvent], None]) -> _Streamed:
        output_config: dict[str, Any] = {"format": {"type": "json_schema", "schema": reply_schema(request)}}
        if self.model in EFFORT:
            output_config["effort"] = EFFORT[self.model]
        known = frozenset(request.target_ids)
        scanner = ReplyScanner()
        items: list[Any] = []
        questions: set[str] = set()
        budget = self.max_tokens * CHARS_PER_TOKEN
        received = 0
        thinking_noted = False
        with self.client.messages.stream(
            model=self.model,
            max_tokens=self.max_tokens,
            system=system_blocks(),  # type: ignore[arg-type]
            messages=[{"role": "user", "content": user_message(request)}],
            output_config=output_config,  # type: ignore[arg-type]
            timeout=_capped(self.client.timeout, clock.left()),
        ) as stream:
            clock.attach(socket_of(stream.response))
            try:
                for event in stream:
                    if clock.expired:
                        raise CriticUnavailable("the deadline passed")  # nobody waits for this any more
                    if event.type == "thinking":
                        received += len(event.thinking)
                        if not thinking_noted:
                            thinking_noted = True
                            emit(ProgressEvent(f"{self.model} is thinking…"))
                    elif event.type == "text":
                        received += len(event.text)
                        for item in scanner.feed(event.text):
                            probe, _ = read_probe(item, len(items), known)
                            items.append(item)
                            if probe is not None and probe.question not in questions and len(questions) < MAX_PROBES:
                                questions.add(probe.question)
                                emit(ProgressEvent(f"{self.model}: question {len(questions)}", probe))
                        if len(questions) >= MAX_PROBES and scanner.more:
                            return _Streamed(None, _snapshot_usage(stream), items, scanner.values,
                                             f"The reply went on past {MAX_PROBES} questions; reading stopped there.")
                    if received > budget:
                        if not questions:
                            raise CriticUnavailable(f"the reply from {self.model} ran past {budget:,} characters "
                                                    "without a complete question")
                        return _Streamed(None, _snapshot_usage(stream), items, scanner.values,
                                         f"The reply ran past {budget:,} characters, far more than a critique needs; "
                                         "reading stopped there.")
                final = stream.get_final_message()
            except (anthropic.APIConnectionError, httpx2.HTTPError) as exc:  # the reply had begun: a cut, not "unreachable"
                raise CriticUnavailable(_explain_mid_stream(exc, self.client)) from exc
            finally:
                clock.attach(None)
        if final.stop_reason == "refusal":
            raise CriticUnavailable(f"{self.model} declined to review this design (a refusal).")
        if final.stop_reason == "max_tokens":
            raise CriticUnavailable(
                f"the reply from {self.model} was cut off at the {self.max_tokens}-token limit before it was complete."
            )
        return _Streamed("".join(block.text for block in final.content if block.type == "text"), final.usage)

    # --- back on the caller's thread --------------------------------------------------------

    def _critique(self, streamed: _Streamed, request: CritiqueRequest, started: float) -> Critique:
        try:
            if streamed.text is None:
                probes, assessments, notes = read_data({**streamed.values, "probes": streamed.items}, request)
                notes.append(streamed.stopped)
            else:
                probes, assessments, notes = read_reply(streamed.text, request)
        except ReplyError as exc:
            raise CriticUnavailable(f"{exc}.") from None
        usage = _usage(streamed.usage)
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


def _capped(configured: Any, left: float) -> httpx2.Timeout:
    """The client's timeouts, none longer than the time left (so a stalled worker ends soon after the deadline)."""
    left = max(left, 0.001)
    base = configured if isinstance(configured, httpx2.Timeout) else httpx2.Timeout(configured)

    def cap(value: float | None) -> float:
        return left if value is None else min(value, left)

    return httpx2.Timeout(connect=cap(base.connect), read=cap(base.read), write=cap(base.write), pool=cap(base.pool))


def _snapshot_usage(stream: Any) -> Any:
    """Usage as counted so far (the final count never comes when reading stops early)."""
    try:
        return stream.current_message_snapshot.usage
    except (AssertionError, AttributeError):
        return None


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
    if isinstance(exc, httpx2.HTTPError):  # raised raw only once a reply is under way (SDK 2.16)
        return _explain_mid_stream(exc, client)
    if isinstance(exc, anthropic.CredentialsError):
        return "no usable API credentials were found."
    if isinstance(exc, anthropic.AnthropicError):
        return f"the Anthropic SDK reported {exc.__class__.__name__}."
    if isinstance(exc, TypeError) and "authentication" in str(exc):
        return "no API key is set (ANTHROPIC_API_KEY)."
    return None


def _explain_mid_stream(exc: BaseException, client: anthropic.Anthropic) -> str:
    """Why a reply that had begun stopped: it went quiet (a read timeout) or the connection dropped."""
    if isinstance(exc, (anthropic.APITimeoutError, httpx2.TimeoutException)):
        return f"the reply stopped arriving ({_redact(str(client.base_url), client)} went quiet mid-stream)."
    return "the connection was cut while the reply was streaming."


def _redact(text: str, client: anthropic.Anthropic) -> str:
    """Remove the key from text that may echo a request (URLs, error types)."""
    key = getattr(client, "api_key", None)
    return text.replace(key, "[key]") if isinstance(key, str) and key else text
